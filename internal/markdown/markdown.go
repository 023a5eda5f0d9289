// Package markdown is the one place goldmark is configured. It turns a
// page's Markdown into HTML and reports what later stages need to check:
// the headings, the links and images with their positions, and anything
// that was left out for safety.
//
// The dialect is CommonMark with the GitHub extensions (tables,
// strikethrough, autolinks and task lists) and generated heading IDs. Raw
// HTML is never passed through: it is dropped, with a warning at its
// position. Links and images whose URL uses a scheme other than http,
// https or mailto (or a relative path) are dropped, with an error: this
// keeps javascript:, vbscript: and data: URLs out of the output, except
// data: URLs of images in PNG, GIF, JPEG or WebP. Table header cells get
// scope="col".
//
// Rendering is linear in the size of the source: heading IDs are numbered
// without retrying each number, and positions come from an index built
// once. goldmark is not linear in how deep lists and block quotes nest, so
// a file nested deeper than MaxNesting is refused before it is parsed.
package markdown

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/weburl"
)

// Heading is a heading of the document.
type Heading struct {
	Level int
	ID    string
	Text  string
	Pos   diag.Pos
}

// Link is a link or image of the document.
type Link struct {
	Dest  string // as written
	Text  string // the link text, or an image's alt text
	Image bool
	Pos   diag.Pos
}

// Table is a table of the document.
type Table struct {
	HasHeader bool
	Pos       diag.Pos
}

// Prose is a paragraph or list item's text, for readability checks.
type Prose struct {
	Text  string
	Start int // byte offset of the block in the source
}

// Doc is a rendered document.
type Doc struct {
	HTML     []byte
	Headings []Heading
	Links    []Link
	Tables   []Table
	Prose    []Prose
}

// LinkFunc rewrites the destination of a link or image written as a path
// (not a full URL). It returns where the link leads, or a problem to
// report, in which case the link is emitted without its destination.
type LinkFunc func(l Link) (dest Dest, problem string)

// Dest is where a link leads, as LinkFunc resolves it.
type Dest struct {
	URL string
	// Hreflang, when set, is the language of the page the link leads to,
	// where it is not the language of the page the link is on; Lang, when
	// set, is the language of the link's text (a page's title written in
	// its own language). A link is written with them as hreflang and
	// lang; Markdown itself cannot set them, or any other attribute.
	Hreflang, Lang string
}

// Renderer renders Markdown. Its zero value is not usable; call New. A
// Renderer is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	return &Renderer{md: goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(linkRenderer{}, 100))),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(),
			// Last, after every parser of its trigger.
			parser.WithInlineParsers(util.Prioritized(stopInline{}, 0))),
	)}
}

// reserved IDs are used by the layouts and never given to headings.
var reserved = []string{"main-content", "contents", "top", "search", "site-header", "footer"}

// Render renders src, the Markdown of file. Relative links and images are
// passed to resolve, which may be nil.
func (r *Renderer) Render(file string, src []byte, resolve LinkFunc) (*Doc, diag.List) {
	doc, diags, _ := r.RenderContext(context.Background(), file, src, resolve)
	return doc, diags
}

