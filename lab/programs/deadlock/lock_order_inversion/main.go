// A ledger transfers money between accounts, locking the source account
// and then the destination. Two concurrent transfers in opposite
// directions (A->B and B->A) each hold one lock and wait for the other:
// the classic AB/BA lock-order inversion. Every later request touching
// either account queues behind them; the service is alive (metrics, health
// ticker) but makes no progress until the watchdog kills it.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Account struct {
	mu      sync.Mutex
	ID      string
	Balance int64
}

type AuditLog struct {
	mu    sync.Mutex
	lines []string
}

func (a *AuditLog) Write(line string) {
	a.mu.Lock()
	a.lines = append(a.lines, line)
	a.mu.Unlock()
	time.Sleep(2 * time.Millisecond) // fsync
}

type Ledger struct {
	audit *AuditLog
}

// Transfer locks from, writes the audit line, then locks to: the lock
// order depends on the direction of the transfer.
func (l *Ledger) Transfer(from, to *Account, amount int64) error {
	from.mu.Lock()
	defer from.mu.Unlock()
	if from.Balance < amount {
		return fmt.Errorf("insufficient funds in %s", from.ID)
	}
	l.audit.Write(fmt.Sprintf("debit %s %d", from.ID, amount))
	to.mu.Lock()
	defer to.mu.Unlock()
	from.Balance -= amount
	to.Balance += amount
	return nil
}

func (l *Ledger) BalanceOf(a *Account) int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.Balance
}

func main() {
	labkit.Init("ledger")
	l := &Ledger{audit: &AuditLog{}}
	alice := &Account{ID: "acct-alice", Balance: 1000}
	bob := &Account{ID: "acct-bob", Balance: 1000}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); l.Transfer(alice, bob, 10) }()
	go func() { defer wg.Done(); l.Transfer(bob, alice, 20) }()
	time.Sleep(50 * time.Millisecond)
	for i := 0; i < 30; i++ {
		wg.Add(1)
		acct := alice
		if i%2 == 1 {
			acct = bob
		}
		go func() { defer wg.Done(); l.BalanceOf(acct) }()
	}
	labkit.Warnf("request queue growing pending=32 handler=/v1/balance")
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	health := time.NewTicker(time.Second)
	for {
		select {
		case <-done:
			return
		case <-health.C:
			labkit.Warnf("healthz: ledger worker not progressing")
		}
	}
}
