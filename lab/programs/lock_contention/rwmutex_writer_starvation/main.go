// A routing table is read under RLock by every request and rebuilt under
// Lock by a refresher. A slow analytics reader holds RLock for seconds; the
// refresher's Lock waits for it, and because a waiting writer blocks new
// readers, every request now queues behind the writer: the whole service
// stalls on one long read section.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Route struct {
	Prefix  string
	Backend string
}

type RoutingTable struct {
	mu     sync.RWMutex
	routes []Route
}

func (t *RoutingTable) Match(path string) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, r := range t.routes {
		if len(path) >= len(r.Prefix) && path[:len(r.Prefix)] == r.Prefix {
			return r.Backend
		}
	}
	return ""
}

// Report walks the table slowly (it "enriches" each route over RPC).
func (t *RoutingTable) Report() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	n := 0
	for range t.routes {
		time.Sleep(100 * time.Millisecond)
		n++
	}
	return n
}

func (t *RoutingTable) Rebuild(routes []Route) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.routes = routes
}

func main() {
	labkit.Init("router")
	t := &RoutingTable{}
	var routes []Route
	for i := 0; i < 100; i++ {
		routes = append(routes, Route{Prefix: fmt.Sprintf("/svc%d/", i), Backend: fmt.Sprintf("10.1.0.%d:8080", i)})
	}
	t.Rebuild(routes)
	go t.Report()
	time.Sleep(10 * time.Millisecond)
	go t.Rebuild(routes)
	time.Sleep(10 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 120; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			t.Match(fmt.Sprintf("/svc%d/items", i%100))
		}(i)
	}
	labkit.Warnf("requests stalled inflight=120")
	wg.Wait()
}
