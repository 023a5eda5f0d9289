package layout

import (
	"bytes"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
)

// Memo lets Parse reuse the output of the partials that make every
// page's chrome, such as its header and footer, which are the same on
// most pages: the skeleton's call {{template "partials/NAME.html" .}} of
// a partial that reads only what Memo allows runs the partial once for
// each language and Key, and splices in the output it wrote.
//
// Whether a partial qualifies is decided from its text, not trusted: it
// may read of "." only the Fields (and anything below them), call only
// the Pure functions, t, tin and text/template's own (not call), call no
// other layout, and use the page (the field Page) only to compare a
// menu item's URL with it, as {{current .URL $.Page}} (Current names the
// function) or {{eq .URL $.Page.URL}}, where "." is an item of a menu
// under Menus. Key must name the value of each Field and the outcome of
// those comparisons for every menu item: two pages with the same Key then
// get the same output. A partial that reads anything more, such as the
// page's title, runs on every page as before; so does one that would not
// start and end in HTML text, or that the skeleton calls anywhere else.
type Memo struct {
	Fields  []string // fields of "." a partial may read, such as "Site"
	Page    string   // the field holding the page
	Menus   string   // the path to the menus below a Field, such as "Site.Menus"
	Current string   // the function comparing a URL with the page
	Pure    []string // functions whose answers depend only on their arguments and the language
	// Key names what a qualifying partial can read of data; false when
	// data is not a page's.
	Key func(data any) (string, bool)
}

// memoFunc is the function a memoized call becomes. A layout cannot call
// it: it is not among the functions layouts are parsed with.
const memoFunc = "wayfinderChrome"

// maxMemo bounds the outputs kept: a key that differs on every page (a
// language switcher linking each page's translation) stops filling the
// memo here and runs the partial each time.
const maxMemo = 512

// memo holds the partials' outputs of one Set.
type memo struct {
	m     *Memo
	names []string // the partials memoized
	mu    sync.Mutex
	out   map[string]template.HTML // by name, language and key
}

// Forget drops every output kept, for when what the keys do not name
// (the site's settings, the assets' addresses, the index) has changed.
func (s *Set) Forget() {
	if s.memo == nil {
		return
	}
	s.memo.mu.Lock()
	clear(s.memo.out)
	s.memo.mu.Unlock()
}

// chrome executes the partial name of in with data, or returns its
// output for the same language and key.
func (s *Set) chrome(in *instance, lang, name string, data any) (template.HTML, error) {
	key, ok := s.memo.m.Key(data)
	if ok {
		key = name + "\x00" + lang + "\x00" + key
		s.memo.mu.Lock()
		h, hit := s.memo.out[key]
		s.memo.mu.Unlock()
		if hit {
			return h, nil
		}
	}
	var b bytes.Buffer
	if err := in.t.ExecuteTemplate(&capWriter{w: &b}, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String()) // #nosec G203: the output of html/template, escaped as the partial on its own in HTML text
	if ok {
		s.memo.mu.Lock()
		if len(s.memo.out) < maxMemo {
			s.memo.out[key] = h
		}
		s.memo.mu.Unlock()
	}
	return h, nil
}

