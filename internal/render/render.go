// Package render turns the resolved site into HTML files: each page's
// Markdown through goldmark, then its layout, in parallel across cores.
//
// Every layout is executed with a Context (see its fields) and the
// template functions of Funcs.
package render

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/markdown"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Context is what every layout receives as ".".
type Context struct {
	Site        *site.Config
	Page        *site.Page
	Content     template.HTML
	TOC         []site.Heading
	Pages       []*site.Page
	Breadcrumbs []site.Crumb
	Prev, Next  *site.Page
	// Pager places a page of a long list among the list's pages, for the
	// pagination nav; nil for a list that fits on one page.
	Pager *site.Pager
	// Data carries what generated pages (such as the finder's) give their
	// layouts.
	Data any
	// Lang is the page's language. On a multilingual site, Switch links
	// to the page in each other language (or, where it has no
	// translation, that language's home page, with Missing set), and
	// Alternates are the page's addresses in every language it is
	// written in, with x-default, for <link rel="alternate" hreflang>.
	Lang       site.Language
	Switch     []Switch
	Alternates []Alternate
}

// Sink receives each rendered file. It may be called from many goroutines
// at once.
type Sink func(site.File) error

// Options controls rendering.
type Options struct {
	// Assets maps a path under static/ ("css/site.css") to the URL it is
	// published at. Layouts refer to static files through the asset
	// function, which fails for a file that is not here.
	Assets map[string]string
	// Integrity maps a path under static/ to the Subresource Integrity
	// value of the file published for it ("sha384-..."), for the
	// integrity function. Files without one get "".
	Integrity map[string]string
	// Pages limits rendering to these pages (for rebuilds); nil renders all.
	Pages map[*site.Page]bool
	// Done, if set, is called with each content page's result as soon as
	// it is rendered, on the goroutine that rendered it, so checks can run
	// while the page's text is at hand and then let it go.
	Done func(*Result)
	// Body, if set, returns the body of a page loaded without one (see
	// content.Options.Lazy). It is called on the goroutine rendering the
	// page, once for each render.
	Body func(*site.Page) ([]byte, error)
	// Record, if set, receives the keys of what each page reads as it
	// reads them: its file, the layouts looked for, the pages and files
	// that template functions and links reach. A Renderer with a
	// Recorder renders one page at a time; Page and GeneratedPage return
	// the keys in the Result.
	Record *dep.Recorder
	// Reported, if set, is shared by renderers of one build, so that a
	// template error is reported once for the build, not once for each.
	Reported *Reported
	// Lend, when set, has the files that Page and GeneratedPage return
	// hold their bytes in a buffer the renderer lends: the caller gives
	// it back with Release once nothing reads Data any more, and the
	// next page is rendered into it. A page is not copied out of the
	// buffer it grew in, nor a page-sized buffer made for every page.
	Lend bool
}

// Reported holds the template errors already reported, by layout
// position and message, and the layouts stopped at their limits. Its
// zero value is ready to use.
type Reported struct {
	mu      sync.Mutex
	seen    map[string]bool
	stopped map[string]diag.Diagnostic // by layout name
}

// Reset forgets what was reported, so that the next rebuild reports it
// again and runs every layout again.
func (r *Reported) Reset() {
	r.mu.Lock()
	clear(r.seen)
	clear(r.stopped)
	r.mu.Unlock()
}

// stop notes that the layout name ran past its limit, with d.
func (r *Reported) stop(name string, d diag.Diagnostic) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped == nil {
		r.stopped = map[string]diag.Diagnostic{}
	}
	r.stopped[name] = d
}

// overtime returns the problem of the layout name if it ran past its time
// limit in this build.
func (r *Reported) overtime(name string) *diag.Diagnostic {
	r.mu.Lock()
	defer r.mu.Unlock()
	if d, ok := r.stopped[name]; ok {
		return &d
	}
	return nil
}

// first reports whether key is new, and marks it seen.
func (r *Reported) first(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if r.seen[key] {
		return false
	}
	r.seen[key] = true
	return true
}

