// Feature configuration lives in a plain map that request handlers read on
// every request. A file watcher reloads it in place (writing keys into the
// live map) instead of swapping in a new map under a lock or
// atomic.Value. A reader catches the writer mid-update and the runtime
// aborts with "concurrent map read and map write".
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Config struct {
	values map[string]string
}

func (c *Config) Get(key string) string { return c.values[key] }

// Reload applies a changed file to the live map, key by key.
func (c *Config) Reload(version int) {
	for i := 0; i < 64; i++ {
		c.values[fmt.Sprintf("limits.route%02d", i)] = fmt.Sprint(version * i)
	}
}

type Watcher struct {
	cfg *Config
}

func (w *Watcher) Watch(start <-chan struct{}) {
	<-start
	for v := 1; ; v++ {
		w.cfg.Reload(v)
	}
}

type Handler struct {
	cfg *Config
}

func (h *Handler) Serve(worker int, start <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	<-start
	for i := 0; ; i++ {
		_ = h.cfg.Get(fmt.Sprintf("limits.route%02d", i%64))
	}
}

func main() {
	labkit.Init("api-gateway")
	cfg := &Config{values: map[string]string{}}
	cfg.Reload(0)
	start := make(chan struct{})
	var wg sync.WaitGroup
	h := &Handler{cfg: cfg}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go h.Serve(i, start, &wg)
	}
	go (&Watcher{cfg: cfg}).Watch(start)
	labkit.Infof("config loaded keys=%d; watching /etc/gateway/limits.yaml", len(cfg.values))
	time.Sleep(20 * time.Millisecond)
	labkit.Sample()
	labkit.Dump()
	close(start)
	wg.Wait()
}
