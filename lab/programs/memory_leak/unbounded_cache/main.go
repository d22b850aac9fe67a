// A response cache keyed by the full request URL (query string included)
// has no size bound and no TTL eviction. Crawlers generate unique URLs, so
// every response stays cached. The worker count is fixed, goroutines stay
// flat, the heap only grows, and the runtime finally cannot map more memory
// under the container's address-space limit.
package main

import (
	"fmt"
	"sync"

	"gorca.dev/lab/labkit"
)

type entry struct {
	body    []byte
	headers map[string]string
}

type ResponseCache struct {
	mu      sync.Mutex
	entries map[string]*entry
	bytes   int
}

func (c *ResponseCache) Put(key string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = &entry{body: body, headers: map[string]string{"Content-Type": "application/json"}}
	c.bytes += len(body)
}

type Renderer struct {
	cache *ResponseCache
}

func (r *Renderer) Render(url string) []byte {
	body := make([]byte, 16<<10)
	copy(body, url)
	r.cache.Put(url, body)
	return body
}

func (r *Renderer) worker(id int, urls <-chan string, wg *sync.WaitGroup) {
	defer wg.Done()
	for u := range urls {
		r.Render(u)
	}
}

func main() {
	labkit.Init("product-pages")
	cache := &ResponseCache{entries: map[string]*entry{}}
	r := &Renderer{cache: cache}
	urls := make(chan string, 64)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go r.worker(i, urls, &wg)
	}
	labkit.Infof("render workers started count=4")
	for i := 0; ; i++ {
		urls <- fmt.Sprintf("/products/%d?utm_source=crawler&session=%08x", i%5000, i)
		if i%10000 == 0 {
			cache.mu.Lock()
			labkit.Infof("cache entries=%d bytes=%d", len(cache.entries), cache.bytes)
			cache.mu.Unlock()
		}
		if i == 20000 {
			labkit.Dump()
		}
	}
}
