// A batch writer collects rows from its fetch goroutines by appending to a
// shared slice header; the mutex guards the flush but not the append. A
// -race build in staging reports the conflicting writes to the slice and
// (with GORACE=halt_on_error=1) stops the process.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Batch struct {
	mu   sync.Mutex
	rows []string
}

// Add appends without the lock (the bug); Flush takes it.
func (b *Batch) Add(row string) {
	b.rows = append(b.rows, row)
}

func (b *Batch) Flush() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(b.rows)
	b.rows = b.rows[:0]
	return n
}

func fetch(shard int, b *Batch, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < 50; i++ {
		b.Add(fmt.Sprintf("shard=%d row=%d", shard, i))
		time.Sleep(time.Millisecond)
	}
}

func main() {
	labkit.Init("batch-writer")
	b := &Batch{}
	var wg sync.WaitGroup
	for s := 0; s < 4; s++ {
		wg.Add(1)
		go fetch(s, b, &wg)
	}
	wg.Wait()
	labkit.Infof("flushed rows=%d", b.Flush())
}
