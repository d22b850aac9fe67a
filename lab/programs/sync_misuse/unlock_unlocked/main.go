// A connection pool's Release unlocks the pool mutex on an early-return
// error path and then again at the end of the function: the second Unlock
// finds the mutex unlocked and the runtime aborts with
// "fatal error: sync: unlock of unlocked mutex" (not recoverable).
package main

import (
	"errors"
	"sync"

	"gorca.dev/lab/labkit"
)

type Conn struct {
	id     int
	broken bool
}

type Pool struct {
	mu   sync.Mutex
	idle []*Conn
	size int
}

var errBroken = errors.New("connection reset by peer")

func (p *Pool) Release(c *Conn) error {
	p.mu.Lock()
	var err error
	if c.broken {
		p.size--
		p.mu.Unlock()
		err = errBroken
		// BUG: falls through to the Unlock below
	} else {
		p.idle = append(p.idle, c)
	}
	p.mu.Unlock()
	return err
}

type Handler struct {
	pool *Pool
}

func (h *Handler) Query(i int) {
	c := &Conn{id: i, broken: i == 42}
	if c.broken {
		labkit.Warnf("conn %d: %v, discarding", c.id, errBroken)
		labkit.Sample()
		labkit.Dump()
	}
	h.pool.Release(c)
}

func main() {
	labkit.Init("orders-db-proxy")
	h := &Handler{pool: &Pool{size: 64}}
	var wg sync.WaitGroup
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h.Query(i)
		}(i)
		wg.Wait()
	}
}
