// The session gateway terminates long-lived keep-alive connections from the
// edge proxies (one goroutine per connection, parked reading the next
// request) and hands asynchronous work to a fixed pool of dispatch workers.
// Every request touches the shared SessionRegistry to refresh the caller's
// session. The registry janitor sweeps expired sessions every few hundred
// milliseconds and, to keep the registry and the auth service consistent,
// revokes each expired session at the auth service with a synchronous RPC
// while it still holds the registry mutex. The auth service has slowed to
// ~300ms per revoke, so one sweep holds the mutex for seconds.
//
// What the dump shows is what production shows: almost every goroutine is
// idle (keep-alive connections in IO wait, dispatch workers in chan receive)
// and looks healthy; the pathology is the minority of connection goroutines
// that received a request and now queue in sync.Mutex.Lock behind the
// janitor, which itself sits in IO wait on the auth connection. Connections
// and workers are fixed, so the goroutine count is flat.
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
	keepAliveConns  = 640
	dispatchWorkers = 96
	busyConns       = 48
	expiredSessions = 40
	sessionTTL      = 200 * time.Millisecond
	sweepEvery      = 250 * time.Millisecond
	revokeLag       = 300 * time.Millisecond
)

type Session struct {
	ID       string
	User     string
	LastSeen time.Time
	Requests int
}

// AuthClient speaks a line protocol to the auth service over one
// persistent connection: "REVOKE <id>\n" -> "OK\n".
type AuthClient struct {
	conn net.Conn
	r    *bufio.Reader
}

func (c *AuthClient) Revoke(id string) error {
	if _, err := fmt.Fprintf(c.conn, "REVOKE %s\n", id); err != nil {
		return err
	}
	resp, err := c.r.ReadString('\n')
	if err != nil {
		return err
	}
	if resp != "OK\n" {
		return fmt.Errorf("auth service: %q", strings.TrimSpace(resp))
	}
	return nil
}

type SessionRegistry struct {
	mu       sync.Mutex
	sessions map[string]*Session
	auth     *AuthClient
}

// Touch refreshes a session's last-seen time (every request does this).
func (r *SessionRegistry) Touch(id, user string) *Session {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.sessions[id]
	if !ok {
		s = &Session{ID: id, User: user}
		r.sessions[id] = s
	}
	s.LastSeen = time.Now()
	s.Requests++
	return s
}

// SweepExpired removes expired sessions. BUG: the revoke RPC runs inside
// the critical section, so a slow auth service stalls every Touch.
func (r *SessionRegistry) SweepExpired(now time.Time) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for id, s := range r.sessions {
		if now.Sub(s.LastSeen) < sessionTTL {
			continue
		}
		if err := r.auth.Revoke(id); err != nil {
			labkit.Errorf("revoke session=%s: %v", id, err)
			continue
		}
		delete(r.sessions, id)
		n++
	}
	return n
}

func (r *SessionRegistry) janitor() {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for now := range t.C {
		if n := r.SweepExpired(now); n > 0 {
			labkit.Infof("session sweep removed=%d", n)
		}
	}
}

type Job struct {
	Kind    string
	Session string
}

// Dispatcher is the async work pool (audit events, usage counters).
type Dispatcher struct {
	jobs chan Job
}

func (d *Dispatcher) worker(id int) {
	for job := range d.jobs {
		_ = job
	}
}

type Gateway struct {
	registry *SessionRegistry
	dispatch *Dispatcher
}

// serveConn is one edge-proxy keep-alive connection: read a request line,
// serve it, wait for the next one.
func (g *Gateway) serveConn(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		start := time.Now()
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != "GET" {
			fmt.Fprintf(conn, "400\n")
			labkit.ObserveRequest("/v1/session", 400, time.Since(start).Seconds())
			continue
		}
		s := g.registry.Touch(f[1], f[2])
		select {
		case g.dispatch.jobs <- Job{Kind: "session.touch", Session: s.ID}:
		default:
		}
		fmt.Fprintf(conn, "200 %d\n", s.Requests)
		labkit.ObserveRequest("/v1/session", 200, time.Since(start).Seconds())
	}
}

func (g *Gateway) acceptLoop(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go g.serveConn(conn)
	}
}

// authService stands in for the remote auth service: each revoke takes
// revokeLag.
func authService(ln net.Listener) {
	conn, err := ln.Accept()
	if err != nil {
		return
	}
	r := bufio.NewReader(conn)
	for {
		if _, err := r.ReadString('\n'); err != nil {
			return
		}
		time.Sleep(revokeLag)
		if _, err := conn.Write([]byte("OK\n")); err != nil {
			return
		}
	}
}

func main() {
	labkit.Init("session-gateway")
	authLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go authService(authLn)
	authConn, err := net.Dial("tcp", authLn.Addr().String())
	if err != nil {
		panic(err)
	}
	registry := &SessionRegistry{
		sessions: map[string]*Session{},
		auth:     &AuthClient{conn: authConn, r: bufio.NewReader(authConn)},
	}
	dispatch := &Dispatcher{jobs: make(chan Job, 256)}
	for i := 0; i < dispatchWorkers; i++ {
		go dispatch.worker(i)
	}
	gw := &Gateway{registry: registry, dispatch: dispatch}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go gw.acceptLoop(ln)

	// Sessions restored from the last snapshot; the oldest have expired.
	old := time.Now().Add(-time.Hour)
	for i := 0; i < expiredSessions; i++ {
		id := fmt.Sprintf("sess-restored-%03d", i)
		registry.sessions[id] = &Session{ID: id, User: fmt.Sprintf("u%d", i), LastSeen: old}
	}

	// The edge proxies open their keep-alive connections.
	clients := make([]net.Conn, 0, keepAliveConns)
	for i := 0; i < keepAliveConns; i++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			panic(err)
		}
		clients = append(clients, c)
	}
	labkit.Infof("gateway listening addr=%s keepalive_conns=%d dispatch_workers=%d", ln.Addr(), keepAliveConns, dispatchWorkers)

	// Warm traffic on a few connections before the first sweep.
	for i := 0; i < 16; i++ {
		c := clients[i*37%keepAliveConns]
		fmt.Fprintf(c, "GET sess-%04d user%d\n", i, i)
		if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
			panic(err)
		}
	}
	go registry.janitor()
	time.Sleep(sweepEvery + 100*time.Millisecond)

	// Requests keep arriving; each lands on its connection goroutine, which
	// now waits for the registry mutex the janitor holds.
	for i := 0; i < busyConns; i++ {
		c := clients[(i*13+5)%keepAliveConns]
		fmt.Fprintf(c, "GET sess-%04d user%d\n", 100+i, 100+i)
	}
	time.Sleep(300 * time.Millisecond)
	labkit.Warnf("p99 latency above 1s handler=/v1/session inflight=%d idle_conns=%d", busyConns, keepAliveConns-busyConns)
	select {}
}
