// A daemon starts its listener goroutine and parks main in `select {}` to
// "run forever". The listener fails to bind (the port is taken) and its
// goroutine logs and returns instead of exiting the process, leaving
// nothing alive: the runtime reports the deadlock with main in
// "select (no cases)".
package main

import (
	"net"

	"gorca.dev/lab/labkit"
)

type Server struct {
	addr string
}

func (s *Server) ListenAndServe(ln net.Listener) {
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		labkit.Errorf("listener failed: %v", err)
		ln.Close()
		return // BUG: nobody learns that the server is gone
	}
	defer l.Close()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

func main() {
	labkit.Init("sidecar")
	// Another process (here: ourselves) already holds the port.
	holder, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	s := &Server{addr: holder.Addr().String()}
	labkit.Infof("serving addr=%s", s.addr)
	labkit.Dump()
	labkit.Stop()
	go s.ListenAndServe(holder)
	select {}
}
