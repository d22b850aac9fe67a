// A category tree computes breadcrumb paths by walking up parent pointers
// recursively. A bad admin edit made a category its own grandparent, the
// walk never ends, and the goroutine overflows its stack (capped with
// debug.SetMaxStack, as some services do to fail fast).
package main

import (
	"runtime/debug"
	"strings"

	"gorca.dev/lab/labkit"
)

type Category struct {
	ID     int
	Name   string
	Parent *Category
}

// Path returns "Root > ... > Name".
func (c *Category) Path() []string {
	if c.Parent == nil {
		return []string{c.Name}
	}
	return append(c.Parent.Path(), c.Name)
}

type BreadcrumbHandler struct {
	byID map[int]*Category
}

func (h *BreadcrumbHandler) Render(id int) string {
	return strings.Join(h.byID[id].Path(), " > ")
}

func main() {
	debug.SetMaxStack(8 << 20)
	labkit.Init("storefront-nav")
	root := &Category{ID: 1, Name: "All"}
	tools := &Category{ID: 2, Name: "Tools", Parent: root}
	saws := &Category{ID: 3, Name: "Saws", Parent: tools}
	h := &BreadcrumbHandler{byID: map[int]*Category{1: root, 2: tools, 3: saws}}
	labkit.Infof("breadcrumb %s", h.Render(3))
	tools.Parent = saws // the admin edit
	labkit.Warnf("category 2 re-parented to 3 by admin")
	labkit.Sample()
	labkit.Dump()
	labkit.Infof("breadcrumb %s", h.Render(3))
}
