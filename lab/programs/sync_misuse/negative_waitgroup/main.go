// A batch uploader calls wg.Done both in a deferred call and explicitly on
// the error path of each part, so a failed part decrements the counter
// twice: "panic: sync: negative WaitGroup counter".
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Part struct {
	N    int
	Size int
}

type Uploader struct {
	mu     sync.Mutex
	failed []int
}

var errChecksum = errors.New("checksum mismatch")

func (u *Uploader) uploadPart(p Part, wg *sync.WaitGroup) {
	defer wg.Done()
	time.Sleep(time.Duration(p.N) * time.Millisecond)
	if p.N == 5 {
		u.mu.Lock()
		u.failed = append(u.failed, p.N)
		u.mu.Unlock()
		labkit.Errorf("part %d: %v", p.N, errChecksum)
		wg.Done() // BUG: the deferred Done runs too
		return
	}
}

func (u *Uploader) Upload(key string, parts []Part) error {
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go u.uploadPart(p, &wg)
	}
	wg.Wait()
	if len(u.failed) > 0 {
		return fmt.Errorf("upload %s: parts %v failed", key, u.failed)
	}
	return nil
}

func main() {
	labkit.Init("backup-agent")
	u := &Uploader{}
	parts := make([]Part, 8)
	for i := range parts {
		parts[i] = Part{N: i, Size: 8 << 20}
	}
	labkit.Infof("uploading key=backups/2026-11-25.tar parts=%d", len(parts))
	labkit.Sample()
	labkit.Dump()
	if err := u.Upload("backups/2026-11-25.tar", parts); err != nil {
		labkit.Errorf("%v", err)
	}
	labkit.Infof("uploading manifest key=backups/2026-11-25.manifest")
	time.Sleep(100 * time.Millisecond)
	labkit.Infof("backup complete")
}
