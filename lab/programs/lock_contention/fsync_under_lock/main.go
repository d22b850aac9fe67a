// An audit log appends every request's record under one mutex and fsyncs
// inside the critical section. The disk stalls (a degraded volume: one
// fsync takes seconds), and every request handler queues on the mutex
// behind the writer: a convoy on a slow critical section, with the service
// alive but making no progress until the watchdog kills it.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	requests   = 250
	stallFsync = 30 * time.Second // the degraded volume
)

type AuditLog struct {
	mu      sync.Mutex
	records []string
	synced  int
}

// fsync stands in for (*os.File).Sync on the stalled volume.
func (a *AuditLog) fsync() {
	time.Sleep(stallFsync)
	a.synced = len(a.records)
}

func (a *AuditLog) Append(rec string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.records = append(a.records, rec)
	a.fsync() // BUG: durable write inside the lock every request needs
}

type Handler struct {
	audit *AuditLog
}

func (h *Handler) ServeTransfer(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	start := time.Now()
	h.audit.Append(fmt.Sprintf("transfer id=%d amount=%d", id, id*10))
	labkit.ObserveRequest("/v1/transfer", 200, time.Since(start).Seconds())
}

func main() {
	labkit.Init("ledger-api")
	h := &Handler{audit: &AuditLog{}}
	var wg sync.WaitGroup
	for i := 0; i < requests; i++ {
		wg.Add(1)
		go h.ServeTransfer(i, &wg)
		if i == 0 {
			time.Sleep(5 * time.Millisecond) // the first request holds the lock
		}
	}
	time.Sleep(50 * time.Millisecond)
	labkit.Warnf("request latency above SLO inflight=%d", requests)
	wg.Wait()
}
