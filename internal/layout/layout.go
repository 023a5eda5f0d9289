// Package layout parses the site's layouts/ folder into html/template sets,
// finds the layout for each page, and maps template errors back to the
// layout file, line and column.
//
// # Files
//
// Every .html file under layouts/ is a template named by its path relative
// to layouts/, such as "pathways/single.html".
//
//   - _default/baseof.html is the skeleton of every page. It marks the parts
//     that page layouts fill with {{block "main" .}}{{end}} (and any other
//     blocks it likes).
//   - A page layout defines those blocks: {{define "main"}}…{{end}}. A page
//     layout that defines no "main" is a whole page on its own.
//   - partials/NAME.html are shared pieces, called with
//     {{template "partials/NAME.html" .}}.
//
// # Lookup
//
// Layouts are found by the names returned by Names: for a content page in
// section S, S/single.html then _default/single.html; for a section's list
// page, S/list.html then _default/list.html; the home page uses index.html
// and the not-found page 404.html. Generated pages such as the finder's
// name their own layouts.
//
// Template errors, when parsing or executing, are diagnostics at the layout
// file's line and column.
//
// # Interface strings
//
// No layout holds the words of one language. Every interface string
// (menus' labels aside, which site.yaml gives) is a key in the string
// tables under layouts/i18n/, one file per language (en.yaml, cy.yaml;
// see package i18n for their form), and layouts write it with the
// function t:
//
//	<a href="#main-content" class="skip-link">{{t "nav.skip"}}</a>
//	<p class="count">{{t "list.count.guides" "n" (len .Pages)}}</p>
//
// The layouts are parsed once and executed in the language of each page:
// t gives the message of that language's table (a page in "en-GB" uses
// en-GB.yaml if there is one, else en.yaml). A key written as text in a
// layout that a table lacks is an error when the layouts are loaded, at
// the layout's line and column, naming the table; so is a key that one
// table has and another lacks, at the key.
//
// # Chrome
//
// The skeleton's calls of partials that read nothing page-specific but
// which menu item is the page, such as the header and footer, can run
// once per language and menu state instead of once per page (ParseMemo
// and Memo): whether a partial qualifies is read from its text, so a
// partial that reads more simply runs on every page.
//
// # Limits
//
// A layout may not call itself, directly or through other templates: the
// call that closes the loop is an error when the layouts are loaded. A
// page's layout may write at most MaxPageSize bytes (32 MiB), do at most
// MaxSteps (1,000,000) loop turns and calls of other layouts, and run for
// at most MaxRunTime (30 s): a layout that writes more, or loops or calls
// other layouts more, is stopped with an error at the loop or call it was
// in. The step budget is counted, so it does not depend on the machine. Execution also stops when its context is done.
package layout

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/i18n"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Dir is the layouts folder under the site root.
const Dir = "layouts"

// Base is the name of the skeleton layout.
const Base = "_default/baseof.html"

// Set is a parsed set of layouts. It is safe for concurrent use once
// loaded.
type Set struct {
	pages  map[string]map[string]*page // page layout name → language → the layout
	files  []string
	tables i18n.Tables
	limit  time.Duration // MaxRunTime, unless a test says otherwise
	memo   *memo         // the chrome partials' outputs; nil for none
}

// page is one page layout, ready to execute.
type page struct {
	// proto is the layout parsed and guarded, and never executed: each
	// execution runs a clone of it, given the language's functions
	// (langFuncs), whose guards check that execution's context and time
	// (see guard). Every language's page shares it, so that the set holds
	// one parse of each layout however many string tables there are.
	proto     *template.Template
	langFuncs template.FuncMap
	entry     string // the name of the template to execute
	set       *Set
	lang      string // the string table's language

	mu   sync.Mutex
	free []*instance
}

// instance is a clone of a page layout, executed once at a time.
type instance struct {
	t   *template.Template
	run *run
}

// get returns an instance of p that no execution is using.
func (p *page) get() (*instance, error) {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		in := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return in, nil
	}
	p.mu.Unlock()
	t, err := p.proto.Clone()
	if err != nil {
		return nil, err
	}
	t.Funcs(p.langFuncs)
	in := &instance{t: t, run: &run{name: p.entry}}
	fm := in.run.funcs()
	if s := p.set; s.memo != nil {
		fm[memoFunc] = func(name string, data any) (template.HTML, error) { return s.chrome(in, p.lang, name, data) }
	}
	t.Funcs(fm)
	return in, nil
}

