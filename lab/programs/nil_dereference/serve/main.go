// The admin-port program: serves /metrics (Prometheus text format) and
// /debug/pprof/ on GORCA_HTTP_ADDR for GORCA_SERVE_SECONDS (default 3)
// while handling synthetic traffic, then a background refresher hits a
// nil map and the process crashes. Collector tests scrape it while alive.
package main

import (
	"os"
	"strconv"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type PriceCache struct {
	mu     sync.RWMutex
	prices map[string]float64
}

func (c *PriceCache) Get(sku string) float64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.prices[sku]
}

// Refresh rebuilds the cache; on an upstream error it resets to a nil map
// and then writes into it.
func (c *PriceCache) Refresh(upstreamDown bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if upstreamDown {
		c.prices = nil
	}
	c.prices["SKU-1"] = 9.99
}

func main() {
	labkit.Init("pricing-edge")
	secs := 3.0
	if v, err := strconv.ParseFloat(os.Getenv("GORCA_SERVE_SECONDS"), 64); err == nil && v > 0 {
		secs = v
	}
	c := &PriceCache{prices: map[string]float64{"SKU-1": 9.5}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	handlers := []string{"/v1/price", `/v1/search?q="drill"`}
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				start := time.Now()
				c.Get("SKU-1")
				code := 200
				if i%17 == 0 {
					code = 503
				}
				labkit.ObserveRequest(handlers[i%2], code, time.Since(start).Seconds()+float64(i%7)*0.004)
			}
		}(w)
	}
	time.Sleep(time.Duration(secs * float64(time.Second)))
	labkit.Errorf("upstream pricing feed unavailable, resetting cache")
	labkit.Sample()
	labkit.Dump()
	c.Refresh(true)
	close(stop)
	wg.Wait()
}
