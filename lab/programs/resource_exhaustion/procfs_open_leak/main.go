// A self-monitoring loop reads /proc/self/stat for its CPU gauge on every
// tick and returns early, without closing the file, when the line parses.
// Every tick leaks a descriptor; under `ulimit -n` os.Open fails with
// EMFILE and the collector panics with the *PathError.
package main

import (
	"bufio"
	"os"
	"strings"

	"gorca.dev/lab/labkit"
)

type CPUCollector struct {
	samples int
}

func (c *CPUCollector) Collect() int {
	f, err := os.Open("/proc/self/stat")
	if err != nil {
		panic(err)
	}
	sc := bufio.NewScanner(f)
	if sc.Scan() {
		fields := strings.Fields(sc.Text())
		c.samples++
		return len(fields) // BUG: returns without f.Close()
	}
	f.Close()
	return 0
}

func main() {
	labkit.Init("inventory-sync")
	c := &CPUCollector{}
	for i := 0; ; i++ {
		if i == 30 {
			labkit.Infof("cpu samples=%d", c.samples)
			labkit.Sample()
			labkit.Dump()
		}
		c.Collect()
	}
}