func (p *page) put(in *instance) {
	p.mu.Lock()
	p.free = append(p.free, in)
	p.mu.Unlock()
}

// Names returns the layouts to try for a page, in order.
func Names(p *site.Page) []string {
	switch p.Kind {
	case site.KindHome:
		return []string{"index.html", "_default/list.html"}
	case site.Kind404:
		return []string{"404.html", "_default/single.html"}
	case site.KindSection:
		return []string{p.Section + "/list.html", "_default/list.html"}
	}
	if p.Section != "" {
		return []string{p.Section + "/single.html", "_default/single.html"}
	}
	return []string{"_default/single.html"}
}

// Load parses every layout under layouts/ in fsys with the given functions.
func Load(fsys fs.FS, funcs template.FuncMap) (*Set, diag.List) {
	src, diags := Read(fsys)
	s, more := Parse(src, funcs)
	diags.Append(more)
	return s, diags
}

// Sources is the text of every layout, by its name under layouts/
// ("_default/single.html"). Parse may be given it many times, as a build
// that renders on many goroutines does, each with its own functions.
type Sources map[string]string

// Read reads every layout under layouts/ in fsys, and the string tables
// in layouts/i18n/.
func Read(fsys fs.FS) (Sources, diag.List) {
	var diags diag.List
	srcs := Sources{}
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "template", Msg: "cannot read: " + err.Error()})
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != Dir {
				return fs.SkipDir
			}
			return nil
		}
		if (path.Ext(p) != ".html" && !i18n.IsTable(strings.TrimPrefix(p, Dir+"/"))) || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "template", Msg: "cannot read: " + err.Error()})
			return nil
		}
		srcs[strings.TrimPrefix(p, Dir+"/")] = string(b)
		return nil
	})
	if err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: Dir}, Code: "template", Msg: err.Error()})
	}
	return srcs, diags
}

// Parse parses layouts read by Read with the given functions. perLang,
// if given, returns the functions whose answers depend on the page's
// language, by the code its string table is named with ("en", "cy"):
// each language's copy of the layouts has them in place of funcs'.
func Parse(srcs Sources, funcs template.FuncMap, perLang ...func(lang string) template.FuncMap) (*Set, diag.List) {
	return ParseMemo(srcs, funcs, nil, perLang...)
}

// ParseMemo is Parse, with the skeleton's calls of the partials that m
// allows run once for each key (see Memo); m may be nil.
func ParseMemo(srcs Sources, funcs template.FuncMap, m *Memo, perLang ...func(lang string) template.FuncMap) (*Set, diag.List) {
	var diags diag.List
	s := &Set{pages: map[string]map[string]*page{}, tables: i18n.Tables{}, limit: MaxRunTime}
	for name := range srcs {
		if i18n.IsTable(name) {
			t, more := i18n.Parse(name, srcs[name])
			diags.Append(more)
			s.tables[t.Lang] = t
			continue
		}
		s.files = append(s.files, name)
	}
	slices.Sort(s.files)
	diags.Append(i18n.Check(s.tables))
	// Every layout is parsed with a t that fails; each language's copy
	// has its own.
	funcs = maps.Clone(funcs)
	if funcs == nil {
		funcs = template.FuncMap{}
	}
	funcs["t"] = (*i18n.Table)(nil).Func()
	funcs["tjson"] = (*i18n.Table)(nil).JSON
	// tin writes a string in another language than the page's, such as
	// the notice beside a link to a page in that language.
	funcs["tin"] = func(lang, key string, args ...any) (template.HTML, error) {
		return s.tables.Lookup(lang).Format(key, args...)
	}
	langs := s.tables.Langs()
	if len(langs) == 0 {
		langs = []string{""}
	}
	var trees []*template.Template

	// The shared set: the skeleton and the partials.
	shared := template.New("").Funcs(funcs)
	sharedOK := true
	for _, name := range s.files {
		if name != Base && !strings.HasPrefix(name, "partials/") {
			continue
		}
		if _, err := shared.New(name).Parse(srcs[name]); err != nil {
			diags.Add(Diagnostic(err, ""))
			sharedOK = false
		}
	}
	trees = append(trees, shared)
	if sharedOK {
		if rec := recursion(shared); len(rec) > 0 {
			diags.Append(rec)
			sharedOK = false
		}
	}
	if !sharedOK {
		return s, diags
	}
	s.memo = memoize(shared, m)
	for _, name := range s.files {
		if name == Base || strings.HasPrefix(name, "partials/") {
			continue
		}
		// A layout that defines "main" fills the skeleton.
		alone, err := template.New(name).Funcs(funcs).Parse(srcs[name])
		if err != nil {
			diags.Add(Diagnostic(err, ""))
			continue
		}
		trees = append(trees, alone)
		t, err := shared.Clone()
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: Dir + "/" + name}, Code: "template", Msg: err.Error()})
			continue
		}
		if _, err := t.New(name).Parse(srcs[name]); err != nil {
			diags.Add(Diagnostic(err, ""))
			continue
		}
		if rec := recursion(t); len(rec) > 0 {
			diags.Append(rec)
			continue
		}
		entry := name
		if alone.Lookup("main") != nil {
			if t.Lookup(Base) == nil {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: Dir + "/" + name, Line: 1, Col: 1}, Code: "template",
					Msg:  "this layout defines \"main\" but there is no " + Dir + "/" + Base + " to put it in",
					Hint: "add " + Dir + "/" + Base + " with {{block \"main\" .}}{{end}}"})
				continue
			}
			entry = Base
		}
		guard(t)
		byLang := map[string]*page{}
		for _, lang := range langs {
			fm := template.FuncMap{"t": s.tables[lang].Func(), "tjson": s.tables[lang].JSON}
			for _, f := range perLang {
				maps.Copy(fm, f(lang))
			}
			byLang[lang] = &page{proto: t, langFuncs: fm, entry: entry, set: s, lang: lang}
		}
		s.pages[name] = byLang
	}
	diags.Append(s.checkKeys(trees))
	return s, diags
}