// RenderContext is Render, stopped when ctx is done: it then returns
// ctx's error, and no document. See stop.go for where it looks.
func (r *Renderer) RenderContext(ctx context.Context, file string, src []byte, resolve LinkFunc) (_ *Doc, _ diag.List, err error) {
	st := &stopper{done: ctx.Done()}
	defer func() {
		if v := recover(); v != nil {
			if v != errStop {
				panic(v)
			}
			err = ctx.Err()
		}
	}()
	var diags diag.List
	lines := diag.NewLineIndex(src)
	if off, depth, ok := tooDeep(src, MaxNesting, st); ok {
		diags.Add(diag.Diagnostic{Pos: lines.Pos(file, off), Code: "nesting",
			Msg:  fmt.Sprintf("lists and block quotes nest %d deep here, past the limit of %d", depth, MaxNesting),
			Hint: "flatten the list, or split it under headings"})
		return &Doc{}, diags, nil
	}
	ids := newIDs()
	pc := parser.NewContext(parser.WithIDs(ids))
	pc.Set(stopKey, st)
	root := r.md.Parser().Parse(&stopReader{Reader: text.NewReader(src), st: st}, parser.WithContext(pc))
	doc := &Doc{}
	var drop, unwrap []ast.Node
	pos := func(off int) diag.Pos { return lines.Pos(file, off) }

	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		st.check()
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idStr := ""
			if b, ok := id.([]byte); ok {
				idStr = string(b)
			}
			doc.Headings = append(doc.Headings, Heading{Level: n.Level, ID: idStr,
				Text: plainText(n, src), Pos: blockPos(n, src, pos)})
		case *ast.HTMLBlock:
			diags.Add(diag.Diagnostic{Pos: blockPos(n, src, pos), Severity: diag.Warning, Code: "raw-html",
				Msg: "raw HTML is not allowed and was left out", Hint: "write it in Markdown instead"})
			drop = append(drop, n)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			off := 0
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			diags.Add(diag.Diagnostic{Pos: pos(off), Severity: diag.Warning, Code: "raw-html",
				Msg: fmt.Sprintf("raw HTML %s is not allowed and was left out", quoteShort(rawText(n, src))), Hint: "write it in Markdown instead"})
			drop = append(drop, n)
		case *ast.Link:
			l := Link{Dest: string(n.Destination), Text: plainText(n, src), Pos: inlinePos(n, src, pos, 1)}
			doc.Links = append(doc.Links, l)
			dest, ok := r.destination(l, resolve, &diags)
			n.Destination = []byte(dest.URL)
			if dest.Hreflang != "" {
				n.SetAttributeString("hreflang", []byte(dest.Hreflang))
			}
			if dest.Lang != "" {
				n.SetAttributeString("lang", []byte(dest.Lang))
			}
			if !ok {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			l := Link{Dest: string(n.Destination), Text: plainText(n, src), Image: true, Pos: inlinePos(n, src, pos, 2)}
			doc.Links = append(doc.Links, l)
			dest, ok := r.destination(l, resolve, &diags)
			n.Destination = []byte(dest.URL)
			if !ok {
				drop = append(drop, n)
			}
		case *ast.AutoLink:
			l := Link{Dest: string(n.URL(src)), Text: string(n.Label(src)), Pos: pos(autoLinkOffset(n, src))}
			doc.Links = append(doc.Links, l)
			if msg := unsafeScheme(l.Dest, false); msg != "" {
				diags.Add(diag.Diagnostic{Pos: l.Pos, Code: "unsafe-url", Msg: msg, Hint: "link to an https:// address"})
				drop = append(drop, n)
			}
		case *ast.Paragraph, *ast.TextBlock:
			if l := blockLines(n); l != nil {
				if _, inTable := n.Parent().(*east.TableCell); !inTable {
					doc.Prose = append(doc.Prose, Prose{Text: plainText(n, src), Start: l.At(0).Start})
				}
			}
		case *east.Table:
			t := Table{Pos: tablePos(n, src, pos)}
			if h, ok := n.FirstChild().(*east.TableHeader); ok {
				t.HasHeader = hasText(h, src)
				for c := h.FirstChild(); c != nil; c = c.NextSibling() {
					c.SetAttributeString("scope", []byte("col"))
				}
			}
			doc.Tables = append(doc.Tables, t)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		if p := n.Parent(); p != nil {
			p.RemoveChild(p, n)
		}
	}
	// A link whose destination was refused keeps its text.
	for _, n := range unwrap {
		p := n.Parent()
		if p == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			p.InsertBefore(p, n, c)
			c = next
		}
		p.RemoveChild(p, n)
	}
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := r.md.Renderer().Render(&stopWriter{w: &buf, st: st}, src, root); err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file}, Code: "markdown", Msg: "cannot render: " + err.Error()})
	}
	doc.HTML = buf.Bytes()
	return doc, diags, nil
}

