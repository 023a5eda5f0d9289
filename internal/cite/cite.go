// Package cite lists the web addresses a site's pages cite, each with the
// page and the position where it is written, so that a person (with
// wayfinder check -sources) or a program (wayfinder links) can check them.
//
// Sources lists the entries of each page's sources: field, with the date
// each was last checked. External lists every http and https address a
// page holds: its sources, the other addresses in its front matter (a
// guide's elsewhere entries, a pathfinder project's contact and outcome
// sources, a finder's advice links) and the links and images in its body.
// Both are sorted by file and position, so their output is the same from
// run to run.
package cite

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/markdown"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Link is one web address a page cites.
type Link struct {
	URL     string
	Label   string    // a source's label, or a body link's text
	Page    string    // the URL of the page that cites it
	Pos     diag.Pos  // where it is written
	Field   string    // its front-matter field, sources[2].url; "" in the body
	Checked site.Date // for a source, when it was last checked
}

// Sources returns every entry of the pages' sources, sorted by file and
// position.
func Sources(pages []*site.Page) []Link {
	var out []Link
	for _, p := range pages {
		for i, s := range p.Sources {
			field := fmt.Sprintf("sources[%d].url", i+1)
			out = append(out, Link{URL: s.URL, Label: s.Label, Page: p.URL, Pos: p.Pos(field), Field: field, Checked: s.Checked})
		}
	}
	sortLinks(out)
	return out
}

// External returns every http and https address the pages cite, in front
// matter and, through body, in the Markdown of each page, sorted by file and
// position. body returns a page's Markdown; a page whose body cannot be read
// is reported in the returned diagnostics and its front matter still listed.
func External(pages []*site.Page, body func(*site.Page) ([]byte, error)) ([]Link, diag.List) {
	var out []Link
	var diags diag.List
	md := markdown.New()
	for _, p := range pages {
		add := func(field, label, u string) {
			if IsWeb(u) {
				out = append(out, Link{URL: u, Label: label, Page: p.URL, Pos: p.Pos(field), Field: field})
			}
		}
		for i, s := range p.Sources {
			field := fmt.Sprintf("sources[%d].url", i+1)
			out = append(out, Link{URL: s.URL, Label: s.Label, Page: p.URL, Pos: p.Pos(field), Field: field, Checked: s.Checked})
		}
		if g := p.Guide; g != nil {
			for i, e := range g.Elsewhere {
				add(fmt.Sprintf("elsewhere[%d].url", i+1), e.Label, e.URL)
			}
		}
		if pf := p.Pathfinder; pf != nil {
			add("contact", "contact", pf.Contact)
			for i, o := range pf.Outcomes {
				add(fmt.Sprintf("outcomes[%d].source", i+1), o.Measure, o.Source)
			}
		}
		if f := p.Finder; f != nil {
			for i, l := range f.AdviceLinks {
				add(fmt.Sprintf("advice_links[%d].url", i+1), l.Label, l.URL)
			}
		}
		if p.File == "" || body == nil {
			continue
		}
		src, err := body(p)
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File}, Code: diag.Read, Msg: "cannot read: " + err.Error()})
			continue
		}
		doc, _ := md.Render(p.File, src, nil) // the build reports the body's problems
		for _, l := range doc.Links {
			if u := strings.TrimSpace(l.Dest); IsWeb(u) {
				out = append(out, Link{URL: u, Label: l.Text, Page: p.URL, Pos: l.Pos})
			}
		}
	}
	sortLinks(out)
	return out, diags
}

// IsWeb reports whether s is an absolute http or https address.
func IsWeb(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Scheme, "https") || strings.EqualFold(u.Scheme, "http")
}

func sortLinks(ls []Link) {
	slices.SortStableFunc(ls, func(a, b Link) int {
		return cmp.Or(
			strings.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			strings.Compare(a.URL, b.URL),
		)
	})
}
