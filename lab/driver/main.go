// Command driver builds every lab program with each Go toolchain and runs
// each case the way it dies in production (memory limits, fd limits, the
// watchdog's SIGQUIT, a Kubernetes-style OOM kill), recording stderr, the
// goroutine dump, metrics and a meta.json per case. capture.sh wraps it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func main() {
	goVersions := flag.String("go", "1.19,1.21,1.23", "comma-separated Go toolchain versions (under /usr/lib/go-<v>/bin)")
	only := flag.String("only", "", "run only cases whose <cause>/<program> has this prefix (comma-separated)")
	out := flag.String("out", "captures", "output directory, relative to the lab directory")
	check := flag.Bool("check", false, "run every case a second time into a scratch directory and report non-deterministic results")
	table := flag.Bool("table", false, "print the README case table and exit")
	list := flag.Bool("list", false, "list case ids and exit")
	flag.Parse()

	if *table {
		printTable()
		return
	}
	selected := selectCases(*only)
	if *list {
		for _, c := range selected {
			fmt.Println(c.id())
		}
		return
	}
	labDir, err := os.Getwd()
	must(err)
	if _, err := os.Stat(filepath.Join(labDir, "go.mod")); err != nil {
		fail("run the driver from the lab directory (expected go.mod in %s)", labDir)
	}
	failures := 0
	for _, v := range strings.Split(*goVersions, ",") {
		tc, err := newToolchain(labDir, strings.TrimSpace(v))
		must(err)
		for _, c := range selected {
			if c.onlyOn != nil && !c.onlyOn[tc.short] {
				continue
			}
			bin, err := tc.build(c)
			if err != nil {
				fmt.Fprintf(os.Stderr, "BUILD FAILED %s %s: %v\n", tc.version, c.id(), err)
				failures++
				continue
			}
			dir := filepath.Join(*out, "go"+tc.short, c.cause, c.program)
			res, err := run(labDir, tc, c, bin, dir)
			if err != nil {
				fmt.Fprintf(os.Stderr, "RUN FAILED %s %s: %v\n", tc.version, c.id(), err)
				failures++
				continue
			}
			fmt.Println(res.summary())
			if *check {
				scratch := filepath.Join(os.TempDir(), "gorca-lab-check", "go"+tc.short, c.cause, c.program)
				again, err := run(labDir, tc, c, bin, scratch)
				if err == nil {
					if diff := res.differences(again); diff != "" {
						fmt.Printf("  NOT DETERMINISTIC (declared %v): %s\n", c.deterministic, diff)
					}
				}
			}
		}
	}
	if failures > 0 {
		fail("%d case(s) failed to build or run", failures)
	}
}

func selectCases(only string) []*Case {
	var sel []*Case
	for _, c := range cases {
		if only == "" {
			sel = append(sel, c)
			continue
		}
		for _, p := range strings.Split(only, ",") {
			if p != "" && strings.HasPrefix(c.id(), p) {
				sel = append(sel, c)
				break
			}
		}
	}
	if len(sel) == 0 {
		fail("no case matches --only %q; see --list", only)
	}
	return sel
}

// toolchain is one installed Go release.
type toolchain struct {
	short, version, goBin, labDir string
}

func newToolchain(labDir, short string) (*toolchain, error) {
	goBin := fmt.Sprintf("/usr/lib/go-%s/bin/go", short)
	outb, err := exec.Command(goBin, "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("Go %s not found at %s (run bash lab/install-go.sh): %v", short, goBin, err)
	}
	return &toolchain{short: short, version: strings.TrimSpace(string(outb)), goBin: goBin, labDir: labDir}, nil
}

func (t *toolchain) build(c *Case) (string, error) {
	bin := filepath.Join("bin", "go"+t.short, c.cause, c.program)
	if c.race {
		bin += "-race"
	}
	args := []string{"build", "-o", bin}
	if c.race {
		args = append(args, "-race")
	}
	args = append(args, "./programs/"+c.cause+"/"+c.program)
	cmd := exec.Command(t.goBin, args...)
	cmd.Dir = t.labDir
	cgo := "0"
	if c.cgo || c.race {
		cgo = "1"
	}
	cmd.Env = append(os.Environ(), "CGO_ENABLED="+cgo, "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=")
	outb, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%v\n%s", err, outb)
	}
	return bin, nil
}

