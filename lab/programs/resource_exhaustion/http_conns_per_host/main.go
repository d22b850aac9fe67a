// The checkout service prices every cart through the pricing upstream with
// a shared http.Client whose Transport caps connections at
// MaxConnsPerHost=4 (the upstream's per-client limit) and has no client
// Timeout. On a non-200 answer quoteCart reads only the first 256 bytes of
// the error body for the log line and returns without resp.Body.Close, so
// the connection never goes back to the transport. Four 503s from a
// pricing deploy are enough: every later checkout waits inside
// net/http.(*Transport).getConn for one of the four connections forever.
// Goroutines stay bounded by the in-flight requests (a pool exhausted, not a
// leak that grows); the service is alive and makes no progress until the
// watchdog kills it.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	maxConnsPerHost = 4
	checkouts       = 200
)

// pricingUpstream stands in for the pricing service; while its deploy rolls
// out the first few calls get a 503 with a long JSON error document.
type pricingUpstream struct {
	calls int64
}

func (p *pricingUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := atomic.AddInt64(&p.calls, 1)
	w.Header().Set("Content-Type", "application/json")
	if n <= maxConnsPerHost {
		w.WriteHeader(http.StatusServiceUnavailable)
		detail := strings.Repeat("pricing-7f9c: warming rule cache; ", 120)
		json.NewEncoder(w).Encode(map[string]string{"error": "unavailable", "detail": detail})
		return
	}
	json.NewEncoder(w).Encode(map[string]interface{}{"cart": r.URL.Query().Get("cart"), "total_cents": 4599})
}

type PricingClient struct {
	base string
	hc   *http.Client
}

type Quote struct {
	Cart       string `json:"cart"`
	TotalCents int64  `json:"total_cents"`
}

func (c *PricingClient) quoteCart(cart string) (*Quote, error) {
	resp, err := c.hc.Get(c.base + "/v2/quote?cart=" + cart)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
		return nil, fmt.Errorf("pricing: %s: %.80s", resp.Status, snippet) // BUG: resp.Body never closed
	}
	defer resp.Body.Close()
	var q Quote
	if err := json.NewDecoder(resp.Body).Decode(&q); err != nil {
		return nil, err
	}
	return &q, nil
}

type CheckoutHandler struct {
	pricing *PricingClient
}

func (h *CheckoutHandler) ServeCheckout(cart string) {
	start := time.Now()
	if _, err := h.pricing.quoteCart(cart); err != nil {
		labkit.Errorf("POST /v1/checkout cart=%s: 502 %v", cart, err)
		labkit.ObserveRequest("/v1/checkout", 502, time.Since(start).Seconds())
		return
	}
	labkit.ObserveRequest("/v1/checkout", 200, time.Since(start).Seconds())
}

func main() {
	labkit.Init("checkout")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, &pricingUpstream{})

	tr := &http.Transport{
		MaxConnsPerHost:     maxConnsPerHost,
		MaxIdleConnsPerHost: maxConnsPerHost,
		IdleConnTimeout:     90 * time.Second,
	}
	h := &CheckoutHandler{pricing: &PricingClient{base: "http://" + ln.Addr().String(), hc: &http.Client{Transport: tr}}}
	labkit.Infof("pricing client ready upstream=%s max_conns_per_host=%d", ln.Addr(), maxConnsPerHost)

	// The pricing deploy: four checkouts get a 503.
	for i := 0; i < maxConnsPerHost; i++ {
		h.ServeCheckout(fmt.Sprintf("cart_%05d", 31000+i))
	}

	var wg sync.WaitGroup
	for i := 0; i < checkouts; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h.ServeCheckout(fmt.Sprintf("cart_%05d", 32000+i))
		}(i)
	}
	time.Sleep(200 * time.Millisecond)
	labkit.Warnf("POST /v1/checkout: p99 above SLO inflight=%d", checkouts)
	wg.Wait()
}
