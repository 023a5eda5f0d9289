package layout

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/wayfinder-health/wayfinder/internal/diag"
)

// MaxPageSize is the most one page's layout may write, in bytes. A layout
// that loops or recurses without end is stopped here, with an error, long
// before it fills memory.
const MaxPageSize = 32 << 20

// errTooBig stops a layout that writes more than MaxPageSize.
var errTooBig = fmt.Errorf("the page is larger than %d MiB", MaxPageSize>>20)

// capWriter fails a write past MaxPageSize.
type capWriter struct {
	w io.Writer
	n int
}

func (c *capWriter) Write(p []byte) (int, error) {
	if c.n += len(p); c.n > MaxPageSize {
		return 0, errTooBig
	}
	return c.w.Write(p)
}

// call is a {{template "name"}} action.
type call struct {
	name string
	node *parse.TemplateNode
	tree *parse.Tree
}

// recursion reports every template in t that calls itself, directly or
// through others: html/template runs such a call 100,000 deep before it
// gives up, which takes a minute and most of a gigabyte. Each cycle is
// reported once, at the call that closes it.
func recursion(t *template.Template) diag.List {
	calls := map[string][]call{}
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n == nil {
					return
				}
				for _, c := range n.Nodes {
					walk(c)
				}
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.TemplateNode:
				calls[tt.Name()] = append(calls[tt.Name()], call{name: n.Name, node: n, tree: tt.Tree})
			}
		}
		walk(tt.Tree.Root)
	}
	names := make([]string, 0, len(calls))
	for name := range calls {
		names = append(names, name)
	}
	slices.Sort(names)
	var diags diag.List
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(name string)
	visit = func(name string) {
		state[name] = active
		stack = append(stack, name)
		for _, c := range calls[name] {
			switch state[c.name] {
			case active:
				i := slices.Index(stack, c.name)
				cycle := append(slices.Clone(stack[i:]), c.name)
				diags.Add(callDiag(c, cycle))
			case unseen:
				visit(c.name)
			}
		}
		stack = stack[:len(stack)-1]
		state[name] = done
	}
	for _, name := range names {
		if state[name] == unseen {
			visit(name)
		}
	}
	return diags
}

func callDiag(c call, cycle []string) diag.Diagnostic {
	loc, _ := c.tree.ErrorContext(c.node)
	d := Diagnostic(errors.New("template: "+loc+": x"), c.tree.ParseName)
	quoted := make([]string, len(cycle))
	for i, n := range cycle {
		quoted[i] = strconv.Quote(n)
	}
	d.Msg = "the layout " + quoted[0] + " calls itself"
	if len(cycle) > 2 {
		d.Msg += " (" + strings.Join(quoted, " calls ") + ")"
	}
	d.Msg += ", which would never end"
	d.Hint = "a layout may not call itself, directly or through others"
	return d
}