// result is what one run produced; it becomes meta.json.
type result struct {
	RootCause       string  `json:"root_cause"`
	Program         string  `json:"program"`
	GoVersion       string  `json:"go_version"`
	Command         string  `json:"command"`
	ExitCode        int     `json:"exit_code"`
	Signal          *string `json:"signal"`
	Reason          *string `json:"reason"`
	ExpectedKind    string  `json:"expected_kind"`
	CrashGoroutines int     `json:"crash_goroutines"`
	DumpGoroutines  *int    `json:"dump_goroutines"`
	Deterministic   bool    `json:"deterministic"`
	Description     string  `json:"description"`
	Gotraceback     string  `json:"gotraceback"`
	EndedBy         string  `json:"ended_by"`
	DurationMs      int64   `json:"duration_ms"`
	HardTimeout     bool    `json:"hard_timeout,omitempty"`
	firstCrashLine  string
	dir             string
}

func (r *result) summary() string {
	sig := "-"
	if r.Signal != nil {
		sig = *r.Signal
	}
	dump := "-"
	if r.DumpGoroutines != nil {
		dump = strconv.Itoa(*r.DumpGoroutines)
	}
	warn := ""
	if r.HardTimeout {
		warn = " HARD-TIMEOUT"
	}
	return fmt.Sprintf("%-8s %-48s exit=%-3d sig=%-7s g=%-5d dump=%-5s %5dms %-24s | %s%s",
		r.GoVersion, r.RootCause+"/"+r.Program, r.ExitCode, sig, r.CrashGoroutines, dump, r.DurationMs, r.ExpectedKind, r.firstCrashLine, warn)
}

// volatile matches what legitimately differs between two runs of the same
// failure: log timestamps, long numbers (bytes in use, pids, ports, temp
// file suffixes) and temp paths.
var volatile = regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d |\d{4,}|/tmp/\S+`)

func (r *result) differences(o *result) string {
	var d []string
	if volatile.ReplaceAllString(r.firstCrashLine, "#") != volatile.ReplaceAllString(o.firstCrashLine, "#") {
		d = append(d, fmt.Sprintf("crash line %q vs %q", r.firstCrashLine, o.firstCrashLine))
	}
	if r.CrashGoroutines != o.CrashGoroutines {
		d = append(d, fmt.Sprintf("crash goroutines %d vs %d", r.CrashGoroutines, o.CrashGoroutines))
	}
	if (r.DumpGoroutines == nil) != (o.DumpGoroutines == nil) || (r.DumpGoroutines != nil && *r.DumpGoroutines != *o.DumpGoroutines) {
		d = append(d, "dump goroutines differ")
	}
	if r.ExitCode != o.ExitCode {
		d = append(d, fmt.Sprintf("exit %d vs %d", r.ExitCode, o.ExitCode))
	}
	return strings.Join(d, "; ")
}

// crashLinePattern finds the line that names the failure, for the summary
// and the determinism check only (the parsers do the real work).
var crashLinePattern = regexp.MustCompile(`(?m)^(panic: .*|fatal error: .*|SIG[A-Z]+: .*|WARNING: DATA RACE|runtime: .*(limit|out of memory).*|.*too many open files.*)$`)

func firstCrashLine(text []byte) string {
	if m := crashLinePattern.Find(text); m != nil {
		s := string(m)
		// Addresses and PCs differ from run to run; the summary keeps the words.
		s = regexp.MustCompile(`0x[0-9a-f]+`).ReplaceAllString(s, "0x?")
		if len(s) > 110 {
			s = s[:110]
		}
		return s
	}
	return ""
}

// countGoroutineHeaders counts lines like "goroutine 7 [chan receive]:" the
// way grep does, independently of any parser.
func countGoroutineHeaders(path string) (int, error) {
	outb, err := exec.Command("grep", "-c", "-E", `^goroutine [0-9]+ .*:$`, path).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return 0, nil // grep: no match
		}
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(outb)))
}

func must(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "driver: "+format+"\n", args...)
	os.Exit(1)
}

func printTable() {
	fmt.Println("| cause | program | real bug pattern | how it dies | GOTRACEBACK | expected kind |")
	fmt.Println("|---|---|---|---|---|---|")
	sorted := append([]*Case(nil), cases...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].cause < sorted[j].cause })
	for _, c := range sorted {
		tb := c.traceback
		if tb == "" {
			tb = "(unset: single)"
		}
		kind := c.kind
		for v, k := range c.kindOn {
			kind += fmt.Sprintf(" (go%s: %s)", v, k)
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", c.cause, c.program, c.description, c.death(), tb, kind)
	}
}
