// An ingest router fans events out to per-tenant pipelines and hot-reloads
// its routing config. Two bugs turn a flapping config source (two rollout
// controllers fighting over the same ConfigMap, a new revision every few
// milliseconds) into a steady goroutine leak:
//
//   - Reload builds and starts a fresh WorkerSet for every revision and
//     swaps it in, but never calls Stop on the old one. The old set's
//     dispatchers stay in `range jobs` (chan receive), its upstream probers
//     in a select on a stop channel nobody closes, its sink batchers in
//     sync.Cond.Wait and its dead-letter retriers in a long time.Sleep.
//   - Tenant.syncQuota takes the per-tenant mutex and returns on the
//     "credentials expired" error path without unlocking it. Every later
//     quota syncer for that tenant, one per reload, queues on the mutex
//     forever (sync.Mutex.Lock).
//
// The goroutine count climbs with every reload (go_goroutines rises sample
// after sample) until the revisions stop; the service still answers health
// checks, so only the watchdog catches it.
package main

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	dispatchersPerSet = 6
	probersPerSet     = 4
	retriersPerSet    = 2
	reloadInterval    = 20 * time.Millisecond
	flappingRevisions = 110
)

var sinks = []string{"clickhouse", "s3-archive", "kafka-mirror"}

type Config struct {
	Revision      int
	Upstreams     []string
	RetryInterval time.Duration
}

type Job struct {
	Tenant string
	Body   []byte
}

// --- tenants and their quota sync ---

var errCredentialsExpired = errors.New("quota service: 401 credentials expired")

type Tenant struct {
	name         string
	mu           sync.Mutex // guards quota
	quota        int
	credsExpired bool
}

func (t *Tenant) fetchQuota(cfg *Config) (int, error) {
	if t.credsExpired {
		return 0, errCredentialsExpired
	}
	return 1000 + cfg.Revision, nil
}

// syncQuota refreshes the tenant's quota from the quota service.
func (t *Tenant) syncQuota(cfg *Config) error {
	t.mu.Lock()
	q, err := t.fetchQuota(cfg)
	if err != nil {
		return fmt.Errorf("tenant %s: %w", t.name, err) // BUG: t.mu stays locked
	}
	t.quota = q
	t.mu.Unlock()
	return nil
}

// --- sink batchers ---

type Batcher struct {
	sink    string
	mu      sync.Mutex
	cond    *sync.Cond
	pending []Job
	closed  bool
}

func newBatcher(sink string) *Batcher {
	b := &Batcher{sink: sink}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Batcher) run() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		for len(b.pending) == 0 && !b.closed {
			b.cond.Wait()
		}
		if b.closed {
			return
		}
		b.pending = b.pending[:0] // flush
	}
}

func (b *Batcher) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cond.Broadcast()
}

// --- the worker set built for one config revision ---

type WorkerSet struct {
	cfg      *Config
	jobs     chan Job
	probes   chan string
	resync   chan struct{}
	stop     chan struct{}
	batchers []*Batcher
}

func NewWorkerSet(cfg *Config) *WorkerSet {
	return &WorkerSet{
		cfg:    cfg,
		jobs:   make(chan Job),
		probes: make(chan string),
		resync: make(chan struct{}),
		stop:   make(chan struct{}),
	}
}

func (ws *WorkerSet) dispatch() {
	for job := range ws.jobs {
		_ = job.Tenant
	}
}

func (ws *WorkerSet) probeUpstream(upstream string) {
	for {
		select {
		case <-ws.stop:
			return
		case r := <-ws.probes:
			_ = r
		}
	}
}

func (ws *WorkerSet) retryDeadLetters(shard int) {
	for {
		select {
		case <-ws.stop:
			return
		default:
		}
		time.Sleep(ws.cfg.RetryInterval) // between passes over the dead-letter shard
	}
}

func (ws *WorkerSet) syncTenant(t *Tenant) {
	if err := t.syncQuota(ws.cfg); err != nil {
		labkit.Errorf("quota sync failed rev=%d: %v", ws.cfg.Revision, err)
		return
	}
	select {
	case <-ws.stop:
	case <-ws.resync:
	}
}

func (ws *WorkerSet) Start() {
	ws.startDispatchers()
	ws.startProbers()
	ws.startSinks()
	for i := 0; i < retriersPerSet; i++ {
		go ws.retryDeadLetters(i)
	}
}

func (ws *WorkerSet) startDispatchers() {
	for i := 0; i < dispatchersPerSet; i++ {
		go ws.dispatch()
	}
}

func (ws *WorkerSet) startProbers() {
	for i := 0; i < probersPerSet; i++ {
		go ws.probeUpstream(ws.cfg.Upstreams[i%len(ws.cfg.Upstreams)])
	}
}

func (ws *WorkerSet) startSinks() {
	for _, s := range sinks {
		b := newBatcher(s)
		ws.batchers = append(ws.batchers, b)
		go b.run()
	}
}

// Stop is correct; Reload just never calls it.
func (ws *WorkerSet) Stop() {
	close(ws.stop)
	close(ws.jobs)
	for _, b := range ws.batchers {
		b.Close()
	}
}

// --- supervisor ---

type Supervisor struct {
	mu       sync.Mutex
	current  *WorkerSet
	tenants  []*Tenant
	reloads  int
	shutdown chan struct{}
}

func (s *Supervisor) Reload(cfg *Config) {
	ws := NewWorkerSet(cfg)
	ws.Start()
	s.syncTenants(ws)
	s.mu.Lock()
	s.current = ws // BUG: the previous set is dropped without ws.Stop()
	s.reloads++
	s.mu.Unlock()
}

// syncTenants refreshes every tenant's quota for the new revision.
func (s *Supervisor) syncTenants(ws *WorkerSet) {
	for _, t := range s.tenants {
		go ws.syncTenant(t)
	}
}

// watchConfig applies every revision the config source delivers.
func (s *Supervisor) watchConfig() {
	for rev := 2; rev <= flappingRevisions; rev++ {
		time.Sleep(reloadInterval)
		s.Reload(&Config{Revision: rev, Upstreams: []string{"10.4.0.11:7000", "10.4.0.12:7000"}, RetryInterval: 5 * time.Minute})
		if rev%10 == 0 {
			labkit.Infof("config reloaded revision=%d reloads=%d goroutines=%d", rev, s.reloads, runtime.NumGoroutine())
		}
	}
	labkit.Infof("config source quiet after revision %d", flappingRevisions)
}

func main() {
	labkit.Init("ingest-router")
	s := &Supervisor{
		tenants: []*Tenant{
			{name: "acme"},
			{name: "globex", credsExpired: true},
			{name: "initech"},
			{name: "umbrella", credsExpired: true},
		},
		shutdown: make(chan struct{}),
	}
	s.Reload(&Config{Revision: 1, Upstreams: []string{"10.4.0.11:7000", "10.4.0.12:7000"}, RetryInterval: 5 * time.Minute})
	labkit.Infof("routing config revision=1 applied tenants=%d sinks=%d", len(s.tenants), len(sinks))
	go s.watchConfig()
	<-s.shutdown
}
