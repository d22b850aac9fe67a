// A per-client rate counter is a plain map incremented by every request
// worker (counts[ip]++) with no mutex. Two workers write at once and the
// runtime aborts with "concurrent map writes".
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type RateCounter struct {
	counts map[string]int
}

func (r *RateCounter) Hit(ip string) int {
	r.counts[ip]++ // BUG: no lock
	return r.counts[ip]
}

func worker(id int, rc *RateCounter, start <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	<-start
	for i := 0; ; i++ {
		if rc.Hit(fmt.Sprintf("10.0.%d.%d", id, i%200)) > 1000000 {
			labkit.Warnf("rate limited")
		}
	}
}

func main() {
	labkit.Init("edge-limiter")
	rc := &RateCounter{counts: map[string]int{}}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go worker(i, rc, start, &wg)
	}
	labkit.Infof("limiter started workers=6")
	time.Sleep(20 * time.Millisecond)
	labkit.Sample()
	labkit.Dump()
	close(start)
	wg.Wait()
}
