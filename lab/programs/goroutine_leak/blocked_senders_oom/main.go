// Each report request starts a renderer goroutine that builds a 512 KiB
// page and sends it on an unbuffered channel; the handler returns as soon
// as the client has gone away (mobile clients abandon slow reports), so
// the renderer blocks in chan send forever, holding its page. After a burst
// of abandoned reports the leaked pages fill most of the memory, and the
// full export that follows runs the runtime out of memory.
package main

import (
	"time"

	"gorca.dev/lab/labkit"
)

const pageSize = 512 << 10

type Renderer struct{}

// Render fills the page, then waits for the slow chart backend.
func (Renderer) Render(report int) []byte {
	page := make([]byte, pageSize)
	page[0] = byte(report)
	time.Sleep(time.Millisecond)
	return page
}

func handle(report int, clientGone <-chan struct{}) bool {
	out := make(chan []byte) // BUG: unbuffered; nobody receives once the client is gone
	go func() {
		out <- Renderer{}.Render(report)
	}()
	select {
	case <-out:
		return true
	case <-clientGone:
		return false
	}
}

const burst = 640 // abandoned reports: 320 MiB of pages held by leaked renderers

func main() {
	labkit.Init("report-api")
	gone := make(chan struct{})
	close(gone) // every client in this burst has disconnected
	abandoned := 0
	for i := 0; i < burst; i++ {
		if !handle(i, gone) {
			abandoned++
		}
		if i%200 == 0 {
			labkit.Infof("reports requested=%d abandoned=%d", i, abandoned)
		}
	}
	time.Sleep(50 * time.Millisecond) // the renderers finish and park on their sends
	labkit.Warnf("report burst done requested=%d abandoned=%d", burst, abandoned)
	labkit.Sample()
	labkit.Dump()
	var export [][]byte
	for part := 0; ; part++ {
		export = append(export, make([]byte, 4<<20))
		if part%10 == 0 {
			labkit.Infof("full export parts=%d", part)
		}
	}
}
