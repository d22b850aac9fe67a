// A type implements json.Marshaler to add a computed field, and does it by
// calling json.Marshal on itself: encoding/json calls MarshalJSON again,
// forever. The API handler's first response overflows the stack.
package main

import (
	"encoding/json"
	"runtime/debug"
	"sync"

	"gorca.dev/lab/labkit"
)

type Shipment struct {
	ID     string  `json:"id"`
	Weight float64 `json:"weight_kg"`
	Legs   int     `json:"legs"`
}

func (s Shipment) MarshalJSON() ([]byte, error) {
	type view struct {
		Shipment
		Heavy bool `json:"heavy"`
	}
	return json.Marshal(view{Shipment: s, Heavy: s.Weight > 30}) // embedding promotes MarshalJSON: recursion
}

type Handler struct{}

func (h *Handler) Get(id string) []byte {
	b, err := json.Marshal(Shipment{ID: id, Weight: 42.5, Legs: 3})
	if err != nil {
		labkit.Errorf("marshal: %v", err)
	}
	return b
}

func main() {
	debug.SetMaxStack(16 << 20)
	labkit.Init("shipping-api")
	h := &Handler{}
	var wg sync.WaitGroup
	wg.Add(1)
	labkit.Sample()
	labkit.Dump()
	go func() {
		defer wg.Done()
		labkit.Infof("GET /v1/shipments/SH-7781 -> %s", h.Get("SH-7781"))
	}()
	wg.Wait()
}
