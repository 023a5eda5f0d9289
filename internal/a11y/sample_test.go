package a11y

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The finder's result pages come from a few layouts, one page for each
// combination of answers: over a thousand pages, most of them the same
// elements in the same order with other words. TestBrowserChecks runs
// axe-core, reflow, the first Tab, the footer and text spacing on every
// one, but the checks that walk every focusable element (at 320 and 1280
// pixels and with forced colours) and axe's rules again at 320 only on
// one page of each shape: the first page, in path order, of each
// distinct shape. A page's shape is its elements, in order and nesting,
// with their attributes but not those that name or label one page's own
// things (links, ids, labels, text); a run of siblings of the same shape
// counts as one, so a result with three matches has the shape of one
// with four. The language is in the shape (lang on <html>), so each
// language has its own sample; so has each layout, and each kind of
// result (matches or only the closest, a note for a nation or not).
// Pages outside the finder are all checked in full.

// pageOwn are the attributes whose values are a page's own, left out of
// its shape.
var pageOwn = map[string]bool{
	"href": true, "src": true, "id": true, "for": true, "content": true, "datetime": true,
	"value": true, "name": true, "title": true, "alt": true, "aria-label": true,
	"aria-labelledby": true, "aria-describedby": true, "aria-controls": true,
	"integrity": true, "data-finder-json": true,
}

// shape returns the shape of an HTML page, as described above.
func shape(page []byte) (string, error) {
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		return "", err
	}
	return nodeShape(doc), nil
}

func nodeShape(n *html.Node) string {
	var b strings.Builder
	switch n.Type {
	case html.TextNode:
		if strings.TrimSpace(n.Data) == "" {
			return ""
		}
		return "#text"
	case html.ElementNode:
		b.WriteString(n.Data)
		attrs := slices.Clone(n.Attr)
		slices.SortFunc(attrs, func(a, b html.Attribute) int { return strings.Compare(a.Key, b.Key) })
		for _, a := range attrs {
			b.WriteString(" " + a.Key)
			if !pageOwn[a.Key] {
				b.WriteString("=" + a.Val)
			}
		}
	case html.DocumentNode:
	default:
		return ""
	}
	b.WriteString("(")
	last := ""
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s := nodeShape(c)
		if s == "" || s == last {
			continue // a run of siblings of one shape counts as one
		}
		b.WriteString(s + ";")
		last = s
	}
	b.WriteString(")")
	return b.String()
}

// isFinder reports whether a page is one of the finders' pages.
func isFinder(p string) bool {
	return strings.HasPrefix(p, "finder/") || strings.HasPrefix(p, "cy/finder/")
}

// sampleFinder returns, for each page of list (paths in dir), whether it
// gets every check: every page outside the finder, and the first finder
// page of each shape.
func sampleFinder(t *testing.T, dir string, list []string) []bool {
	t.Helper()
	full := make([]bool, len(list))
	seen := map[string]bool{}
	for i, p := range list {
		if !isFinder(p) {
			full[i] = true
			continue
		}
		s, err := shape(readPage(t, dir, p))
		if err != nil {
			t.Fatalf("/%s: %v", p, err)
		}
		if !seen[s] {
			seen[s], full[i] = true, true
		}
	}
	return full
}

