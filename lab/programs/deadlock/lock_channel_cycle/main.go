// The notification service writes every domain event to an outbox and a
// single dispatcher goroutine delivers them to the webhook endpoint in
// sequence order. To keep that order, Enqueue assigns the sequence number
// and hands the event to the dispatcher over an unbuffered channel while
// still holding the outbox mutex. After delivering an event the dispatcher
// takes the same mutex to mark it acknowledged, and only then goes back to
// receive the next one. As soon as a second event is enqueued while the
// first is being delivered, Enqueue holds o.mu and waits in chan send for
// the dispatcher, and the dispatcher waits in Mutex.Lock for o.mu: a cycle
// through a channel and a lock that the runtime cannot see as a deadlock
// because the health ticker and metrics sampler are alive. Every order
// handler then piles up on o.mu until the watchdog kills the process.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const burst = 150

type Event struct {
	Seq     uint64
	Kind    string
	OrderID string
}

type Outbox struct {
	mu       sync.Mutex
	nextSeq  uint64
	pending  map[uint64]Event
	acked    uint64
	dispatch chan Event
}

func NewOutbox() *Outbox {
	return &Outbox{nextSeq: 1, pending: map[uint64]Event{}, dispatch: make(chan Event)}
}

// Enqueue records the event and hands it to the dispatcher. The send
// happens under o.mu so that events reach the dispatcher in Seq order.
func (o *Outbox) Enqueue(kind, orderID string) uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	ev := Event{Seq: o.nextSeq, Kind: kind, OrderID: orderID}
	o.nextSeq++
	o.pending[ev.Seq] = ev
	o.dispatch <- ev // BUG: blocks with o.mu held until the dispatcher receives
	return ev.Seq
}

// Dispatch delivers events one by one and acknowledges each under o.mu.
func (o *Outbox) Dispatch(hook *Webhook) {
	for ev := range o.dispatch {
		hook.Post(ev)
		o.ack(ev.Seq)
	}
}

func (o *Outbox) ack(seq uint64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.pending, seq)
	o.acked = seq
}

// Webhook is the subscriber's HTTPS endpoint.
type Webhook struct {
	URL       string
	delivered int
}

func (w *Webhook) Post(ev Event) {
	time.Sleep(5 * time.Millisecond) // POST round trip
	w.delivered++
}

type OrderAPI struct {
	outbox *Outbox
}

func (a *OrderAPI) PlaceOrder(id string) {
	// ... order row written ...
	a.outbox.Enqueue("order.placed", id)
}

func main() {
	labkit.Init("notifier")
	outbox := NewOutbox()
	hook := &Webhook{URL: "https://hooks.partner.example/v2/events"}
	go outbox.Dispatch(hook)
	labkit.Infof("outbox dispatcher started endpoint=%s", hook.URL)
	api := &OrderAPI{outbox: outbox}

	// Low traffic: each event is delivered and acked before the next one.
	for i := 0; i < 12; i++ {
		api.PlaceOrder(fmt.Sprintf("ord-%d", 7000+i))
		time.Sleep(15 * time.Millisecond)
	}
	outbox.mu.Lock()
	acked := outbox.acked
	outbox.mu.Unlock()
	labkit.Infof("events delivered acked_seq=%d", acked)

	// Checkout peak: orders arrive concurrently.
	labkit.Infof("traffic peak: placing orders=%d", burst)
	var wg sync.WaitGroup
	for i := 0; i < burst; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			api.PlaceOrder(fmt.Sprintf("ord-%d", 8000+i))
		}(i)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	health := time.NewTicker(time.Second)
	for {
		select {
		case <-done:
			labkit.Infof("peak drained")
			return
		case <-health.C:
			labkit.Warnf("healthz: outbox lag growing, order handlers blocked inflight=%d", burst-1)
		}
	}
}