// destination checks a link's URL and rewrites relative ones. It reports
// false when the link must not be emitted.
func (r *Renderer) destination(l Link, resolve LinkFunc, diags *diag.List) (Dest, bool) {
	d := strings.TrimSpace(l.Dest)
	if msg := unsafeScheme(d, l.Image); msg != "" {
		diags.Add(diag.Diagnostic{Pos: l.Pos, Code: "unsafe-url", Msg: msg, Hint: "link to an https:// address or to another page of the site"})
		return Dest{}, false
	}
	// Read as a browser reads it: "/\evil.example" is another site, not
	// a path on this one.
	if msg := weburl.Suspicious(d); msg != "" {
		diags.Add(diag.Diagnostic{Pos: l.Pos, Code: "unsafe-url", Msg: fmt.Sprintf("the link %s %s", quoteShort(d), msg),
			Hint: "write / instead of \\"})
		return Dest{}, false
	}
	if hasScheme(d) || strings.HasPrefix(d, "//") || d == "" || resolve == nil {
		return Dest{URL: d}, true
	}
	u, problem := resolve(l)
	if problem != "" {
		diags.Add(diag.Diagnostic{Pos: l.Pos, Code: "broken-link", Msg: problem})
		return Dest{}, false
	}
	return u, u.URL != ""
}

// linkRenderer writes links as goldmark's HTML renderer does, with the
// hreflang that Dest may give them, which goldmark's list of a link's
// attributes leaves out. Only Dest sets a link's attributes: the
// Markdown attribute syntax is not turned on.
type linkRenderer struct{}

// linkAttrs are the attributes a link is written with.
var linkAttrs = html.LinkAttributeFilter.ExtendString("hreflang")

func (linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, renderLink)
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	if dest := util.URLEscape(n.Destination, true); !html.IsDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, linkAttrs)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return false
	}
	for _, c := range s[:i] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// unsafeScheme reports a URL whose scheme could run script or smuggle
// content: anything but http, https, mailto and tel, and data: URLs of
// raster images when image is true.
func unsafeScheme(s string, image bool) string {
	// Browsers ignore control characters and spaces inside a scheme.
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if !hasScheme(clean) {
		return ""
	}
	scheme := strings.ToLower(clean[:strings.IndexByte(clean, ':')])
	switch scheme {
	case "http", "https", "mailto", "tel":
		return ""
	case "data":
		lower := strings.ToLower(clean)
		if image {
			for _, t := range []string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"} {
				if strings.HasPrefix(lower, t) {
					return ""
				}
			}
		}
		return "data: links are not allowed"
	}
	return fmt.Sprintf("%s: links are not allowed", scheme)
}

// blockLines returns the lines of a block node, or nil for inline nodes,
// whose Lines method panics.
func blockLines(n ast.Node) *text.Segments {
	if n == nil || n.Type() != ast.TypeBlock {
		return nil
	}
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l
	}
	return nil
}

// searchBlock finds needle in the source of the block that holds n, and
// returns its offset, or the block's start, or 0.
func searchBlock(n ast.Node, src []byte, needle []byte) int {
	for p := n.Parent(); p != nil; p = p.Parent() {
		l := blockLines(p)
		if l == nil {
			continue
		}
		first, last := l.At(0), l.At(l.Len()-1)
		if i := bytes.Index(src[first.Start:last.Stop], needle); i >= 0 && len(needle) > 0 {
			return first.Start + i
		}
		return first.Start
	}
	return 0
}

// autoLinkOffset returns the offset of an autolink: of the "<" before its
// label, or of the label itself for a bare www. or https:// link. The
// label is a slice of src, and its capacity says where it starts; only if
// it is not (goldmark copied it) is the block searched for it.
func autoLinkOffset(n *ast.AutoLink, src []byte) int {
	label := n.Label(src)
	if len(label) > 0 {
		start := cap(src) - cap(label)
		if start >= 0 && start+len(label) <= len(src) && &src[start] == &label[0] {
			if start > 0 && src[start-1] == '<' {
				start--
			}
			return start
		}
	}
	return searchBlock(n, src, label)
}

