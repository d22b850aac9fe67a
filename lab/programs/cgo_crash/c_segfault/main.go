// A Go service wraps a C parsing library through cgo. The C function
// dereferences the record pointer it is given; for an empty input the Go
// wrapper passes NULL instead of an empty buffer, and the C code segfaults:
// "signal arrived during cgo execution".
package main

/*
#include <stddef.h>
#include <string.h>
#include <stdlib.h>

typedef struct { const char *data; size_t len; } record_t;

static int parse_record(const record_t *rec, char *out, size_t cap) {
	// The library trusts its caller: rec is never checked.
	size_t n = rec->len < cap ? rec->len : cap;
	memcpy(out, rec->data, n);
	return (int)n;
}
*/
import "C"

import (
	"unsafe"

	"gorca.dev/lab/labkit"
)

type Parser struct {
	out [256]byte
}

func (p *Parser) Parse(data []byte) int {
	var rec *C.record_t
	if len(data) > 0 {
		rec = &C.record_t{data: (*C.char)(C.CBytes(data)), len: C.size_t(len(data))}
		defer C.free(unsafe.Pointer(rec.data))
	}
	return int(C.parse_record(rec, (*C.char)(unsafe.Pointer(&p.out[0])), C.size_t(len(p.out))))
}

type Ingest struct {
	parser *Parser
}

func (in *Ingest) Handle(records [][]byte) {
	for i, r := range records {
		if len(r) == 0 {
			labkit.Sample()
			labkit.Dump()
		}
		n := in.parser.Parse(r)
		labkit.Infof("record %d parsed bytes=%d", i, n)
	}
}

func main() {
	labkit.Init("edi-ingest")
	in := &Ingest{parser: &Parser{}}
	in.Handle([][]byte{[]byte("ISA*00*          *00*"), []byte("GS*PO*SENDER*RECEIVER"), {}})
}
