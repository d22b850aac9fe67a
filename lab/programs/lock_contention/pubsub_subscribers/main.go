// An in-process pub/sub broker fans events out to subscriber mailboxes.
// WebSocket handlers subscribe on connect but never unsubscribe on
// disconnect, so dead subscribers keep their goroutine and mailbox. Once a
// dead subscriber's mailbox is full, Publish blocks on it while holding the
// broker lock, and every publisher queues behind. Topic matching walks a
// topic trie recursively; the deep topic of one tenant makes the blocked
// publisher's stack deeper than the 100 frames a traceback prints.
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	subscribers = 800
	publishers  = 40
	mailboxSize = 4
)

type Event struct {
	Topic   string
	Payload string
}

type Subscriber struct {
	id      int
	mailbox chan Event
	gone    bool // the websocket went away
}

// Loop delivers events to the websocket; after a disconnect it still waits
// on the mailbox: nobody tells it to stop.
func (s *Subscriber) Loop() {
	for ev := range s.mailbox {
		if s.gone {
			time.Sleep(time.Hour) // write to a dead socket: blocks until the kernel gives up
		}
		_ = ev
	}
}

type trieNode struct {
	children map[string]*trieNode
	subs     []*Subscriber
}

type Broker struct {
	mu   sync.Mutex
	root *trieNode
}

func NewBroker() *Broker { return &Broker{root: &trieNode{children: map[string]*trieNode{}}} }

func (b *Broker) Subscribe(topic string, s *Subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.root
	for _, part := range strings.Split(topic, ".") {
		c, ok := n.children[part]
		if !ok {
			c = &trieNode{children: map[string]*trieNode{}}
			n.children[part] = c
		}
		n = c
	}
	n.subs = append(n.subs, s)
	go s.Loop()
}

func (b *Broker) Publish(ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.deliver(b.root, strings.Split(ev.Topic, "."), ev)
}

// deliver walks the trie one topic segment per call.
func (b *Broker) deliver(n *trieNode, parts []string, ev Event) {
	if len(parts) == 0 {
		for _, s := range n.subs {
			s.mailbox <- ev // blocks on a dead subscriber's full mailbox
		}
		return
	}
	if c, ok := n.children[parts[0]]; ok {
		b.deliver(c, parts[1:], ev)
	}
}

func deepTopic() string {
	parts := make([]string, 130)
	for i := range parts {
		parts[i] = fmt.Sprintf("l%d", i)
	}
	return strings.Join(parts, ".")
}

func main() {
	labkit.Init("event-broker")
	b := NewBroker()
	deep := deepTopic()
	for i := 0; i < subscribers; i++ {
		s := &Subscriber{id: i, mailbox: make(chan Event, mailboxSize), gone: i == subscribers-1}
		topic := fmt.Sprintf("tenant%d.orders", i%20)
		if i == subscribers-1 {
			topic = deep
		}
		b.Subscribe(topic, s)
	}
	labkit.Infof("broker ready subscribers=%d", subscribers)
	// The deep-topic subscriber disconnects; its mailbox fills and the next
	// publish to it blocks inside deliver, 130 levels down, holding b.mu.
	for i := 0; i < mailboxSize+2; i++ {
		go b.Publish(Event{Topic: deep, Payload: fmt.Sprintf("audit-%d", i)})
		time.Sleep(5 * time.Millisecond)
	}
	var wg sync.WaitGroup
	for p := 0; p < publishers; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			b.Publish(Event{Topic: fmt.Sprintf("tenant%d.orders", p%20), Payload: "order-created"})
		}(p)
	}
	labkit.Warnf("publish latency high pending=%d", publishers)
	wg.Wait()
}
