package main

import "time"

const sec = time.Second

// cases is every program of the lab and how it is run.
var cases = []*Case{
	{cause: "goroutine_leak", program: "request_timeout",
		description: "per-request goroutine blocks forever sending on an unbuffered result channel after the caller timed out (500 leaked)",
		kind:        "sigquit_dump", traceback: "all", watchdog: 3 * sec, dumpBy: dumpOnSignal, prom: true, deterministic: true},
	{cause: "nil_dereference", program: "nil_method_receiver",
		description: "repository returns (nil, nil) for a missing customer and a worker calls a method reading a field of the nil pointer",
		kind:        "nil_dereference", dumpBy: dumpBySelf, deterministic: true},
	{cause: "concurrent_map_access", program: "map_writes",
		description: "session store map without a mutex written from every request goroutine",
		kind:        "concurrent_map_writes", traceback: "all", dumpBy: dumpBySelf, deterministic: false},
}
