// A domain type's String method formats the value with %v, and %v on a
// Stringer calls String again: fmt and String recurse into each other
// until the stack overflows the first time the value is logged.
package main

import (
	"fmt"
	"runtime/debug"

	"gorca.dev/lab/labkit"
)

type Money struct {
	Cents    int64
	Currency string
}

func (m Money) String() string {
	return fmt.Sprintf("%v %s", m, m.Currency) // BUG: should format m.Cents
}

type Invoice struct {
	ID    string
	Total Money
}

type Notifier struct{}

func (n *Notifier) Send(inv Invoice) {
	labkit.Infof("invoice %s total %v", inv.ID, inv.Total)
}

func main() {
	debug.SetMaxStack(8 << 20)
	labkit.Init("invoicing")
	n := &Notifier{}
	inv := Invoice{ID: "INV-2026-0042", Total: Money{Cents: 129900, Currency: "EUR"}}
	labkit.Sample()
	labkit.Dump()
	n.Send(inv)
}
