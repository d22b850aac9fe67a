// A rate limiter keeps per-client token buckets in a map guarded by a
// mutex, but the refill loop takes the bucket pointer out of the map once
// and then writes its fields outside the lock. Under a -race build in
// staging, the race detector reports the conflicting accesses and (with
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
	if b.Tokens == 0 && time.Since(b.Refilled) < time.Second {
		return false
	}
	b.Tokens--
	return true
}

// ...but the refill loop looks the bucket up once and then writes its
// fields on every tick without the lock.
func (l *Limiter) RefillLoop(client string, until time.Time) {
	b := l.bucket(client)
	for time.Now().Before(until) {
		b.Tokens = 10
		b.Refilled = time.Now()
	}
}

func main() {
	labkit.Init("ratelimiter")
	l := &Limiter{buckets: map[string]*Bucket{}}
	l.Allow("client-42")
	start := make(chan struct{})
	until := time.Now().Add(200 * time.Millisecond) // both loops overlap in time
	var wg sync.WaitGroup
	for h := 0; h < 3; h++ {
		wg.Add(1)
		go func() { // request handlers
			defer wg.Done()
			<-start
			for time.Now().Before(until) {
				l.Allow("client-42")
			}
		}()
	}
	wg.Add(1)
	go func() { // refill ticker
		defer wg.Done()
		<-start
		l.RefillLoop("client-42", until)
	}()
	labkit.Infof("serving rate limits clients=1")
	close(start)
	wg.Wait()
	labkit.Infof("done")
}
