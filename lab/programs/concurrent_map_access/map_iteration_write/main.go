// A hand-rolled metrics registry keeps counters in a map keyed by label
// set. The request path adds new label sets without a lock while the
// exporter goroutine ranges over the map to render a scrape, and the
// runtime aborts with "concurrent map iteration and map write".
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Registry struct {
	counters map[string]*int64
}

func (r *Registry) Inc(name string, labels ...string) {
	key := name + "{" + strings.Join(labels, ",") + "}"
	c, ok := r.counters[key]
	if !ok {
		c = new(int64)
		r.counters[key] = c
	}
	*c++
}

type Exporter struct {
	reg *Registry
}

func (e *Exporter) Render() string {
	var b strings.Builder
	for k, v := range e.reg.counters {
		fmt.Fprintf(&b, "%s %d\n", k, *v)
	}
	return b.String()
}

func (e *Exporter) Loop(start <-chan struct{}) {
	<-start
	for {
		_ = e.Render()
	}
}

func main() {
	labkit.Init("checkout")
	reg := &Registry{counters: map[string]*int64{}}
	for i := 0; i < 100; i++ {
		reg.Inc("http_requests", fmt.Sprintf("path=/p%d", i))
	}
	start := make(chan struct{})
	go (&Exporter{reg: reg}).Loop(start)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-start
		for i := 0; ; i++ {
			reg.Inc("http_requests", fmt.Sprintf("path=/cart/%d", i)) // user ids in a label
		}
	}()
	labkit.Infof("serving checkout")
	time.Sleep(20 * time.Millisecond)
	labkit.Sample()
	labkit.Dump()
	close(start)
	wg.Wait()
}
