// A webhook deduplicator remembers every delivery id it has seen, forever,
// in a map of structs. Memory grows steadily until the kernel's cgroup OOM
// killer sends SIGKILL: the process dies without writing a single line, so
// the "crash" is only the application log that happened to come before.
package main

import (
	"fmt"
	"time"

	"gorca.dev/lab/labkit"
)

type Delivery struct {
	ID        string
	Endpoint  string
	Payload   []byte
	FirstSeen time.Time
}

type Deduplicator struct {
	seen map[string]*Delivery
}

func (d *Deduplicator) Seen(id, endpoint string, payload []byte) bool {
	if _, ok := d.seen[id]; ok {
		return true
	}
	d.seen[id] = &Delivery{ID: id, Endpoint: endpoint, Payload: payload, FirstSeen: time.Now()}
	return false
}

func main() {
	labkit.Init("webhook-relay")
	d := &Deduplicator{seen: map[string]*Delivery{}}
	for i := 0; ; i++ {
		payload := make([]byte, 2048)
		d.Seen(fmt.Sprintf("dlv_%016x", i), "https://hooks.example.com/orders", payload)
		if i%20000 == 0 {
			labkit.Infof("relayed deliveries=%d", i)
		}
	}
}
