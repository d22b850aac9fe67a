// A per-tenant worker pins itself to an OS thread with
// runtime.LockOSThread (it switches network namespaces) and never unlocks.
// A parked locked goroutine keeps its thread, so every tenant costs a
// thread; with the service's debug.SetMaxThreads cap, onboarding more
// tenants exhausts threads.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"gorca.dev/lab/labkit"
)

type TenantWorker struct {
	tenant string
	jobs   chan string
}

func (w *TenantWorker) Run() {
	runtime.LockOSThread() // setns(2) for the tenant's namespace
	for j := range w.jobs {
		_ = j
	}
}

func main() {
	debug.SetMaxThreads(30)
	labkit.Init("tenant-router")
	var workers []*TenantWorker
	for i := 0; i < 50; i++ {
		w := &TenantWorker{tenant: fmt.Sprintf("tenant-%03d", i), jobs: make(chan string)}
		workers = append(workers, w)
		go w.Run()
		time.Sleep(2 * time.Millisecond)
		if i == 15 {
			labkit.Infof("tenants onboarded=%d", i)
			labkit.Sample()
			labkit.Dump()
		}
	}
	labkit.Infof("tenants onboarded=%d", len(workers))
}
