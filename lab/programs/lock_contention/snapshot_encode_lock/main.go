// The catalog service keeps the product catalog in memory and serves it to
// storefront handlers. Each price/stock update from the inventory feed is
// applied under the catalog mutex, and, so that GET /v1/catalog can
// return pre-encoded bytes, the update path re-encodes the whole catalog
// (8,000 products, ~5 MB) to JSON before releasing the mutex. Once the
// feed reached a steady stream of updates the mutex is held almost all
// the time: the feed goroutine is running inside encoding/json, allocating
// megabytes per update and driving GC, while every storefront handler
// queues in Lock behind it (reads take the same mutex).
// Nothing leaks: the handler pool is fixed and the goroutine count is flat;
// only throughput and latency collapse.
package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

const (
	products       = 8000
	storefronts    = 80
	feedPartitions = 1
)

type Variant struct {
	SKU      string            `json:"sku"`
	Size     string            `json:"size"`
	Color    string            `json:"color"`
	Stock    int               `json:"stock"`
	Attrs    map[string]string `json:"attrs"`
	Barcodes []string          `json:"barcodes"`
}

type Product struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Brand       string    `json:"brand"`
	Categories  []string  `json:"categories"`
	PriceCents  int64     `json:"price_cents"`
	Currency    string    `json:"currency"`
	Variants    []Variant `json:"variants"`
	UpdatedAt   time.Time `json:"updated_at"`
}

type Update struct {
	ProductID  string
	PriceCents int64
	StockDelta int
}

type Catalog struct {
	mu       sync.Mutex
	products map[string]*Product
	order    []string
	version  uint64
	encoded  []byte // the last snapshot, served as-is by GET /v1/catalog
}

// Apply changes one product and refreshes the encoded snapshot.
// BUG: the full re-encode happens inside the write lock.
func (c *Catalog) Apply(u Update) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.products[u.ProductID]
	if !ok {
		return fmt.Errorf("unknown product %s", u.ProductID)
	}
	p.PriceCents = u.PriceCents
	for i := range p.Variants {
		p.Variants[i].Stock += u.StockDelta
	}
	p.UpdatedAt = time.Now()
	c.version++
	return c.reencodeLocked()
}

func (c *Catalog) reencodeLocked() error {
	snap := struct {
		Version  uint64     `json:"version"`
		Products []*Product `json:"products"`
	}{Version: c.version, Products: make([]*Product, 0, len(c.order))}
	for _, id := range c.order {
		snap.Products = append(snap.Products, c.products[id])
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	c.encoded = b
	return nil
}

// Lookup serves GET /v1/products/{id}.
func (c *Catalog) Lookup(id string) (int64, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.products[id]
	if !ok {
		return 0, c.version, false
	}
	return p.PriceCents, c.version, true
}

func buildCatalog() *Catalog {
	c := &Catalog{products: make(map[string]*Product, products)}
	for i := 0; i < products; i++ {
		id := fmt.Sprintf("prd-%05d", i)
		p := &Product{
			ID:          id,
			Title:       fmt.Sprintf("Trail running shoe model %d", i),
			Description: "Lightweight trail shoe with a rock plate, 6mm drop and a recycled mesh upper.",
			Brand:       fmt.Sprintf("brand-%02d", i%40),
			Categories:  []string{"footwear", "running", fmt.Sprintf("season-%d", i%4)},
			PriceCents:  int64(4999 + i%300*100),
			Currency:    "EUR",
			UpdatedAt:   time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		}
		for v := 0; v < 4; v++ {
			p.Variants = append(p.Variants, Variant{
				SKU:      fmt.Sprintf("%s-%d", id, v),
				Size:     fmt.Sprintf("EU%d", 38+v*2),
				Color:    []string{"black", "blue", "red", "grey"}[v],
				Stock:    10 + (i+v)%50,
				Attrs:    map[string]string{"width": "regular", "warehouse": fmt.Sprintf("wh-%d", i%3)},
				Barcodes: []string{fmt.Sprintf("40%011d", i*10+v)},
			})
		}
		c.products[id] = p
		c.order = append(c.order, id)
	}
	return c
}

// inventoryFeed consumes one partition of the inventory stream.
func inventoryFeed(c *Catalog, partition int) {
	for i := 0; ; i++ {
		u := Update{
			ProductID:  fmt.Sprintf("prd-%05d", (i*feedPartitions+partition)*7%products),
			PriceCents: int64(4999 + i%500),
			StockDelta: i%3 - 1,
		}
		if err := c.Apply(u); err != nil {
			labkit.Errorf("inventory feed partition=%d: %v", partition, err)
		}
	}
}

// storefront is one handler goroutine of the fixed pool serving
// GET /v1/products/{id}.
func storefront(c *Catalog, id int) {
	misses := 0
	for i := 0; ; i++ {
		if _, _, ok := c.Lookup(fmt.Sprintf("prd-%05d", (id*31+i)%products)); !ok {
			misses++
			if misses%1000 == 1 {
				labkit.Warnf("storefront handler=%d unknown product misses=%d", id, misses)
			}
		}
	}
}

func main() {
	labkit.Init("catalog-service")
	c := buildCatalog()
	if err := c.reencodeLocked(); err != nil {
		panic(err)
	}
	labkit.Infof("catalog loaded products=%d snapshot_bytes=%d", len(c.order), len(c.encoded))
	for p := 0; p < feedPartitions; p++ {
		go inventoryFeed(c, p)
	}
	labkit.Infof("inventory feed consuming partitions=%d", feedPartitions)
	for i := 0; i < storefronts; i++ {
		go storefront(c, i)
	}
	labkit.Infof("serving storefront handlers=%d", storefronts)
	time.Sleep(700 * time.Millisecond)
	labkit.Warnf("p99 latency above SLO handler=/v1/products/{id} inflight=%d", storefronts)
	select {}
}