// inlinePos finds the position of a link or image: just before the first
// text inside it, less the width of "[" or "![".
func inlinePos(n ast.Node, src []byte, pos func(int) diag.Pos, width int) diag.Pos {
	if off, ok := firstTextOffset(n); ok {
		return pos(max(0, off-width))
	}
	open := "["
	if width == 2 {
		open = "!["
	}
	return pos(searchBlock(n, src, []byte(open)))
}

func firstTextOffset(n ast.Node) (int, bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			return t.Segment.Start, true
		case *ast.CodeSpan:
			if off, ok := firstTextOffset(t); ok {
				return off - 1, true
			}
		default:
			if off, ok := firstTextOffset(c); ok {
				return off - 1, true
			}
		}
	}
	return 0, false
}

// blockPos returns the position of a block: the start of its line.
func blockPos(n ast.Node, src []byte, pos func(int) diag.Pos) diag.Pos {
	off := -1
	if l := blockLines(n); l != nil {
		off = l.At(0).Start
	} else if o, ok := firstTextOffset(n); ok {
		off = o
	} else {
		for c := n.FirstChild(); c != nil && off < 0; c = c.NextSibling() {
			if l := blockLines(c); l != nil {
				off = l.At(0).Start
			} else if o, ok := firstTextOffset(c); ok {
				off = o
			}
		}
	}
	off = max(0, min(off, len(src)))
	// Step back to the start of the line, then past indentation.
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	for start < len(src) && (src[start] == ' ' || src[start] == '\t') {
		start++
	}
	return pos(start)
}

// tablePos returns the position of a table's first row: goldmark keeps no
// lines for tables, so step back from the first text in it over the lines
// that belong to the table.
func tablePos(n ast.Node, src []byte, pos func(int) diag.Pos) diag.Pos {
	off, ok := firstTextOffset(n)
	if !ok {
		return blockPos(n, src, pos)
	}
	off = max(0, min(off, len(src)))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	for start > 0 {
		end := start - 1 // the newline that ends the line before
		prev := bytes.LastIndexByte(src[:end], '\n') + 1
		line := bytes.TrimSpace(src[prev:end])
		if len(line) == 0 || !bytes.ContainsRune(line, '|') {
			break
		}
		start = prev
	}
	for start < len(src) && (src[start] == ' ' || src[start] == '\t') {
		start++
	}
	return pos(start)
}

func rawText(n *ast.RawHTML, src []byte) string {
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}

func hasText(n ast.Node, src []byte) bool {
	return strings.TrimSpace(plainText(n, src)) != ""
}

// plainText returns the text of an inline tree, as a screen reader reads it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				seg := t.Segment
				b.Write(seg.Value(src))
				if t.SoftLineBreak() || t.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			case *ast.AutoLink:
				b.Write(t.Label(src))
			case *ast.Image:
				walk(t)
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// ID returns the ID a heading with the given text gets: lowercase letters
// and numbers, with hyphens for spaces and hyphens.
func ID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_' || r == '\t':
			dash = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// ids gives headings unique IDs that avoid the layouts' own. A repeated
// heading gets the base ID with the next free number: next remembers, for
// each base, the number to try first, so that n headings with one text
// cost n tries in all, not n²/2.
type ids struct {
	used map[string]bool
	next map[string]int
}

func newIDs() *ids {
	m := map[string]bool{}
	for _, r := range reserved {
		m[r] = true
	}
	return &ids{used: m, next: map[string]int{}}
}

func (x *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := ID(string(value))
	id := base
	if x.used[id] {
		i := max(1, x.next[base])
		for ; ; i++ {
			id = base + "-" + strconv.Itoa(i)
			if !x.used[id] {
				break
			}
		}
		x.next[base] = i + 1
	}
	x.used[id] = true
	return []byte(id)
}

func (x *ids) Put(value []byte) { x.used[string(value)] = true }
