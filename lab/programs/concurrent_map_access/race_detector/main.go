// A rate limiter keeps per-client token buckets in a map guarded by a
// mutex, but the refill goroutine updates the bucket fields after taking
// the bucket pointer out of the map, outside the lock. Under a -race build
// in staging, the race detector reports the conflicting accesses and (with
// GORACE=halt_on_error=1) stops the process.
package main

import (
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Bucket struct {
	Tokens   int
	Refilled time.Time
}

type Limiter struct {
	mu      sync.Mutex
	buckets map[string]*Bucket
}

func (l *Limiter) bucket(client string) *Bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[client]
	if !ok {
		b = &Bucket{Tokens: 10}
		l.buckets[client] = b
	}
	return b
}

// Allow is correct on its own...
func (l *Limiter) Allow(client string) bool {
	b := l.bucket(client)
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.Tokens == 0 {
		return false
	}
	b.Tokens--
	return true
}

// ...but Refill writes the bucket without the lock.
func (l *Limiter) Refill(client string) {
	b := l.bucket(client)
	b.Tokens = 10
	b.Refilled = time.Now()
}

func main() {
	labkit.Init("ratelimiter")
	l := &Limiter{buckets: map[string]*Bucket{}}
	l.Allow("client-42")
	done := make(chan struct{})
	go func() {
		for i := 0; i < 1000; i++ {
			l.Allow("client-42")
		}
		close(done)
	}()
	go func() {
		for i := 0; i < 1000; i++ {
			l.Refill("client-42")
		}
	}()
	<-done
	labkit.Infof("done")
}
