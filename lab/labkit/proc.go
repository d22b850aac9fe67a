package labkit

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// procStats are the process_* series, read the way client_golang's process
// collector (via prometheus/procfs) reads them on Linux.
type procStats struct {
	cpuSeconds     float64
	openFDs        float64
	maxFDs         float64
	residentBytes  float64
	virtualBytes   float64
	virtualMax     float64
	startTimeEpoch float64
	ok             bool
}

const userHZ = 100 // procfs assumes USER_HZ=100, as client_golang does

var bootTime = readBootTime()

func readProcStats() procStats {
	var s procStats
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return s
	}
	// Fields after the ")" that closes the command name; field 3 is state.
	rest := data[bytes.LastIndexByte(data, ')')+2:]
	f := strings.Fields(string(rest))
	if len(f) < 22 {
		return s
	}
	field := func(n int) float64 { // n is the 1-based field number of proc(5)
		v, _ := strconv.ParseFloat(f[n-3], 64)
		return v
	}
	s.cpuSeconds = (field(14) + field(15)) / userHZ
	s.startTimeEpoch = bootTime + field(22)/userHZ
	s.virtualBytes = field(23)
	s.residentBytes = field(24) * float64(os.Getpagesize())
	s.openFDs = countOpenFDs()
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil {
		s.maxFDs = float64(lim.Cur)
	}
	if syscall.Getrlimit(syscall.RLIMIT_AS, &lim) == nil {
		s.virtualMax = float64(lim.Cur)
	}
	s.ok = true
	return s
}

func countOpenFDs() float64 {
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		return -1 // fd exhaustion: the count itself needs a descriptor
	}
	defer d.Close()
	names, _ := d.Readdirnames(-1)
	return float64(len(names))
}

func readBootTime() float64 {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "btime ") {
			v, _ := strconv.ParseFloat(strings.TrimSpace(line[6:]), 64)
			return v
		}
	}
	return 0
}
