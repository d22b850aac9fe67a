// A segment store serves range scans over immutable log segments. Each scan
// opens a SegmentHandle that pins a 256 KiB read-ahead buffer and a lease on
// the segment. A refactor dropped the explicit Close from the scan path
// because "the finalizer closes it anyway": runtime.SetFinalizer releases
// the lease with a round trip to the lease coordinator over loopback TCP,
// and the coordinator commits every release to its journal (~1 ms). The
// runtime runs all finalizers one after another on a single goroutine, so
// releases top out near a thousand a second while the scan path opens about
// twice that. Every handle waiting in the finalizer queue keeps its buffer
// reachable: each GC cycle (gctrace) finds more garbage it is not allowed to
// free, the heap doubles cycle after cycle and the runtime runs out of
// memory.
package main

import (
	"bufio"
	"encoding/binary"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gorca.dev/lab/labkit"
)

const readAhead = 256 << 10

// LeaseCoordinator grants and releases segment leases; every release is
// committed to its journal before it is acknowledged.
type LeaseCoordinator struct {
	ln       net.Listener
	released uint64
}

func (lc *LeaseCoordinator) serve() {
	conn, err := lc.ln.Accept()
	if err != nil {
		labkit.Errorf("lease coordinator: accept: %v", err)
		return
	}
	r := bufio.NewReader(conn)
	var req [8]byte
	for {
		if _, err := readFull(r, req[:]); err != nil {
			labkit.Warnf("lease coordinator: %v", err)
			return
		}
		lc.commitJournal(binary.BigEndian.Uint64(req[:]))
		if _, err := conn.Write([]byte{1}); err != nil {
			return
		}
	}
}

// commitJournal stands for the journal append + fsync.
func (lc *LeaseCoordinator) commitJournal(lease uint64) {
	time.Sleep(time.Millisecond)
	lc.released++
}

func readFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// LeaseClient is the store's connection to the coordinator.
type LeaseClient struct {
	mu   sync.Mutex
	conn net.Conn
}

func (c *LeaseClient) Release(lease uint64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var req [8]byte
	binary.BigEndian.PutUint64(req[:], lease)
	if _, err := c.conn.Write(req[:]); err != nil {
		return err
	}
	var ack [1]byte
	_, err := c.conn.Read(ack[:])
	return err
}

type SegmentStore struct {
	leases   *LeaseClient
	nextID   uint64
	opened   int64 // atomic
	released int64 // atomic
}

type SegmentHandle struct {
	store   *SegmentStore
	segment string
	lease   uint64
	buf     []byte
}

func (s *SegmentStore) Open(segment string) *SegmentHandle {
	s.nextID++
	h := &SegmentHandle{store: s, segment: segment, lease: s.nextID, buf: make([]byte, readAhead)}
	atomic.AddInt64(&s.opened, 1)
	runtime.SetFinalizer(h, (*SegmentHandle).closeOnFinalize)
	return h
}

// closeOnFinalize is the safety net that became the only close.
func (h *SegmentHandle) closeOnFinalize() {
	if err := h.store.leases.Release(h.lease); err != nil {
		labkit.Errorf("release lease %d: %v", h.lease, err)
		return
	}
	atomic.AddInt64(&h.store.released, 1)
}

func (h *SegmentHandle) Scan(off int) int {
	// fill the read-ahead window and checksum it
	h.buf[off%readAhead] = byte(off)
	return int(h.buf[0]) + len(h.segment)
}

var segments = []string{"00000000000000001024.log", "00000000000000002048.log", "00000000000000003072.log"}

func main() {
	labkit.Init("segment-store")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		labkit.Errorf("listen: %v", err)
		return
	}
	lc := &LeaseCoordinator{ln: ln}
	go lc.serve()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		labkit.Errorf("dial lease coordinator: %v", err)
		return
	}
	store := &SegmentStore{leases: &LeaseClient{conn: conn}}
	labkit.Infof("lease coordinator at %s, read-ahead=%dKiB", ln.Addr(), readAhead>>10)

	sum := 0
	for i := 0; ; i++ {
		h := store.Open(segments[i%len(segments)])
		sum += h.Scan(i) // scan path no longer calls h.Close()
		if i%1000 == 0 {
			labkit.Infof("scans=%d handles open=%d released=%d", i,
				atomic.LoadInt64(&store.opened)-atomic.LoadInt64(&store.released), atomic.LoadInt64(&store.released))
		}
		if i == 1500 {
			labkit.Sample()
			labkit.Dump()
		}
		if i%2 == 1 {
			time.Sleep(time.Millisecond) // request pacing
		}
	}
}
