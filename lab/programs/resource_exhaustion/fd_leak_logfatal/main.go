// A metrics forwarder opens a TCP connection to the relay for each batch
// and parks it in a retry list "in case the batch must be resent"; the
// list is never pruned, so every connection stays open. Under `ulimit -n`
// the next dial fails with "socket: too many open files", and the
// forwarder's error handling is log.Fatalf: exit status 1, no goroutine
// dump, just the last log line.
package main

import (
	"fmt"
	"log"
	"net"
	"time"

	"gorca.dev/lab/labkit"
)

type Batch struct {
	Seq   int
	Lines []string
	conn  net.Conn // kept for a possible resend
}

type Forwarder struct {
	relay   string
	pending []*Batch // BUG: never pruned, so connections are never closed
}

func (f *Forwarder) Send(b *Batch) error {
	c, err := net.Dial("tcp", f.relay)
	if err != nil {
		return err
	}
	for _, l := range b.Lines {
		fmt.Fprintln(c, l)
	}
	b.conn = c
	f.pending = append(f.pending, b)
	return nil
}

// relay is the carbon relay stand-in: it reads a batch and hangs up.
func relay(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		c.Close()
	}
}

func main() {
	labkit.Init("metrics-forwarder")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go relay(ln)
	f := &Forwarder{relay: ln.Addr().String()}
	for seq := 0; ; seq++ {
		b := &Batch{Seq: seq, Lines: []string{fmt.Sprintf("app.requests.count %d %d", seq*10, 1764072000+seq)}}
		if err := f.Send(b); err != nil {
			log.Fatalf("FATAL cannot forward batch %d to relay: %v", seq, err)
		}
		if seq%25 == 0 {
			labkit.Infof("forwarded batches=%d pending=%d", seq, len(f.pending))
		}
		time.Sleep(time.Millisecond)
	}
}
