// Every request builds a fresh statsd client (a UDP "connection" to the
// local agent) to emit its timing, and nothing closes it. Each client keeps
// a socket, so under the container's `ulimit -n` the descriptors run out;
// the next net.Dial fails with EMFILE ("socket: too many open files") and
// the must() helper of the metrics package panics with the error in the
// request worker.
package main

import (
	"fmt"
	"net"
	"sync"

	"gorca.dev/lab/labkit"
)

const agentAddr = "127.0.0.1:8125"

type StatsClient struct {
	conn   net.Conn
	prefix string
}

func must(c *StatsClient, err error) *StatsClient {
	if err != nil {
		panic(err)
	}
	return c
}

func NewStatsClient(prefix string) (*StatsClient, error) {
	conn, err := net.Dial("udp", agentAddr)
	if err != nil {
		return nil, fmt.Errorf("statsd: %w", err)
	}
	return &StatsClient{conn: conn, prefix: prefix}, nil
}

func (c *StatsClient) Timing(name string, ms int) {
	fmt.Fprintf(c.conn, "%s.%s:%d|ms", c.prefix, name, ms)
}

type Handler struct {
	mu      sync.Mutex
	clients []*StatsClient // kept for "flush on shutdown"; never closed
}

func (h *Handler) Serve(req int) {
	stats := must(NewStatsClient("checkout")) // BUG: one client per request, never closed
	stats.Timing("request", req%40)
	h.mu.Lock()
	h.clients = append(h.clients, stats)
	h.mu.Unlock()
}

func main() {
	labkit.Init("checkout-api")
	h := &Handler{}
	reqs := make(chan int)
	done := make(chan struct{})
	go func() {
		for r := range reqs {
			h.Serve(r)
			done <- struct{}{}
		}
	}()
	for i := 0; ; i++ {
		if i == 30 {
			labkit.Infof("requests served=%d", i)
			labkit.Sample()
			labkit.Dump()
		}
		reqs <- i
		<-done
	}
}