// Renderer renders the pages of one resolved site.
type Renderer struct {
	x     *resolve.Index
	md    *markdown.Renderer
	set   *layout.Set
	opts  Options
	funcs template.FuncMap
	rec   *dep.Recorder
	errs  *Reported
	order map[*site.Page]int // each page's place in its section's list
	// maps holds the region maps drawn for this index: every project
	// page draws the map of all projects, which is the same but for the
	// region it marks.
	maps   map[mapKey]template.HTML
	mapsMu sync.Mutex // All renders on many goroutines
}

// New returns a renderer for x. Its Funcs must be used to load the
// layouts, which are then handed over with SetLayouts.
func New(x *resolve.Index, opts Options) *Renderer {
	r := &Renderer{md: markdown.New(), opts: opts, rec: opts.Record, errs: opts.Reported}
	if r.errs == nil {
		r.errs = &Reported{}
	}
	r.bind(x)
	r.funcs = r.makeFuncs()
	return r
}

// Bind gives r another index of the same site, and the assets' addresses
// and integrity values, keeping its layouts. It must not be called while
// r renders.
func (r *Renderer) Bind(x *resolve.Index, assets, integrity map[string]string) {
	r.opts.Assets, r.opts.Integrity = assets, integrity
	r.bind(x)
	if r.set != nil {
		r.set.Forget()
	}
}

func (r *Renderer) bind(x *resolve.Index) {
	r.x = x
	r.maps = nil
	r.order = map[*site.Page]int{}
	for _, ix := range append([]*resolve.Index{x}, x.Langs()...) {
		for _, list := range ix.Pages {
			for i, p := range list {
				r.order[p] = i
			}
		}
	}
}

// Funcs returns the template functions layouts may call.
func (r *Renderer) Funcs() template.FuncMap { return r.funcs }

// SetLayouts sets the parsed layouts to render with.
func (r *Renderer) SetLayouts(s *layout.Set) { r.set = s }

// Result is what rendering one page produced.
type Result struct {
	Page *site.Page
	// Body is the Markdown the page was rendered from: its Body, or what
	// Options.Body returned for it.
	Body     []byte
	Headings []markdown.Heading
	Links    []markdown.Link
	Tables   []markdown.Table
	Prose    []markdown.Prose
	targets  []linkTarget
	Diags    diag.List
	// Deps is what rendering the page read, when the Renderer has a
	// Recorder.
	Deps []dep.Key
}

type linkTarget struct {
	pos  diag.Pos
	dest string
	t    resolve.Target
}

// All renders every page of the site, the home page, the section lists and
// the not-found page, sending each file to sink. It returns what each page
// produced, for the content checks, and every problem found.
func (r *Renderer) All(ctx context.Context, sink Sink) ([]*Result, diag.List) {
	pages := append([]*site.Page(nil), r.x.All...)
	pages = append(pages, NotFoundPage(r.x.Config))
	if r.opts.Pages != nil {
		pages = slices.DeleteFunc(pages, func(p *site.Page) bool { return !r.opts.Pages[p] && p.Kind != site.Kind404 })
	}
	results := make([]*Result, len(pages))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range pages {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, f := r.Page(ctx, p)
			if r.opts.Done != nil && res != nil && p.File != "" {
				r.opts.Done(res)
			}
			results[i] = res
			if f == nil {
				return nil
			}
			return sink(*f)
		})
	}
	var diags diag.List
	if err := g.Wait(); err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "."}, Code: "write", Msg: "cannot write the site: " + err.Error()})
	}
	for _, res := range results {
		if res != nil {
			diags.Append(res.Diags)
		}
	}
	diags.Append(r.checkFragments(results))
	return results, diags
}

// Generated renders pages made by other stages, such as the finder's,
// in parallel, sending each file to sink.
func (r *Renderer) Generated(ctx context.Context, gen []site.Generated, sink Sink) diag.List {
	diagsOf := make([]diag.List, len(gen))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, gp := range gen {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, f := r.GeneratedPage(ctx, gp)
			diagsOf[i] = res.Diags
			if f == nil {
				return nil
			}
			return sink(*f)
		})
	}
	var diags diag.List
	if err := g.Wait(); err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "."}, Code: "write", Msg: "cannot write the site: " + err.Error()})
	}
	for _, d := range diagsOf {
		diags.Append(d)
	}
	return diags
}

