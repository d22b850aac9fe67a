// A market-data fan-out service moves quotes from the exchange feed to its
// order-book shards through a single-producer ring buffer, disruptor style.
// To save the microseconds a channel or sync.Cond wake-up costs, a shard
// waits for the next sequence by busy-polling the ring's published cursor
// with atomic.LoadUint64: the wait loop makes no function call and never
// yields ("the consumer owns its core"). The service starts one shard per P.
//
// The pods run with GOMAXPROCS=2 (their CPU limit) and
// GODEBUG=asyncpreemptoff=1 (set long ago to work around a signal issue).
// After the journal replay both shards catch up and start polling, and now
// they own both Ps. The feed reader that would publish the next quote is
// parked on its socket between bursts; once the next burst arrives it is
// ready to run but never gets a P again, so the cursor never moves. (Here
// the exchange is simulated in-process and starves too, so the feed reader
// stays in IO wait.) Without async preemption nothing can take a P from a
// loop with no calls: timers, the /status handler, the load balancer's
// probe and the metrics sampler all stop. The pod burns two CPUs and
// answers nothing until the liveness probe's SIGQUIT.
package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	ringSize     = 1 << 15 // slots, a power of two
	symbols      = 512
	journalQuote = 20000 // quotes replayed from the journal at start-up
	frameSize    = 24    // symbol uint32, pad, bid int64, ask int64 (little endian)
)

type Quote struct {
	Symbol   uint32
	Bid, Ask int64 // price in 1e-4 units
}

// Ring is a single-producer, multi-consumer sequence ring. Sequence n lives
// in slots[n&(ringSize-1)]; published is the highest sequence readable.
type Ring struct {
	published uint64
	_         [56]byte // keep the hot cursor on its own cache line
	slots     [ringSize]Quote
	consumers []*uint64 // each shard's processed cursor, for wrap-around
}

// WaitFor returns the highest published sequence once it is >= seq.
//
// The bug: the loop body is a single atomic load, an intrinsic, so there
// is no call and therefore no preemption point in it. With async preemption
// off the scheduler can never take this goroutine's P away, and whatever
// would advance published may never run.
func (r *Ring) WaitFor(seq uint64) uint64 {
	for {
		if p := atomic.LoadUint64(&r.published); p >= seq {
			return p
		}
	}
}

// Publish appends one quote. The producer is polite: while the slowest
// shard is a full ring behind it yields instead of spinning.
func (r *Ring) Publish(q Quote) uint64 {
	next := atomic.LoadUint64(&r.published) + 1
	for next > r.minConsumer()+ringSize {
		runtime.Gosched()
	}
	r.slots[next&(ringSize-1)] = q
	atomic.StoreUint64(&r.published, next)
	return next
}

func (r *Ring) minConsumer() uint64 {
	min := ^uint64(0)
	for _, c := range r.consumers {
		if v := atomic.LoadUint64(c); v < min {
			min = v
		}
	}
	if min == ^uint64(0) {
		return atomic.LoadUint64(&r.published)
	}
	return min
}

type level struct {
	bid, ask int64
	updates  uint64
}

// Shard keeps the top of book for the symbols hashed to it.
type Shard struct {
	id      int
	n       int
	ring    *Ring
	cursor  uint64
	mu      sync.Mutex // taken by /status
	book    map[uint32]*level
	crossed uint64
}

func (s *Shard) apply(q Quote) {
	if int(q.Symbol)%s.n != s.id {
		return
	}
	s.mu.Lock()
	l := s.book[q.Symbol]
	if l == nil {
		l = &level{}
		s.book[q.Symbol] = l
	}
	if q.Bid >= q.Ask {
		s.crossed++
	}
	l.bid, l.ask = q.Bid, q.Ask
	l.updates++
	s.mu.Unlock()
}

func (s *Shard) Run(replayed uint64) {
	next := uint64(1)
	live := false
	for {
		avail := s.ring.WaitFor(next)
		for ; next <= avail; next++ {
			s.apply(s.ring.slots[next&(ringSize-1)])
		}
		atomic.StoreUint64(&s.cursor, avail)
		if !live && avail >= replayed {
			live = true
			labkit.Infof("shard %d caught up with journal seq=%d symbols=%d", s.id, avail, s.symbolCount())
		}
	}
}

