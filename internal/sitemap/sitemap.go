// Package sitemap writes sitemap.xml (sitemaps.org 0.9), listing every
// page a search engine should know by its absolute address, and
// robots.txt, which allows everything and names the sitemap.
//
// The sitemap lists the home page, the section lists, every content page,
// the finders' start pages, the vocabulary indexes and term pages, and
// the A–Z index, each list with every page it is cut into
// (lists.page_size in site.yaml: /guides/page/2/ and on). It leaves out
// the finders' question and result pages (one per combination of
// answers), the search page, the not-found page and the redirects of old
// addresses. A page's lastmod is the later of its date and its last
// review; a list's is the newest of its pages', on each of the pages it
// is cut into, since an edit anywhere in a list can move pages from one
// of them to the next.
//
// On a site in more than one language, the sitemap lists each
// language's home, section lists, pages and finders too, and every
// page written in more than one language carries its alternates: an
// xhtml:link for each language, and x-default for the default's, as
// search engines read hreflang in sitemaps.
//
// Crawlers read robots.txt only at the root of a host. A site published
// under a base path, such as a GitHub Pages project site, still gets one,
// for when it moves to a host of its own; until then, submit the
// sitemap's address to search engines directly.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// The files this package writes.
const (
	Name   = "sitemap.xml"
	Robots = "robots.txt"
)

// URLSet is a sitemap.
type URLSet struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	// XHTML declares the namespace of the alternates, when there are any.
	XHTML string `xml:"xmlns:xhtml,attr,omitempty"`
	URL   []URL  `xml:"url"`
}

// URL is one page of a sitemap.
type URL struct {
	Loc        string      `xml:"loc"`
	LastMod    string      `xml:"lastmod,omitempty"`
	Alternates []Alternate `xml:"xhtml:link"`
}

// Alternate is the address of a page in one language.
type Alternate struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// xhtmlNS is the namespace of the xhtml:link alternates.
const xhtmlNS = "http://www.w3.org/1999/xhtml"

// Generate returns sitemap.xml and robots.txt.
func Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	var diags diag.List
	data, err := Marshal(Build(x))
	if err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "."}, Code: "sitemap", Msg: "cannot write the sitemap: " + err.Error()})
		return nil, nil, diags
	}
	robots := fmt.Sprintf("# %s\nUser-agent: *\nAllow: /\n\nSitemap: %s\n", x.Config.Title, x.Config.AbsURL(Name))
	return nil, []site.File{
		{Path: Name, Type: "application/xml", Data: data},
		{Path: Robots, Type: "text/plain", Data: []byte(robots)},
	}, diags
}

// Build makes the sitemap of a site, sorted by address.
func Build(x *resolve.Index) *URLSet {
	cfg := x.Config
	set := &URLSet{}
	add := func(path string, t time.Time) {
		u := URL{Loc: cfg.AbsURL(path)}
		if !t.IsZero() {
			u.LastMod = t.Format(site.DateLayout)
		}
		set.URL = append(set.URL, u)
	}
	// addList adds a list of n pages and the pages after its first.
	addList := func(path string, n int, t time.Time) {
		for i := range len(site.Chunks(n, cfg.PageSize)) {
			add(site.ListPath(path, i+1), t)
		}
	}
	listed := x.Listed()
	add(x.Home.Path, newest(append([]*site.Page{x.Home}, listed...)))
	for _, p := range listed {
		switch p.Kind {
		case site.KindSection:
			addList(p.Path, len(x.Pages[p.Section]), newest(append([]*site.Page{p}, x.Pages[p.Section]...)))
		default:
			add(p.Path, newest([]*site.Page{p}))
		}
	}
	for _, t := range x.Taxonomies() {
		var all []*site.Page
		for _, term := range t.Terms {
			addList(term.Path, len(term.Pages), newest(term.Pages))
			all = append(all, term.Pages...)
		}
		add(t.Path, newest(all))
	}
	addList(site.AZPath, len(listed), newest(listed))
	for _, lx := range x.Langs() {
		ll := lx.Listed()
		add(lx.Home.Path, newest(append([]*site.Page{lx.Home}, ll...)))
		for _, p := range ll {
			if p.Kind == site.KindSection {
				addList(p.Path, len(lx.Pages[p.Section]), newest(append([]*site.Page{p}, lx.Pages[p.Section]...)))
			} else {
				add(p.Path, newest([]*site.Page{p}))
			}
		}
	}
	alternates(x, set)
	slices.SortFunc(set.URL, func(a, b URL) int { return strings.Compare(a.Loc, b.Loc) })
	set.URL = slices.CompactFunc(set.URL, func(a, b URL) bool { return a.Loc == b.Loc })
	return set
}

// alternates gives each address of a page written in more than one
// language the addresses of all its languages.
func alternates(x *resolve.Index, set *URLSet) {
	langs := x.Config.Langs()
	if len(langs) < 2 {
		return
	}
	tag := map[string]string{"": langs[0].Tag}
	for _, l := range langs[1:] {
		tag[l.Code] = l.Tag
	}
	byPath := map[string]*site.Page{}
	for _, p := range x.All {
		if byPath[p.Path] == nil {
			byPath[p.Path] = p
		}
	}
	for i := range set.URL {
		path := strings.TrimPrefix(set.URL[i].Loc, strings.TrimSuffix(x.Config.AbsURL(""), "/")+"/")
		p := byPath[path]
		trans := x.Translations(p)
		if len(trans) < 2 {
			continue
		}
		set.XHTML = xhtmlNS
		for _, t := range trans {
			set.URL[i].Alternates = append(set.URL[i].Alternates, Alternate{Rel: "alternate", Hreflang: tag[t.Lang], Href: x.Config.AbsURL(t.Path)})
			if t.Lang == "" {
				set.URL[i].Alternates = append(set.URL[i].Alternates, Alternate{Rel: "alternate", Hreflang: "x-default", Href: x.Config.AbsURL(t.Path)})
			}
		}
	}
}

// Marshal writes a sitemap as indented XML with a declaration.
func Marshal(s *URLSet) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "\t")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// newest returns the latest date or review of the pages, or the zero time.
func newest(pages []*site.Page) time.Time {
	var t time.Time
	for _, p := range pages {
		for _, d := range []site.Date{p.Date, p.Reviewed} {
			if d.After(t) {
				t = d.Time
			}
		}
	}
	return t
}
