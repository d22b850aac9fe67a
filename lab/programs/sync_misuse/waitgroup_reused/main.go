// A crawler reuses one WaitGroup across rounds: a worker that finishes the
// last job of a round immediately Adds the next round's job before the
// coordinator has returned from Wait. The coordinator wakes up, sees a
// non-zero counter and panics: "sync: WaitGroup is reused before previous
// Wait has returned". GOMAXPROCS=1 (a small container) makes the
// interleaving certain.
package main

import (
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Crawler struct {
	wg    sync.WaitGroup
	pages int
}

func (c *Crawler) fetch(url string, depth int) {
	time.Sleep(5 * time.Millisecond) // the HTTP GET
	c.pages++
	if depth > 0 {
		c.wg.Done()
		c.wg.Add(1) // BUG: starts the next round on the same WaitGroup
		go c.fetch(url+"/next", depth-1)
		return
	}
	c.wg.Done()
}

func (c *Crawler) Round(seed string) {
	c.wg.Add(1)
	go c.fetch(seed, 3)
	c.wg.Wait()
}

func main() {
	labkit.Init("crawler")
	c := &Crawler{}
	labkit.Infof("crawl round seed=https://docs.example.com")
	labkit.Sample()
	labkit.Dump()
	c.Round("https://docs.example.com")
	labkit.Infof("crawl round done pages=%d", c.pages)
}
