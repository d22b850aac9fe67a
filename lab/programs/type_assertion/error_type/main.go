// A retry helper decides whether to retry by asserting the error to the
// transport's *HTTPError to read the status code. After a refactor the
// transport wraps errors with fmt.Errorf("%w"), so the concrete type is
// *fmt.wrapError and the unchecked assertion panics in the retrying
// worker goroutine: "interface conversion: error is *fmt.wrapError, not *main.HTTPError".
package main

import (
	"fmt"
	"sync"

	"gorca.dev/lab/labkit"
)

type HTTPError struct {
	Status int
	URL    string
}

func (e *HTTPError) Error() string { return fmt.Sprintf("%s: HTTP %d", e.URL, e.Status) }

type Transport struct{}

func (t *Transport) Do(url string) error {
	if url == "https://payments.internal/v2/capture" {
		return fmt.Errorf("capture: %w", &HTTPError{Status: 503, URL: url})
	}
	return nil
}

type Retrier struct {
	t *Transport
}

func (r *Retrier) shouldRetry(err error) bool {
	return err.(*HTTPError).Status >= 500 // BUG: should use errors.As
}

func (r *Retrier) Call(url string) error {
	for attempt := 0; attempt < 3; attempt++ {
		err := r.t.Do(url)
		if err == nil {
			return nil
		}
		labkit.Warnf("call %s failed attempt=%d: %v", url, attempt, err)
		if !r.shouldRetry(err) {
			return err
		}
	}
	return nil
}

func main() {
	labkit.Init("checkout-worker")
	r := &Retrier{t: &Transport{}}
	var wg sync.WaitGroup
	urls := []string{"https://ledger.internal/v1/entries", "https://payments.internal/v2/capture"}
	labkit.Sample()
	labkit.Dump()
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			if err := r.Call(u); err != nil {
				labkit.Errorf("%v", err)
			}
		}(u)
		wg.Wait()
	}
}