// memoize rewrites the skeleton's calls of qualifying partials in shared
// into calls of memoFunc, and returns the set's memo; nil when m is nil
// or no partial qualifies.
func memoize(shared *template.Template, m *Memo) *memo {
	if m == nil || m.Key == nil {
		return nil
	}
	base := shared.Lookup(Base)
	if base == nil || base.Tree == nil {
		return nil
	}
	ok := map[string]bool{}
	for _, tt := range shared.Templates() {
		name := tt.Name()
		if strings.HasPrefix(name, "partials/") && tt.Tree != nil && pure(tt.Tree, m) && alone(shared, name) {
			ok[name] = true
		}
	}
	// The skeleton must call them in HTML text, as they run alone.
	for name := range ok {
		if !inText(shared, name) {
			delete(ok, name)
		}
	}
	var names []string
	var walk func(l *parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for i, c := range l.Nodes {
			switch c := c.(type) {
			case *parse.IfNode:
				walk(c.List)
				walk(c.ElseList)
			case *parse.TemplateNode:
				if !ok[c.Name] || c.Pipe == nil || len(c.Pipe.Decl) > 0 || len(c.Pipe.Cmds) != 1 ||
					len(c.Pipe.Cmds[0].Args) != 1 || c.Pipe.Cmds[0].Args[0].Type() != parse.NodeDot {
					continue
				}
				tree := base.Tree
				l.Nodes[i] = &parse.ActionNode{NodeType: parse.NodeAction, Pos: c.Pos, Line: c.Line, Pipe: &parse.PipeNode{
					NodeType: parse.NodePipe, Pos: c.Pos, Line: c.Line, Cmds: []*parse.CommandNode{{
						NodeType: parse.NodeCommand, Pos: c.Pos, Args: []parse.Node{
							parse.NewIdentifier(memoFunc).SetTree(tree).SetPos(c.Pos),
							&parse.StringNode{NodeType: parse.NodeString, Pos: c.Pos, Quoted: strconv.Quote(c.Name), Text: c.Name},
							&parse.DotNode{NodeType: parse.NodeDot, Pos: c.Pos},
						}}}}}
				if !slices.Contains(names, c.Name) {
					names = append(names, c.Name)
				}
			}
		}
	}
	walk(base.Tree.Root)
	if names == nil {
		return nil
	}
	slices.Sort(names)
	return &memo{m: m, names: names, out: map[string]template.HTML{}}
}

// alone reports whether the partial name escapes on its own, starting
// and ending in HTML text, as it does when memoFunc runs it. Nothing is
// executed: html/template escapes both branches of an if, and refuses
// branches that end in different contexts.
func alone(shared *template.Template, name string) bool {
	return escapes(shared, name, func(*template.Template) bool { return true })
}

// inText reports whether the skeleton calls the partial name in HTML
// text only: html/template escapes a template called elsewhere, such as
// inside a tag, as a copy under a longer name.
func inText(shared *template.Template, name string) bool {
	return escapes(shared, Base, func(c *template.Template) bool {
		for _, tt := range c.Templates() {
			if strings.HasPrefix(tt.Name(), name+"$") {
				return false
			}
		}
		return true
	})
}

// escapes escapes the template name, in a copy of shared, as called from
// HTML text without running it, and reports whether that succeeded and
// the copy then passes ok.
func escapes(shared *template.Template, name string, ok func(*template.Template) bool) bool {
	c, err := shared.Clone()
	if err != nil {
		return false
	}
	const probe = "wayfinder-probe"
	if _, err := c.New(probe).Parse(`{{if false}}{{template ` + strconv.Quote(name) + ` .}}{{end}}`); err != nil {
		return false
	}
	if err := c.ExecuteTemplate(io.Discard, probe, nil); err != nil {
		return false
	}
	return ok(c)
}

// What "." holds where a partial's text is checked.
type dot int

const (
	dotData  dot = iota // the page's data
	dotSafe             // a value the same for every page with one key
	dotMenus            // the menus
	dotMenu             // one menu: its items
	dotItem             // one menu item
)

// checker decides whether a partial reads only what a Memo allows.
type checker struct {
	m    *Memo
	pure map[string]bool
	bad  bool
}

// builtins are text/template's functions that answer from their
// arguments alone.
var builtins = []string{"and", "or", "not", "len", "index", "slice", "eq", "ne", "lt", "le", "gt", "ge",
	"print", "printf", "println", "html", "js", "urlquery", "t", "tin", "tjson"}

// pure reports whether the template tree reads only what m allows.
func pure(tree *parse.Tree, m *Memo) bool {
	c := &checker{m: m, pure: map[string]bool{}}
	for _, f := range append(slices.Clone(builtins), m.Pure...) {
		c.pure[f] = true
	}
	c.list(tree.Root, dotData)
	return !c.bad
}

func (c *checker) list(l *parse.ListNode, d dot) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		case *parse.ActionNode:
			c.pipe(n.Pipe, d)
		case *parse.IfNode:
			c.pipe(n.Pipe, d)
			c.list(n.List, d)
			c.list(n.ElseList, d)
		case *parse.WithNode:
			c.list(n.List, c.pipe(n.Pipe, d))
			c.list(n.ElseList, d)
		case *parse.RangeNode:
			in := dotSafe
			switch c.pipe(n.Pipe, d) {
			case dotMenus:
				in = dotMenu
			case dotMenu:
				in = dotItem
			}
			c.list(n.List, in)
			c.list(n.ElseList, d)
		default: // another layout called, or anything new
			c.bad = true
		}
	}
}

