// Every request subscribes a callback to the config event bus so it can
// react to reloads while it runs, and never unsubscribes. Each callback
// closes over the request's 256 KiB scratch buffer, so the bus keeps every
// buffer alive: one render worker, a flat goroutine count, a heap that only
// grows, and finally the runtime runs out of memory.
package main

import (
	"sync"

	"gorca.dev/lab/labkit"
)

const scratchSize = 256 << 10

type Bus struct {
	mu        sync.Mutex
	listeners []func(version int)
}

func (b *Bus) Subscribe(f func(int)) {
	b.mu.Lock()
	b.listeners = append(b.listeners, f)
	b.mu.Unlock()
}

type Renderer struct {
	bus *Bus
}

func (r *Renderer) Render(req int) int {
	scratch := make([]byte, scratchSize)
	scratch[0] = byte(req)
	r.bus.Subscribe(func(version int) { // BUG: never unsubscribed
		scratch[1] = byte(version)
	})
	return len(scratch)
}

func main() {
	labkit.Init("template-renderer")
	r := &Renderer{bus: &Bus{}}
	jobs := make(chan int)
	go func() { // the render worker
		for j := range jobs {
			r.Render(j)
		}
	}()
	for i := 0; ; i++ {
		jobs <- i
		if i%400 == 0 {
			labkit.Infof("rendered pages=%d", i)
		}
		if i == 800 {
			labkit.Dump()
		}
	}
}
