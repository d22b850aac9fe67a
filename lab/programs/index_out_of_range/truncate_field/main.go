// An audit logger truncates long user agents to fit a column, but slices
// with a start offset computed from the prefix it strips, without checking
// the start against the end: a short user agent makes the low bound larger
// than the high bound, "slice bounds out of range [21:17]".
package main

import (
	"strings"
	"sync"

	"gorca.dev/lab/labkit"
)

const column = 64

type AuditEntry struct {
	User      string
	Action    string
	UserAgent string
}

type AuditLogger struct {
	mu   sync.Mutex
	rows []string
}

// shortUA drops the "Mozilla/5.0 (compat; " prefix and keeps at most
// column bytes.
func shortUA(ua string) string {
	start := len("Mozilla/5.0 (compat; ")
	end := len(ua)
	if end > column {
		end = column
	}
	return ua[start:end]
}

func (l *AuditLogger) Log(e AuditEntry) {
	row := strings.Join([]string{e.User, e.Action, shortUA(e.UserAgent)}, "\t")
	l.mu.Lock()
	l.rows = append(l.rows, row)
	l.mu.Unlock()
}

func main() {
	labkit.Init("admin-portal")
	l := &AuditLogger{}
	var wg sync.WaitGroup
	agents := []string{
		"Mozilla/5.0 (compat; Chrome/119.0 Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
		"Mozilla/5.0 (compat; Firefox/120.0 X11; Linux x86_64)",
	}
	for i := 0; i < 40; i++ {
		l.Log(AuditEntry{User: "ops", Action: "view", UserAgent: agents[i%2]})
	}
	labkit.Infof("audit rows=%d", len(l.rows))
	labkit.Sample()
	labkit.Dump()
	wg.Add(1)
	go func() {
		defer wg.Done()
		l.Log(AuditEntry{User: "svc-backup", Action: "export", UserAgent: "curl/8.4.0 (x86)"})
	}()
	wg.Wait()
}
