// A session service runs with GOMEMLIMIT=96MiB (the container limit minus
// headroom) and GOGC=off-like behaviour left to the limit. Its live heap
// (an in-memory session table) creeps up to the limit, so the GC runs
// continuously trying to stay under it: the classic GOMEMLIMIT death
// spiral. Throughput collapses and the watchdog kills it.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Session struct {
	ID    string
	Data  []byte
	Seen  time.Time
	Roles []string
}

type SessionTable struct {
	mu       sync.Mutex
	sessions map[string]*Session
}

func (t *SessionTable) Put(s *Session) {
	t.mu.Lock()
	t.sessions[s.ID] = s
	t.mu.Unlock()
}

func (t *SessionTable) Size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.sessions)
}

// handle allocates per-request garbage (rendering, JSON) besides the session.
func handle(t *SessionTable, i int) {
	scratch := make([]byte, 32<<10)
	scratch[0] = byte(i)
	if i%4 == 0 && t.Size() < 21500 {
		t.Put(&Session{ID: fmt.Sprintf("s%08d", i), Data: make([]byte, 4<<10), Seen: time.Now(), Roles: []string{"user"}})
	}
}

func main() {
	labkit.Init("session-service")
	t := &SessionTable{sessions: map[string]*Session{}}
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; ; i += 2 {
				handle(t, i)
				if i%100000 == 0 {
					labkit.Infof("sessions=%d", t.Size())
				}
			}
		}(w)
	}
	wg.Wait()
}
