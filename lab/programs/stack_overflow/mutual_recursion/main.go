// A configuration loader resolves "include" directives: resolve parses a
// file and calls include for each directive, which resolves the included
// file. Two files include each other and there is no visited set, so
// resolve and include recurse into each other until the stack overflows.
package main

import (
	"runtime/debug"
	"strings"

	"gorca.dev/lab/labkit"
)

type Loader struct {
	files map[string]string
	depth int
}

func (l *Loader) resolve(name string, out map[string]string) {
	l.depth++
	for _, line := range strings.Split(l.files[name], "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "include "):
			l.include(strings.TrimPrefix(line, "include "), out)
		case strings.Contains(line, "="):
			kv := strings.SplitN(line, "=", 2)
			out[strings.TrimSpace(kv[0])] = strings.TrimSpace(kv[1])
		}
	}
}

func (l *Loader) include(name string, out map[string]string) {
	if _, ok := l.files[name]; !ok {
		labkit.Warnf("include %s: not found", name)
		return
	}
	l.resolve(name, out)
}

func main() {
	debug.SetMaxStack(16 << 20)
	labkit.Init("edge-proxy")
	l := &Loader{files: map[string]string{
		"proxy.conf":     "listen = :8443\ninclude upstreams.conf\n",
		"upstreams.conf": "include tls.conf\nupstream = 10.0.0.7:9000\n",
		"tls.conf":       "cert = /etc/tls/cert.pem\ninclude upstreams.conf\n",
	}}
	labkit.Infof("loading config file=proxy.conf")
	labkit.Sample()
	labkit.Dump()
	cfg := map[string]string{}
	l.resolve("proxy.conf", cfg)
	labkit.Infof("config loaded keys=%d", len(cfg))
}
