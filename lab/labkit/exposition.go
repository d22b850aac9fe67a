package labkit

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// family is one metric family of the text exposition format 0.0.4, as
// client_golang's default registry renders it: families sorted by name,
// HELP then TYPE, samples sorted by label values.
type family struct {
	name, help, typ string
	samples         []sample
}

type sample struct {
	suffix string // "", "_bucket", "_sum", "_count"
	labels [][2]string
	value  float64
}

const (
	helpGCDuration = "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles."
)

func gauge(name, help string, v float64) family {
	return family{name: name, help: help, typ: "gauge", samples: []sample{{value: v}}}
}

func counter(name, help string, v float64) family {
	return family{name: name, help: help, typ: "counter", samples: []sample{{value: v}}}
}

func (s *snapshot) families() []family {
	m := &s.mem
	ms := func(name, help string, v uint64) family {
		return gauge("go_memstats_"+name, help, float64(v))
	}
	gcSummary := family{name: "go_gc_duration_seconds", help: helpGCDuration, typ: "summary"}
	for i, q := range quantileKeys {
		gcSummary.samples = append(gcSummary.samples, sample{labels: [][2]string{{"quantile", q}}, value: s.gc.PauseQuantiles[i].Seconds()})
	}
	gcSummary.samples = append(gcSummary.samples,
		sample{suffix: "_sum", value: s.gc.PauseTotal.Seconds()},
		sample{suffix: "_count", value: float64(s.gc.NumGC)})

	fams := []family{
		gcSummary,
		gauge("go_gc_gomemlimit_bytes", "Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function. Sourced from /gc/gomemlimit:bytes", s.memLimit),
		gauge("go_goroutines", "Number of goroutines that currently exist.", float64(s.goroutines)),
		{name: "go_info", help: "Information about the Go environment.", typ: "gauge", samples: []sample{{labels: [][2]string{{"version", goVersion}}, value: 1}}},
		ms("alloc_bytes", "Number of bytes allocated in heap and currently in use. Equals to /memory/classes/heap/objects:bytes.", m.Alloc),
		counter("go_memstats_alloc_bytes_total", "Total number of bytes allocated in heap until now, even if released already. Equals to /gc/heap/allocs:bytes.", float64(m.TotalAlloc)),
		ms("buck_hash_sys_bytes", "Number of bytes used by the profiling bucket hash table. Equals to /memory/classes/profiling/buckets:bytes.", m.BuckHashSys),
		counter("go_memstats_frees_total", "Total number of heap objects frees. Equals to /gc/heap/frees:objects + /gc/heap/tiny/allocs:objects.", float64(m.Frees)),
		ms("gc_sys_bytes", "Number of bytes used for garbage collection system metadata. Equals to /memory/classes/metadata/other:bytes.", m.GCSys),
		ms("heap_alloc_bytes", "Number of heap bytes allocated and currently in use, same as go_memstats_alloc_bytes. Equals to /memory/classes/heap/objects:bytes.", m.HeapAlloc),
		ms("heap_idle_bytes", "Number of heap bytes waiting to be used. Equals to /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", m.HeapIdle),
		ms("heap_inuse_bytes", "Number of heap bytes that are in use. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes", m.HeapInuse),
		ms("heap_objects", "Number of currently allocated objects. Equals to /gc/heap/objects:objects.", m.HeapObjects),
		ms("heap_released_bytes", "Number of heap bytes released to OS. Equals to /memory/classes/heap/released:bytes.", m.HeapReleased),
		ms("heap_sys_bytes", "Number of heap bytes obtained from system. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes + /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", m.HeapSys),
		gauge("go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.", float64(s.gc.LastGC.UnixNano())/1e9),
		counter("go_memstats_mallocs_total", "Total number of heap objects allocated, both live and gc-ed. Semantically a counter version for go_memstats_heap_objects gauge. Equals to /gc/heap/allocs:objects + /gc/heap/tiny/allocs:objects.", float64(m.Mallocs)),
		ms("mcache_inuse_bytes", "Number of bytes in use by mcache structures. Equals to /memory/classes/metadata/mcache/inuse:bytes.", m.MCacheInuse),
		ms("mcache_sys_bytes", "Number of bytes used for mcache structures obtained from system. Equals to /memory/classes/metadata/mcache/inuse:bytes + /memory/classes/metadata/mcache/free:bytes.", m.MCacheSys),
		ms("mspan_inuse_bytes", "Number of bytes in use by mspan structures. Equals to /memory/classes/metadata/mspan/inuse:bytes.", m.MSpanInuse),
		ms("mspan_sys_bytes", "Number of bytes used for mspan structures obtained from system. Equals to /memory/classes/metadata/mspan/inuse:bytes + /memory/classes/metadata/mspan/free:bytes.", m.MSpanSys),
		ms("next_gc_bytes", "Number of heap bytes when next garbage collection will take place. Equals to /gc/heap/goal:bytes.", m.NextGC),
		ms("other_sys_bytes", "Number of bytes used for other system allocations. Equals to /memory/classes/other:bytes.", m.OtherSys),
		ms("stack_inuse_bytes", "Number of bytes obtained from system for stack allocator in non-CGO environments. Equals to /memory/classes/heap/stacks:bytes.", m.StackInuse),
		ms("stack_sys_bytes", "Number of bytes obtained from system for stack allocator. Equals to /memory/classes/heap/stacks:bytes + /memory/classes/os-stacks:bytes.", m.StackSys),
		ms("sys_bytes", "Number of bytes obtained from system. Equals to /memory/classes/total:byte.", m.Sys),
		gauge("go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously. Sourced from /sched/gomaxprocs:threads", float64(s.gomaxprocs)),
		gauge("go_threads", "Number of OS threads created.", float64(s.threads)),
	}
	if s.gogc >= 0 {
		fams = append(fams, gauge("go_gc_gogc_percent", "Heap size target percentage configured by the user, otherwise 100. This value is set by the GOGC environment variable, and the runtime/debug.SetGCPercent function. Sourced from /gc/gogc:percent", s.gogc))
	}
	if s.proc.ok {
		p := s.proc
		fams = append(fams,
			counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", p.cpuSeconds),
			gauge("process_max_fds", "Maximum number of open file descriptors.", p.maxFDs),
			gauge("process_open_fds", "Number of open file descriptors.", p.openFDs),
			gauge("process_resident_memory_bytes", "Resident memory size in bytes.", p.residentBytes),
			gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", p.startTimeEpoch),
			gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", p.virtualBytes),
			gauge("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.", p.virtualMax),
		)
	}
	fams = append(fams, requests.families()...)
	sort.Slice(fams, func(i, j int) bool { return fams[i].name < fams[j].name })
	return fams
}

