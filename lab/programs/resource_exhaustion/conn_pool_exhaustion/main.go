// A database client pool hands out at most 4 connections (to a loopback
// "database"). The report handler returns early on a validation error
// without putting its connection back, so after four such errors the pool
// is empty and every request blocks in Get forever: the service hangs
// with all handlers waiting on the pool until the watchdog kills it.
package main

import (
	"errors"
	"fmt"
	"net"
	"sync"

	"gorca.dev/lab/labkit"
)

type Pool struct {
	conns chan net.Conn
}

func NewPool(addr string, size int) (*Pool, error) {
	p := &Pool{conns: make(chan net.Conn, size)}
	for i := 0; i < size; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return nil, err
		}
		p.conns <- c
	}
	return p, nil
}

func (p *Pool) Get() net.Conn  { return <-p.conns }
func (p *Pool) Put(c net.Conn) { p.conns <- c }

var errInvalidRange = errors.New("invalid date range")

type ReportHandler struct {
	pool *Pool
}

func (h *ReportHandler) Serve(from, to int) error {
	c := h.pool.Get()
	if from > to {
		return errInvalidRange // BUG: connection leaked
	}
	fmt.Fprintf(c, "SELECT sum(total) FROM orders WHERE day BETWEEN %d AND %d\n", from, to)
	h.pool.Put(c)
	return nil
}

// fakeDB accepts connections and reads queries forever.
func fakeDB(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func(c net.Conn) {
			buf := make([]byte, 1024)
			for {
				if _, err := c.Read(buf); err != nil {
					return
				}
			}
		}(c)
	}
}

func main() {
	labkit.Init("reporting")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go fakeDB(ln)
	pool, err := NewPool(ln.Addr().String(), 4)
	if err != nil {
		panic(err)
	}
	h := &ReportHandler{pool: pool}
	labkit.Infof("db pool ready size=4")
	for i := 0; i < 4; i++ {
		if err := h.Serve(20261125, 20261101); err != nil {
			labkit.Warnf("GET /v1/report: 400 %v", err)
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h.Serve(20261101, 20261125)
		}(i)
	}
	labkit.Warnf("GET /v1/report: requests pending=60")
	wg.Wait()
}
