// The FX rate service keeps exchange rates in a read-mostly cache guarded
// by a sync.RWMutex. Get takes the read lock and, when the entry is missing
// or older than its TTL, calls refresh to fetch it from the upstream rate
// provider and store it. refresh takes the write lock, but Get still holds
// its read lock: Go's RWMutex cannot be upgraded, so Lock waits for a reader
// that is itself. The first request that hits a stale rate blocks forever in
// RWMutex.Lock, and because a writer is now pending every later Get queues
// in RLock behind it. The process stays up (health ticker, metrics), so the
// runtime never reports a deadlock; /v1/rates just stops answering until
// the watchdog kills the pod.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	rateTTL         = 150 * time.Millisecond
	pendingRequests = 300
)

type Rate struct {
	Pair      string
	Mid       float64
	FetchedAt time.Time
}

// RateProvider is the upstream market-data API.
type RateProvider struct{ calls int }

func (p *RateProvider) Fetch(pair string) Rate {
	p.calls++
	time.Sleep(3 * time.Millisecond) // HTTPS round trip to the provider
	return Rate{Pair: pair, Mid: 1.0 + float64(len(pair)%7)/10, FetchedAt: time.Now()}
}

type RateCache struct {
	mu       sync.RWMutex
	rates    map[string]Rate
	ttl      time.Duration
	provider *RateProvider
}

func NewRateCache(p *RateProvider, ttl time.Duration) *RateCache {
	return &RateCache{rates: map[string]Rate{}, ttl: ttl, provider: p}
}

// Get returns the rate for pair, refreshing it when it is missing or stale.
func (c *RateCache) Get(pair string) Rate {
	c.mu.RLock()
	defer c.mu.RUnlock()
	r, ok := c.rates[pair]
	if !ok || time.Since(r.FetchedAt) > c.ttl {
		// BUG: refresh takes the write lock while this goroutine still
		// holds the read lock (an RWMutex cannot be upgraded).
		return c.refresh(pair)
	}
	return r
}

func (c *RateCache) refresh(pair string) Rate {
	r := c.provider.Fetch(pair)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rates[pair] = r
	return r
}

// Warm loads the rates at start-up, before any request is served.
func (c *RateCache) Warm(pairs []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range pairs {
		c.rates[p] = c.provider.Fetch(p)
	}
}

type RatesHandler struct {
	cache *RateCache
}

func (h *RatesHandler) ServeRate(pair string) {
	start := time.Now()
	r := h.cache.Get(pair)
	_ = fmt.Sprintf(`{"pair":%q,"mid":%.5f}`, r.Pair, r.Mid)
	labkit.ObserveRequest("/v1/rates", 200, time.Since(start).Seconds())
}

func main() {
	labkit.Init("fx-rates")
	pairs := []string{"EURUSD", "GBPUSD", "USDJPY", "USDCHF", "AUDUSD", "EURGBP"}
	cache := NewRateCache(&RateProvider{}, rateTTL)
	cache.Warm(pairs)
	labkit.Infof("rate cache warmed pairs=%d ttl=%s", len(pairs), rateTTL)
	h := &RatesHandler{cache: cache}

	// Steady traffic while the cache is fresh: every Get is a read-locked hit.
	for i := 0; i < 40; i++ {
		h.ServeRate(pairs[i%len(pairs)])
	}
	labkit.Infof("served requests=40 handler=/v1/rates")

	// Quiet period: the rates go stale. The next request refreshes.
	time.Sleep(rateTTL + 20*time.Millisecond)
	go h.ServeRate("EURUSD") // stale: Get -> refresh -> Lock under RLock
	time.Sleep(20 * time.Millisecond)

	var wg sync.WaitGroup
	for i := 0; i < pendingRequests; i++ {
		wg.Add(1)
		go func(pair string) {
			defer wg.Done()
			h.ServeRate(pair)
		}(pairs[i%len(pairs)])
	}
	labkit.Warnf("rate requests not completing pending=%d handler=/v1/rates", pendingRequests+1)

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	health := time.NewTicker(500 * time.Millisecond)
	for {
		select {
		case <-done:
			return
		case <-health.C:
			labkit.Warnf("healthz: /v1/rates p99 over budget inflight=%d", pendingRequests+1)
		}
	}
}