// GeneratedPage renders one page made by another stage. The file is nil
// when the page could not be rendered, or when ctx was done before it was.
func (r *Renderer) GeneratedPage(ctx context.Context, gp site.Generated) (*Result, *site.File) {
	r.rec.Reset()
	var localDiags diag.List
	r.localize(&gp, &localDiags)
	c := &Context{Site: r.x.Config.ForLang(gp.Page.Lang), Page: gp.Page, Data: gp.Data}
	// A generated page carries its own body, if any.
	res := &Result{Page: gp.Page, Body: gp.Page.Body, Diags: localDiags}
	if len(res.Body) > 0 && !r.body(ctx, c, res) {
		return res, nil
	}
	r.context(c)
	if len(gp.Translations) > 1 && len(r.x.Config.Langs()) > 1 {
		r.switches(c, gp.Translations)
	}
	if gp.Pages != nil {
		c.Pages = gp.Pages
	}
	if gp.Crumbs != nil {
		c.Breadcrumbs = gp.Crumbs
	}
	c.Pager = gp.Pager
	f := r.Execute(ctx, c, gp.Layouts, OutputPath(gp.Page), &res.Diags)
	res.Deps = r.rec.Keys()
	return res, f
}

// OutputPath is the file a page is published to.
func OutputPath(p *site.Page) string {
	if p.Kind == site.Kind404 {
		return "404.html"
	}
	return p.Path + "index.html"
}

// Page renders one page. The file is nil when the page could not be
// rendered, or when ctx was done before it was: rendering checks ctx
// between the blocks of a long page and at each loop of its layout, and
// stops within moments however long the page.
func (r *Renderer) Page(ctx context.Context, p *site.Page) (res *Result, f *site.File) {
	res = &Result{Page: p}
	r.rec.Reset()
	defer func() {
		// No input may crash the build: report a panic as a problem with
		// the page and go on.
		if v := recover(); v != nil {
			res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: pageName(p)}, Code: "internal",
				Msg: fmt.Sprintf("wayfinder could not render this page (%v)", v), Hint: "please report this as a bug, with the file"})
			f = nil
		}
		res.Deps = r.rec.Keys()
	}()
	if p.File != "" {
		r.rec.Read(dep.Page, p.File)
	}
	c := &Context{Site: r.x.Config.ForLang(p.Lang), Page: p}
	if !r.source(res) {
		return res, nil
	}
	if len(res.Body) > 0 && !r.body(ctx, c, res) {
		return res, nil
	}
	r.context(c)
	return res, r.Execute(ctx, c, layout.Names(p), OutputPath(p), &res.Diags)
}

// source sets res.Body to the page's Markdown, reading it through
// Options.Body when the page was loaded without it. It reports whether
// the body could be had; when not, the problem is in res.Diags.
func (r *Renderer) source(res *Result) bool {
	p := res.Page
	res.Body = p.Body
	if p.Body != nil || p.File == "" || r.opts.Body == nil {
		return true
	}
	body, err := r.opts.Body(p)
	if err != nil {
		res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File}, Code: "read", Msg: err.Error(),
			Hint: "build again"})
		return false
	}
	res.Body = body
	return true
}

// Check renders only the body of a page that will not be published, such
// as one whose front matter has errors, to find the problems in it.
func (r *Renderer) Check(ctx context.Context, p *site.Page) *Result {
	res := &Result{Page: p}
	defer func() {
		if v := recover(); v != nil {
			res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: pageName(p)}, Code: "internal",
				Msg: fmt.Sprintf("wayfinder could not render this page (%v)", v), Hint: "please report this as a bug, with the file"})
		}
	}()
	if r.source(res) && len(res.Body) > 0 {
		r.body(ctx, &Context{Site: r.x.Config, Page: p}, res)
	}
	return res
}

