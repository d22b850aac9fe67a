// A log indexer keeps each request's id, a short substring of a 1 MiB
// access-log chunk, in a map. In Go a substring shares the original
// string's bytes, so every chunk stays reachable through its 16-byte id,
// and the heap grows a megabyte per chunk until the runtime runs out of
// memory.
package main

import (
	"fmt"
	"strings"

	"gorca.dev/lab/labkit"
)

const chunkSize = 1 << 20

type Indexer struct {
	byID map[string]int
}

func (x *Indexer) Index(chunk string, n int) {
	id := chunk[4:20] // BUG: retains the whole chunk; should be strings.Clone
	x.byID[id] = n
}

func readChunk(n int) string {
	var b strings.Builder
	b.Grow(chunkSize)
	fmt.Fprintf(&b, "req=%016d ", n)
	for b.Len() < chunkSize-64 {
		b.WriteString("GET /v1/items?page=2 200 12ms ")
	}
	return b.String()
}

func main() {
	labkit.Init("log-indexer")
	x := &Indexer{byID: map[string]int{}}
	for i := 0; ; i++ {
		x.Index(readChunk(i), i)
		if i%100 == 0 {
			labkit.Infof("indexed chunks=%d", i)
		}
		if i == 200 {
			labkit.Dump()
		}
	}
}
