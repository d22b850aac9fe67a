// Each upload starts a progress reporter that ranges over the upload's
// progress channel, but the uploader returns without closing it, so every
// reporter waits in chan receive forever: one leaked goroutine per upload,
// growing with traffic until the watchdog kills the service.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const uploads = 800

type Progress struct {
	upload string
	bytes  int
}

type Reporter struct {
	mu   sync.Mutex
	seen int
}

func (r *Reporter) Follow(ch <-chan Progress) {
	for p := range ch { // never ends: nobody closes ch
		r.mu.Lock()
		r.seen += p.bytes
		r.mu.Unlock()
	}
}

func upload(name string, r *Reporter) {
	progress := make(chan Progress, 4)
	go r.Follow(progress)
	for part := 1; part <= 3; part++ {
		progress <- Progress{upload: name, bytes: part * 1024}
	}
	// BUG: missing close(progress)
}

func main() {
	labkit.Init("media-upload")
	r := &Reporter{}
	for i := 0; i < uploads; i++ {
		upload(fmt.Sprintf("obj-%05d", i), r)
		if i%200 == 0 {
			labkit.Infof("uploads done=%d", i)
		}
	}
	time.Sleep(100 * time.Millisecond)
	labkit.Infof("upload burst done uploads=%d", uploads)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		labkit.Infof("healthz ok")
	}
}
