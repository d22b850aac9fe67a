// A JSONPath-like evaluator walks nested documents recursively, one call
// per path segment. For array segments it indexes with the requested
// position without checking the array length. A document nested 150
// levels deep with a short array at the bottom ends in "index out of range
// [3] with length 2" with a stack deeper than the 100 frames the runtime
// prints.
package main

import (
	"fmt"
	"strconv"
	"strings"

	"gorca.dev/lab/labkit"
)

type Node struct {
	Fields map[string]*Node
	Items  []*Node
	Value  string
}

type Evaluator struct {
	steps int
}

func (e *Evaluator) Eval(n *Node, path []string) string {
	e.steps++
	if len(path) == 0 {
		return n.Value
	}
	seg := path[0]
	if strings.HasPrefix(seg, "[") {
		i, _ := strconv.Atoi(strings.Trim(seg, "[]"))
		return e.Eval(n.Items[i], path[1:]) // BUG: no bounds check
	}
	return e.Eval(n.Fields[seg], path[1:])
}

func nested(depth int) (*Node, []string) {
	leaf := &Node{Items: []*Node{{Value: "a"}, {Value: "b"}}}
	root := leaf
	path := []string{"[3]"}
	for i := depth - 1; i >= 0; i-- {
		key := fmt.Sprintf("k%d", i)
		root = &Node{Fields: map[string]*Node{key: root}}
		path = append([]string{key}, path...)
	}
	return root, path
}

func main() {
	labkit.Init("rules-engine")
	e := &Evaluator{}
	doc, path := nested(150)
	labkit.Infof("evaluating rule path depth=%d", len(path))
	labkit.Sample()
	labkit.Dump()
	fmt.Println(e.Eval(doc, path))
}
