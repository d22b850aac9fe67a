// An order state machine panics when it meets an impossible transition,
// with a detailed multi-line message built by fmt.Sprintf (the state and
// the offending event on separate lines). Go 1.23 indents the continuation
// lines of a multi-line panic value; earlier releases print them flush left.
package main

import (
	"fmt"

	"gorca.dev/lab/labkit"
)

type State string

const (
	Created  State = "CREATED"
	Paid     State = "PAID"
	Shipped  State = "SHIPPED"
	Refunded State = "REFUNDED"
)

type Order struct {
	ID    string
	State State
	Total int64
}

var transitions = map[State]map[string]State{
	Created: {"pay": Paid},
	Paid:    {"ship": Shipped, "refund": Refunded},
	Shipped: {"refund": Refunded},
}

type StateMachine struct{}

func (m *StateMachine) Apply(o *Order, event string) {
	next, ok := transitions[o.State][event]
	if !ok {
		panic(fmt.Sprintf("invariant violated: no transition for order %s\nstate=%s event=%q total=%d\nallowed=%v",
			o.ID, o.State, event, o.Total, transitions[o.State]))
	}
	o.State = next
}

func main() {
	labkit.Init("order-state")
	m := &StateMachine{}
	o := &Order{ID: "ord_8F2K", State: Created, Total: 4599}
	for _, ev := range []string{"pay", "ship", "refund"} {
		m.Apply(o, ev)
		labkit.Infof("order %s -> %s", o.ID, o.State)
	}
	labkit.Sample()
	labkit.Dump()
	m.Apply(o, "ship") // duplicate webhook from the carrier
}
