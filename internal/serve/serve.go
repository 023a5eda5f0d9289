// Package serve serves a site held in memory, for previewing it while it
// is edited. It is an http.Handler over the files of the last good build;
// Swap puts a new build in their place, and Reload tells every open page to
// reload, by server-sent events.
//
// Every HTML page it serves gets a small script (ScriptPath), added as it
// is served and never written to a build, that listens for those events at
// EventsPath: it reloads the page when the page changed, or, when only
// stylesheets changed, swaps the page's stylesheets without a reload.
// While the site has errors (SetProblems), every page also shows them at
// its top, with the file, line and column of each, in a box that is
// announced to screen readers; the page beneath is the last good build.
//
// Only the files of the build are served, under the site's base path:
// nothing is read from disk, there are no folder listings, and any other
// path gets the site's 404.html with status 404.
//
// Once told its address (Listen), it answers only to its own name, so a
// page on another site cannot reach it by DNS rebinding: see Listen.
package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// EventsPath is where pages listen for reload events, and ScriptPath the
// script that listens. No file of a site is published there: content
// file names start with a letter or digit.
const (
	EventsPath = "/_wayfinder/events"
	ScriptPath = "/_wayfinder/live.js"
)

// Change says what changed in a rebuild, for Reload.
type Change int

const (
	// Pages asks open pages to reload.
	Pages Change = iota
	// Styles asks open pages to swap their stylesheets, without a reload.
	Styles
)

// Server serves a site from memory. Its zero value is not ready to use;
// call New. Its methods are safe for concurrent use.
type Server struct {
	mu       sync.Mutex
	files    map[string]site.File // nil until the first good build
	base     string               // the base path, "/" or "/prefix/"
	problems diag.List
	words    Words  // the problem box's words in each language, from the last good build
	version  uint64 // counts the reloads asked for
	subs     map[*sub]bool
	done     chan struct{}
	close    sync.Once
	hosts    *hosts // nil until Listen: every Host is answered
}

// New returns a server with nothing to serve yet: until the first Swap it
// answers every request with a page saying that the site is being built,
// or with the problems set by SetProblems.
func New() *Server {
	return &Server{base: "/", subs: map[*sub]bool{}, done: make(chan struct{})}
}

// Swap serves files, keyed by output path, in place of the last build,
// under base, the path of the site's base URL ("/wayfinder/"), and clears
// the problems. files must not be changed afterwards.
func (s *Server) Swap(files map[string]site.File, base string) {
	if base == "" || base[0] != '/' {
		base = "/" + base
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files, s.base, s.problems = files, base, nil
}

// SetProblems shows the diagnostics of a failed build on every page, over
// the last good build, until the next Swap.
func (s *Server) SetProblems(l diag.List) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = l
}

// Words gives the problem box's heading, for n errors, and its sentence
// in lang, a page's <html lang>, from the site's string tables; ok is
// false where the site has none for lang, and the box is then in
// English.
type Words func(lang string, n int) (title, intro string, ok bool)

// SetWords gives the problem box its words in each page's language.
// Without them, the box is in English.
func (s *Server) SetWords(w Words) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.words = w
}

// sub is one open page's event stream, and the changes not yet sent to
// it.
type sub struct {
	wake   chan struct{}
	all    bool            // every page changed
	paths  map[string]bool // the URL paths of the pages that changed
	styles bool            // stylesheets changed
}

// maxPaths is the most changed pages an event names; past it, the event
// says that every page changed.
const maxPaths = 200

// Reload tells every open page what changed: the pages at paths, the
// output paths of the files that changed ("guides/a/index.html"), or
// every page when paths is nil. A page reloads when it is one of them;
// for Styles, every page swaps its stylesheets.
func (s *Server) Reload(c Change, paths []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	urls := map[string]bool{}
	for _, p := range paths {
		urls[s.base+strings.TrimSuffix(p, "index.html")] = true
	}
	for sb := range s.subs {
		switch {
		case c == Styles:
			sb.styles = true
		case paths == nil || len(urls)+len(sb.paths) > maxPaths:
			sb.all = true
		default:
			if sb.paths == nil {
				sb.paths = map[string]bool{}
			}
			maps.Copy(sb.paths, urls)
		}
		select {
		case sb.wake <- struct{}{}:
		default: // already woken
		}
	}
}

