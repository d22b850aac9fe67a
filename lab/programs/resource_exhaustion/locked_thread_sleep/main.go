// A per-session helper switches its thread's credentials (setresuid) and so
// pins itself with runtime.LockOSThread, then polls for the session's end
// with time.Sleep and never unlocks. A sleeping locked goroutine keeps its
// thread, so every open session costs one; with debug.SetMaxThreads(30)
// the runtime dies of thread exhaustion as sessions pile up.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"gorca.dev/lab/labkit"
)

type Session struct {
	user   string
	closed bool
}

// Watch impersonates the session's user on this thread and polls until
// the session ends (it never does in this run).
func (s *Session) Watch() {
	runtime.LockOSThread() // setresuid(2) affects only this thread
	for !s.closed {
		time.Sleep(time.Hour)
	}
}

func main() {
	debug.SetMaxThreads(30)
	labkit.Init("sftp-gateway")
	var sessions []*Session
	for i := 0; i < 50; i++ {
		s := &Session{user: fmt.Sprintf("user%03d", i)}
		sessions = append(sessions, s)
		go s.Watch()
		time.Sleep(2 * time.Millisecond)
		if i == 15 {
			labkit.Infof("sessions open=%d", i)
			labkit.Sample()
			labkit.Dump()
		}
	}
	labkit.Infof("sessions open=%d", len(sessions))
}
