// A pricing API re-decodes the whole product catalog JSON on every request
// (a "stateless" refactor dropped the parsed cache) and runs with GOGC=5,
// set long ago to keep RSS low. The heap is small but allocation is huge,
// so the GC runs back to back (gctrace shows the cycles), CPU goes to GC,
// latency explodes and the watchdog kills the unresponsive process.
package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type Product struct {
	SKU    string            `json:"sku"`
	Name   string            `json:"name"`
	Price  float64           `json:"price"`
	Tags   []string          `json:"tags"`
	Attrs  map[string]string `json:"attrs"`
	Stocks []int             `json:"stocks"`
}

type PriceHandler struct {
	catalogJSON []byte
	live        []*Product // the one thing kept: ~a few MB live
}

func (h *PriceHandler) Quote(sku string) float64 {
	var catalog []Product
	if err := json.Unmarshal(h.catalogJSON, &catalog); err != nil {
		panic(err)
	}
	for i := range catalog {
		if catalog[i].SKU == sku {
			return catalog[i].Price
		}
	}
	return 0
}

func buildCatalog(n int) []byte {
	ps := make([]Product, n)
	for i := range ps {
		ps[i] = Product{SKU: fmt.Sprintf("SKU-%06d", i), Name: fmt.Sprintf("Product %d", i), Price: float64(i) / 7,
			Tags: []string{"a", "b", "c"}, Attrs: map[string]string{"color": "red", "size": "M"}, Stocks: []int{1, 2, 3, 4}}
	}
	b, _ := json.Marshal(ps)
	return b
}

func main() {
	labkit.Init("pricing-api")
	h := &PriceHandler{catalogJSON: buildCatalog(3000)}
	for i := 0; i < 20000; i++ {
		h.live = append(h.live, &Product{SKU: fmt.Sprint(i), Tags: make([]string, 8)})
	}
	labkit.Infof("catalog loaded bytes=%d", len(h.catalogJSON))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				start := time.Now()
				h.Quote(fmt.Sprintf("SKU-%06d", (i*7+w)%3000))
				labkit.ObserveRequest("/v1/price", 200, time.Since(start).Seconds())
			}
		}(w)
	}
	wg.Wait()
}
