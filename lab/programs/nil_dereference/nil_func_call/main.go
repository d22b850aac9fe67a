// An HTTP client wrapper has optional hooks. The retry path calls
// c.OnRetry without checking that it was set, and calling a nil func value
// jumps to address 0: SIGSEGV with pc=0x0, turned into a nil-pointer panic.
package main

import (
	"errors"
	"fmt"
	"time"

	"gorca.dev/lab/labkit"
)

type Hooks struct {
	OnRequest func(url string)
	OnRetry   func(url string, attempt int, err error)
}

type Client struct {
	hooks   Hooks
	retries int
}

var errUnavailable = errors.New("503 service unavailable")

func (c *Client) do(url string, attempt int) error {
	if attempt < 2 && url == "http://inventory.internal/v1/stock" {
		return errUnavailable
	}
	return nil
}

func (c *Client) Get(url string) error {
	if c.hooks.OnRequest != nil {
		c.hooks.OnRequest(url)
	}
	var err error
	for attempt := 0; attempt <= c.retries; attempt++ {
		if err = c.do(url, attempt); err == nil {
			return nil
		}
		if attempt == 0 {
			labkit.Sample()
			labkit.Dump()
		}
		c.hooks.OnRetry(url, attempt, err) // BUG: OnRetry may be nil
		time.Sleep(time.Millisecond)
	}
	return fmt.Errorf("get %s: %w", url, err)
}

func main() {
	labkit.Init("storefront")
	c := &Client{retries: 3, hooks: Hooks{OnRequest: func(url string) {}}}
	for _, u := range []string{"http://catalog.internal/v1/items", "http://pricing.internal/v1/prices", "http://inventory.internal/v1/stock"} {
		if err := c.Get(u); err != nil {
			labkit.Errorf("%v", err)
		} else {
			labkit.Infof("fetched %s", u)
		}
	}
}
