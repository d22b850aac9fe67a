// Settings are loaded into a map[string]interface{} from defaults (ints)
// and then overridden from environment variables (strings). The pool size
// getter asserts .(int) without the comma-ok form; an operator sets
// DB_MAX_CONNS in the environment and the assertion panics:
// "interface conversion: interface {} is string, not int".
package main

import (
	"os"
	"strings"

	"gorca.dev/lab/labkit"
)

type Settings struct {
	values map[string]interface{}
}

func Load(env []string) *Settings {
	s := &Settings{values: map[string]interface{}{"db.max_conns": 20, "db.host": "db.internal", "http.port": 8080}}
	for _, kv := range env {
		if k, v, ok := cut(kv, "="); ok && strings.HasPrefix(k, "DB_") {
			s.values["db."+strings.ToLower(strings.TrimPrefix(k, "DB_"))] = v
		}
	}
	return s
}

func cut(s, sep string) (string, string, bool) {
	i := strings.Index(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func (s *Settings) MaxConns() int {
	return s.values["db.max_conns"].(int)
}

type DBPool struct {
	size int
}

func NewDBPool(s *Settings) *DBPool {
	return &DBPool{size: s.MaxConns()}
}

func main() {
	labkit.Init("inventory")
	s := Load(append(os.Environ(), "DB_MAX_CONNS=50"))
	labkit.Infof("settings loaded keys=%d", len(s.values))
	labkit.Sample()
	labkit.Dump()
	p := NewDBPool(s)
	labkit.Infof("db pool size=%d", p.size)
}
