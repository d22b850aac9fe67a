// A cgo binding to a compression library calls the library's decoder,
// whose internal assertion fails on a corrupt frame and calls abort().
// The runtime reports SIGABRT arriving during cgo execution; the service
// runs with GOTRACEBACK=crash, so registers are dumped as well.
package main

/*
#include <stdio.h>
#include <stdlib.h>

static int lz_decode_frame(const unsigned char *src, int n) {
	if (n < 4 || src[0] != 0x4c || src[1] != 0x5a) {
		fprintf(stderr, "lzdec: frame.c:212: lz_decode_frame: Assertion `hdr->magic == LZ_MAGIC' failed.\n");
		abort();
	}
	return n * 3;
}
*/
import "C"

import (
	"unsafe"

	"gorca.dev/lab/labkit"
)

type Decompressor struct {
	frames int
}

func (d *Decompressor) Decode(frame []byte) int {
	d.frames++
	return int(C.lz_decode_frame((*C.uchar)(unsafe.Pointer(&frame[0])), C.int(len(frame))))
}

type Segment struct {
	Name   string
	Frames [][]byte
}

type Restorer struct {
	dec *Decompressor
}

func (r *Restorer) Restore(s Segment) int {
	total := 0
	for i, f := range s.Frames {
		if f[0] != 0x4c {
			labkit.Warnf("segment %s frame %d: unexpected header %x", s.Name, i, f[:2])
			labkit.Sample()
			labkit.Dump()
		}
		total += r.dec.Decode(f)
	}
	return total
}

func main() {
	labkit.Init("snapshot-restore")
	r := &Restorer{dec: &Decompressor{}}
	good := []byte{0x4c, 0x5a, 1, 2, 3, 4}
	labkit.Infof("restored bytes=%d", r.Restore(Segment{Name: "000001.seg", Frames: [][]byte{good, good}}))
	bad := []byte{0x00, 0x00, 0xde, 0xad, 0xbe, 0xef}
	labkit.Infof("restored bytes=%d", r.Restore(Segment{Name: "000002.seg", Frames: [][]byte{good, bad}}))
}
