// On every config reload the admin module opens a new listener for its
// debug port and drops the old one without closing it (the old server
// keeps serving until the process exits). Under `ulimit -n` the descriptors
// run out: the next net.Listen fails with EMFILE and the reload path calls
// log.Fatalf, so the process exits 1 with the cause only in its last log
// line and no traceback.
package main

import (
	"log"
	"net"

	"gorca.dev/lab/labkit"
)

type AdminModule struct {
	listeners []net.Listener // BUG: old listeners are never closed
}

func (a *AdminModule) Reload(generation int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatalf("ERROR config reload generation=%d: admin listener: %v", generation, err)
	}
	a.listeners = append(a.listeners, ln)
}

func main() {
	labkit.Init("edge-proxy")
	a := &AdminModule{}
	for g := 1; ; g++ {
		a.Reload(g)
		if g%20 == 0 {
			labkit.Infof("config reloaded generation=%d", g)
		}
	}
}
