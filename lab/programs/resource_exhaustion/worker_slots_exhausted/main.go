// The document service renders PDFs with a commercial engine licensed for
// three concurrent seats, so Render takes a seat from a buffered-channel
// semaphore before calling the engine and gives it back afterwards. The
// release is a plain statement after the call, not a defer: when the
// engine panics on a malformed template (a nil font table), the recover in
// Render turns the panic into an error and returns, and the seat is never
// given back. Three bad templates later every render blocks acquiring a
// seat (chan send on the full semaphore); the service is up and healthy to
// its liveness probe while every /render request hangs until the watchdog
// kills it.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	licensedSeats = 3
	renders       = 150
)

type Template struct {
	Name  string
	Fonts map[string][]byte
}

// PDFEngine stands in for the vendor's engine binding.
type PDFEngine struct{}

func (e *PDFEngine) Convert(t *Template, data map[string]string) []byte {
	out := make([]byte, 0, 4096)
	out = append(out, "%PDF-1.7\n"...)
	for k, v := range data {
		glyphs := t.Fonts["body"]
		out = append(out, k...)
		out = append(out, v...)
		out = append(out, glyphs[0]) // nil font table: index out of range
	}
	return out
}

type Renderer struct {
	seats  chan struct{}
	engine *PDFEngine
}

func NewRenderer(seats int) *Renderer {
	return &Renderer{seats: make(chan struct{}, seats), engine: &PDFEngine{}}
}

func (r *Renderer) Render(t *Template, data map[string]string) (pdf []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render %s: engine panic: %v", t.Name, p)
		}
	}()
	r.seats <- struct{}{} // acquire a license seat
	pdf = r.engine.Convert(t, data)
	<-r.seats // BUG: skipped when Convert panics; should be deferred
	return pdf, nil
}

type RenderHandler struct {
	renderer *Renderer
}

func (h *RenderHandler) ServeRender(invoice int, t *Template) {
	start := time.Now()
	_, err := h.renderer.Render(t, map[string]string{"invoice": fmt.Sprintf("INV-%06d", invoice), "total": "45.99 EUR"})
	if err != nil {
		labkit.Errorf("POST /v1/render invoice=INV-%06d: 500 %v", invoice, err)
		labkit.ObserveRequest("/v1/render", 500, time.Since(start).Seconds())
		return
	}
	labkit.ObserveRequest("/v1/render", 200, time.Since(start).Seconds())
}

func main() {
	labkit.Init("docrender")
	good := &Template{Name: "invoice-v3", Fonts: map[string][]byte{"body": []byte("NotoSans")}}
	broken := &Template{Name: "invoice-v4-draft", Fonts: map[string][]byte{}} // uploaded without fonts
	h := &RenderHandler{renderer: NewRenderer(licensedSeats)}
	labkit.Infof("pdf engine ready licensed_seats=%d", licensedSeats)

	for i := 0; i < 12; i++ {
		t := good
		if i%4 == 3 {
			t = broken
		}
		h.ServeRender(880100+i, t)
	}
	labkit.Infof("render seats in use=%d/%d", len(h.renderer.seats), licensedSeats)

	var wg sync.WaitGroup
	for i := 0; i < renders; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h.ServeRender(880200+i, good)
		}(i)
	}
	time.Sleep(200 * time.Millisecond)
	labkit.Warnf("POST /v1/render: no progress for 200ms inflight=%d seats_in_use=%d/%d", renders, len(h.renderer.seats), licensedSeats)
	wg.Wait()
}
