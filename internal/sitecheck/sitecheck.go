// Package sitecheck checks a built site as a whole, the way a reader's
// browser meets it: every internal link and #fragment resolves, every page
// keeps within the page-weight budget, and every page has the structure
// assistive technology relies on (one h1 that matches the title, a skip
// link first, one main, labelled navigation, a language). The browser
// checks (axe-core, keyboard, reflow) live in the tests of package
// browser; these need no browser and run everywhere.
package sitecheck

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Budget is the most a page's HTML plus CSS may weigh, uncompressed.
const Budget = 50 * 1024

// Site is a built site: output paths to bytes, and the base path its
// URLs start with ("/wayfinder/").
type Site struct {
	Files    map[string][]byte
	BasePath string
}

// page is what the checks need of one HTML file.
type page struct {
	path       string
	doc        *html.Node
	ids        map[string]bool
	links      []string // href and src of a, link, script, img
	styles     []string // stylesheets
	title, h1  string
	h1s        int
	mains      int
	navs       []string // aria-labels of nav elements
	firstFocus string   // the first focusable element, as "tag#id href"
	lang       string
	forms      int
}

// Problem is one thing wrong with the built site.
type Problem struct {
	Page string
	Msg  string
}

func (p Problem) String() string { return p.Page + ": " + p.Msg }

// Check runs every check over every HTML page of s.
func Check(s *Site) []Problem {
	var probs []Problem
	pages := map[string]*page{}
	var names []string
	for name, data := range s.Files {
		if path.Ext(name) != ".html" {
			continue
		}
		p, err := parse(name, data)
		if err != nil {
			probs = append(probs, Problem{name, "cannot parse: " + err.Error()})
			continue
		}
		pages[name] = p
		names = append(names, name)
	}
	slices.Sort(names)
	titles := map[string]string{}  // by language and title
	anyLang := map[string]string{} // by title
	// sameTitle finds a page with the same title in the same language,
	// or in any language for a page that does not say its own.
	sameTitle := func(lang, title string) (string, bool) {
		if lang == "" {
			prev, ok := anyLang[title]
			return prev, ok
		}
		prev, ok := titles[lang+"\x00"+title]
		return prev, ok
	}
	for _, name := range names {
		p := pages[name]
		add := func(format string, args ...any) { probs = append(probs, Problem{name, fmt.Sprintf(format, args...)}) }
		redirect := isRedirect(p)
		if p.lang == "" {
			add("<html> has no lang")
		}
		if strings.TrimSpace(p.title) == "" {
			add("no <title>")
		} else if prev, ok := sameTitle(p.lang, p.title); ok && !redirect && !finderPage(name) {
			// A finder question has the same title on every path of answers
			// that reaches it, as GOV.UK question pages do.
			add("the title %q is also the title of %s", p.title, prev)
		} else {
			// Titles are unique within a language: a page and its
			// translation may share one, as a home page's name does.
			titles[p.lang+"\x00"+p.title] = name
			anyLang[p.title] = name
		}
		if !redirect {
			if p.h1s != 1 {
				add("%d h1 elements, want 1", p.h1s)
			} else if !strings.HasPrefix(norm(p.title), norm(p.h1)) {
				add("the title %q does not start with the h1 %q", p.title, p.h1)
			}
			if p.mains != 1 {
				add("%d main elements, want 1", p.mains)
			}
			if !strings.Contains(p.firstFocus, `href="#main-content"`) {
				add("the first focusable element is %s, not the skip link to #main-content", p.firstFocus)
			}
			if !p.ids["main-content"] {
				add("no element with id main-content for the skip link")
			}
		}
		seen := map[string]bool{}
		for _, l := range p.navs {
			if l == "" {
				add("a <nav> has no aria-label")
			} else if seen[l] {
				add("two <nav> elements are labelled %q", l)
			}
			seen[l] = true
		}
		if finderPage(name) && p.forms > 0 {
			add("a finder page has a <form>: a static host cannot route it")
		}
		// Links and fragments.
		for _, l := range p.links {
			target, frag, ok := resolveLink(s.BasePath, name, l)
			if !ok {
				continue // external, mailto, or another scheme
			}
			if _, exists := s.Files[target]; !exists {
				add("broken link %q: no file %s", l, target)
				continue
			}
			if frag != "" {
				tp := pages[target]
				if tp == nil || !tp.ids[frag] {
					add("broken link %q: %s has no id %q", l, target, frag)
				}
			}
		}
		// Page weight: the HTML and the stylesheets it loads.
		weight := weigh(name, len(s.Files[name]), p.styles, s.BasePath, func(f string) int { return len(s.Files[f]) })
		if weight > Budget {
			add("weighs %d bytes with its CSS, over the budget of %d", weight, Budget)
		}
	}
	return probs
}

