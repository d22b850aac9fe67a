// A scatter-gather search sends each backend's hits to a results channel
// that the coordinator closes when its deadline passes. A slow backend
// answers after the close and its send panics in the backend's goroutine:
// "send on closed channel", with the stack of the goroutine the search
// started.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Hit struct {
	Backend string
	DocID   string
}

type Backend struct {
	name    string
	latency time.Duration
}

func (b *Backend) Search(q string, out chan<- []Hit) {
	time.Sleep(b.latency)
	out <- []Hit{{Backend: b.name, DocID: fmt.Sprintf("%s-%s-1", b.name, q)}}
}

type Coordinator struct {
	backends []*Backend
	deadline time.Duration
}

func (c *Coordinator) Search(q string) []Hit {
	out := make(chan []Hit, len(c.backends)-1) // one too few, "nobody waits longer than the deadline anyway"
	for _, b := range c.backends {
		go b.Search(q, out)
	}
	var hits []Hit
	timeout := time.After(c.deadline)
	for i := 0; i < len(c.backends); i++ {
		select {
		case h := <-out:
			hits = append(hits, h...)
			continue
		case <-timeout:
		}
		break
	}
	close(out) // BUG: late senders panic
	return hits
}

func main() {
	labkit.Init("search-frontend")
	c := &Coordinator{deadline: 30 * time.Millisecond, backends: []*Backend{
		{"products", 2 * time.Millisecond}, {"reviews", 5 * time.Millisecond}, {"archive", 80 * time.Millisecond},
	}}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		hits := c.Search("drill")
		labkit.Infof("search q=drill hits=%d partial=true", len(hits))
		labkit.Sample()
		labkit.Dump()
	}()
	wg.Wait()
	time.Sleep(200 * time.Millisecond)
}
