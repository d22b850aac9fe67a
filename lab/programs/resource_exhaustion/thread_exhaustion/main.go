// A log tailer reads from many named pipes with raw blocking read(2)
// syscalls (bypassing the netpoller), one goroutine per pipe. Each blocked
// syscall pins an OS thread; the service caps threads with
// debug.SetMaxThreads, and once the pipes outnumber the cap the runtime
// dies: "runtime: program exceeds 40-thread limit" / "fatal error: thread exhaustion".
package main

import (
	"runtime/debug"
	"syscall"

	"gorca.dev/lab/labkit"
)

const maxThreads = 40

type Tailer struct {
	fd   int
	name string
}

// Follow blocks in read(2) on a pipe nobody writes to.
func (t *Tailer) Follow() {
	buf := make([]byte, 4096)
	for {
		n, err := syscall.Read(t.fd, buf)
		if err != nil || n == 0 {
			return
		}
	}
}

func main() {
	debug.SetMaxThreads(maxThreads)
	labkit.Init("log-tailer")
	var writers []int
	for i := 0; i < 60; i++ {
		var p [2]int
		if err := syscall.Pipe(p[:]); err != nil {
			panic(err)
		}
		writers = append(writers, p[1])
		t := &Tailer{fd: p[0], name: "/var/run/app/pipe-" + string(rune('a'+i%26))}
		if i == 20 {
			labkit.Infof("following pipes=%d", i)
			labkit.Sample()
			labkit.Dump()
		}
		go t.Follow()
	}
	select {}
}