// Weigh returns what the page at output path name weighs, uncompressed:
// its HTML (data) and the stylesheets it loads, each of whose sizes size
// returns by output path (0 for none). basePath is the path the site's
// URLs start with ("/wayfinder/"). It reads only the tags of the page, so
// that a large built site can be weighed page by page without parsing
// each into a tree; Check weighs pages the same way.
func Weigh(name string, data []byte, basePath string, size func(name string) int) int {
	var styles []string
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tag, hasAttr := z.TagName()
		if string(tag) != "link" || !hasAttr {
			continue
		}
		var rel, href string
		for {
			k, v, more := z.TagAttr()
			switch string(k) {
			case "rel":
				rel = string(v)
			case "href":
				href = string(v)
			}
			if !more {
				break
			}
		}
		if rel == "stylesheet" && href != "" {
			styles = append(styles, href)
		}
	}
	return weigh(name, len(data), styles, basePath, size)
}

// weigh adds the sizes of a page's stylesheets to the size of its HTML.
func weigh(name string, n int, styles []string, basePath string, size func(string) int) int {
	for _, css := range styles {
		if target, _, ok := resolveLink(basePath, name, css); ok {
			n += size(target)
		}
	}
	return n
}

func isRedirect(p *page) bool {
	return p.h1s == 0 && p.mains == 0 && strings.Contains(p.title, "Redirect")
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// resolveLink turns a link on page name into an output path and fragment.
// It reports false for links that leave the site.
func resolveLink(base, name, link string) (string, string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "", "", false
	}
	p := u.Path
	if p == "" {
		return name, u.Fragment, true
	}
	if !strings.HasPrefix(p, "/") {
		p = path.Join("/"+path.Dir(name), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	} else {
		if !strings.HasPrefix(p, base) {
			return strings.TrimPrefix(p, "/"), u.Fragment, true // will not exist: reported as broken
		}
		p = "/" + strings.TrimPrefix(p, base)
	}
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return strings.TrimPrefix(p, "/"), u.Fragment, true
}

func parse(name string, data []byte) (*page, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	p := &page{path: name, doc: doc, ids: map[string]bool{}}
	var walk func(n *html.Node, inHead bool)
	walk = func(n *html.Node, inHead bool) {
		if n.Type == html.ElementNode {
			attr := func(k string) (string, bool) {
				for _, a := range n.Attr {
					if a.Key == k {
						return a.Val, true
					}
				}
				return "", false
			}
			if id, ok := attr("id"); ok {
				p.ids[id] = true
			}
			if id, ok := attr("name"); ok && n.DataAtom == atom.A {
				p.ids[id] = true
			}
			switch n.DataAtom {
			case atom.Html:
				p.lang, _ = attr("lang")
			case atom.Title:
				p.title = text(n)
			case atom.H1:
				p.h1s++
				p.h1 = text(n)
			case atom.Main:
				p.mains++
			case atom.Nav:
				l, _ := attr("aria-label")
				if by, ok := attr("aria-labelledby"); ok && l == "" {
					l = "#" + by // labelled by another element; unique by its id
				}
				p.navs = append(p.navs, l)
			case atom.Form:
				p.forms++
			case atom.Link:
				if rel, _ := attr("rel"); rel == "stylesheet" {
					if h, ok := attr("href"); ok {
						p.styles = append(p.styles, h)
					}
				}
				if h, ok := attr("href"); ok {
					if rel, _ := attr("rel"); rel != "canonical" && rel != "alternate" {
						p.links = append(p.links, h)
					}
				}
			case atom.A:
				if h, ok := attr("href"); ok {
					p.links = append(p.links, h)
					if p.firstFocus == "" {
						p.firstFocus = fmt.Sprintf("<a href=%q>", h)
					}
				}
			case atom.Img, atom.Script:
				if s, ok := attr("src"); ok {
					p.links = append(p.links, s)
				}
			case atom.Button, atom.Input, atom.Select, atom.Textarea:
				if p.firstFocus == "" && !inHead {
					p.firstFocus = "<" + n.Data + ">"
				}
			}
			if n.DataAtom == atom.Head {
				inHead = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead)
		}
	}
	walk(doc, false)
	return p, nil
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// finderPage reports whether a page is one of a finder's, in the default
// language ("finder/...") or another ("cy/finder/...").
func finderPage(name string) bool {
	if lang, rest, ok := strings.Cut(name, "/"); ok && len(lang) >= 2 && len(lang) <= 3 && strings.HasPrefix(rest, "finder/") {
		return true
	}
	return strings.HasPrefix(name, "finder/")
}