// body renders the Markdown of c.Page into c.Content and c.TOC, keeping
// what it found in res. It reports false, having kept nothing, when ctx
// was done before the Markdown was rendered.
func (r *Renderer) body(ctx context.Context, c *Context, res *Result) bool {
	p := c.Page
	code := cmp.Or(p.Lang, r.x.Config.DefaultLang())
	doc, diags, err := r.md.RenderContext(ctx, p.File, res.Body, func(l markdown.Link) (markdown.Dest, string) {
		r.recordLink(p, l.Dest)
		t, problem := r.x.Link(p, l.Dest)
		if problem != "" {
			// The hint names the files that exist.
			r.rec.Read(dep.Members, "")
		}
		if problem == "" && t.Fragment != "" {
			res.targets = append(res.targets, linkTarget{pos: l.Pos, dest: l.Dest, t: t})
		}
		d := markdown.Dest{URL: t.URL}
		// A link to a page in another language says so; its text is in
		// that language too where it is the page's title.
		if to := r.linkLang(code, t.URL); to != nil && !l.Image {
			d.Hreflang = to.Tag
			if t.Page != nil && l.Text == t.Page.Title {
				d.Lang = to.Tag
			}
		}
		return d, problem
	})
	if err != nil {
		return false
	}
	res.Diags.Append(diags)
	res.Headings, res.Links, res.Tables, res.Prose = doc.Headings, doc.Links, doc.Tables, doc.Prose
	c.Content = template.HTML(doc.HTML) // #nosec: goldmark output with raw HTML off and unsafe URLs dropped
	for _, h := range doc.Headings {
		if h.Level == 2 || h.Level == 3 {
			c.TOC = append(c.TOC, site.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
		}
	}
	return true
}

// recordLink records what a link in p's Markdown reads: the file it
// names, and that file's headings when it names a #fragment. Links to
// paths on the site and to other sites read nothing of it.
func (r *Renderer) recordLink(p *site.Page, dest string) {
	if r.rec == nil {
		return
	}
	d, frag, _ := strings.Cut(strings.TrimSpace(dest), "#")
	d, _, _ = strings.Cut(d, "?")
	if strings.HasPrefix(d, "/") || strings.Contains(d, ":") {
		return
	}
	file := p.File
	if d != "" {
		file = path.Join(path.Dir(p.File), d)
		r.rec.Read(dep.Link, file)
	}
	if frag != "" {
		r.rec.Read(dep.Headings, file)
	}
}

// Execute renders a context with the first layout of names that exists,
// as the file at out. Problems are added to diags; the file is nil when
// rendering failed or ctx was done.
//
// A layout stopped at its limit (layout.MaxSteps or MaxRunTime) is not run again
// in the same build: the pages after it that use it get the same problem
// at once, so one looping layout costs the build one limit, not one
// for each page.
func (r *Renderer) Execute(ctx context.Context, c *Context, names []string, out string, diags *diag.List) *site.File {
	for _, n := range names {
		r.rec.Read(dep.Layout, n)
		if r.set.Has(n) {
			break
		}
	}
	name := r.set.Lookup(names...)
	if name == "" {
		where := c.Page.File
		if where == "" {
			where = layout.Dir
		}
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: where}, Code: "template",
			Msg:  fmt.Sprintf("no layout for this page: looked for %s", "layouts/"+strings.Join(names, ", layouts/")),
			Hint: "add one of those layouts"})
		return nil
	}
	if d := r.errs.overtime(name); d != nil {
		r.reportOnce(*d, c.Page, diags)
		return nil
	}
	b := buffers.Get().(*bytes.Buffer)
	if d := r.set.Execute(ctx, b, c.Site.Language, name, c); d != nil {
		putBuffer(b)
		if ctx.Err() != nil {
			return nil
		}
		if d.Code == layout.TimeCode {
			r.errs.stop(name, *d)
		}
		r.reportOnce(*d, c.Page, diags)
		return nil
	}
	data := b.Bytes()
	if !r.opts.Lend {
		data = bytes.Clone(data)
		putBuffer(b)
	}
	return &site.File{Path: out, Type: "text/html", Data: data, Src: c.Page.File}
}

// Release gives back the buffer holding data, the bytes of a file that a
// renderer with Options.Lend returned, for the next page to be rendered
// into. Nothing may read data after.
func Release(data []byte) {
	putBuffer(bytes.NewBuffer(data[:0]))
}

// buffers holds the buffers pages are rendered into, which grow to a
// page's size: reusing them saves growing a new one for every page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBuffer returns b to the pool, unless a very long page grew it.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	buffers.Put(b)
}

