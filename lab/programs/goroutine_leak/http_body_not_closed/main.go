// A feature-flag poller calls the flag service over HTTP and reads only the
// status code: resp.Body is never closed. The transport cannot reuse or
// release the connection, so each poll leaks a connection with its
// transport read and write loops (and the server's connection goroutine):
// goroutines grow with every poll until the watchdog kills the service.
package main

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"gorca.dev/lab/labkit"
)

const polls = 250

type FlagClient struct {
	http *http.Client
	base string
}

func (c *FlagClient) Enabled(flag string) (bool, error) {
	resp, err := c.http.Get(c.base + "/flags/" + flag)
	if err != nil {
		return false, err
	}
	// BUG: no defer resp.Body.Close(); the body is never read either
	return resp.StatusCode == http.StatusOK, nil
}

func main() {
	labkit.Init("flag-poller")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"flag":%q,"enabled":true}`, r.URL.Path)
	})}
	go srv.Serve(ln)
	c := &FlagClient{http: &http.Client{}, base: "http://" + ln.Addr().String()}
	for i := 0; i < polls; i++ {
		if _, err := c.Enabled(fmt.Sprintf("checkout-v%d", i%10)); err != nil {
			labkit.Errorf("poll: %v", err)
		}
		if i%50 == 0 {
			labkit.Infof("flag polls=%d", i)
		}
	}
	time.Sleep(200 * time.Millisecond)
	labkit.Infof("flag refresh done polls=%d", polls)
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		labkit.Infof("healthz ok")
	}
}