func (s *Shard) symbolCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.book)
}

// exchange simulates the venue: a burst of quotes every 5ms on a TCP
// connection, as the real multicast-to-TCP gateway sends them.
func exchange(ln net.Listener) {
	conn, err := ln.Accept()
	if err != nil {
		labkit.Errorf("exchange accept: %v", err)
		return
	}
	w := bufio.NewWriter(conn)
	var frame [frameSize]byte
	price := int64(1_000_000)
	for i := uint32(0); ; i++ {
		for j := uint32(0); j < 64; j++ {
			sym := (i*64 + j) * 2654435761 % symbols
			price += int64(sym%7) - 3
			binary.LittleEndian.PutUint32(frame[0:], sym)
			binary.LittleEndian.PutUint64(frame[8:], uint64(price))
			binary.LittleEndian.PutUint64(frame[16:], uint64(price+25))
			w.Write(frame[:])
		}
		if err := w.Flush(); err != nil {
			labkit.Errorf("exchange write: %v", err)
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// feed reads quotes off the exchange connection and publishes them.
func feed(conn net.Conn, ring *Ring) {
	r := bufio.NewReaderSize(conn, 64<<10)
	var frame [frameSize]byte
	for {
		if _, err := io.ReadFull(r, frame[:]); err != nil {
			labkit.Errorf("feed read: %v", err)
			return
		}
		ring.Publish(Quote{
			Symbol: binary.LittleEndian.Uint32(frame[0:]),
			Bid:    int64(binary.LittleEndian.Uint64(frame[8:])),
			Ask:    int64(binary.LittleEndian.Uint64(frame[16:])),
		})
	}
}

func main() {
	labkit.Init("quote-fanout")
	ring := &Ring{}

	// Journal replay: the quotes of the current session, published before
	// the shards start.
	price := int64(1_000_000)
	for i := 0; i < journalQuote; i++ {
		sym := uint32(i) * 2654435761 % symbols
		price += int64(sym%5) - 2
		ring.Publish(Quote{Symbol: sym, Bid: price, Ask: price + 25})
	}
	labkit.Infof("journal replayed quotes=%d", journalQuote)

	n := runtime.GOMAXPROCS(0) // one shard per core
	shards := make([]*Shard, n)
	for i := range shards {
		shards[i] = &Shard{id: i, n: n, ring: ring, book: make(map[uint32]*level)}
		ring.consumers = append(ring.consumers, &shards[i].cursor)
	}

	// /status for the load balancer, which probes it every 100ms.
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "published=%d", atomic.LoadUint64(&ring.published))
		for _, s := range shards {
			fmt.Fprintf(w, " shard%d=%d/%d", s.id, atomic.LoadUint64(&s.cursor), s.symbolCount())
		}
		fmt.Fprintln(w)
	})
	sl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		labkit.Errorf("status listen: %v", err)
		return
	}
	go http.Serve(sl, mux)
	go func() {
		client := &http.Client{Timeout: time.Second}
		t := time.NewTicker(100 * time.Millisecond)
		for range t.C {
			resp, err := client.Get("http://" + sl.Addr().String() + "/status")
			if err != nil {
				labkit.Warnf("lb probe failed: %v", err)
				continue
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			labkit.Infof("lb probe %d %s", resp.StatusCode, strings.TrimSpace(string(body)))
		}
	}()
	time.Sleep(250 * time.Millisecond)

	xl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		labkit.Errorf("exchange listen: %v", err)
		return
	}
	go exchange(xl)
	conn, err := net.Dial("tcp", xl.Addr().String())
	if err != nil {
		labkit.Errorf("feed dial: %v", err)
		return
	}
	labkit.Infof("feed connected exchange=%s", xl.Addr())
	go feed(conn, ring)

	var wg sync.WaitGroup
	for _, s := range shards {
		wg.Add(1)
		go func(s *Shard) {
			defer wg.Done()
			s.Run(journalQuote)
		}(s)
	}
	labkit.Infof("shards started n=%d ring=%d", n, ringSize)
	wg.Wait()
}
