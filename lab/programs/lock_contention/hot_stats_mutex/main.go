// Every request handler records its latency into one shared histogram and
// recomputes the p99 under the same mutex (it sorts a copy of the window).
// With 64 handler goroutines the mutex is held almost all the time: at any
// moment one handler sorts and the rest wait in Lock, so throughput
// collapses to one core's worth of sorting while the service stays up.
package main

import (
	"sort"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	handlers = 64
	window   = 20000
)

type LatencyStats struct {
	mu      sync.Mutex
	samples []float64
	p99     float64
}

func (s *LatencyStats) Record(v float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.samples) == window {
		s.samples = s.samples[1:]
	}
	s.samples = append(s.samples, v)
	sorted := append([]float64(nil), s.samples...) // BUG: O(n log n) under the hot lock
	sort.Float64s(sorted)
	s.p99 = sorted[len(sorted)*99/100]
}

func handler(id int, stats *LatencyStats) {
	x := uint32(id*2654435761 + 1)
	for {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		stats.Record(float64(x%1000) / 1000)
	}
}

func main() {
	labkit.Init("pricing-api")
	stats := &LatencyStats{}
	for i := 0; i < window; i++ {
		stats.samples = append(stats.samples, float64(i%1000)/1000)
	}
	labkit.Infof("starting handler pool size=%d", handlers)
	for i := 0; i < handlers; i++ {
		go handler(i, stats)
	}
	time.Sleep(500 * time.Millisecond)
	labkit.Warnf("request latency above SLO handlers=%d", handlers)
	select {}
}
