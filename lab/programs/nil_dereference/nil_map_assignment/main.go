// Log events are decoded into structs whose Labels map is only created when
// the input has labels. An enrichment stage adds a "region" label to every
// event, and the first event without labels hits the nil map:
// "assignment to entry in nil map".
package main

import (
	"encoding/json"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Event struct {
	Source  string            `json:"source"`
	Message string            `json:"message"`
	Labels  map[string]string `json:"labels,omitempty"`
}

type Enricher struct {
	region string
}

func (e *Enricher) Enrich(ev *Event) {
	ev.Labels["region"] = e.region // nil when the event had no labels
}

type Pipeline struct {
	enricher *Enricher
	in       chan []byte
	wg       sync.WaitGroup
}

func (p *Pipeline) Start(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
}

func (p *Pipeline) worker() {
	defer p.wg.Done()
	for raw := range p.in {
		var ev Event
		if err := json.Unmarshal(raw, &ev); err != nil {
			labkit.Warnf("dropping undecodable event: %v", err)
			continue
		}
		p.enricher.Enrich(&ev)
	}
}

func main() {
	labkit.Init("log-shipper")
	p := &Pipeline{enricher: &Enricher{region: "eu-west-1"}, in: make(chan []byte)}
	p.Start(3)
	labkit.Infof("pipeline started workers=3")
	events := []string{
		`{"source":"nginx","message":"GET /","labels":{"pod":"web-1"}}`,
		`{"source":"nginx","message":"GET /cart","labels":{"pod":"web-2"}}`,
		`{"source":"cron","message":"backup done"}`,
	}
	// The shipper tails a stream: after the current batch it waits for more
	// input rather than closing the pipeline.
	for i := 0; i <= 250; i++ {
		e := events[i%2]
		if i == 250 {
			e = events[2]
			labkit.Sample()
			labkit.Dump()
		}
		p.in <- []byte(e)
	}
	labkit.Infof("batch shipped events=251, waiting for input")
	time.Sleep(time.Second)
	close(p.in)
	p.wg.Wait()
}
