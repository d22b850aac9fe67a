// A quote gateway asks a pricing backend for each request with a deadline.
// When the deadline wins, the handler returns, but the goroutine that called
// the backend later sends its result on an unbuffered channel nobody reads
// any more, and blocks there forever: one leaked goroutine per timed-out
// request. The service keeps running until the watchdog kills it.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	requests       = 2500
	workers        = 8
	slowEvery      = 5 // every 5th symbol hits the slow backend shard: 500 leaks
	requestTimeout = 5 * time.Millisecond
	slowLatency    = 30 * time.Millisecond
)

type Quote struct {
	Symbol string
	Price  float64
}

// PricingClient stands in for an RPC client to the pricing backend.
type PricingClient struct{}

func (c *PricingClient) Lookup(symbol string, shard int) (Quote, error) {
	if shard%slowEvery == 0 {
		time.Sleep(slowLatency)
	}
	return Quote{Symbol: symbol, Price: float64(len(symbol)) * 1.25}, nil
}

type result struct {
	quote Quote
	err   error
}

// Gateway serves quote requests.
type Gateway struct {
	client   *PricingClient
	mu       sync.Mutex
	served   int
	timedOut int
}

var errTimeout = errors.New("pricing backend timeout")

// fetchQuote is the buggy part: resultc is unbuffered, so the backend
// goroutine cannot finish once the caller has given up.
func (g *Gateway) fetchQuote(ctx context.Context, symbol string, shard int) (Quote, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	resultc := make(chan result)
	go func() {
		q, err := g.client.Lookup(symbol, shard)
		resultc <- result{q, err}
	}()
	select {
	case r := <-resultc:
		return r.quote, r.err
	case <-ctx.Done():
		return Quote{}, errTimeout
	}
}

func (g *Gateway) handle(req int) {
	start := time.Now()
	_, err := g.fetchQuote(context.Background(), fmt.Sprintf("SYM%04d", req), req)
	code := 200
	g.mu.Lock()
	g.served++
	if err != nil {
		g.timedOut++
		code = 504
	}
	g.mu.Unlock()
	labkit.ObserveRequest("/v1/quote", code, time.Since(start).Seconds())
}

type WorkerPool struct {
	jobs chan int
	wg   sync.WaitGroup
}

func NewWorkerPool(size int, g *Gateway) *WorkerPool {
	p := &WorkerPool{jobs: make(chan int)}
	labkit.Infof("starting worker pool size=%d", size)
	for i := 0; i < size; i++ {
		p.wg.Add(1)
		go p.worker(g)
	}
	return p
}

func (p *WorkerPool) worker(g *Gateway) {
	defer p.wg.Done()
	for req := range p.jobs {
		g.handle(req)
	}
}

func main() {
	labkit.Init("quote-gateway")
	g := &Gateway{client: &PricingClient{}}
	pool := NewWorkerPool(workers, g)
	for i := 0; i < requests; i++ {
		pool.jobs <- i
	}
	// Let the last slow backend calls return and park on their sends.
	time.Sleep(2 * slowLatency)
	g.mu.Lock()
	labkit.Infof("traffic burst done served=%d timed_out=%d", g.served, g.timedOut)
	g.mu.Unlock()
	labkit.Warnf("upstream /v1/quote p99 above SLO timeouts=%d", g.timedOut)

	// The service idles between bursts; the workers wait for jobs and a
	// reporter loop runs until the process is killed.
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		labkit.Infof("healthz ok")
	}
}
