// An ingest service reads 1 MiB message batches and keeps only each
// batch's 16-byte trace id in an index, but the id is a sub-slice of the
// batch buffer, so every 1 MiB buffer stays reachable. The heap grows a
// megabyte per batch until the runtime runs out of memory; the platform
// runs with GOTRACEBACK=crash, so the runtime aborts with SIGABRT.
package main

import (
	"fmt"

	"gorca.dev/lab/labkit"
)

const batchSize = 1 << 20

type TraceIndex struct {
	ids map[int][]byte
}

func (t *TraceIndex) Add(batch int, id []byte) {
	t.ids[batch] = id // BUG: retains the whole batch buffer; should copy
}

type Reader struct {
	n int
}

func (r *Reader) ReadBatch() []byte {
	buf := make([]byte, batchSize)
	copy(buf, fmt.Sprintf("trace-%010d", r.n))
	r.n++
	return buf
}

func main() {
	labkit.Init("trace-ingest")
	idx := &TraceIndex{ids: map[int][]byte{}}
	r := &Reader{}
	for i := 0; ; i++ {
		b := r.ReadBatch()
		idx.Add(i, b[:16])
		if i%100 == 0 {
			labkit.Infof("ingested batches=%d", i)
		}
		if i == 200 {
			labkit.Dump()
		}
	}
}
