package labkit

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"time"
)

const defaultInterval = 250 * time.Millisecond

// series is one sample value with the client_golang series name it would
// have in a scrape, e.g. `go_gc_duration_seconds{quantile="0.5"}`.
type series struct {
	name  string
	value float64
}

// snapshot is everything one sample knows; it renders both the JSON file
// form and the text exposition.
type snapshot struct {
	at         time.Time
	mem        runtime.MemStats
	gc         debug.GCStats
	goroutines int
	threads    int
	gogc       float64 // -1 when the runtime cannot tell (Go 1.19)
	memLimit   float64
	gomaxprocs int
	proc       procStats
}

func takeSnapshot() *snapshot {
	s := &snapshot{at: time.Now()}
	runtime.ReadMemStats(&s.mem)
	s.gc.PauseQuantiles = make([]time.Duration, 5)
	debug.ReadGCStats(&s.gc)
	s.goroutines = runtime.NumGoroutine()
	s.threads, _ = runtime.ThreadCreateProfile(nil)
	s.gomaxprocs = runtime.GOMAXPROCS(0)
	s.gogc, s.memLimit = gcSettings()
	s.proc = readProcStats()
	return s
}

// gcSettings reads GOGC and GOMEMLIMIT without changing them: runtime/metrics
// has /gc/gogc:percent from Go 1.21; SetMemoryLimit(-1) only reads.
func gcSettings() (gogc, memLimit float64) {
	sample := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(sample)
	gogc = -1
	if sample[0].Value.Kind() == metrics.KindUint64 {
		gogc = float64(sample[0].Value.Uint64())
	}
	return gogc, float64(debug.SetMemoryLimit(-1))
}

// quantileKeys are the client_golang summary quantiles of go_gc_duration_seconds.
var quantileKeys = []string{"0", "0.25", "0.5", "0.75", "1"}

// flat lists the sample in the file form's key order. Names are exactly
// client_golang's series names.
func (s *snapshot) flat() []series {
	m := &s.mem
	out := []series{
		{"go_goroutines", float64(s.goroutines)},
		{"go_threads", float64(s.threads)},
		{"go_memstats_alloc_bytes", float64(m.Alloc)},
		{"go_memstats_alloc_bytes_total", float64(m.TotalAlloc)},
		{"go_memstats_sys_bytes", float64(m.Sys)},
		{"go_memstats_mallocs_total", float64(m.Mallocs)},
		{"go_memstats_frees_total", float64(m.Frees)},
		{"go_memstats_heap_alloc_bytes", float64(m.HeapAlloc)},
		{"go_memstats_heap_sys_bytes", float64(m.HeapSys)},
		{"go_memstats_heap_idle_bytes", float64(m.HeapIdle)},
		{"go_memstats_heap_inuse_bytes", float64(m.HeapInuse)},
		{"go_memstats_heap_released_bytes", float64(m.HeapReleased)},
		{"go_memstats_heap_objects", float64(m.HeapObjects)},
		{"go_memstats_stack_inuse_bytes", float64(m.StackInuse)},
		{"go_memstats_stack_sys_bytes", float64(m.StackSys)},
		{"go_memstats_mspan_inuse_bytes", float64(m.MSpanInuse)},
		{"go_memstats_mspan_sys_bytes", float64(m.MSpanSys)},
		{"go_memstats_mcache_inuse_bytes", float64(m.MCacheInuse)},
		{"go_memstats_mcache_sys_bytes", float64(m.MCacheSys)},
		{"go_memstats_buck_hash_sys_bytes", float64(m.BuckHashSys)},
		{"go_memstats_gc_sys_bytes", float64(m.GCSys)},
		{"go_memstats_other_sys_bytes", float64(m.OtherSys)},
		{"go_memstats_next_gc_bytes", float64(m.NextGC)},
		{"go_memstats_last_gc_time_seconds", float64(s.gc.LastGC.UnixNano()) / 1e9},
		{"go_gc_duration_seconds_count", float64(s.gc.NumGC)},
		{"go_gc_duration_seconds_sum", s.gc.PauseTotal.Seconds()},
	}
	for i, q := range quantileKeys {
		out = append(out, series{`go_gc_duration_seconds{quantile="` + q + `"}`, s.gc.PauseQuantiles[i].Seconds()})
	}
	if s.gogc >= 0 {
		out = append(out, series{"go_gc_gogc_percent", s.gogc})
	}
	out = append(out,
		series{"go_gc_gomemlimit_bytes", s.memLimit},
		series{"go_memlimit_bytes", s.memLimit},
		series{"go_sched_gomaxprocs_threads", float64(s.gomaxprocs)},
	)
	if s.proc.ok {
		p := s.proc
		out = append(out,
			series{"process_cpu_seconds_total", p.cpuSeconds},
			series{"process_open_fds", p.openFDs},
			series{"process_max_fds", p.maxFDs},
			series{"process_resident_memory_bytes", p.residentBytes},
			series{"process_virtual_memory_bytes", p.virtualBytes},
			series{"process_virtual_memory_max_bytes", p.virtualMax},
			series{"process_start_time_seconds", p.startTimeEpoch},
		)
	}
	return out
}

