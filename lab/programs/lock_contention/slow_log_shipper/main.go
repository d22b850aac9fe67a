// A payments API writes an audit record for every transfer. To keep audit
// sequence numbers gap-free and in order, AuditLog.Append assigns the
// sequence number and enqueues the record on the shipper's channel while
// holding the audit mutex. The shipper goroutine is alive but slow: it ships
// batches to the log collector over TCP and waits for each batch's ack, and
// the collector has started taking ~400ms per batch. Once the 32-slot buffer
// is full, the mutex holder sits in chan send and every other request
// handler queues in sync.Mutex.Lock behind it. Nothing leaks: the handler
// pool is fixed, so the goroutine count stays flat while throughput drops to
// one batch per collector round trip.
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

const (
	handlerPool   = 300
	shipQueueSize = 32
	maxBatch      = 32
	collectorLag  = 400 * time.Millisecond
)

type AuditRecord struct {
	Seq     uint64
	Actor   string
	Action  string
	Amount  int64
	Created time.Time
}

func (r AuditRecord) line() string {
	return fmt.Sprintf("%d\t%s\t%s\t%d\t%s", r.Seq, r.Actor, r.Action, r.Amount, r.Created.Format(time.RFC3339Nano))
}

type AuditLog struct {
	mu    sync.Mutex
	seq   uint64
	queue chan AuditRecord
}

// Append holds mu across the channel send so records leave in Seq order.
// When the shipper falls behind, the send blocks with mu held.
func (a *AuditLog) Append(actor, action string, amount int64) uint64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	a.queue <- AuditRecord{Seq: a.seq, Actor: actor, Action: action, Amount: amount, Created: time.Now()}
	return a.seq
}

// LogShipper drains the queue in batches and ships each batch to the
// collector, waiting for its ack before taking the next one.
type LogShipper struct {
	conn  net.Conn
	ack   *bufio.Reader
	queue <-chan AuditRecord
}

func (s *LogShipper) Run() {
	var batch []AuditRecord
	for first := range s.queue {
		batch = append(batch[:0], first)
	fill:
		for len(batch) < maxBatch {
			select {
			case r := <-s.queue:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		if err := s.ship(batch); err != nil {
			labkit.Errorf("audit shipper: %v", err)
			return
		}
	}
}

func (s *LogShipper) ship(batch []AuditRecord) error {
	var b strings.Builder
	for _, r := range batch {
		b.WriteString(r.line())
		b.WriteByte('\n')
	}
	b.WriteString(".\n")
	if _, err := s.conn.Write([]byte(b.String())); err != nil {
		return err
	}
	ack, err := s.ack.ReadString('\n')
	if err != nil {
		return err
	}
	if ack != "ok\n" {
		return fmt.Errorf("collector rejected batch: %q", ack)
	}
	return nil
}

// collector stands in for the remote log collector: it reads a batch up to
// the "." terminator, takes collectorLag to index it, then acks.
func collector(ln net.Listener) {
	c, err := ln.Accept()
	if err != nil {
		return
	}
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if line != ".\n" {
			continue
		}
		time.Sleep(collectorLag)
		if _, err := c.Write([]byte("ok\n")); err != nil {
			return
		}
	}
}

type TransferHandler struct {
	audit *AuditLog
}

func (h *TransferHandler) ServeTransfer(account string, amount int64) int {
	start := time.Now()
	if amount <= 0 {
		labkit.ObserveRequest("/v1/transfers", 400, time.Since(start).Seconds())
		return 400
	}
	h.audit.Append(account, "transfer.create", amount)
	labkit.ObserveRequest("/v1/transfers", 201, time.Since(start).Seconds())
	return 201
}

func main() {
	labkit.Init("payments-api")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go collector(ln)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	labkit.Infof("audit shipper connected collector=%s", ln.Addr())
	audit := &AuditLog{queue: make(chan AuditRecord, shipQueueSize)}
	shipper := &LogShipper{conn: conn, ack: bufio.NewReader(conn), queue: audit.queue}
	go shipper.Run()
	h := &TransferHandler{audit: audit}
	time.Sleep(100 * time.Millisecond)
	labkit.Infof("serving transfers handlers=%d", handlerPool)
	var wg sync.WaitGroup
	for w := 0; w < handlerPool; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				h.ServeTransfer(fmt.Sprintf("acct-%04d", w), int64(100+i))
			}
		}(w)
	}
	time.Sleep(600 * time.Millisecond)
	labkit.Warnf("p99 latency above 500ms handler=/v1/transfers audit_queue=%d/%d", len(audit.queue), cap(audit.queue))
	wg.Wait()
}
