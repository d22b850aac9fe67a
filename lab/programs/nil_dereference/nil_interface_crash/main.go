// A metrics flusher writes to an io.Writer sink that is only configured
// when the statsd address is set. In a new environment it is not, the
// interface stays nil, and the first flush calls a method on the nil
// interface. The platform runs services with GOTRACEBACK=crash, so the
// panic ends in SIGABRT (and a core dump where enabled).
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Flusher struct {
	mu      sync.Mutex
	sink    io.Writer // nil unless STATSD_ADDR is set
	pending []string
}

func NewFlusher() *Flusher {
	f := &Flusher{}
	if addr := os.Getenv("STATSD_ADDR"); addr != "" {
		f.sink = os.Stdout
	}
	return f
}

func (f *Flusher) Add(metric string) {
	f.mu.Lock()
	f.pending = append(f.pending, metric)
	f.mu.Unlock()
}

func (f *Flusher) Flush() {
	f.mu.Lock()
	batch := f.pending
	f.pending = nil
	f.mu.Unlock()
	for _, m := range batch {
		fmt.Fprintln(f.sink, m) // Fprintln calls f.sink.Write on a nil interface
	}
}

// Loop runs the flush on a dedicated OS thread, a leftover from when the
// sink was a C library that needed thread affinity.
func (f *Flusher) Loop(interval time.Duration, ready chan<- struct{}) {
	runtime.LockOSThread()
	close(ready)
	for range time.Tick(interval) {
		f.Flush()
	}
}

func main() {
	labkit.Init("billing-worker")
	f := NewFlusher()
	ready := make(chan struct{})
	go f.Loop(50*time.Millisecond, ready)
	<-ready
	for i := 0; i < 20; i++ {
		f.Add(fmt.Sprintf("billing.invoices.generated:%d|c", i))
	}
	labkit.Infof("generated invoices=20")
	labkit.Sample()
	labkit.Dump()
	time.Sleep(time.Second)
}