// jsonLine renders the file form: {"ts_ms": ..., "go_goroutines": ..., ...}\n
func (s *snapshot) jsonLine() []byte {
	b := make([]byte, 0, 2048)
	b = append(b, `{"ts_ms": `...)
	b = strconv.AppendInt(b, s.at.UnixMilli(), 10)
	for _, kv := range s.flat() {
		b = append(b, ", "...)
		b = strconv.AppendQuote(b, kv.name)
		b = append(b, ": "...)
		b = appendJSONNumber(b, kv.value)
	}
	return append(b, "}\n"...)
}

func appendJSONNumber(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return append(b, "null"...)
	case v == math.Trunc(v) && math.Abs(v) < 1<<53:
		return strconv.AppendInt(b, int64(v), 10)
	default:
		return strconv.AppendFloat(b, v, 'g', -1, 64)
	}
}

// metricsSampler appends a JSON line per tick and keeps the exposition file
// fresh, so whatever kills the process the files hold the last state.
type metricsSampler struct {
	mu       sync.Mutex
	jsonl    *os.File
	promPath string
	ticker   *time.Ticker
	done     chan struct{}
	finished chan struct{}
}

func startSampler(jsonlPath, promPath string, interval time.Duration) *metricsSampler {
	s := &metricsSampler{promPath: promPath, done: make(chan struct{}), finished: make(chan struct{})}
	if jsonlPath != "" {
		f, err := os.OpenFile(jsonlPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			Errorf("metrics sampler disabled: %v", err)
		} else {
			s.jsonl = f
		}
	}
	s.sampleNow()
	s.ticker = time.NewTicker(interval)
	go s.loop()
	return s
}

func (s *metricsSampler) loop() {
	defer close(s.finished)
	for {
		select {
		case <-s.ticker.C:
			s.sampleNow()
		case <-s.done:
			return
		}
	}
}

func (s *metricsSampler) sampleNow() {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := takeSnapshot()
	if s.jsonl != nil {
		// One write per line: a crash between samples never leaves half a line.
		s.jsonl.Write(snap.jsonLine())
	}
	if s.promPath != "" {
		writeFileAtomic(s.promPath, snap.exposition())
	}
}

func (s *metricsSampler) stop() {
	s.ticker.Stop()
	close(s.done)
	<-s.finished
	s.sampleNow()
	if s.jsonl != nil {
		s.jsonl.Close()
		s.jsonl = nil
	}
}

func writeFileAtomic(path string, data []byte) {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err == nil {
		os.Rename(tmp, path)
	}
}

func envDuration(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return d
		}
	}
	return def
}
