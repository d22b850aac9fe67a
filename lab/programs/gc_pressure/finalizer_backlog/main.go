// A blob client wraps file handles in objects with finalizers that close
// them "just in case" callers forget. The finalizer takes the client's
// global lock, which a slow flush holds for long stretches, so the single
// finalizer goroutine falls behind: every object waiting for finalization
// (and the 64 KiB buffer it references) stays alive. Memory climbs until
// the runtime runs out of it.
package main

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gorca.dev/lab/labkit"
)

type BlobClient struct {
	mu      sync.Mutex // guards the manifest and the close bookkeeping
	open    int64      // atomic
	closed  int
	flushes int
}

type Handle struct {
	c   *BlobClient
	buf []byte
}

func (c *BlobClient) Open() *Handle {
	h := &Handle{c: c, buf: make([]byte, 64<<10)}
	atomic.AddInt64(&c.open, 1)
	runtime.SetFinalizer(h, (*Handle).finalize)
	return h
}

func (h *Handle) finalize() {
	h.c.mu.Lock() // waits behind Flush
	h.c.closed++
	h.c.mu.Unlock()
}

// Flush holds the lock while it "uploads" the manifest.
func (c *BlobClient) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	time.Sleep(2 * time.Second)
	c.flushes++
}

func main() {
	labkit.Init("blob-gateway")
	c := &BlobClient{}
	go func() {
		for {
			c.Flush()
		}
	}()
	time.Sleep(10 * time.Millisecond)
	for i := 0; ; i++ {
		h := c.Open()
		h.buf[0] = byte(i) // caller forgets Close: the finalizer will do it
		if i%2000 == 0 {
			labkit.Infof("handles opened=%d", i)
		}
		if i == 4000 {
			labkit.Dump()
		}
		if i%10 == 0 {
			time.Sleep(time.Millisecond) // request pacing
		}
	}
}
