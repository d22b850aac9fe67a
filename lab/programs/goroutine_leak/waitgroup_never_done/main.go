// A report exporter fans each export out to shard readers and waits on a
// WaitGroup. A shard reader that hits a decode error returns early without
// calling Done (Done sits at the end of the function, not in a defer), so
// the export goroutine waits forever, holding its 256 KiB row buffer. After
// 1,000 leaked exports a full-table export tries to materialise the whole
// table in memory and the runtime runs out of address space.
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	exports      = 1200
	brokenEvery  = 6 // shard 3 of every 6th export fails to decode: 200 leaks... plus
	shardsPerJob = 4
	rowBuffer    = 256 << 10
)

var errCorrupt = errors.New("shard decode: unexpected EOF in row group")

type ShardReader struct{ id int }

func (r *ShardReader) ReadInto(export int, dst []byte) error {
	if r.id == 3 && export%brokenEvery != 0 {
		return errCorrupt
	}
	for i := r.id; i < len(dst); i += 4096 {
		dst[i] = byte(export)
	}
	return nil
}

type Exporter struct {
	shards []*ShardReader
	mu     sync.Mutex
	done   int
}

// Export is the buggy fan-out.
func (e *Exporter) Export(id int) {
	buf := make([]byte, rowBuffer)
	var wg sync.WaitGroup
	wg.Add(len(e.shards))
	for _, s := range e.shards {
		go func(s *ShardReader) {
			if err := s.ReadInto(id, buf); err != nil {
				return // BUG: Done is skipped on the error path
			}
			wg.Done()
		}(s)
	}
	wg.Wait()
	e.mu.Lock()
	e.done++
	e.mu.Unlock()
}

// MaterializeAll loads every row of the table at once for a CSV download.
func (e *Exporter) MaterializeAll(rows int) [][]byte {
	labkit.Infof("full export requested rows=%d", rows)
	table := make([][]byte, 0, rows)
	for i := 0; i < rows; i++ {
		table = append(table, make([]byte, 4<<20))
	}
	return table
}

func main() {
	labkit.Init("report-exporter")
	e := &Exporter{}
	for i := 0; i < shardsPerJob; i++ {
		e.shards = append(e.shards, &ShardReader{id: i})
	}
	for id := 0; id < exports; id++ {
		go e.Export(id)
	}
	time.Sleep(300 * time.Millisecond)
	e.mu.Lock()
	labkit.Warnf("exports stuck completed=%d started=%d", e.done, exports)
	e.mu.Unlock()
	labkit.Sample()
	labkit.Dump()
	table := e.MaterializeAll(4096)
	fmt.Println(len(table))
}
