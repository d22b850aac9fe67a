// A feature-flag store takes a read lock in Evaluate and again in the
// Lookup helper it calls. Recursive read locking works until a writer
// (the config reloader) arrives between the two RLock calls: the writer
// waits for the first reader, and the nested RLock waits behind the
// writer. Every request then piles up behind the writer. Killed by the
// watchdog with GOTRACEBACK=crash, as some platforms configure it.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type FlagStore struct {
	mu    sync.RWMutex
	flags map[string]bool
	rules map[string]string
}

func (s *FlagStore) Lookup(name string) bool {
	s.mu.RLock() // nested read lock
	defer s.mu.RUnlock()
	return s.flags[name]
}

func (s *FlagStore) Evaluate(name, user string, slowPath bool) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if rule, ok := s.rules[name]; ok && slowPath {
		time.Sleep(20 * time.Millisecond) // evaluate a targeting rule against the user service
		_ = rule
	}
	return s.Lookup(name)
}

func (s *FlagStore) Reload(flags map[string]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flags = flags
}

func main() {
	labkit.Init("flagd")
	s := &FlagStore{flags: map[string]bool{"new-checkout": true}, rules: map[string]string{"new-checkout": "country in (DE, FR)"}}
	go s.Evaluate("new-checkout", "user-1", true)
	time.Sleep(5 * time.Millisecond)
	go s.Reload(map[string]bool{"new-checkout": false})
	time.Sleep(5 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s.Evaluate("new-checkout", fmt.Sprintf("user-%d", i), false)
		}(i)
	}
	labkit.Warnf("flag evaluations timing out pending=50")
	wg.Wait()
}
