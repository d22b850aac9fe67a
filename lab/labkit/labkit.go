// Package labkit is the little bit of service plumbing every lab program
// shares: structured-ish logging, a Prometheus-style metrics sampler, the
// /metrics and pprof endpoints, and the goroutine dump taken shortly before
// the end. It only uses the standard library, like the programs it serves.
//
// Everything is driven by environment variables so the capture driver can
// switch features on per case:
//
//	GORCA_METRICS_FILE      append one JSON sample per line ("file form")
//	GORCA_METRICS_INTERVAL  sampling period, a Go duration (default 250ms)
//	GORCA_PROM_FILE         keep the last text-exposition scrape in this file
//	GORCA_HTTP_ADDR         serve /metrics and /debug/pprof/ on this address
//	GORCA_DUMP_FILE         where Dump writes the debug=2 goroutine dump
//	GORCA_DUMP_SIGNAL       "SIGUSR1": dump when SIGUSR1 arrives (hang cases)
package labkit

import (
	"log"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
)

var (
	initOnce sync.Once
	sampler  *metricsSampler
	server   *httpServer
)

// Init starts whatever the environment asks for and logs the usual
// start-up line. Call it first thing in main.
//
// Programs that must end in the runtime's "all goroutines are asleep"
// detection must not run with GORCA_DUMP_SIGNAL or GORCA_HTTP_ADDR: a
// goroutine waiting for signals or connections keeps the runtime from ever
// calling the program dead. They call Stop before blocking instead.
func Init(service string) {
	initOnce.Do(func() {
		log.SetFlags(log.LstdFlags)
		log.SetOutput(os.Stderr)
		Infof("starting %s pid=%d go=%s gomaxprocs=%d", service, os.Getpid(), runtime.Version(), runtime.GOMAXPROCS(0))
		if path := os.Getenv("GORCA_METRICS_FILE"); path != "" || os.Getenv("GORCA_PROM_FILE") != "" {
			sampler = startSampler(path, os.Getenv("GORCA_PROM_FILE"), envDuration("GORCA_METRICS_INTERVAL", defaultInterval))
		}
		if addr := os.Getenv("GORCA_HTTP_ADDR"); addr != "" {
			if s := serveHTTP(addr); s != nil {
				server = s
			}
		}
		if os.Getenv("GORCA_DUMP_SIGNAL") == "SIGUSR1" {
			dumpOnSignal()
		}
		// One collection after start-up, as services do after loading their
		// initial state. It also starts the GC's mark workers now rather than
		// at some later, timing-dependent moment, so tracebacks at level
		// "system" list the same runtime goroutines on every run.
		runtime.GC()
	})
}

// Stop ends the sampler (after one last sample) and the HTTP server, so
// that no timer or goroutine of labkit stays alive.
func Stop() {
	if sampler != nil {
		sampler.stop()
		sampler = nil
	}
	if server != nil && server.srv != nil {
		server.stop()
		server = nil
	}
}

// Sample takes one metrics sample right now (and refreshes the exposition
// file). Programs call it just before they trigger their failure so the
// last metrics line shows the state at the end.
func Sample() {
	if sampler != nil {
		sampler.sampleNow()
	}
}

func dumpOnSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	go func() {
		for range ch {
			Sample()
			Dump()
		}
	}()
}

// Infof, Warnf and Errorf write the application log lines that surround a
// crash in production, e.g. "2026/11/25 12:00:00 INFO starting worker pool size=8".
func Infof(format string, args ...interface{})  { log.Printf("INFO "+format, args...) }
func Warnf(format string, args ...interface{})  { log.Printf("WARN "+format, args...) }
func Errorf(format string, args ...interface{}) { log.Printf("ERROR "+format, args...) }
