// An image service computes checksums in tight loops with no function
// calls. With asynchronous preemption disabled (GODEBUG=asyncpreemptoff=1,
// once set to work around a signal issue) and GOMAXPROCS=2, two such loops
// occupy both Ps and nothing else runs: health checks, timers and the
// metrics sampler all stop. The watchdog's SIGQUIT shows the spinning
// goroutines as running and everyone else runnable.
package main

import (
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Image struct {
	Pixels []uint32
}

// checksum has no calls inside the loop, so without async preemption the
// scheduler cannot take the P away.
func checksum(img *Image, rounds int) uint32 {
	var h uint32 = 2166136261
	for r := 0; r < rounds; r++ {
		for _, p := range img.Pixels {
			h ^= p
			h *= 16777619
		}
	}
	return h
}

type Processor struct {
	mu   sync.Mutex
	done int
}

func (p *Processor) Process(img *Image) {
	sum := checksum(img, 1<<30)
	p.mu.Lock()
	p.done++
	p.mu.Unlock()
	_ = sum
}

func main() {
	labkit.Init("thumbnailer")
	p := &Processor{}
	img := &Image{Pixels: make([]uint32, 1<<16)}
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		for range t.C {
			labkit.Infof("healthz ok")
		}
	}()
	time.Sleep(250 * time.Millisecond)
	labkit.Infof("processing batch images=4")
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Process(img)
		}()
	}
	wg.Wait()
}
