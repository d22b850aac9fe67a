// A live-notifications gateway keeps one long-lived connection per client
// (websocket-like frames over TCP). Each session subscribes to the client's
// topic on the in-process event hub and starts a pump goroutine that waits
// in a select on its mailbox and on the session's done channel. Teardown
// (close(done), which makes the pump unsubscribe) only runs when the client
// says goodbye with a CLOSE frame. When a client drops without one (mobile
// networks, load balancer idle resets), readFrame fails and the handler
// counts the drop (logging the first few) and returns early: the connection is closed but the pump
// stays parked in its select forever and the hub keeps the subscription.
// Every flaky disconnect leaks one goroutine, so the goroutine count grows
// with traffic until the watchdog fires.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	clientsPerWave = 10
	flakyPerWave   = 6 // of every wave, these drop without a CLOSE frame
	waves          = 140
	waveInterval   = 12 * time.Millisecond
)

type Event struct {
	Topic   string
	Payload string
}

// --- event hub ---

type Subscription struct {
	id      uint64
	topic   string
	mailbox chan Event
}

type Hub struct {
	mu     sync.Mutex
	nextID uint64
	subs   map[string]map[uint64]*Subscription
}

func NewHub() *Hub { return &Hub{subs: map[string]map[uint64]*Subscription{}} }

func (h *Hub) Subscribe(topic string) *Subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextID++
	s := &Subscription{id: h.nextID, topic: topic, mailbox: make(chan Event, 8)}
	if h.subs[topic] == nil {
		h.subs[topic] = map[uint64]*Subscription{}
	}
	h.subs[topic][s.id] = s
	return s
}

func (h *Hub) Unsubscribe(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs[s.topic], s.id)
	if len(h.subs[s.topic]) == 0 {
		delete(h.subs, s.topic)
	}
}

// Publish delivers without blocking; a full mailbox drops the event.
func (h *Hub) Publish(ev Event) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, s := range h.subs[ev.Topic] {
		select {
		case s.mailbox <- ev:
			n++
		default:
		}
	}
	return n
}

func (h *Hub) Subscriptions() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.subs {
		n += len(m)
	}
	return n
}

// --- client sessions ---

type Session struct {
	user string
	conn net.Conn
	hub  *Hub
	sub  *Subscription
	done chan struct{}
	wmu  sync.Mutex
}

func (s *Session) writeFrame(kind, body string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := fmt.Fprintf(s.conn, "%s %s\n", kind, body)
	return err
}

// pump forwards hub events to the client until the session is done.
func (s *Session) pump() {
	for {
		select {
		case ev := <-s.sub.mailbox:
			if err := s.writeFrame("EVENT", ev.Payload); err != nil {
				labkit.Warnf("session %s: push: %v", s.user, err)
			}
		case <-s.done:
			s.hub.Unsubscribe(s.sub)
			return
		}
	}
}

var errBadFrame = errors.New("malformed frame")

func readFrame(r *bufio.Reader) (kind, body string, err error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return "", "", err
	}
	f := strings.SplitN(strings.TrimSpace(line), " ", 2)
	if len(f) != 2 {
		return "", "", errBadFrame
	}
	return f[0], f[1], nil
}

type Gateway struct {
	hub      *Hub
	sessions int64 // atomic, completed handlers
	errored  int64 // atomic
}

func (g *Gateway) handleSession(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	kind, user, err := readFrame(r)
	if err != nil || kind != "HELLO" {
		labkit.Warnf("handshake failed from %s: %v", conn.RemoteAddr(), err)
		return
	}
	s := &Session{user: user, conn: conn, hub: g.hub, done: make(chan struct{})}
	s.sub = g.hub.Subscribe("user." + user)
	go s.pump()
	g.hub.Publish(Event{Topic: "user." + user, Payload: "welcome"})

	for {
		kind, body, err := readFrame(r)
		if err != nil {
			if n := atomic.AddInt64(&g.errored, 1); n <= 3 {
				labkit.Warnf("session %s: read: %v", user, err)
			}
			atomic.AddInt64(&g.sessions, 1)
			return // BUG: skips close(s.done); the pump and its subscription stay forever
		}
		if kind == "CLOSE" {
			close(s.done)
			s.writeFrame("BYE", body)
			atomic.AddInt64(&g.sessions, 1)
			return
		}
	}
}

func (g *Gateway) serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			labkit.Errorf("accept: %v", err)
			return
		}
		go g.handleSession(conn)
	}
}

// --- traffic ---

func client(addr string, user string, flaky bool) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	if _, err := fmt.Fprintf(c, "HELLO %s\n", user); err != nil {
		return err
	}
	if _, _, err := readFrame(r); err != nil { // the welcome event
		return err
	}
	if flaky {
		c.(*net.TCPConn).SetLinger(0) // the phone loses signal: RST, no CLOSE frame
		return nil
	}
	if _, err := fmt.Fprintf(c, "CLOSE %s\n", user); err != nil {
		return err
	}
	_, _, err = readFrame(r)
	return err
}

func main() {
	labkit.Init("notify-gateway")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		labkit.Errorf("listen: %v", err)
		return
	}
	g := &Gateway{hub: NewHub()}
	go g.serve(ln)
	labkit.Infof("listening on %s", ln.Addr())

	var wg sync.WaitGroup
	var clientErrs int64
	for w := 0; w < waves; w++ {
		for i := 0; i < clientsPerWave; i++ {
			wg.Add(1)
			go func(user string, flaky bool) {
				defer wg.Done()
				if err := client(ln.Addr().String(), user, flaky); err != nil {
					atomic.AddInt64(&clientErrs, 1)
				}
			}(fmt.Sprintf("u%05d", w*clientsPerWave+i), i < flakyPerWave)
		}
		if w%20 == 19 {
			labkit.Infof("sessions closed=%d dropped=%d hub subscriptions=%d", atomic.LoadInt64(&g.sessions),
				atomic.LoadInt64(&g.errored), g.hub.Subscriptions())
		}
		time.Sleep(waveInterval)
	}
	wg.Wait()
	for atomic.LoadInt64(&g.sessions) < waves*clientsPerWave {
		time.Sleep(5 * time.Millisecond)
	}
	labkit.Warnf("traffic idle: sessions=%d dropped=%d client errors=%d, hub still holds %d subscriptions",
		atomic.LoadInt64(&g.sessions), atomic.LoadInt64(&g.errored), atomic.LoadInt64(&clientErrs), g.hub.Subscriptions())
	select {}
}
