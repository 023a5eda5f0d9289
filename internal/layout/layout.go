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
// # Limits
//
// A layout may not call itself, directly or through other templates: the
// call that closes the loop is an error when the layouts are loaded. A
// page's layout may write at most MaxPageSize bytes (32 MiB); a layout
// that writes more is stopped with an error.
package layout

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Dir is the layouts folder under the site root.
const Dir = "layouts"

// Base is the name of the skeleton layout.
const Base = "_default/baseof.html"

// Set is a parsed set of layouts. It is safe for concurrent use once
// loaded.
type Set struct {
	pages map[string]*template.Template // page layout name → template to execute
	entry map[string]string             // page layout name → name of the template to execute
	files []string
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

// Read reads every layout under layouts/ in fsys.
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
		if path.Ext(p) != ".html" || strings.HasPrefix(d.Name(), ".") {
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

// Parse parses layouts read by Read with the given functions.
func Parse(srcs Sources, funcs template.FuncMap) (*Set, diag.List) {
	var diags diag.List
	s := &Set{pages: map[string]*template.Template{}, entry: map[string]string{}}
	for name := range srcs {
		s.files = append(s.files, name)
	}
	slices.Sort(s.files)

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
	if sharedOK {
		if rec := recursion(shared); len(rec) > 0 {
			diags.Append(rec)
			sharedOK = false
		}
	}
	if !sharedOK {
		return s, diags
	}
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
		s.pages[name] = t
		s.entry[name] = entry
	}
	return s, diags
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

// Execute renders the named page layout with data into w. A failure is
// returned as a diagnostic at the layout's position; w may then hold part
// of the page, so callers write into a buffer they can throw away.
func (s *Set) Execute(w io.Writer, name string, data any) *diag.Diagnostic {
	t, ok := s.pages[name]
	if !ok {
		return &diag.Diagnostic{Pos: diag.Pos{File: Dir + "/" + name}, Code: "template", Msg: "there is no layout " + Dir + "/" + name}
	}
	if err := t.ExecuteTemplate(&capWriter{w: w}, s.entry[name], data); err != nil {
		d := Diagnostic(err, name)
		return &d
	}
	return nil
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