// reportOnce adds a template error the first time it is seen, naming the
// page it happened on, so one broken layout does not print a line per page.
func (r *Renderer) reportOnce(d diag.Diagnostic, p *site.Page, diags *diag.List) {
	if !r.errs.first(d.Pos.String() + d.Msg) {
		return
	}
	what := p.File
	if what == "" {
		what = "/" + p.Path
	}
	d.Msg += " (while rendering " + what + ")"
	diags.Add(d)
}

// context fills in the parts of a page's context that come from the site.
func (r *Renderer) context(c *Context) {
	p := c.Page
	x := r.x.In(p.Lang)
	home := r.homeText(c.Site.Language)
	r.languages(c, x)
	switch p.Kind {
	case site.KindSection:
		r.rec.Read(dep.Section, p.Section)
		// A long section lists its first pages here; the lists stage
		// makes the pages that list the rest.
		c.Pages = x.Pages[p.Section]
		chunks := site.Chunks(len(c.Pages), r.x.Config.PageSize)
		c.Pages = c.Pages[:chunks[0][1]]
		c.Pager = site.NewPager(1, chunks, func(i int) string { return r.x.Config.URL(site.ListPath(p.Path, i)) })
	case site.KindHome, site.Kind404:
	default:
		if p.Section != "" {
			r.rec.Read(dep.SectionPage, p.Section)
		}
		if p.Section != "" && x.Section[p.Section] != nil {
			sp := x.Section[p.Section]
			c.Breadcrumbs = []site.Crumb{{Title: home, URL: x.Home.URL}, {Title: sp.Title, URL: sp.URL}}
		} else {
			c.Breadcrumbs = []site.Crumb{{Title: home, URL: x.Home.URL}}
		}
		if p.Kind == site.KindGuide || p.Kind == site.KindPathway {
			list := x.Pages[p.Section]
			if i, ok := r.order[p]; ok && i < len(list) && list[i] == p {
				if i > 0 {
					c.Prev = list[i-1]
					r.rec.Read(dep.FrontMatter, c.Prev.File)
				}
				if i+1 < len(list) {
					c.Next = list[i+1]
					r.rec.Read(dep.FrontMatter, c.Next.File)
				}
			}
		}
	}
	if p.Kind == site.KindSection {
		c.Breadcrumbs = []site.Crumb{{Title: home, URL: x.Home.URL}}
	}
}

// NotFoundPage returns the site's not-found page, which All renders after
// the others.
func NotFoundPage(cfg *site.Config) *site.Page {
	return &site.Page{Kind: site.Kind404, Title: "Page not found", Path: "404.html", URL: cfg.URL("404.html")}
}

// CheckFragments reports links whose #fragment names no heading of the page
// they lead to, for pages rendered one at a time with Page. results must
// hold every page that a fragment link leads to.
func (r *Renderer) CheckFragments(results []*Result) diag.List { return r.checkFragments(results) }

// checkFragments reports links whose #fragment names no heading of the
// page they lead to.
func (r *Renderer) checkFragments(results []*Result) diag.List {
	var diags diag.List
	ids := map[*site.Page]map[string]bool{}
	for _, res := range results {
		if res == nil {
			continue
		}
		m := map[string]bool{"main-content": true}
		for _, h := range res.Headings {
			m[h.ID] = true
		}
		ids[res.Page] = m
	}
	for _, res := range results {
		if res == nil {
			continue
		}
		for _, lt := range res.targets {
			if lt.t.Page == nil {
				continue
			}
			known, ok := ids[lt.t.Page]
			if !ok || known[lt.t.Fragment] {
				continue
			}
			var cands []string
			for id := range known {
				cands = append(cands, id)
			}
			d := diag.Diagnostic{Pos: lt.pos, Code: "broken-link",
				Msg: fmt.Sprintf("the link %q leads to a heading #%s that %s does not have", lt.dest, lt.t.Fragment, pageName(lt.t.Page))}
			slices.Sort(cands)
			if s := diag.Suggest(lt.t.Fragment, cands); s != "" {
				d.Hint = fmt.Sprintf("did you mean #%s?", s)
			}
			diags.Add(d)
		}
	}
	return diags
}

func pageName(p *site.Page) string {
	if p.File != "" {
		return p.File
	}
	return "/" + p.Path
}