// Close ends the event streams of open pages, so that an http.Server can
// shut down. The server goes on serving files.
func (s *Server) Close() {
	s.close.Do(func() { close(s.done) })
}

// ServeHTTP serves a file of the site, or the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	hosts := s.hosts
	s.mu.Unlock()
	if hosts.refuse(w, r) {
		return
	}
	switch r.URL.Path {
	case EventsPath:
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if hosts.foreignOrigin(r) {
			hosts.log.Warn("refused the event stream to another site", "origin", r.Header.Get("Origin"), "remote", r.RemoteAddr)
			http.Error(w, "the event stream is only for the preview's own pages", http.StatusForbidden)
			return
		}
		s.events(w, r)
		return
	case ScriptPath:
		h := w.Header()
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		io.WriteString(w, script)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.Lock()
	files, base, problems, version := s.files, s.base, s.problems, s.version
	bx := box{problems: problems, words: s.words}
	s.mu.Unlock()

	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if files == nil {
		status := http.StatusServiceUnavailable
		if problems.Errors() > 0 {
			status = http.StatusInternalServerError
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(waitPage(bx, version))
		return
	}

	p := r.URL.Path
	if p+"/" == base || p == "/" && base != "/" {
		http.Redirect(w, r, base, http.StatusFound)
		return
	}
	rel, ok := strings.CutPrefix(p, base)
	if !ok || !clean(rel) {
		s.notFound(w, r, files, bx, version)
		return
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	f, ok := files[name]
	if !ok {
		if _, dir := files[rel+"/index.html"]; dir && rel != "" {
			u := *r.URL
			u.Path = p + "/"
			http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, files, bx, version)
		return
	}
	serveFile(w, r, name, f, http.StatusOK, bx, version)
}

// clean reports whether rel is a plain path inside the site: no empty,
// "." or ".." segments, no backslashes or NUL bytes.
func clean(rel string) bool {
	if strings.ContainsAny(rel, "\\\x00") {
		return false
	}
	segs := strings.Split(strings.TrimSuffix(rel, "/"), "/")
	for i, seg := range segs {
		if seg == "." || seg == ".." || seg == "" && !(i == 0 && len(segs) == 1) {
			return false
		}
	}
	return true
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, files map[string]site.File, bx box, version uint64) {
	f, ok := files["404.html"]
	if !ok {
		f = site.File{Type: "text/html", Data: []byte("<!doctype html><title>Not found</title><h1>Not found</h1>")}
	}
	serveFile(w, r, "404.html", f, http.StatusNotFound, bx, version)
}

func serveFile(w http.ResponseWriter, r *http.Request, name string, f site.File, status int, bx box, version uint64) {
	data, err := f.Bytes()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	typ := f.Type
	if typ == "" {
		typ = mime.TypeByExtension(path.Ext(name))
	}
	if typ == "" {
		typ = http.DetectContentType(data)
	}
	if strings.HasPrefix(typ, "text/html") {
		data = inject(data, bx, version)
		typ = "text/html; charset=utf-8"
	} else if strings.HasPrefix(typ, "text/") && !strings.Contains(typ, "charset") {
		typ += "; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// events streams reload events to one page until it goes away or the
// server is closed.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	sb := &sub{wake: make(chan struct{}, 1)}
	s.mu.Lock()
	s.subs[sb] = true
	v := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, sb)
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	// The page compares this with the version it was served at, to catch
	// a rebuild it missed while it loaded.
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: {\"v\":%d}\n\n", v)
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
		case <-sb.wake:
			s.mu.Lock()
			v := s.version
			all, paths, styles := sb.all, slices.Sorted(maps.Keys(sb.paths)), sb.styles
			sb.all, sb.paths, sb.styles = false, nil, false
			s.mu.Unlock()
			var b strings.Builder
			if all || len(paths) > 0 {
				data, _ := json.Marshal(struct {
					V     uint64   `json:"v"`
					Paths []string `json:"paths,omitempty"`
				}{v, paths})
				fmt.Fprintf(&b, "event: reload\ndata: %s\n\n", data)
			}
			if styles {
				fmt.Fprintf(&b, "event: styles\ndata: {\"v\":%d}\n\n", v)
			}
			if _, err := io.WriteString(w, b.String()); err != nil {
				return
			}
		}
		flusher.Flush()
	}
}

