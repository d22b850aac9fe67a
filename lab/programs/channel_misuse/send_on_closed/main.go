// A job queue's Shutdown closes the jobs channel while a retry goroutine
// may still re-enqueue a failed job. The retry fires after the close and
// the send panics: "send on closed channel".
package main

import (
	"errors"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Job struct {
	ID      int
	Attempt int
}

type Queue struct {
	jobs chan Job
	wg   sync.WaitGroup
}

var errTransient = errors.New("upstream 502")

func (q *Queue) Start(workers int) {
	for i := 0; i < workers; i++ {
		q.wg.Add(1)
		go q.work()
	}
}

func (q *Queue) work() {
	defer q.wg.Done()
	for j := range q.jobs {
		if err := process(j); err != nil {
			go q.retryLater(j, err)
		}
	}
}

// retryLater re-enqueues after a backoff, without knowing about Shutdown.
func (q *Queue) retryLater(j Job, err error) {
	labkit.Warnf("job %d failed: %v; retrying in 50ms", j.ID, err)
	time.Sleep(50 * time.Millisecond)
	j.Attempt++
	q.jobs <- j
}

func (q *Queue) Shutdown() {
	close(q.jobs)
	q.wg.Wait()
}

func process(j Job) error {
	if j.ID == 7 && j.Attempt == 0 {
		return errTransient
	}
	return nil
}

func main() {
	labkit.Init("job-runner")
	q := &Queue{jobs: make(chan Job, 16)}
	q.Start(3)
	for i := 0; i < 10; i++ {
		q.jobs <- Job{ID: i}
	}
	time.Sleep(10 * time.Millisecond)
	labkit.Infof("received SIGTERM, draining queue")
	labkit.Sample()
	labkit.Dump()
	q.Shutdown()
	time.Sleep(200 * time.Millisecond)
	labkit.Infof("shutdown complete")
}
