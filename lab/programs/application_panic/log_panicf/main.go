// A migration runner uses log.Panicf for "can't happen" conditions. A
// migration checksum differs from the recorded one; log.Panicf writes the
// message through the logger (with its timestamp) and then panics with
// the same text.
package main

import (
	"crypto/sha256"
	"fmt"
	"log"

	"gorca.dev/lab/labkit"
)

type Migration struct {
	Version int
	SQL     string
}

type Runner struct {
	applied map[int]string // version -> checksum recorded at apply time
}

func checksum(m Migration) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(m.SQL)))[:12]
}

func (r *Runner) Verify(ms []Migration) {
	for _, m := range ms {
		if want, ok := r.applied[m.Version]; ok && want != checksum(m) {
			labkit.Sample()
			labkit.Dump()
			log.Panicf("migration %04d was modified after it was applied: checksum %s, recorded %s", m.Version, checksum(m), want)
		}
	}
}

func main() {
	labkit.Init("schema-migrate")
	ms := []Migration{
		{1, "CREATE TABLE orders (id bigint primary key)"},
		{2, "ALTER TABLE orders ADD COLUMN total bigint NOT NULL DEFAULT 0"},
	}
	r := &Runner{applied: map[int]string{1: checksum(ms[0]), 2: "5d1c0e8a9b7f"}}
	labkit.Infof("verifying migrations count=%d", len(ms))
	r.Verify(ms)
}