// Tables returns the string tables the layouts were parsed with.
func (s *Set) Tables() i18n.Tables { return s.tables }

// checkKeys reports each key written as text in a call of t that a
// string table lacks, at the call.
func (s *Set) checkKeys(sets []*template.Template) diag.List {
	var diags diag.List
	seen := map[diag.Pos]bool{}
	for _, set := range sets {
		for _, tt := range set.Templates() {
			if tt.Tree == nil || tt.Tree.Root == nil {
				continue
			}
			tree := tt.Tree
			check := func(n *parse.CommandNode, arg int) {
				if len(n.Args) <= arg {
					return
				}
				key, ok := n.Args[arg].(*parse.StringNode)
				if !ok {
					return
				}
				loc, _ := tree.ErrorContext(key)
				at := Diagnostic(errors.New("template: "+loc+": x"), tree.ParseName).Pos
				if seen[at] {
					return
				}
				seen[at] = true
				if len(s.tables) == 0 {
					diags.Add(diag.Diagnostic{Pos: at, Code: i18n.Code,
						Msg:  fmt.Sprintf("the string %q is not in any table: there is no %s/%s folder", key.Text, Dir, i18n.Dir),
						Hint: fmt.Sprintf("add %s/%s/en.yaml with %s: and its words", Dir, i18n.Dir, key.Text)})
					return
				}
				for _, lang := range s.tables.Langs() {
					tb := s.tables[lang]
					if _, ok := tb.Msgs[key.Text]; ok {
						continue
					}
					d := diag.Diagnostic{Pos: at, Code: i18n.Code,
						Msg:  fmt.Sprintf("the string %q is not in %s", key.Text, tb.File),
						Hint: fmt.Sprintf("add %s: with its words to %s", key.Text, tb.File)}
					if near := diag.Suggest(key.Text, slices.Sorted(maps.Keys(tb.Msgs))); near != "" {
						d.Hint = fmt.Sprintf("did you mean %q? or add %s: to %s", near, key.Text, tb.File)
					}
					diags.Add(d)
				}
			}
			walkCalls(tree.Root, "t", func(n *parse.CommandNode) { check(n, 1) })
			walkCalls(tree.Root, "tin", func(n *parse.CommandNode) { check(n, 2) })
			walkCalls(tree.Root, "tjson", func(n *parse.CommandNode) {
				for i := 1; i < len(n.Args); i++ {
					check(n, i)
				}
			})
		}
	}
	return diags
}

