// A listing endpoint computes the last item of a page as items[offset+limit]
// (off by one) when it builds the "next page" cursor. On the final, full
// page the index equals the length: "index out of range [10] with length 10".
package main

import (
	"fmt"

	"gorca.dev/lab/labkit"
)

type Item struct {
	ID   string
	Name string
}

type Page struct {
	Items      []Item
	NextCursor string
}

type Catalog struct {
	items []Item
}

func (c *Catalog) List(offset, limit int) Page {
	end := offset + limit
	if end > len(c.items) {
		end = len(c.items)
	}
	p := Page{Items: c.items[offset:end]}
	if end-offset == limit {
		p.NextCursor = c.items[offset+limit].ID // BUG: should be items[end-1], and only if more remain
	}
	return p
}

type ListHandler struct {
	catalog *Catalog
}

func (h *ListHandler) ServePage(page int) {
	p := h.catalog.List(page*5, 5)
	labkit.ObserveRequest("/v1/items", 200, 0.004)
	labkit.Infof("GET /v1/items?page=%d items=%d next=%q", page, len(p.Items), p.NextCursor)
}

func main() {
	labkit.Init("catalog-api")
	c := &Catalog{}
	for i := 0; i < 10; i++ {
		c.items = append(c.items, Item{ID: fmt.Sprintf("item-%03d", i), Name: fmt.Sprintf("Widget %d", i)})
	}
	h := &ListHandler{catalog: c}
	h.ServePage(0)
	labkit.Sample()
	labkit.Dump()
	h.ServePage(1)
}
