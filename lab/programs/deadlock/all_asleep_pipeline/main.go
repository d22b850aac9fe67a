// A CSV import pipeline: reader -> parser -> writer, connected by channels.
// The parser returns early on a malformed record without closing its output
// channel, so the writer waits for more records forever and main waits for
// the writer. With nothing else alive the runtime declares the deadlock.
package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Record struct {
	SKU   string
	Qty   int
	Price int
}

var errMalformed = errors.New("malformed record")

func readLines(lines []string, out chan<- string) {
	defer close(out)
	for _, l := range lines {
		out <- l
	}
}

type Parser struct {
	mu     sync.Mutex
	errors int
}

func (p *Parser) Errors() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.errors
}

func (p *Parser) Run(in <-chan string, out chan<- Record) {
	for line := range in {
		rec, err := parseLine(line)
		if err != nil {
			p.mu.Lock()
			p.errors++
			p.mu.Unlock()
			labkit.Errorf("import aborted: %v: %q", err, line)
			return // BUG: out is never closed, in is never drained
		}
		out <- rec
	}
	close(out)
}

func parseLine(line string) (Record, error) {
	f := strings.Split(line, ",")
	if len(f) != 3 {
		return Record{}, errMalformed
	}
	var r Record
	r.SKU = f[0]
	if _, err := fmt.Sscanf(f[1]+" "+f[2], "%d %d", &r.Qty, &r.Price); err != nil {
		return Record{}, fmt.Errorf("%w: %v", errMalformed, err)
	}
	return r, nil
}

type Writer struct {
	written int
}

func (w *Writer) Run(in <-chan Record, done chan<- int) {
	for range in {
		w.written++
	}
	done <- w.written
}

func main() {
	labkit.Init("catalog-import")
	var lines []string
	for i := 0; i < 500; i++ {
		lines = append(lines, fmt.Sprintf("SKU-%05d,%d,%d", i, i%7+1, 100+i))
	}
	lines[321] = "SKU-00321;3;421" // exported with the wrong delimiter
	lineCh := make(chan string)
	recCh := make(chan Record)
	done := make(chan int)
	go readLines(lines, lineCh)
	p := &Parser{}
	go p.Run(lineCh, recCh)
	w := &Writer{}
	go w.Run(recCh, done)
	labkit.Infof("import started lines=%d", len(lines))
	time.Sleep(50 * time.Millisecond) // the progress reporter's first tick
	labkit.Infof("import progress parse_errors=%d", p.Errors())
	labkit.Dump()
	labkit.Stop() // flush metrics before the long wait, as the real job did
	n := <-done
	labkit.Infof("import finished written=%d", n)
}
