// A connection registry broadcasts presence updates while holding the
// registry mutex, writing to each client's TCP socket inside the critical
// section. One client stops reading; its socket buffer fills, the write
// blocks in IO wait with the mutex held, and hundreds of request
// goroutines pile up on the mutex until the watchdog kills the process.
package main

import (
	"net"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const requestGoroutines = 300

type Client struct {
	id   int
	conn net.Conn
}

type Registry struct {
	mu      sync.Mutex
	clients map[int]*Client
}

// Broadcast writes while holding mu: one slow client blocks everyone.
func (r *Registry) Broadcast(msg []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.clients {
		if _, err := c.conn.Write(msg); err != nil {
			labkit.Warnf("client %d: %v", c.id, err)
		}
	}
}

func (r *Registry) Lookup(id int) *Client {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.clients[id]
}

// stalledPeer accepts a connection and never reads from it.
func stalledPeer(ln net.Listener, accepted chan<- net.Conn) {
	c, err := ln.Accept()
	if err != nil {
		return
	}
	accepted <- c
}

func main() {
	labkit.Init("presence")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	accepted := make(chan net.Conn, 1)
	go stalledPeer(ln, accepted)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	peer := <-accepted
	defer peer.Close()
	r := &Registry{clients: map[int]*Client{7: {id: 7, conn: conn}}}
	labkit.Infof("client connected id=7 addr=%s", conn.LocalAddr())
	go func() {
		msg := make([]byte, 64<<10)
		for i := 0; ; i++ {
			r.Broadcast(msg)
		}
	}()
	time.Sleep(200 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < requestGoroutines; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			start := time.Now()
			r.Lookup(i % 10)
			labkit.ObserveRequest("/v1/presence", 200, time.Since(start).Seconds())
		}(i)
	}
	labkit.Warnf("p99 latency above 1s handler=/v1/presence inflight=%d", requestGoroutines)
	wg.Wait()
}