// script reloads the page when it changed, or swaps its stylesheets for
// those of the page as it is now. Its tag carries the version the page
// was served at, and then the version it is up to date with. It is a file of its own, not inline, so that a
// Content-Security-Policy of script-src 'self' lets it run.
const script = `(function () {
  var tag = document.currentScript;
  var v = Number(tag.dataset.version);
  var at = function (n) { v = n; tag.dataset.version = n; };
  var here = location.pathname.replace(/index\.html$/, "");
  var es = new EventSource("` + EventsPath + `");
  es.addEventListener("hello", function (e) {
    if (JSON.parse(e.data).v !== v) location.reload();
  });
  es.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (!d.paths || d.paths.indexOf(here) >= 0) location.reload();
    else at(d.v);
  });
  es.addEventListener("styles", function (e) {
    var d = JSON.parse(e.data);
    fetch(location.href, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      var now = new DOMParser().parseFromString(text, "text/html").querySelectorAll('link[rel="stylesheet"]');
      var old = document.querySelectorAll('link[rel="stylesheet"]');
      if (now.length !== old.length) { location.reload(); return; }
      for (var i = 0; i < old.length; i++) {
        if (old[i].href !== now[i].href) old[i].replaceWith(document.importNode(now[i], true));
      }
      at(d.v);
    }).catch(function () { location.reload(); });
  });
})();
`

// box is what the problem box shows: the errors of a failed build, in
// words from the string tables.
type box struct {
	problems diag.List
	words    Words
}

// inject adds the live-reload script, and the problem box if there are
// problems, to an HTML page served at version.
func inject(page []byte, bx box, version uint64) []byte {
	tag := fmt.Sprintf(`<script src="%s" data-version="%d"></script>`, ScriptPath, version)
	out := make([]byte, 0, len(page)+len(tag)+256)
	rest := page
	if bx.problems.Errors() > 0 {
		shown := problemBox(bx, pageLang(page), "h2")
		if i := bodyStart(page); i >= 0 {
			out = append(out, page[:i]...)
			out = append(out, shown...)
			rest = page[i:]
		} else {
			out = append(out, shown...)
		}
	}
	if i := lastIndexFold(rest, "</body"); i >= 0 {
		out = append(out, rest[:i]...)
		out = append(out, tag...)
		return append(out, rest[i:]...)
	}
	out = append(out, rest...)
	return append(out, tag...)
}

// bodyStart returns the offset just after the page's <body> tag, or -1.
func bodyStart(page []byte) int {
	i := indexFold(page, "<body")
	if i < 0 {
		return -1
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return -1
	}
	return i + j + 1
}

func indexFold(b []byte, s string) int {
	return bytes.Index(bytes.ToLower(b), []byte(s))
}

func lastIndexFold(b []byte, s string) int {
	return bytes.LastIndex(bytes.ToLower(b), []byte(s))
}

// pageLang is the lang of a page's <html> element, or "".
func pageLang(page []byte) string {
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, attr := z.TagName()
			if string(name) != "html" {
				return ""
			}
			for attr {
				var k, v []byte
				k, v, attr = z.TagAttr()
				if string(k) == "lang" {
					return string(v)
				}
			}
			return ""
		}
	}
}

// boxWords returns the problem box's heading, for n errors, and its
// sentence, in lang, with the language they are in: English, the words
// below, where words has none for lang.
func boxWords(words Words, lang string, n int) (title, intro, in string) {
	if words != nil && lang != "" {
		if title, intro, ok := words(lang, n); ok {
			return title, intro, lang
		}
	}
	title = "The site did not build: 1 error"
	if n != 1 {
		title = fmt.Sprintf("The site did not build: %d errors", n)
	}
	return title, "You are seeing the last good build. Fix these problems and save the file: this page reloads by itself.", "en"
}

