// A session janitor ranges over the live session map to expire idle
// sessions while login handlers keep adding sessions to it without a lock.
// The iterator notices the concurrent insert and the runtime aborts with
// "concurrent map iteration and map write".
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type SessionStore struct {
	sessions map[string]time.Time
}

func (s *SessionStore) Login(user string) {
	s.sessions[user] = time.Now() // BUG: written while the janitor iterates
}

func (s *SessionStore) Expire(cutoff time.Time) int {
	n := 0
	for id, last := range s.sessions {
		if last.Before(cutoff) && len(id) > 0 {
			n++
		}
	}
	return n
}

func main() {
	labkit.Init("session-service")
	s := &SessionStore{sessions: map[string]time.Time{}}
	for i := 0; i < 5000; i++ {
		s.Login(fmt.Sprintf("warm-%05d", i))
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			<-start
			for i := 0; ; i++ {
				s.Login(fmt.Sprintf("user-%d-%07d", w, i))
			}
		}(w)
	}
	go func() {
		<-start
		for {
			s.Expire(time.Now().Add(-time.Hour))
		}
	}()
	labkit.Infof("sessions loaded=%d", len(s.sessions))
	time.Sleep(20 * time.Millisecond)
	labkit.Sample()
	labkit.Dump()
	close(start)
	wg.Wait()
}