// errAsset reports a layout asking for a static file that does not exist.
var errAsset = errors.New("no such file under static/")

func (r *Renderer) makeFuncs() template.FuncMap {
	// The functions read r.x when called, so that Bind can give the
	// renderer a new index without parsing the layouts again.
	cfg := r.x.Config
	fm := template.FuncMap{
		"label":   cfg.Label,
		"current": func(u string, p *site.Page) string { return Current(cfg, u, p) },
		// langOf is the BCP 47 tag of a page's language, for the lang
		// and hreflang of a link to a page in another language.
		"langOf": func(p *site.Page) string {
			if l := cfg.Lang(p.Lang); l != nil {
				return l.Tag
			}
			return cfg.Language
		},
		"groups": func(pages []*site.Page, field, vocab string) []Group { return Groups(cfg, pages, field, vocab) },
		"terms": func(vocab string) []site.Term {
			if v := cfg.Vocab[vocab]; v != nil {
				return v.Terms
			}
			return nil
		},
		"date":    func(d any) string { return FormatDate("", toTime(d)) },
		"isodate": func(d any) string { return toTime(d).Format(site.DateLayout) },
		"asset": func(p string) (string, error) {
			p = strings.TrimPrefix(p, "/")
			r.rec.Read(dep.Asset, p)
			if u, ok := r.opts.Assets[p]; ok {
				return u, nil
			}
			return "", fmt.Errorf("%w: %s", errAsset, p)
		},
		"integrity": func(p string) (string, error) {
			p = strings.TrimPrefix(p, "/")
			r.rec.Read(dep.Asset, p)
			if _, ok := r.opts.Assets[p]; !ok {
				return "", fmt.Errorf("%w: %s", errAsset, p)
			}
			return r.opts.Integrity[p], nil
		},
		"jsonLD":   r.jsonLD,
		"absURL":   cfg.AbsURL,
		"relURL":   cfg.URL,
		"termURL":  func(vocab, value string) string { return cfg.URL(site.TermPath(vocab, value)) },
		"linkLang": func(u string) *site.Language { return r.linkLang(cfg.DefaultLang(), u) },
		"add":      func(a, b int) int { return a + b },
		"sub":      func(a, b int) int { return a - b },
		"regionMap": func(pages []*site.Page, highlight string, anchors bool, current ...bool) (template.HTML, error) {
			return r.regionMap(cfg.DefaultLang(), pages, highlight, anchors, current...)
		},
	}
	maps.Copy(fm, r.indexFuncs(func() *resolve.Index { return r.x }))
	return fm
}

// Group is the pages that share one value of a field, such as the
// pathfinder projects of one region.
type Group struct {
	Value, Label string
	Pages        []*site.Page
}

// Groups sorts pages into groups by the values of a front-matter field,
// in the order of the field's vocabulary in site.yaml, then any values the
// vocabulary lacks in the order they first appear. Pages keep their order
// within a group; empty groups are left out.
func Groups(cfg *site.Config, pages []*site.Page, field, vocab string) []Group {
	var groups []Group
	index := map[string]int{}
	if v := cfg.Vocab[vocab]; v != nil {
		for _, t := range v.Terms {
			index[t.Value] = len(groups)
			groups = append(groups, Group{Value: t.Value, Label: cfg.Label(vocab, t.Value)})
		}
	}
	for _, p := range pages {
		for _, val := range p.Values(field) {
			i, ok := index[val]
			if !ok {
				i = len(groups)
				index[val] = i
				groups = append(groups, Group{Value: val, Label: cfg.Label(vocab, val)})
			}
			groups[i].Pages = append(groups[i].Pages, p)
		}
	}
	return slices.DeleteFunc(groups, func(g Group) bool { return len(g.Pages) == 0 })
}

// Current says how a menu link relates to the page showing it, as the
// value of aria-current: "page" for the page itself, "true" for the
// section the page is in, and "" otherwise.
func Current(cfg *site.Config, u string, p *site.Page) string {
	switch {
	case p == nil:
		return ""
	case u == p.URL:
		return "page"
	case p.Kind != site.KindHome && p.Section != "" && u == cfg.URL(p.Section+"/"):
		return "true"
	}
	return ""
}