// problemBox shows the errors of a build, grouped by file, under a
// heading of the given level, for a page in lang. Its styles are inline
// and reset what the page's would give it, so that it reads the same on
// every page: dark text on white, a thick red border, the page's own
// text size.
func problemBox(bx box, lang, heading string) []byte {
	var errs diag.List
	for _, d := range bx.problems {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	sub := "h3"
	if heading == "h1" {
		sub = "h2"
	}
	var b bytes.Buffer
	// A region landmark, so that it can be found from the landmarks
	// list, holding an alert, so that it is announced. Its heading and
	// sentence are in the page's language, from the site's string
	// table; the diagnostics are the tool's, as check prints them, in
	// English, and marked so on a page in another language.
	title, intro, in := boxWords(bx.words, lang, len(errs))
	list := ""
	if !strings.HasPrefix(in, "en") {
		list = ` lang="en"`
	}
	fmt.Fprintf(&b, `<section id="wayfinder-problems" lang="%s" aria-labelledby=`, html.EscapeString(in))
	b.WriteString(`"wayfinder-problems-title" style="all:initial;display:block;box-sizing:border-box;max-width:100%;margin:0;padding:1rem 1.25rem;background:#fff;color:#0b0c0c;border:5px solid #d4351c;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Arial,sans-serif;position:relative;z-index:2147483647"><div role="alert" style="all:revert;font:inherit;color:inherit">`)
	fmt.Fprintf(&b, `<%s id="wayfinder-problems-title" style="all:revert;margin:0 0 .5rem;font-family:inherit;font-size:1.5rem;font-weight:700;line-height:1.25;color:inherit">%s</%s>`, heading, html.EscapeString(title), heading)
	fmt.Fprintf(&b, `<p style="all:revert;margin:0 0 .75rem;font:inherit;color:inherit">%s</p><div%s style="all:revert;font:inherit;color:inherit">`, html.EscapeString(intro), list)
	file := ""
	for i, d := range errs {
		if d.Pos.File != file || i == 0 {
			if i > 0 {
				b.WriteString(`</ul>`)
			}
			file = d.Pos.File
			fmt.Fprintf(&b, `<%s style="all:revert;margin:.75rem 0 .25rem;font-family:inherit;font-size:1.1875rem;font-weight:700;line-height:1.3;color:inherit;overflow-wrap:anywhere">%s</%s><ul style="all:revert;margin:0;padding:0 0 0 1.25rem;font:inherit;color:inherit">`,
				sub, html.EscapeString(file), sub)
		}
		fmt.Fprintf(&b, `<li style="all:revert;margin:0 0 .25rem;font:inherit;color:inherit;overflow-wrap:anywhere"><code style="all:revert;font:700 1em/1.5 ui-monospace,Menlo,Consolas,monospace;color:inherit">%s</code>: %s`,
			html.EscapeString(d.Pos.String()), html.EscapeString(d.Text()))
		if d.Code != "" {
			fmt.Fprintf(&b, ` <span style="all:revert;font:inherit;color:#484949">[%s]</span>`, html.EscapeString(string(d.Code)))
		}
		b.WriteString(`</li>`)
	}
	if len(errs) > 0 {
		b.WriteString(`</ul>`)
	}
	b.WriteString(`</div></div></section>`)
	return b.Bytes()
}

// waitPage is the whole page served before there is a good build.
func waitPage(bx box, version uint64) []byte {
	var b bytes.Buffer
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`)
	if bx.problems.Errors() > 0 {
		b.WriteString(`<title>The site did not build – Wayfinder preview</title></head><body><main>`)
		b.Write(problemBox(bx, "en", "h1"))
	} else {
		b.WriteString(`<title>Building – Wayfinder preview</title></head><body><main><h1>The site is being built</h1><p>This page reloads by itself when it is ready.</p>`)
	}
	b.WriteString(`</main></body></html>`)
	return inject(b.Bytes(), box{}, version)
}
