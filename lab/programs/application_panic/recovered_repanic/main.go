// A job framework recovers panics in job handlers to log them with job
// context and then re-panics so the process still crashes and restarts
// (the "log and rethrow" idiom). The runtime then prints the original
// panic marked [recovered] followed by the re-panic.
package main

import (
	"fmt"
	"sync"

	"gorca.dev/lab/labkit"
)

type Job struct {
	ID   string
	Kind string
	Args map[string]int
}

type Runner struct {
	handlers map[string]func(Job) int
}

func (r *Runner) Execute(j Job) int {
	defer func() {
		if v := recover(); v != nil {
			labkit.Errorf("job %s (%s) panicked: %v", j.ID, j.Kind, v)
			panic(v)
		}
	}()
	return r.handlers[j.Kind](j)
}

func resize(j Job) int {
	w, h := j.Args["width"], j.Args["height"]
	return (w * h) / (w - h) // square images: integer divide by zero
}

func main() {
	labkit.Init("media-jobs")
	r := &Runner{handlers: map[string]func(Job) int{"resize": resize}}
	var wg sync.WaitGroup
	jobs := []Job{
		{ID: "job-1", Kind: "resize", Args: map[string]int{"width": 800, "height": 600}},
		{ID: "job-2", Kind: "resize", Args: map[string]int{"width": 512, "height": 512}},
	}
	for _, j := range jobs {
		wg.Add(1)
		if j.ID == "job-2" {
			labkit.Sample()
			labkit.Dump()
		}
		go func(j Job) {
			defer wg.Done()
			labkit.Infof("job %s result=%d", j.ID, r.Execute(j))
		}(j)
		wg.Wait()
	}
	fmt.Println("done")
}
