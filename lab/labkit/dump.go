package labkit

import (
	"os"
	"runtime/pprof"
	"sync"
)

var dumpOnce sync.Once

// Dump writes the debug=2 goroutine profile (the same text a SIGQUIT or
// /debug/pprof/goroutine?debug=2 gives) to GORCA_DUMP_FILE, once. The file
// appears under its final name only when complete, so a watcher can wait
// for it.
func Dump() {
	path := os.Getenv("GORCA_DUMP_FILE")
	if path == "" {
		return
	}
	dumpOnce.Do(func() {
		tmp := path + ".tmp"
		f, err := os.Create(tmp)
		if err != nil {
			Errorf("cannot write goroutine dump: %v", err)
			return
		}
		err = pprof.Lookup("goroutine").WriteTo(f, 2)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp, path)
		}
		if err != nil {
			Errorf("cannot write goroutine dump: %v", err)
		}
	})
}
