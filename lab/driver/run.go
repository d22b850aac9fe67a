package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	hardTimeout    = 15 * time.Second // nothing runs longer, whatever the case says
	dumpWait       = 5 * time.Second  // how long a SIGUSR1 dump may take before SIGQUIT anyway
	rssPollPeriod  = 5 * time.Millisecond
	afterDumpPause = 100 * time.Millisecond
)

// run executes one case into dir and writes meta.json there.
func run(labDir string, tc *toolchain, c *Case, bin, dir string) (*result, error) {
	abs := dir // dir as the command sees it (relative to labDir, or absolute)
	if !filepath.IsAbs(dir) {
		abs = filepath.Join(labDir, dir)
	}
	if err := os.RemoveAll(abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	command := c.command(tc.short, bin, dir)
	cmd := exec.Command("/bin/bash", "-c", command)
	cmd.Dir = labDir
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp", "LANG=C.UTF-8"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	pid := cmd.Process.Pid
	var sent string // the signal the driver ended the process with
	var reason *string
	hard := false
	var watchdog <-chan time.Time
	if c.watchdog > 0 {
		watchdog = time.After(c.watchdog)
	}
	var rssPoll <-chan time.Time
	var rssTicker *time.Ticker
	if c.oomKillMiB > 0 {
		rssTicker = time.NewTicker(rssPollPeriod)
		defer rssTicker.Stop()
		rssPoll = rssTicker.C
	}
	hardStop := time.After(hardTimeout)
	var waitErr error
loop:
	for {
		select {
		case waitErr = <-exited:
			break loop
		case <-watchdog:
			watchdog = nil
			if c.dumpBy == dumpOnSignal {
				syscall.Kill(pid, syscall.SIGUSR1)
				waitForFile(filepath.Join(abs, "dump.txt"), dumpWait)
				time.Sleep(afterDumpPause)
			}
			sent = "SIGQUIT"
			syscall.Kill(pid, syscall.SIGQUIT)
		case <-rssPoll:
			if rssMiB(pid) >= c.oomKillMiB {
				// What the kernel's cgroup OOM killer does: no warning, no output.
				syscall.Kill(pid, syscall.SIGKILL)
				sent = "SIGKILL"
				r := "OOMKilled"
				reason = &r
				rssPoll = nil
			}
		case <-hardStop:
			hard = true
			syscall.Kill(-pid, syscall.SIGKILL)
			hardStop = nil
		}
	}
	elapsed := time.Since(start)
	os.Remove(filepath.Join(abs, "dump.txt.tmp"))
	os.Remove(filepath.Join(abs, "metrics.prom.tmp"))

	res := &result{
		RootCause: c.cause, Program: c.program, GoVersion: tc.version, Command: command,
		ExpectedKind: c.kindFor(tc.short), Deterministic: c.deterministic, Description: c.description,
		Gotraceback: c.traceback, DurationMs: elapsed.Milliseconds(), HardTimeout: hard, Reason: reason,
		EndedBy: c.endedBy(),
		dir:     dir,
	}
	res.ExitCode, res.Signal = exitStatus(cmd, waitErr, sent)
	crashPath := filepath.Join(abs, "crash.txt")
	n, err := countGoroutineHeaders(crashPath)
	if err != nil {
		return nil, err
	}
	res.CrashGoroutines = n
	if text, err := os.ReadFile(crashPath); err == nil {
		res.firstCrashLine = firstCrashLine(text)
	}
	dumpPath := filepath.Join(abs, "dump.txt")
	if _, err := os.Stat(dumpPath); err == nil {
		d, err := countGoroutineHeaders(dumpPath)
		if err != nil {
			return nil, err
		}
		res.DumpGoroutines = &d
	}
	for _, f := range []string{"metrics.jsonl", "metrics.prom"} {
		if st, err := os.Stat(filepath.Join(abs, f)); err == nil && st.Size() == 0 {
			os.Remove(filepath.Join(abs, f))
		}
	}
	var meta bytes.Buffer
	enc := json.NewEncoder(&meta)
	enc.SetEscapeHTML(false) // keep "2>crash.txt" readable in the command
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(abs, "meta.json"), meta.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return res, nil
}

// exitStatus reports the exit code as a shell would ($?: 128+n when killed
// by signal n) and the signal that ended the process: the one it died of,
// or the one the driver sent (the runtime exits with status 2 after
// printing its SIGQUIT dump rather than dying of the signal).
func exitStatus(cmd *exec.Cmd, waitErr error, sent string) (int, *string) {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok {
		return -1, nil
	}
	if ws.Signaled() {
		name := signalName(ws.Signal())
		return 128 + int(ws.Signal()), &name
	}
	if sent != "" {
		return ws.ExitStatus(), &sent
	}
	return ws.ExitStatus(), nil
}

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGKILL:
		return "SIGKILL"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	case syscall.SIGABRT:
		return "SIGABRT"
	case syscall.SIGSEGV:
		return "SIGSEGV"
	case syscall.SIGBUS:
		return "SIGBUS"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return "SIG" + strings.ToUpper(s.String())
}

func rssMiB(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.Atoi(f[1])
				return kb / 1024
			}
		}
	}
	return 0
}

func waitForFile(path string, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