// exposition renders the scrape body served at /metrics.
func (s *snapshot) exposition() []byte {
	var b strings.Builder
	for _, f := range s.families() {
		b.WriteString("# HELP " + f.name + " " + escapeHelp(f.help) + "\n")
		b.WriteString("# TYPE " + f.name + " " + f.typ + "\n")
		for _, smp := range f.samples {
			b.WriteString(f.name + smp.suffix)
			if len(smp.labels) > 0 {
				b.WriteByte('{')
				for i, l := range smp.labels {
					if i > 0 {
						b.WriteByte(',')
					}
					b.WriteString(l[0] + `="` + escapeLabel(l[1]) + `"`)
				}
				b.WriteByte('}')
			}
			b.WriteByte(' ')
			b.WriteString(formatValue(smp.value))
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

// formatValue matches expfmt's writeFloat.
func formatValue(v float64) string {
	switch {
	case v == 1:
		return "1"
	case v == 0:
		return "0"
	case v == -1:
		return "-1"
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, +1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
func escapeLabel(s string) string { return labelEscaper.Replace(s) }

// requestMetrics is the service's own instrumentation: a request counter and
// a request duration histogram by handler, like promhttp's middleware gives.
type requestMetrics struct {
	mu     sync.Mutex
	counts map[[2]string]float64 // {code, handler}
	hists  map[string]*histogram // by handler
}

type histogram struct {
	counts []float64 // cumulative per bucket
	count  float64
	sum    float64
}

// defBuckets are client_golang's DefBuckets.
var defBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

var requests = &requestMetrics{counts: map[[2]string]float64{}, hists: map[string]*histogram{}}

// ObserveRequest records one served request for http_requests_total and
// http_request_duration_seconds.
func ObserveRequest(handler string, code int, seconds float64) {
	requests.mu.Lock()
	defer requests.mu.Unlock()
	requests.counts[[2]string{strconv.Itoa(code), handler}]++
	h := requests.hists[handler]
	if h == nil {
		h = &histogram{counts: make([]float64, len(defBuckets))}
		requests.hists[handler] = h
	}
	for i, le := range defBuckets {
		if seconds <= le {
			h.counts[i]++
		}
	}
	h.count++
	h.sum += seconds
}

func (r *requestMetrics) families() []family {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.counts) == 0 {
		return nil
	}
	total := family{name: "http_requests_total", help: "Total number of HTTP requests by status code and handler.", typ: "counter"}
	keys := make([][2]string, 0, len(r.counts))
	for k := range r.counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		total.samples = append(total.samples, sample{labels: [][2]string{{"code", k[0]}, {"handler", k[1]}}, value: r.counts[k]})
	}
	dur := family{name: "http_request_duration_seconds", help: "A histogram of latencies for requests.", typ: "histogram"}
	handlers := make([]string, 0, len(r.hists))
	for h := range r.hists {
		handlers = append(handlers, h)
	}
	sort.Strings(handlers)
	for _, name := range handlers {
		h := r.hists[name]
		for i, le := range defBuckets {
			dur.samples = append(dur.samples, sample{suffix: "_bucket", labels: [][2]string{{"handler", name}, {"le", formatValue(le)}}, value: h.counts[i]})
		}
		dur.samples = append(dur.samples,
			sample{suffix: "_bucket", labels: [][2]string{{"handler", name}, {"le", "+Inf"}}, value: h.count},
			sample{suffix: "_sum", labels: [][2]string{{"handler", name}}, value: h.sum},
			sample{suffix: "_count", labels: [][2]string{{"handler", name}}, value: h.count})
	}
	return []family{dur, total}
}