// walkCalls calls f with every command in the tree below n that calls
// the function fn.
func walkCalls(n parse.Node, fn string, f func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkCalls(c, fn, f)
		}
	case *parse.ActionNode:
		walkCalls(n.Pipe, fn, f)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkCalls(c, fn, f)
		}
	case *parse.CommandNode:
		if len(n.Args) > 0 {
			if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == fn {
				f(n)
			}
		}
		for _, a := range n.Args {
			walkCalls(a, fn, f)
		}
	case *parse.IfNode:
		walkCalls(n.Pipe, fn, f)
		walkCalls(n.List, fn, f)
		walkCalls(n.ElseList, fn, f)
	case *parse.RangeNode:
		walkCalls(n.Pipe, fn, f)
		walkCalls(n.List, fn, f)
		walkCalls(n.ElseList, fn, f)
	case *parse.WithNode:
		walkCalls(n.Pipe, fn, f)
		walkCalls(n.List, fn, f)
		walkCalls(n.ElseList, fn, f)
	case *parse.TemplateNode:
		walkCalls(n.Pipe, fn, f)
	}
}

// Lookup returns the first of names that exists, or "".
func (s *Set) Lookup(names ...string) string {
	for _, n := range names {
		if _, ok := s.pages[n]; ok {
			return n
		}
	}
	return ""
}

// Has reports whether the set has the named page layout.
func (s *Set) Has(name string) bool { _, ok := s.pages[name]; return ok }

// Execute renders the named page layout in a language ("en-GB", "cy")
// with data into w. A failure is returned as a diagnostic at the layout's
// position; w may then hold part of the page, so callers write into a
// buffer they can throw away.
//
// A layout that does more than MaxSteps or runs for longer than
// MaxRunTime is stopped, with a
// problem coded TimeCode at the loop or call that was running. When ctx is
// done the execution stops at its next loop or call, and the problem
// returned is of no interest: the caller knows why.
func (s *Set) Execute(ctx context.Context, w io.Writer, lang, name string, data any) *diag.Diagnostic {
	byLang, ok := s.pages[name]
	if !ok {
		return &diag.Diagnostic{Pos: diag.Pos{File: Dir + "/" + name}, Code: "template", Msg: "there is no layout " + Dir + "/" + name}
	}
	var p *page
	if tb := s.tables.Lookup(lang); tb != nil {
		p = byLang[tb.Lang]
	} else {
		p = byLang[""]
	}
	if p == nil {
		return &diag.Diagnostic{Pos: diag.Pos{File: Dir + "/" + i18n.Dir}, Code: i18n.Code,
			Msg:  fmt.Sprintf("there is no string table for the language %q", lang),
			Hint: fmt.Sprintf("add %s/%s/%s.yaml", Dir, i18n.Dir, lang)}
	}
	in, err := p.get()
	if err != nil {
		return &diag.Diagnostic{Pos: diag.Pos{File: Dir + "/" + name}, Code: "template", Msg: err.Error()}
	}
	defer p.put(in)
	in.run.done, in.run.limit, in.run.deadline, in.run.steps = ctx.Done(), s.limit, time.Now().Add(s.limit), 0
	err = in.t.ExecuteTemplate(&capWriter{w: w}, p.entry, data)
	in.run.done = nil
	if err == nil {
		return nil
	}
	d := Diagnostic(err, name)
	var o *overtime
	if errors.As(err, &o) {
		d = Diagnostic(o, name)
		d.Code, d.Msg, d.Hint = TimeCode, o.msg(), o.hint()
	}
	return &d
}

// errPos matches the position text/template and html/template put in their
// errors: "template: NAME:LINE:COL: msg", "template: NAME:LINE: msg" or
// "html/template:NAME:LINE:COL: msg".
var errPos = regexp.MustCompile(`^(?:html/)?template: ?([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// Diagnostic turns a template error into a diagnostic at the layout file's
// position. fallback names the layout when the error names none.
func Diagnostic(err error, fallback string) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{Pos: diag.Pos{File: Dir + "/" + fallback}, Code: "template"}
	if m := errPos.FindStringSubmatch(msg); m != nil {
		d.Pos.File = Dir + "/" + m[1]
		d.Pos.Line, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			// text/template counts columns from 0; editors from 1.
			col, _ := strconv.Atoi(m[3])
			d.Pos.Col = col + 1
		}
		msg = m[4]
	} else {
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, "html/template: "), "template: ")
	}
	// Nested errors repeat the prefix: keep the innermost message.
	if i := strings.LastIndex(msg, ": template: "); i >= 0 {
		inner := Diagnostic(fmt.Errorf("%s", msg[i+2:]), fallback)
		if inner.Pos.Line > 0 {
			return inner
		}
	}
	d.Msg = msg
	return d
}
