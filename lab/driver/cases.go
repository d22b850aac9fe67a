package main

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"
)

// dumpMode says who takes dump.txt.
type dumpMode int

const (
	dumpNone     dumpMode = iota
	dumpBySelf            // the program calls labkit.Dump() just before it triggers the failure
	dumpOnSignal          // hang: the driver sends SIGUSR1 before the watchdog's SIGQUIT
)

// Case is one program run the way it dies in production.
type Case struct {
	cause, program string
	description    string // the real bug pattern, one sentence
	kind           string // expected crash kind id
	kindOn         map[string]string
	traceback      string   // GOTRACEBACK; "" leaves it unset (the default, single)
	env            []string // extra environment, e.g. GOGC=10
	args           []string
	vmHeadroomMiB  int // ulimit -v: the toolchain's start-up address space plus this much
	ulimitN        int // open files (ulimit -n)
	watchdog       time.Duration
	oomKillMiB     int // SIGKILL when resident memory reaches this (Kubernetes OOMKilled)
	dumpBy         dumpMode
	race, cgo      bool
	prom           bool // keep the last text-exposition scrape in metrics.prom
	httpAdmin      bool // serve /metrics and pprof on a free loopback port (GORCA_HTTP_ADDR)
	noMetrics      bool // runtime deadlock detection needs every timer gone
	deterministic  bool
	onlyOn         map[string]bool // Go versions the case applies to; nil: all
}

func (c *Case) id() string { return c.cause + "/" + c.program }

func (c *Case) kindFor(goShort string) string {
	if k, ok := c.kindOn[goShort]; ok {
		return k
	}
	return c.kind
}

// command is the exact shell command line the driver runs from the lab
// directory: limits, environment, binary, redirections.
func (c *Case) command(goShort, bin, dir string) string {
	var parts []string
	if c.vmHeadroomMiB > 0 {
		parts = append(parts, fmt.Sprintf("ulimit -v %d &&", c.ulimitV(goShort)))
	}
	if c.ulimitN > 0 {
		parts = append(parts, fmt.Sprintf("ulimit -n %d &&", c.ulimitN))
	}
	env := []string{}
	if c.traceback != "" {
		env = append(env, "GOTRACEBACK="+c.traceback)
	}
	env = append(env, c.env...)
	if !c.noMetrics {
		env = append(env, "GORCA_METRICS_FILE="+filepath.Join(dir, "metrics.jsonl"))
		if c.prom {
			env = append(env, "GORCA_PROM_FILE="+filepath.Join(dir, "metrics.prom"))
		}
	}
	if c.dumpBy != dumpNone {
		env = append(env, "GORCA_DUMP_FILE="+filepath.Join(dir, "dump.txt"))
	}
	if c.dumpBy == dumpOnSignal {
		env = append(env, "GORCA_DUMP_SIGNAL=SIGUSR1")
	}
	if c.httpAdmin {
		env = append(env, "GORCA_HTTP_ADDR="+freeLoopbackAddr())
	}
	parts = append(parts, env...)
	parts = append(parts, "exec", bin)
	parts = append(parts, c.args...)
	parts = append(parts, "2>"+filepath.Join(dir, "crash.txt"), ">/dev/null", "</dev/null")
	return strings.Join(parts, " ")
}

// death says in words how the case ends, for the README table.
func (c *Case) death() string {
	var d []string
	if c.vmHeadroomMiB > 0 {
		d = append(d, fmt.Sprintf("`ulimit -v` start-up size + %d MiB", c.vmHeadroomMiB))
	}
	if c.ulimitN > 0 {
		d = append(d, fmt.Sprintf("`ulimit -n %d`", c.ulimitN))
	}
	for _, e := range c.env {
		d = append(d, "`"+e+"`")
	}
	if c.watchdog > 0 {
		d = append(d, fmt.Sprintf("watchdog SIGQUIT after %s", c.watchdog))
	}
	if c.oomKillMiB > 0 {
		d = append(d, fmt.Sprintf("SIGKILL at RSS %d MiB (OOMKilled)", c.oomKillMiB))
	}
	if c.race {
		d = append(d, "`-race` build")
	}
	if len(d) == 0 {
		return "crashes by itself"
	}
	return strings.Join(d, ", ")
}

// startupVirtualMiB is the address space a freshly started lab binary
// already has (VmSize), measured per toolchain: Go 1.21 and later reserve
// about half a gigabyte more up front than Go 1.19. ulimit -v is set to
// this plus the case's headroom so every version gets the same heap room.
var startupVirtualMiB = map[string]int{"1.19": 700, "1.21": 1200, "1.23": 1200}

func (c *Case) ulimitV(goShort string) int {
	base, ok := startupVirtualMiB[goShort]
	if !ok {
		base = 1200
	}
	return (base + c.vmHeadroomMiB) * 1024
}

func freeLoopbackAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "127.0.0.1:9464"
	}
	defer ln.Close()
	return ln.Addr().String()
}

// endedBy says, for meta.json, what the driver does to end the process
// beyond what the command line shows.
func (c *Case) endedBy() string {
	switch {
	case c.oomKillMiB > 0:
		return fmt.Sprintf("driver: SIGKILL when VmRSS reaches %d MiB, as the kernel's cgroup OOM killer does", c.oomKillMiB)
	case c.watchdog > 0 && c.dumpBy == dumpOnSignal:
		return fmt.Sprintf("driver watchdog: SIGUSR1 (goroutine dump to dump.txt) after %s, then SIGQUIT", c.watchdog)
	case c.watchdog > 0:
		return fmt.Sprintf("driver watchdog: SIGQUIT after %s", c.watchdog)
	}
	return "the process itself"
}
