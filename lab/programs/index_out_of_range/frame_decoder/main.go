// A binary protocol decoder reads a 4-byte big-endian length prefix and
// slices the payload out of a pooled 4 KiB read buffer without checking the
// length against the buffer. A peer sends a frame longer than the buffer:
// "slice bounds out of range [:4100] with capacity 4096".
package main

import (
	"encoding/binary"
	"sync"

	"gorca.dev/lab/labkit"
)

const bufSize = 4096

var bufPool = sync.Pool{New: func() interface{} { b := make([]byte, 0, bufSize); return &b }}

type Frame struct {
	Type    byte
	Payload []byte
}

type Decoder struct {
	frames int
}

// Decode trusts the length prefix.
func (d *Decoder) Decode(wire []byte) Frame {
	bp := bufPool.Get().(*[]byte)
	buf := (*bp)[:0]
	buf = append(buf, wire[:min(len(wire), bufSize)]...)
	n := int(binary.BigEndian.Uint32(buf[0:4]))
	f := Frame{Type: buf[4], Payload: buf[5 : 5+n-1]}
	d.frames++
	bufPool.Put(bp)
	return f
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

type Conn struct {
	peer string
	dec  *Decoder
}

func (c *Conn) readLoop(frames [][]byte, done chan<- struct{}) {
	defer close(done)
	for i, w := range frames {
		if i == len(frames)-1 {
			labkit.Sample()
			labkit.Dump()
		}
		f := c.dec.Decode(w)
		_ = f
	}
}

func frame(typ byte, n int) []byte {
	w := make([]byte, 5+n)
	binary.BigEndian.PutUint32(w, uint32(n+1))
	w[4] = typ
	return w
}

func main() {
	labkit.Init("mq-bridge")
	c := &Conn{peer: "10.4.7.21:5672", dec: &Decoder{}}
	frames := [][]byte{frame(1, 120), frame(2, 800), frame(1, 3000), frame(3, 4099)}
	done := make(chan struct{})
	labkit.Infof("peer connected addr=%s", c.peer)
	go c.readLoop(frames, done)
	<-done
}
