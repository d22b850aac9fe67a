// A worker pool validates records and panics with the offending record
// itself (a struct value, not an error or string) when it finds a record
// it cannot handle; the panic happens in a pool goroutine, so the trace
// ends in "created by main.(*Pool).Start".
package main

import (
	"sync"

	"gorca.dev/lab/labkit"
)

type Record struct {
	Partition int
	Offset    int64
	Key       string
}

type Pool struct {
	size  int
	tasks chan Record
	wg    sync.WaitGroup
}

func (p *Pool) Start(handle func(Record)) {
	labkit.Infof("starting worker pool size=%d", p.size)
	for i := 0; i < p.size; i++ {
		p.wg.Add(1)
		go func() {
			for r := range p.tasks {
				handle(r)
			}
			p.wg.Done()
		}()
	}
}

type Validator struct {
	seen sync.Map
}

func (v *Validator) Check(r Record) {
	if r.Key == "" {
		panic(r) // "cannot happen": upstream guarantees keys
	}
	v.seen.Store(r.Key, r.Offset)
}

func main() {
	labkit.Init("cdc-consumer")
	v := &Validator{}
	p := &Pool{size: 6, tasks: make(chan Record)}
	p.Start(v.Check)
	// The consumer runs until shutdown: the pool is only closed on SIGTERM.
	for off := int64(0); off <= 77; off++ {
		r := Record{Partition: 3, Offset: 1_000_000 + off, Key: "cust-" + string(rune('a'+off%26))}
		if off == 77 {
			r.Key = ""
			labkit.Sample()
			labkit.Dump()
		}
		p.tasks <- r
	}
	labkit.Infof("caught up partition=3 offset=1000077, waiting for records")
	p.wg.Wait()
}
