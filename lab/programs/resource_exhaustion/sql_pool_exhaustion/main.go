// The billing API reads invoices through database/sql with the pool capped
// at SetMaxOpenConns(4) (the database's per-service connection budget).
// InvoiceTotal returns early when a row fails to Scan (a migration left a
// few amounts as decimal strings) and never calls rows.Close, so the
// connection behind the open Rows is never released back to the pool.
// After four such customers every query waits inside database/sql for a
// free connection (database/sql.(*DB).conn, select) with no deadline: the
// service is up, every request hangs, and DB stats show open=4 inuse=4
// with a growing wait count until the watchdog kills it.
//
// The driver is an in-process stand-in for the Postgres driver ("memdb"),
// registered with sql.Register like any third-party driver.
package main

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	maxOpenConns = 4
	requests     = 300
)

// ---- memdb: a minimal database/sql driver ----

type invoiceRow struct {
	id       int64
	amount   interface{} // int64, or a string where the migration went wrong
	currency string
}

type memDriver struct {
	mu    sync.Mutex
	table map[string][]invoiceRow // customer -> invoices
}

func (d *memDriver) Open(dsn string) (driver.Conn, error) {
	return &memConn{drv: d}, nil
}

type memConn struct {
	drv    *memDriver
	closed bool
}

func (c *memConn) Prepare(query string) (driver.Stmt, error) {
	if c.closed {
		return nil, driver.ErrBadConn
	}
	if !strings.HasPrefix(query, "SELECT") {
		return nil, fmt.Errorf("memdb: unsupported statement %q", query)
	}
	return &memStmt{conn: c, query: query}, nil
}

func (c *memConn) Close() error { c.closed = true; return nil }
func (c *memConn) Begin() (driver.Tx, error) {
	return nil, errors.New("memdb: transactions not supported")
}

type memStmt struct {
	conn  *memConn
	query string
}

func (s *memStmt) Close() error  { return nil }
func (s *memStmt) NumInput() int { return 1 }
func (s *memStmt) Exec(args []driver.Value) (driver.Result, error) {
	return nil, errors.New("memdb: read-only replica")
}

func (s *memStmt) Query(args []driver.Value) (driver.Rows, error) {
	customer, _ := args[0].(string)
	s.conn.drv.mu.Lock()
	rows := s.conn.drv.table[customer]
	s.conn.drv.mu.Unlock()
	return &memRows{rows: rows}, nil
}

type memRows struct {
	rows []invoiceRow
	pos  int
}

func (r *memRows) Columns() []string { return []string{"id", "amount_cents", "currency"} }
func (r *memRows) Close() error      { return nil }
func (r *memRows) Next(dest []driver.Value) error {
	if r.pos >= len(r.rows) {
		return io.EOF
	}
	row := r.rows[r.pos]
	r.pos++
	dest[0] = row.id
	dest[1] = row.amount
	dest[2] = row.currency
	return nil
}

// ---- the billing service ----

type InvoiceStore struct {
	db *sql.DB
}

func (s *InvoiceStore) InvoiceTotal(customer string) (int64, error) {
	rows, err := s.db.Query("SELECT id, amount_cents, currency FROM invoices WHERE customer_id = $1", customer)
	if err != nil {
		return 0, err
	}
	var total int64
	for rows.Next() {
		var id, cents int64
		var currency string
		if err := rows.Scan(&id, &cents, &currency); err != nil {
			return 0, fmt.Errorf("invoice row for %s: %w", customer, err) // BUG: rows.Close() missing, the conn stays busy
		}
		total += cents
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return total, nil
}

type BillingHandler struct {
	store *InvoiceStore
}

func (h *BillingHandler) ServeTotal(customer string) {
	start := time.Now()
	total, err := h.store.InvoiceTotal(customer)
	if err != nil {
		labkit.Errorf("GET /v1/customers/%s/balance: 500 %v", customer, err)
		labkit.ObserveRequest("/v1/customers/:id/balance", 500, time.Since(start).Seconds())
		return
	}
	labkit.ObserveRequest("/v1/customers/:id/balance", 200, time.Since(start).Seconds())
	_ = total
}

func seed() *memDriver {
	d := &memDriver{table: map[string][]invoiceRow{}}
	for i := 0; i < 40; i++ {
		cust := fmt.Sprintf("cus_%04d", 1000+i)
		var rows []invoiceRow
		for j := 0; j < 6; j++ {
			var amount interface{} = int64(1999 + 100*j)
			if i%10 == 7 && j == 1 {
				amount = "19.99" // left behind by the decimal migration
			}
			rows = append(rows, invoiceRow{id: int64(i*100 + j), amount: amount, currency: "EUR"})
		}
		d.table[cust] = rows
	}
	return d
}

func main() {
	labkit.Init("billing-api")
	sql.Register("memdb", seed())
	db, err := sql.Open("memdb", "postgres://billing@db-replica:5432/billing")
	if err != nil {
		panic(err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxOpenConns)
	if err := db.Ping(); err != nil {
		panic(err)
	}
	labkit.Infof("db pool ready max_open=%d", maxOpenConns)
	h := &BillingHandler{store: &InvoiceStore{db: db}}

	// Morning traffic: customers one after the other, until the pool is gone.
	for i := 0; i < 38; i++ {
		h.ServeTotal(fmt.Sprintf("cus_%04d", 1000+i))
	}
	st := db.Stats()
	labkit.Infof("db stats open=%d in_use=%d idle=%d wait_count=%d", st.OpenConnections, st.InUse, st.Idle, st.WaitCount)

	var wg sync.WaitGroup
	for i := 0; i < requests; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h.ServeTotal(fmt.Sprintf("cus_%04d", 1000+i%5))
		}(i)
	}
	time.Sleep(200 * time.Millisecond)
	st = db.Stats()
	labkit.Warnf("db stats open=%d in_use=%d idle=%d wait_count=%d inflight=%d", st.OpenConnections, st.InUse, st.Idle, st.WaitCount, requests)
	wg.Wait()
}
