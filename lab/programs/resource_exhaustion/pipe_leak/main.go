// A job runner gives every job a pipe for its log stream and a goroutine
// that would copy it to the shipper, but on the fast path (the job finished
// before the shipper attached) it returns without closing either end. Each
// job costs two descriptors; under `ulimit -n` os.Pipe fails with EMFILE
// and the runner reports the impossible error with log.Panicf.
package main

import (
	"log"
	"os"

	"gorca.dev/lab/labkit"
)

type LogStream struct {
	r, w *os.File
}

type Runner struct {
	streams []*LogStream // BUG: never closed on the fast path
}

func (rn *Runner) Run(job int) {
	r, w, err := os.Pipe()
	if err != nil {
		log.Panicf("ERROR job %d: cannot open log stream: %v", job, err)
	}
	w.Write([]byte("job started\n"))
	rn.streams = append(rn.streams, &LogStream{r: r, w: w})
}

func main() {
	labkit.Init("job-runner")
	rn := &Runner{}
	for i := 0; ; i++ {
		if i == 15 {
			labkit.Infof("jobs run=%d", i)
			labkit.Sample()
			labkit.Dump()
		}
		rn.Run(i)
	}
}
