// Every client connection of a push gateway starts a heartbeat goroutine
// with a ticker and a context. The context is context.Background() instead
// of the connection's, so when the client disconnects nothing stops the
// heartbeat: the goroutines (and their tickers) pile up, one per
// connection ever made, until the watchdog restarts the service.
package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const connections = 1200

type Conn struct {
	id     int
	tenant string
	mu     sync.Mutex
	closed bool
	beats  int
}

func (c *Conn) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

type Heartbeater struct {
	interval time.Duration
}

// Run sends heartbeats until ctx is done: never, with context.Background().
func (h *Heartbeater) Run(ctx context.Context, c *Conn) {
	t := time.NewTicker(h.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.mu.Lock()
			if !c.closed {
				c.beats++
			}
			c.mu.Unlock()
		case <-ctx.Done():
			return
		}
	}
}

type Gateway struct {
	hb *Heartbeater
	wg sync.WaitGroup
}

func (g *Gateway) Accept(c *Conn) {
	labels := pprof.Labels("tenant", c.tenant, "conn", fmt.Sprint(c.id%10))
	pprof.Do(context.Background(), labels, func(ctx context.Context) {
		go g.hb.Run(context.Background(), c) // BUG: should be the connection's ctx
	})
	g.serve(c)
}

func (g *Gateway) serve(c *Conn) {
	// The client sends a few messages and hangs up.
	c.Close()
}

// netlinkWatcher is the kind of goroutine that must stay on one OS thread
// (network namespace handling); it shows up "locked to thread".
func netlinkWatcher(events <-chan string) {
	runtime.LockOSThread()
	for ev := range events {
		labkit.Infof("route event %s", ev)
	}
}

func main() {
	labkit.Init("push-gateway")
	events := make(chan string)
	go netlinkWatcher(events)
	g := &Gateway{hb: &Heartbeater{interval: 30 * time.Second}}
	for i := 0; i < connections; i++ {
		g.Accept(&Conn{id: i, tenant: fmt.Sprintf("t%02d", i%7)})
		if i%400 == 399 {
			labkit.Infof("connections accepted total=%d active=0", i+1)
		}
	}
	labkit.Warnf("goroutines=%d but active connections=0", runtime.NumGoroutine())
	select {}
}
