// A storefront caches the computed price list behind one global mutex.
// Get takes the mutex and, if the entry has expired, recomputes it from the
// pricing backend inside the critical section, so that only one request
// refreshes it (the "fix" for a cache stampede that used to hammer the
// backend). The pricing backend now answers the full price query in
// seconds. At the first expiry the request that won the lock waits in IO
// wait on the backend connection while holding the mutex, and every other
// request handler, hits included, queues in sync.Mutex.Lock behind it. The
// handler pool is fixed, so the goroutine count is flat; latency goes to
// the backend's response time and the pod fails its readiness checks.
package main

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	handlerPool = 300
	priceTTL    = 300 * time.Millisecond
	backendLag  = 5 * time.Second
)

type PriceList struct {
	Version int
	Prices  map[string]int64
}

type PricingClient struct {
	conn net.Conn
	r    *bufio.Reader
}

// FetchAll sends one query line and reads "version n" plus n price lines.
func (c *PricingClient) FetchAll(region string) (*PriceList, error) {
	if _, err := fmt.Fprintf(c.conn, "PRICES %s\n", region); err != nil {
		return nil, err
	}
	head, err := c.r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	var version, n int
	if _, err := fmt.Sscanf(head, "version %d %d\n", &version, &n); err != nil {
		return nil, fmt.Errorf("bad header %q: %v", head, err)
	}
	pl := &PriceList{Version: version, Prices: make(map[string]int64, n)}
	for i := 0; i < n; i++ {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		p, _ := strconv.ParseInt(f[1], 10, 64)
		pl.Prices[f[0]] = p
	}
	return pl, nil
}

type PriceCache struct {
	mu      sync.Mutex
	client  *PricingClient
	region  string
	current *PriceList
	expires time.Time
}

// Get holds mu across the backend refresh: one slow refresh blocks every
// reader, even those that would have been happy with the stale list.
func (c *PriceCache) Get(sku string) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current == nil || time.Now().After(c.expires) {
		pl, err := c.client.FetchAll(c.region)
		if err != nil {
			return 0, err
		}
		c.current = pl
		c.expires = time.Now().Add(priceTTL)
	}
	return c.current.Prices[sku], nil
}

// pricingBackend stands in for the remote pricing service: every full
// price query takes backendLag.
func pricingBackend(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go servePricing(conn)
	}
}

func servePricing(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for version := 2; ; version++ {
		if _, err := r.ReadString('\n'); err != nil {
			return
		}
		time.Sleep(backendLag)
		w := bufio.NewWriter(conn)
		fmt.Fprintf(w, "version %d %d\n", version, 100)
		for i := 0; i < 100; i++ {
			fmt.Fprintf(w, "sku-%03d %d\n", i, 999+i)
		}
		if err := w.Flush(); err != nil {
			return
		}
	}
}

func snapshotPrices() *PriceList {
	pl := &PriceList{Version: 1, Prices: map[string]int64{}}
	for i := 0; i < 100; i++ {
		pl.Prices[fmt.Sprintf("sku-%03d", i)] = int64(999 + i)
	}
	return pl
}

func main() {
	labkit.Init("storefront")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go pricingBackend(ln)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	cache := &PriceCache{
		client:  &PricingClient{conn: conn, r: bufio.NewReader(conn)},
		region:  "eu-west",
		current: snapshotPrices(),
		expires: time.Now().Add(priceTTL),
	}
	labkit.Infof("price cache warmed from snapshot version=%d ttl=%s backend=%s", cache.current.Version, priceTTL, ln.Addr())
	var wg sync.WaitGroup
	for w := 0; w < handlerPool; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				start := time.Now()
				code := 200
				if _, err := cache.Get(fmt.Sprintf("sku-%03d", (w+i)%100)); err != nil {
					code = 502
				}
				labkit.ObserveRequest("/v1/price", code, time.Since(start).Seconds())
				if i%100 == 99 {
					time.Sleep(time.Millisecond)
				}
			}
		}(w)
	}
	labkit.Infof("serving prices handlers=%d", handlerPool)
	time.Sleep(priceTTL + 500*time.Millisecond)
	labkit.Warnf("readiness check failed: /v1/price p99 above 500ms inflight=%d", handlerPool)
	wg.Wait()
}
