// The order service accepts one command per connection from the checkout
// gateway (a line such as "GET ord-1042" or "CANCEL ord-1007") and keeps
// its orders in memory behind a single sync.Mutex. A recent refactor turned
// refundLocked (which expected its caller to hold s.mu) into issueRefund,
// which takes s.mu itself so the admin API can call it directly; Cancel
// still calls it with s.mu held. sync.Mutex is not reentrant: cancelling a
// paid order blocks the handler forever in Mutex.Lock on a lock it already
// owns, and every later command queues on the same mutex. The listener, the
// health ticker and the metrics sampler stay alive, so the runtime never
// reports a deadlock; the gateway just sees timeouts until the watchdog
// kills the process.
package main

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const queuedCommands = 200

type Status int

const (
	Pending Status = iota
	Paid
	Cancelled
	Refunded
)

type Order struct {
	ID     string
	Status Status
	Amount int64
}

type OrderService struct {
	mu      sync.Mutex
	orders  map[string]*Order
	refunds []string
}

func (s *OrderService) Get(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	return *o, true
}

// Cancel cancels an order; a paid order is refunded first.
func (s *OrderService) Cancel(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return fmt.Errorf("order %s not found", id)
	}
	if o.Status == Paid {
		s.issueRefund(o) // BUG: issueRefund locks s.mu again
	}
	o.Status = Cancelled
	return nil
}

// issueRefund records a refund. It used to be refundLocked (caller holds
// s.mu); it now locks for the admin API's sake.
func (s *OrderService) issueRefund(o *Order) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refunds = append(s.refunds, o.ID)
	o.Status = Refunded
}

type Server struct {
	svc *OrderService
}

func (srv *Server) Serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			labkit.Errorf("accept: %v", err)
			return
		}
		go srv.handleConn(conn)
	}
}

func (srv *Server) handleConn(conn net.Conn) {
	defer conn.Close()
	start := time.Now()
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	f := strings.Fields(line)
	if len(f) != 2 {
		fmt.Fprintf(conn, "ERR bad command\n")
		return
	}
	handler := "/orders." + strings.ToLower(f[0])
	switch f[0] {
	case "GET":
		if o, ok := srv.svc.Get(f[1]); ok {
			fmt.Fprintf(conn, "OK %s %d %d\n", o.ID, o.Status, o.Amount)
		} else {
			fmt.Fprintf(conn, "ERR not found\n")
		}
	case "CANCEL":
		if err := srv.svc.Cancel(f[1]); err != nil {
			fmt.Fprintf(conn, "ERR %v\n", err)
		} else {
			fmt.Fprintf(conn, "OK cancelled\n")
		}
	}
	labkit.ObserveRequest(handler, 200, time.Since(start).Seconds())
}

// send is the checkout gateway's side: one command per connection, with a
// short response deadline.
func send(addr, cmd string) (string, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := fmt.Fprintf(conn, "%s\n", cmd); err != nil {
		return "", err
	}
	return bufio.NewReader(conn).ReadString('\n')
}

func main() {
	labkit.Init("order-service")
	svc := &OrderService{orders: map[string]*Order{}}
	for i := 1000; i < 1100; i++ {
		st := Pending
		if i%4 == 0 {
			st = Paid
		}
		svc.orders[fmt.Sprintf("ord-%d", i)] = &Order{ID: fmt.Sprintf("ord-%d", i), Status: st, Amount: int64(i * 7)}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		labkit.Errorf("listen: %v", err)
		return
	}
	addr := ln.Addr().String()
	labkit.Infof("order service listening addr=%s orders=%d", addr, len(svc.orders))
	go (&Server{svc: svc}).Serve(ln)

	// Normal traffic: lookups and cancellations of unpaid orders.
	for i := 0; i < 30; i++ {
		cmd := fmt.Sprintf("GET ord-%d", 1000+i)
		if i%10 == 5 {
			cmd = fmt.Sprintf("CANCEL ord-%d", 1000+i) // unpaid: no refund, no second Lock
		}
		if _, err := send(addr, cmd); err != nil {
			labkit.Errorf("gateway: %s: %v", cmd, err)
		}
	}
	labkit.Infof("served commands=30")

	// A customer cancels a paid order: Cancel -> issueRefund -> s.mu.Lock.
	if _, err := send(addr, "CANCEL ord-1048"); err != nil {
		labkit.Warnf("gateway: CANCEL ord-1048: %v", err)
	}

	var wg sync.WaitGroup
	for i := 0; i < queuedCommands; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			send(addr, fmt.Sprintf("GET ord-%d", 1000+i%100))
		}(i)
	}
	wg.Wait()
	labkit.Warnf("gateway: order commands timing out timeouts=%d", queuedCommands)

	health := time.NewTicker(500 * time.Millisecond)
	for range health.C {
		labkit.Warnf("healthz: order handlers stuck inflight=%d", queuedCommands+1)
	}
}
