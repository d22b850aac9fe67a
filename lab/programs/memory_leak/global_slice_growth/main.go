// An audit trail appends every processed message to a package-level slice
// "for debugging" and nothing ever trims it. append doubles the backing
// array; near the limit the runtime cannot map the next, doubled array and
// dies in growslice.
package main

import (
	"fmt"

	"gorca.dev/lab/labkit"
)

type AuditRecord struct {
	MessageID string
	Topic     string
	Offset    int64
	Body      [192]byte
}

var auditTrail []AuditRecord // grows forever

type Consumer struct {
	topic  string
	offset int64
}

func (c *Consumer) Handle(msgID string) {
	var r AuditRecord
	r.MessageID = msgID
	r.Topic = c.topic
	r.Offset = c.offset
	copy(r.Body[:], msgID)
	auditTrail = append(auditTrail, r)
	c.offset++
}

func main() {
	labkit.Init("payments-consumer")
	c := &Consumer{topic: "payments.settled"}
	for i := 0; ; i++ {
		c.Handle(fmt.Sprintf("msg-%012d", i))
		if i&(i-1) == 0 && i >= 1<<16 {
			labkit.Infof("consumed offset=%d audit_len=%d audit_cap=%d", c.offset, len(auditTrail), cap(auditTrail))
		}
		if i == 1<<20 {
			labkit.Dump()
		}
	}
}
