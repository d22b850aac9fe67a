// Each websocket-style session starts a watcher that waits for the
// session's done channel, but the session is built by a constructor that
// forgot to make the channel: receiving from a nil channel blocks forever.
// Every session leaks its watcher, and goroutines grow with every session
// until the watchdog kills the service.
package main

import (
	"fmt"
	"time"

	"gorca.dev/lab/labkit"
)

const sessions = 700

type Session struct {
	id   string
	done chan struct{} // BUG: NewSession never makes it
}

func NewSession(id string) *Session {
	return &Session{id: id}
}

func (s *Session) watch(onClose func(string)) {
	<-s.done
	onClose(s.id)
}

func (s *Session) Close() {
	if s.done != nil {
		close(s.done)
	}
}

func main() {
	labkit.Init("chat-gateway")
	closed := 0
	for i := 0; i < sessions; i++ {
		s := NewSession(fmt.Sprintf("sess-%05d", i))
		go s.watch(func(string) { closed++ })
		s.Close()
		if i%100 == 0 {
			labkit.Infof("sessions handled=%d", i)
		}
	}
	time.Sleep(100 * time.Millisecond)
	labkit.Infof("session burst done sessions=%d", sessions)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		labkit.Infof("healthz ok")
	}
}
