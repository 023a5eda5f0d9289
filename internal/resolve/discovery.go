package resolve

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Taxonomy is one vocabulary of site.yaml as the site uses it.
type Taxonomy struct {
	Vocab string // its name in site.yaml, "regions"
	Title string // its name for people, "Regions"
	Path  string // the site path of its index of terms, "regions/"
	Terms []*TermPages
}

// TermPages is one term of a vocabulary and the pages filed under it.
type TermPages struct {
	site.Term
	Vocab string
	Label string       // the term's label, or its value when it has none
	Path  string       // the site path of its page, "regions/london/"
	Pages []*site.Page // by section, then in each section's order
}

// Taxonomies returns, for each vocabulary that a published page uses, the
// terms pages use, in the vocabulary's order, each with its pages. The
// vocabularies are in order of their titles. Terms no page uses are left
// out, so every term here has pages.
func (x *Index) Taxonomies() []*Taxonomy {
	used := map[string]map[string][]*site.Page{} // vocab → value → pages
	for _, name := range x.Sections {
		for _, p := range x.Pages[name] {
			for _, pt := range p.Terms() {
				if used[pt.Vocab] == nil {
					used[pt.Vocab] = map[string][]*site.Page{}
				}
				for _, v := range pt.Values {
					// A page naming a value twice is filed once. Pages
					// come one at a time, so it can only be the last.
					if list := used[pt.Vocab][v]; len(list) == 0 || list[len(list)-1] != p {
						used[pt.Vocab][v] = append(list, p)
					}
				}
			}
		}
	}
	var out []*Taxonomy
	for vocab, values := range used {
		t := &Taxonomy{Vocab: vocab, Title: site.VocabTitle(vocab), Path: site.VocabPath(vocab)}
		var terms []site.Term
		if v := x.Config.Vocab[vocab]; v != nil {
			terms = v.Terms
		}
		for _, term := range terms {
			if pages := values[term.Value]; len(pages) > 0 {
				t.Terms = append(t.Terms, &TermPages{Term: term, Vocab: vocab, Label: x.Config.Label(vocab, term.Value),
					Path: site.TermPath(vocab, term.Value), Pages: pages})
			}
		}
		if len(t.Terms) > 0 {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *Taxonomy) int {
		if c := strings.Compare(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.Vocab, b.Vocab)
	})
	return out
}

// Listed returns every page a reader can reach by its own address: the
// section lists, the top-level pages, each section's pages and the
// finders' start pages, in that order. The home page is left out. In a
// language other than the default, a section's pages are listed whether
// or not the section has a list page in that language.
func (x *Index) Listed() []*site.Page {
	var out []*site.Page
	for _, name := range x.Sections {
		out = append(out, x.Section[name])
	}
	out = append(out, x.Pages[""]...)
	for _, name := range x.ContentSections() {
		out = append(out, x.Pages[name]...)
	}
	return append(out, x.Pages[site.FinderSection]...)
}

// ContentSections returns the names of the sections that have pages in
// x's language, sorted: x.Sections, with, in a language other than the
// default, the sections that have pages but no list page in it.
func (x *Index) ContentSections() []string {
	var out []string
	for name, ps := range x.Pages {
		if name != "" && name != site.FinderSection && len(ps) > 0 {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Paths maps the site path of every page in the index, home, sections,
// content pages and finders' start pages, to its page.
func (x *Index) Paths() map[string]*site.Page {
	m := map[string]*site.Page{x.Home.Path: x.Home}
	for _, p := range x.Listed() {
		m[p.Path] = p
	}
	return m
}

// Alias is an old address of a page, from its aliases front matter.
type Alias struct {
	Path string // the site path the alias is published at: "old-name/", or "old.html"
	Page *site.Page
	Pos  diag.Pos
}

// File is the output file of an alias's redirect page.
func (a Alias) File() string {
	if a.Path == "" || strings.HasSuffix(a.Path, "/") {
		return a.Path + "index.html"
	}
	return a.Path
}

// Aliases returns every alias of every page, sorted by path. It reports
// an alias that is the address of a page, or that two pages both claim;
// neither is returned.
func (x *Index) Aliases() ([]Alias, diag.List) {
	var diags diag.List
	paths := x.Paths()
	claimed := map[string]Alias{}
	var out []Alias
	for _, p := range x.Listed() {
		for i, a := range p.Aliases {
			pos := p.Pos(fmt.Sprintf("aliases[%d]", i+1))
			sp := aliasPath(a)
			if q := paths[sp]; q != nil || sp == "" {
				if q == p {
					diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Warning, Code: "alias",
						Msg: fmt.Sprintf("the alias %q is this page's own address", a), Hint: "remove it"})
					continue
				}
				what := "the home page"
				if q != nil && q.File != "" {
					what = q.File
				} else if q != nil {
					what = "the " + q.Title + " page"
				}
				diags.Add(diag.Diagnostic{Pos: pos, Code: "alias",
					Msg:  fmt.Sprintf("the alias %q is the address of %s, so it cannot lead here", a, what),
					Hint: "remove it, or give the other page a different address"})
				continue
			}
			if prev, ok := claimed[sp]; ok {
				if prev.Page != p {
					diags.Add(diag.Diagnostic{Pos: pos, Code: "alias",
						Msg:  fmt.Sprintf("the alias %q is also an alias of %s", a, prev.Page.File),
						Hint: "an old address can lead to only one page: remove it from one of them"})
				}
				continue
			}
			al := Alias{Path: sp, Page: p, Pos: pos}
			claimed[sp] = al
			out = append(out, al)
		}
	}
	slices.SortFunc(out, func(a, b Alias) int { return strings.Compare(a.Path, b.Path) })
	return out, diags
}

// aliasPath turns an alias as written, "/old-name" or "/old.html", into
// the site path it is published at: a folder unless its last segment has
// an extension.
func aliasPath(a string) string {
	p := strings.Trim(a, "/")
	if p == "" {
		return ""
	}
	last := p[strings.LastIndex(p, "/")+1:]
	if strings.Contains(last, ".") && !strings.HasSuffix(a, "/") {
		return p
	}
	return p + "/"
}
