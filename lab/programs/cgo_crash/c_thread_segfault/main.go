// A C client library runs its own I/O thread (created with pthread, not by
// Go) and invokes a completion routine there. A use-after-free in the
// library's connection teardown makes that thread write through a freed,
// poisoned pointer: a SIGSEGV on a thread the Go runtime did not create,
// while Go goroutines are waiting for the completion.
package main

/*
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct conn { int fd; char *buf; } conn_t;

static void *io_thread(void *arg) {
	conn_t *c = (conn_t *)arg;
	usleep(20000);
	memset(c->buf, 0, 64); // c was freed and poisoned by close_conn
	return NULL;
}

static void start_and_close(void) {
	conn_t *c = malloc(sizeof(conn_t));
	c->fd = 3;
	c->buf = malloc(64);
	pthread_t t;
	pthread_create(&t, NULL, io_thread, c);
	pthread_detach(t);
	free(c->buf);
	c->buf = (char *)0xdeadbeef; // the library's "poison" on close
}
*/
import "C"

import (
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Client struct {
	mu      sync.Mutex
	pending int
}

func (c *Client) CloseAsync() {
	c.mu.Lock()
	c.pending++
	c.mu.Unlock()
	C.start_and_close()
}

func main() {
	labkit.Init("ldap-sync")
	c := &Client{}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Second)
		}()
	}
	labkit.Infof("closing directory connection")
	labkit.Sample()
	labkit.Dump()
	c.CloseAsync()
	wg.Wait()
}