func readPage(t *testing.T, dir, p string) []byte {
	t.Helper()
	name := p
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// With JavaScript off a page is what was built; with it on, what site.js
// makes of it as it loads (and finder.js and search.js on their pages).
// site.js changes a page only through the elements it looks for, below;
// and the stylesheets style .js-enabled (the class site.js puts on
// <body>) only in the site header and a step-by-step. So a page with
// none of these but the header looks with JavaScript off as it does
// with it on, but for its header: TestBrowserChecks checks with
// JavaScript off each page that has a step-by-step, a print link or a
// script of its own besides site.js, one page of each header (by the
// header's shape and the page's language), and the finder's sample.
// TestJSOffHooks fails when site.js or the stylesheets change what they
// act on, so that this choice is looked at again.
var siteJSHooks = []string{".site-header", "[data-step-nav]", "[data-print-link]"}

// jsOffPages returns, for each page of list, whether TestBrowserChecks
// checks it with JavaScript off too, as described above.
func jsOffPages(t *testing.T, dir string, list []string, full []bool) []bool {
	t.Helper()
	off := make([]bool, len(list))
	headers := map[string]bool{}
	for i, p := range list {
		page := readPage(t, dir, p)
		doc, err := html.Parse(strings.NewReader(string(page)))
		if err != nil {
			t.Fatalf("/%s: %v", p, err)
		}
		var header, lang string
		own := false
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					switch {
					case n.Data == "html" && a.Key == "lang":
						lang = a.Val
					case a.Key == "data-step-nav" || a.Key == "data-print-link":
						own = true
					case n.Data == "script" && a.Key == "src" && !strings.Contains(a.Val, "/site."):
						own = true
					case n.Data == "header" && a.Key == "class" && strings.Contains(" "+a.Val+" ", " site-header "):
						header = nodeShape(n)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		key := lang + "\n" + header
		switch {
		case isFinder(p):
			off[i] = full[i]
		case own:
			off[i] = true
		case !headers[key]:
			off[i] = true
		}
		headers[key] = true
	}
	return off
}

var (
	hookRE      = regexp.MustCompile(`document\.querySelectorAll\('([^']+)'\)`)
	jsEnabledRE = regexp.MustCompile(`[^{}]*\.js-enabled[^{]*\{`)
)

// TestJSOffHooks checks what jsOffPages relies on: site.js changes the
// page only through siteJSHooks, and the stylesheets style .js-enabled
// only in the site header (.site-nav) and a step-by-step (.step__).
func TestJSOffHooks(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, "static", "js", "site.js"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []string
	for _, m := range hookRE.FindAllStringSubmatch(string(src), -1) {
		hooks = append(hooks, m[1])
	}
	if !slices.Equal(hooks, siteJSHooks) {
		t.Errorf("site.js acts on %q, not %q: look again at which pages jsOffPages checks with JavaScript off, then update siteJSHooks", hooks, siteJSHooks)
	}
	if n := strings.Count(string(src), "document.") - strings.Count(string(src), "document.querySelectorAll(") - strings.Count(string(src), "document.createElement(") - strings.Count(string(src), "document.body.classList.add('js-enabled')") - strings.Count(string(src), "document.getElementById("); n != 0 {
		t.Errorf("site.js reaches the page in %d ways besides its hooks, document.createElement, getElementById and the js-enabled class: look again at jsOffPages", n)
	}
	css, err := filepath.Glob(filepath.Join(repoRoot, "static", "css", "*.css"))
	if err != nil || len(css) == 0 {
		t.Fatalf("no stylesheets (%v)", err)
	}
	for _, name := range css {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, sel := range jsEnabledRE.FindAllString(string(b), -1) {
			for _, part := range strings.Split(strings.TrimSuffix(sel, "{"), ",") {
				if strings.Contains(part, ".js-enabled") && !strings.Contains(part, ".site-nav") && !strings.Contains(part, ".step__") {
					t.Errorf("%s styles %q: .js-enabled outside the header and step-by-steps; look again at jsOffPages", filepath.Base(name), strings.TrimSpace(part))
				}
			}
		}
	}
}

func TestShape(t *testing.T) {
	a := `<html lang="en"><body><ul class="r"><li><a href="/a/">A</a></li><li><a href="/b/">B b</a></li></ul><p id="x">Hi</p></body></html>`
	b := `<html lang="en"><body><ul class="r"><li><a href="/c/">C</a></li></ul><p id="y">Other words</p></body></html>`
	c := `<html lang="cy"><body><ul class="r"><li><a href="/c/">C</a></li></ul><p id="y">Other words</p></body></html>`
	d := `<html lang="en"><body><ul class="r"><li><a href="/c/" class="current">C</a></li></ul><p id="y">Other words</p></body></html>`
	sa, _ := shape([]byte(a))
	sb, _ := shape([]byte(b))
	sc, _ := shape([]byte(c))
	sd, _ := shape([]byte(d))
	if sa != sb {
		t.Errorf("two results and one have other shapes:\n%s\n%s", sa, sb)
	}
	if sb == sc || sb == sd {
		t.Errorf("another language or class has the same shape: %s", sb)
	}
}
