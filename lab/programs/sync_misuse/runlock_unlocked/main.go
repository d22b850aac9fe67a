// A DNS cache's Resolve takes a read lock and, on a cache miss, releases it
// to upgrade to a write lock, but the deferred RUnlock is still pending.
// On the miss path RUnlock runs twice: "fatal error: sync: RUnlock of
// unlocked RWMutex".
package main

import (
	"fmt"
	"sync"

	"gorca.dev/lab/labkit"
)

type DNSCache struct {
	mu      sync.RWMutex
	entries map[string]string
}

func (c *DNSCache) Resolve(host string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if ip, ok := c.entries[host]; ok {
		return ip
	}
	c.mu.RUnlock() // "upgrade" to a write lock
	c.mu.Lock()
	ip := fmt.Sprintf("10.0.%d.%d", len(host), len(c.entries))
	c.entries[host] = ip
	c.mu.Unlock()
	return ip // deferred RUnlock runs on an unlocked RWMutex
}

func main() {
	labkit.Init("egress-proxy")
	c := &DNSCache{entries: map[string]string{"api.internal": "10.0.0.10", "db.internal": "10.0.0.20"}}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Resolve("api.internal")
		}()
	}
	wg.Wait()
	labkit.Infof("resolved hits=8")
	labkit.Sample()
	labkit.Dump()
	c.Resolve("billing.internal")
}
