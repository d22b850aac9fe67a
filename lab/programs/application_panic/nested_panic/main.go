// A transaction helper rolls back in a deferred function when the body
// panics. The body panics on a constraint violation, and the rollback
// itself panics because the connection was already closed by the first
// failure: a panic during a deferred call while panicking, which prints
// both panics ("panic: ... \n\tpanic: ...").
package main

import (
	"errors"
	"fmt"

	"gorca.dev/lab/labkit"
)

type Conn struct {
	closed bool
}

var errConnClosed = errors.New("sql: connection is already closed")

func (c *Conn) Exec(q string) {
	if q == "INSERT INTO payments VALUES (42, -100)" {
		c.closed = true
		panic(fmt.Errorf("pq: new row for relation \"payments\" violates check constraint \"amount_positive\""))
	}
}

func (c *Conn) Rollback() {
	if c.closed {
		panic(errConnClosed)
	}
}

type Tx struct {
	conn *Conn
}

func (t *Tx) Run(body func(*Conn)) {
	defer func() {
		t.conn.Rollback() // runs while the body's panic is unwinding
	}()
	body(t.conn)
}

func main() {
	labkit.Init("payments-writer")
	tx := &Tx{conn: &Conn{}}
	labkit.Infof("writing payment batch size=3")
	labkit.Sample()
	labkit.Dump()
	tx.Run(func(c *Conn) {
		c.Exec("INSERT INTO payments VALUES (40, 100)")
		c.Exec("INSERT INTO payments VALUES (41, 250)")
		c.Exec("INSERT INTO payments VALUES (42, -100)")
	})
}
