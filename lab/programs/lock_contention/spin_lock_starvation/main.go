// An API gateway keeps per-client token buckets in a table guarded by a
// hand-rolled spin lock ("a sync.Mutex was too slow in the benchmark"):
// Lock is a bare CompareAndSwap loop with no runtime.Gosched. The pods run
// with GODEBUG=asyncpreemptoff=1 (set long ago to work around a signal
// issue) and GOMAXPROCS=2. When a goroutine has been on the CPU for 10ms,
// sysmon asks it to yield, and it does at its next function call, even if
// that call is the map lookup inside Allow with the spin lock held. The
// request goroutines waiting for the lock now own both Ps and spin forever:
// their loop makes no calls, so they can never be preempted, and the
// descheduled holder never runs again to release the lock. The health
// ticker, the bucket janitor's timer and the metrics sampler stop with
// them; the pod looks alive but answers nothing until the liveness probe's
// SIGQUIT.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	clients        = 200000
	requestWorkers = 6
)

// SpinLock is a test-and-set lock. The wait loop is call-free after
// inlining: without async preemption nothing can take its P away.
type SpinLock struct {
	state int32
}

func (l *SpinLock) Lock() {
	for !atomic.CompareAndSwapInt32(&l.state, 0, 1) {
	}
}

func (l *SpinLock) Unlock() { atomic.StoreInt32(&l.state, 0) }

type bucket struct {
	tokens   float64
	lastSeen int64 // unix nanoseconds
}

type RateLimiter struct {
	lock    SpinLock
	buckets map[string]*bucket
	rate    float64 // tokens per second
	burst   float64
	denied  uint64
}

func NewRateLimiter(rate, burst float64) *RateLimiter {
	return &RateLimiter{buckets: make(map[string]*bucket, clients), rate: rate, burst: burst}
}

func (rl *RateLimiter) Allow(client string, now int64) bool {
	rl.lock.Lock()
	b := rl.buckets[client]
	if b == nil {
		b = &bucket{tokens: rl.burst, lastSeen: now}
		rl.buckets[client] = b
	}
	b.tokens += float64(now-b.lastSeen) / 1e9 * rl.rate
	if b.tokens > rl.burst {
		b.tokens = rl.burst
	}
	b.lastSeen = now
	ok := b.tokens >= 1
	if ok {
		b.tokens--
	} else {
		rl.denied++
	}
	rl.lock.Unlock()
	return ok
}

// Sweep refills every bucket and drops idle clients, all under the lock.
func (rl *RateLimiter) Sweep(now int64, idle time.Duration) (kept, dropped int) {
	rl.lock.Lock()
	defer rl.lock.Unlock()
	for client, b := range rl.buckets {
		if now-b.lastSeen > int64(idle) {
			delete(rl.buckets, client)
			dropped++
			continue
		}
		b.tokens = refill(b.tokens, now-b.lastSeen, rl.rate, rl.burst)
		kept++
	}
	return kept, dropped
}

func refill(tokens float64, elapsed int64, rate, burst float64) float64 {
	tokens += float64(elapsed) / 1e9 * rate
	if tokens > burst {
		return burst
	}
	return tokens
}

func main() {
	labkit.Init("edge-gateway")
	rl := NewRateLimiter(50, 100)
	start := time.Now().UnixNano()
	for i := 0; i < clients; i++ {
		rl.buckets[fmt.Sprintf("key_%06d", i)] = &bucket{tokens: 100, lastSeen: start}
	}
	labkit.Infof("rate limiter loaded clients=%d", len(rl.buckets))
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		for range t.C {
			labkit.Infof("healthz ok clients=%d", clients)
		}
	}()
	time.Sleep(500 * time.Millisecond)

	var wg sync.WaitGroup
	for w := 0; w < requestWorkers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				rl.Allow(fmt.Sprintf("key_%06d", (i*7919+w)%clients), time.Now().UnixNano())
			}
		}(w)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			time.Sleep(50 * time.Millisecond)
			kept, dropped := rl.Sweep(time.Now().UnixNano(), 10*time.Minute)
			labkit.Infof("bucket sweep kept=%d dropped=%d", kept, dropped)
		}
	}()
	labkit.Infof("serving requests workers=%d", requestWorkers)
	wg.Wait()
}
