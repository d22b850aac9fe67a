// A cache warmer's channels are created in Start. On a cold standby the
// warmer is never started, but shutdown still calls Close, which closes
// the nil done channel: "close of nil channel".
package main

import (
	"gorca.dev/lab/labkit"
)

type Warmer struct {
	done chan struct{}
	keys []string
}

func (w *Warmer) Start() {
	w.done = make(chan struct{})
	go func() {
		<-w.done
	}()
}

func (w *Warmer) Close() error {
	close(w.done)
	return nil
}

type Server struct {
	standby bool
	warmer  *Warmer
}

func (s *Server) Run() {
	if !s.standby {
		s.warmer.Start()
	}
	labkit.Infof("server running standby=%v", s.standby)
}

func (s *Server) Shutdown() {
	labkit.Infof("shutting down")
	labkit.Sample()
	labkit.Dump()
	s.warmer.Close()
}

func main() {
	labkit.Init("cache-node")
	s := &Server{standby: true, warmer: &Warmer{}}
	s.Run()
	s.Shutdown()
}