func (c *checker) pipe(p *parse.PipeNode, d dot) dot {
	if p == nil || len(p.Cmds) == 0 {
		c.bad = true
		return dotSafe
	}
	var k dot
	for i, cmd := range p.Cmds {
		k = c.cmd(cmd, d, i > 0)
	}
	if len(p.Cmds) > 1 {
		return dotSafe
	}
	return k
}

func (c *checker) cmd(cmd *parse.CommandNode, d dot, piped bool) dot {
	if len(cmd.Args) == 0 {
		c.bad = true
		return dotSafe
	}
	id, fn := cmd.Args[0].(*parse.IdentifierNode)
	if !fn {
		if len(cmd.Args) > 1 || piped {
			c.bad = true // a method called with arguments
		}
		return c.arg(cmd.Args[0], d)
	}
	args := cmd.Args[1:]
	if len(args) == 2 && !piped {
		if id.Ident == c.m.Current && c.itemURL(args[0], d) && c.page(args[1], d, false) {
			return dotSafe
		}
		if id.Ident == "eq" && (c.itemURL(args[0], d) && c.page(args[1], d, true) || c.page(args[0], d, true) && c.itemURL(args[1], d)) {
			return dotSafe
		}
	}
	if !c.pure[id.Ident] {
		c.bad = true
	}
	for _, a := range args {
		c.arg(a, d)
	}
	return dotSafe
}

func (c *checker) arg(n parse.Node, d dot) dot {
	switch n := n.(type) {
	case *parse.DotNode:
		if d == dotData {
			c.bad = true // the whole page's data handed on
		}
		return d
	case *parse.FieldNode:
		return c.field(n.Ident, d)
	case *parse.VariableNode:
		if n.Ident[0] != "$" {
			return dotSafe // set from a pipeline checked where it was declared
		}
		if len(n.Ident) == 1 {
			c.bad = true
			return dotSafe
		}
		return c.field(n.Ident[1:], dotData)
	case *parse.ChainNode:
		if c.arg(n.Node, d) == dotData {
			c.bad = true
		}
		return dotSafe
	case *parse.PipeNode:
		return c.pipe(n, d)
	case *parse.IdentifierNode:
		if !c.pure[n.Ident] {
			c.bad = true
		}
		return dotSafe
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return dotSafe
	}
	c.bad = true
	return dotSafe
}

// field checks the fields idents read below a value of kind d.
func (c *checker) field(idents []string, d dot) dot {
	switch d {
	case dotData:
	case dotMenus:
		if len(idents) == 1 {
			return dotMenu
		}
		return dotSafe
	default:
		return dotSafe
	}
	if !slices.Contains(c.m.Fields, idents[0]) {
		c.bad = true
		return dotSafe
	}
	switch path := strings.Join(idents, "."); {
	case path == c.m.Menus:
		return dotMenus
	case strings.HasPrefix(path, c.m.Menus+".") && !strings.Contains(path[len(c.m.Menus)+1:], "."):
		return dotMenu
	}
	return dotSafe
}

// itemURL reports whether n is a menu item's URL.
func (c *checker) itemURL(n parse.Node, d dot) bool {
	f, ok := n.(*parse.FieldNode)
	return ok && d == dotItem && len(f.Ident) == 1 && f.Ident[0] == "URL"
}

// page reports whether n is the page ($.Page), or with url its URL.
func (c *checker) page(n parse.Node, d dot, url bool) bool {
	var idents []string
	switch n := n.(type) {
	case *parse.VariableNode:
		if n.Ident[0] != "$" {
			return false
		}
		idents = n.Ident[1:]
	case *parse.FieldNode:
		if d != dotData {
			return false
		}
		idents = n.Ident
	default:
		return false
	}
	if url {
		return slices.Equal(idents, []string{c.m.Page, "URL"})
	}
	return slices.Equal(idents, []string{c.m.Page})
}

// Memoized returns the partials whose output the set reuses, sorted.
func (s *Set) Memoized() []string {
	if s.memo == nil {
		return nil
	}
	return s.memo.names
}
