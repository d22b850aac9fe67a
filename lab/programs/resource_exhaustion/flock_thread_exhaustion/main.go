// Cron workers serialise on a shared lock file with flock(2). One run hangs
// while holding the lock, and every later worker blocks inside the flock
// system call, which pins its OS thread (a blocking syscall is not parked in
// the netpoller). The service caps threads with debug.SetMaxThreads, and
// once the blocked workers outnumber the cap the runtime dies:
// "runtime: program exceeds 40-thread limit" / "fatal error: thread exhaustion".
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"syscall"

	"gorca.dev/lab/labkit"
)

const maxThreads = 40

type CronWorker struct {
	job  string
	lock string
}

// Run takes the exclusive job lock and blocks in flock(2) while another
// run holds it.
func (w *CronWorker) Run() {
	f, err := os.OpenFile(w.lock, os.O_RDWR, 0)
	if err != nil {
		labkit.Errorf("open lock: %v", err)
		return
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		labkit.Errorf("flock: %v", err)
	}
	f.Close()
}

func main() {
	debug.SetMaxThreads(maxThreads)
	labkit.Init("cron-runner")
	lock, err := os.CreateTemp("", "cron-*.lock")
	if err != nil {
		panic(err)
	}
	defer os.Remove(lock.Name())
	// The hung run: takes the lock and never releases it.
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		panic(err)
	}
	labkit.Warnf("job reindex-catalog still running after its deadline, holding the job lock")
	for i := 0; i < 60; i++ {
		w := &CronWorker{job: fmt.Sprintf("reindex-%02d", i), lock: lock.Name()}
		if i == 20 {
			labkit.Infof("workers waiting=%d", i)
			labkit.Sample()
			labkit.Dump()
		}
		go w.Run()
	}
	select {}
}
