// A notification gateway that has accumulated every classic leak at once,
// each in its own subsystem: subscribers waiting on channels nobody closes,
// fetches whose timeout path leaves the worker in a select, updates queued
// on a store mutex held by a stuck flush, batches waiting on a WaitGroup
// that is never done, waiters on a sync.Cond that is never signalled,
// connection readers in IO wait on idle sockets, and retry loops sleeping
// in backoff. Goroutines are started at different call depths and some
// from other goroutines, so stacks, wait reasons and "created by" lines
// vary. GORCA_LEAK_N sets the total (default 2,000); the large benchmark
// dump runs it with 100,000. Killed by the watchdog.
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"gorca.dev/lab/labkit"
)

var parked int64

func park() { atomic.AddInt64(&parked, 1) }

// --- chan receive: subscribers ---

type Subscriber struct {
	topic string
	inbox chan string
}

func (s *Subscriber) Wait() {
	park()
	for msg := range s.inbox {
		_ = msg
	}
}

// --- select: fetches that timed out ---

type Fetcher struct {
	results chan []byte
}

func (f *Fetcher) fetchWithTimeout(ctx context.Context) {
	park()
	select {
	case <-ctx.Done():
	case b := <-f.results:
		_ = b
	}
}

// --- sync.Mutex.Lock: updates behind a stuck flush ---

type Store struct {
	mu   sync.Mutex
	rows map[string]int
}

func (s *Store) Update(k string) {
	park()
	s.mu.Lock()
	s.rows[k]++
	s.mu.Unlock()
}

// --- sync.WaitGroup.Wait: batches whose parts never finish ---

type Batch struct {
	wg sync.WaitGroup
}

func (b *Batch) Wait() {
	park()
	b.wg.Wait()
}

// --- sync.Cond.Wait: consumers of an empty queue nobody signals ---

type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func (q *Queue) Take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	park()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

// --- IO wait: idle connections ---

type Conn struct {
	c net.Conn
}

func (c *Conn) readLoop() {
	buf := make([]byte, 512)
	park()
	for {
		if _, err := c.c.Read(buf); err != nil {
			return
		}
	}
}

// --- sleep: retry loops in long backoff ---

type Backoff struct{ attempt int }

func (b *Backoff) sleep() {
	park()
	time.Sleep(time.Hour)
}

// nest calls fn after depth extra frames, so identical leaks differ in depth.
func nest(depth int, fn func()) {
	if depth == 0 {
		fn()
		return
	}
	nest(depth-1, fn)
}

type Gateway struct {
	store   *Store
	queue   *Queue
	batches []*Batch
	conns   []*Conn
}

func (g *Gateway) spawnSubscribers(n int) {
	for i := 0; i < n; i++ {
		s := &Subscriber{topic: fmt.Sprintf("user.%d", i%97), inbox: make(chan string)}
		d := i % 4
		go nest(d, s.Wait)
	}
}

func (g *Gateway) spawnFetches(n int) {
	for i := 0; i < n; i++ {
		f := &Fetcher{results: make(chan []byte)}
		go f.fetchWithTimeout(context.Background())
	}
}

func (g *Gateway) spawnUpdates(n int) {
	// Updates are started from a dispatcher goroutine, so their "created by"
	// names a goroutine rather than main.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < n; i++ {
			go g.store.Update(fmt.Sprintf("k%d", i%1000))
		}
	}()
	wg.Wait()
}

func (g *Gateway) spawnBatches(n int) {
	for i := 0; i < n; i++ {
		b := &Batch{}
		b.wg.Add(1)
		g.batches = append(g.batches, b)
		go nest(i%3, b.Wait)
	}
}

func (g *Gateway) spawnTakers(n int) {
	for i := 0; i < n; i++ {
		go g.queue.Take()
	}
}

func (g *Gateway) spawnReaders(n int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			g.conns = append(g.conns, &Conn{c: c}) // server side stays idle too
		}
	}()
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return err
		}
		go (&Conn{c: c}).readLoop()
	}
	return nil
}

func (g *Gateway) spawnBackoffs(n int) {
	for i := 0; i < n; i++ {
		go (&Backoff{attempt: i % 7}).sleep()
	}
}

func main() {
	labkit.Init("notification-gateway")
	total := 2000
	if v, err := strconv.Atoi(os.Getenv("GORCA_LEAK_N")); err == nil && v > 0 {
		total = v
	}
	g := &Gateway{store: &Store{rows: map[string]int{}}, queue: &Queue{}}
	g.queue.cond = sync.NewCond(&g.queue.mu)
	g.store.mu.Lock() // the stuck flush: holds the store lock forever

	readers := total / 250 // at most 400 sockets at 100k
	if readers > 400 {
		readers = 400
	}
	parts := []struct {
		name string
		n    int
		fn   func(int)
	}{
		{"subscribers", total * 35 / 100, g.spawnSubscribers},
		{"fetches", total * 20 / 100, g.spawnFetches},
		{"updates", total * 15 / 100, g.spawnUpdates},
		{"batches", total * 10 / 100, g.spawnBatches},
		{"takers", total * 10 / 100, g.spawnTakers},
		{"backoffs", total*10/100 - readers, g.spawnBackoffs},
	}
	want := int64(readers)
	for _, p := range parts {
		p.fn(p.n)
		want += int64(p.n)
		labkit.Infof("subsystem %s goroutines=%d", p.name, p.n)
	}
	if err := g.spawnReaders(readers); err != nil {
		labkit.Errorf("readers: %v", err)
	}
	for atomic.LoadInt64(&parked) < want {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // let the last ones reach their wait
	labkit.Warnf("goroutines=%d, all blocked; requests timing out", runtime.NumGoroutine())
	if os.Getenv("GORCA_DUMP_NOW") != "" {
		labkit.Dump()
		labkit.Infof("goroutine dump written")
		os.Exit(0)
	}
	select {}
}
