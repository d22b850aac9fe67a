// A write-behind cache flushes its store on shutdown if the store
// "supports flushing", checked with a plain assertion to an interface. The
// in-memory store used in the new region does not implement Flush: the
// assertion panics with "interface conversion: *main.memoryStore is not
// main.Flusher: missing method Flush".
package main

import (
	"gorca.dev/lab/labkit"
)

type Store interface {
	Get(key string) (string, bool)
	Set(key, value string)
}

type Flusher interface {
	Flush() error
}

type memoryStore struct {
	m map[string]string
}

func (s *memoryStore) Get(k string) (string, bool) { v, ok := s.m[k]; return v, ok }
func (s *memoryStore) Set(k, v string)             { s.m[k] = v }

type WriteBehindCache struct {
	store Store
	dirty int
}

func (c *WriteBehindCache) Set(k, v string) {
	c.store.Set(k, v)
	c.dirty++
}

func (c *WriteBehindCache) Close() error {
	labkit.Infof("flushing write-behind cache dirty=%d", c.dirty)
	return c.store.(Flusher).Flush()
}

func main() {
	labkit.Init("profile-cache")
	c := &WriteBehindCache{store: &memoryStore{m: map[string]string{}}}
	for i := 0; i < 100; i++ {
		c.Set("profile:"+string(rune('a'+i%26)), "{}")
	}
	labkit.Infof("received SIGTERM")
	labkit.Sample()
	labkit.Dump()
	c.Close()
}
