// A consumer's Stop closes its quit channel. Stop is called both by the
// signal handler path and by a deferred cleanup in main, and there is no
// sync.Once: the second close panics with "close of closed channel".
package main

import (
	"time"

	"gorca.dev/lab/labkit"
)

type Consumer struct {
	quit    chan struct{}
	stopped chan struct{}
}

func NewConsumer() *Consumer {
	return &Consumer{quit: make(chan struct{}), stopped: make(chan struct{})}
}

func (c *Consumer) Run() {
	defer close(c.stopped)
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-c.quit:
			return
		}
	}
}

func (c *Consumer) Stop() {
	close(c.quit)
	<-c.stopped
}

type App struct {
	consumer *Consumer
}

func (a *App) onSignal() {
	labkit.Infof("received SIGTERM, stopping consumer")
	a.consumer.Stop()
}

func main() {
	labkit.Init("kafka-consumer")
	a := &App{consumer: NewConsumer()}
	go a.consumer.Run()
	defer a.consumer.Stop() // second Stop
	time.Sleep(20 * time.Millisecond)
	a.onSignal()
	labkit.Infof("consumer stopped, exiting")
	labkit.Sample()
	labkit.Dump()
}
