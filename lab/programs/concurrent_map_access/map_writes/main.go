// A session store keeps sessions in a plain map. It was written for a
// single-threaded prototype; the HTTP layer calls Touch from every request
// goroutine, and two concurrent writes make the runtime abort with
// "fatal error: concurrent map writes".
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

// SessionStore records when each session was last seen. It was written for
// a single-threaded prototype and never got its mutex.
type SessionStore struct {
	lastSeen map[string]int64
}

// Touch only ever writes, so the runtime can only catch writer against writer.
func (s *SessionStore) Touch(id string, now int64) {
	s.lastSeen[id] = now
}

func (s *SessionStore) Expire(id string) {
	delete(s.lastSeen, id)
}

type RequestHandler struct {
	store *SessionStore
}

func (h *RequestHandler) ServeLoop(conn int, start <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	<-start
	for i := 0; ; i++ {
		id := fmt.Sprintf("sess-%d-%d", conn, i%9000)
		h.store.Touch(id, time.Now().UnixNano())
		if i%3 == 0 {
			h.store.Expire(id)
		}
	}
}

const connections = 6

func main() {
	labkit.Init("session-api")
	store := &SessionStore{lastSeen: make(map[string]int64)}
	h := &RequestHandler{store: store}
	labkit.Infof("accepting connections workers=%d", connections)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < connections; c++ {
		wg.Add(1)
		go h.ServeLoop(c, start, &wg)
	}
	time.Sleep(20 * time.Millisecond)
	labkit.Sample()
	labkit.Dump()
	close(start)
	wg.Wait()
}
