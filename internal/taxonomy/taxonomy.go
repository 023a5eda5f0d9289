// Package taxonomy generates the pages that let people browse the site by
// its vocabularies and by name:
//
//	/regions/                 a vocabulary's index: the terms pages use, with counts
//	/regions/london/          one term: its pages, grouped by section
//	/a-z/                     every page from A to Z, with links to each index
//
// Every vocabulary of site.yaml that a published page uses gets an index,
// and every term a page uses gets a page (see resolve.Index.Taxonomies);
// a term no page uses gets none, so no link leads to an empty list.
// Content pages link their terms with the termURL template function,
// which gives the same addresses (site.TermPath), so pages and terms link
// both ways, and every page can be reached from the A–Z index.
//
// # Layouts
//
// The pages are rendered through taxonomy/list.html (an index),
// taxonomy/term.html (a term) and taxonomy/a-z.html, each falling back to
// _default/list.html, with .Pages set to the pages listed and .Data to
// an Index, a Term or an AZ. An index's .Pages are its terms' pages. A
// term's breadcrumbs lead through its vocabulary's index.
package taxonomy

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// The layouts the pages are rendered with, under layouts/.
const (
	IndexLayout = "taxonomy/list.html"
	TermLayout  = "taxonomy/term.html"
	AZLayout    = "taxonomy/a-z.html"
	// FallbackLayout is used when the site has none of the above.
	FallbackLayout = "_default/list.html"
)

// Index is what a vocabulary's index page gives its layout as .Data.
type Index struct {
	Vocab string
	Title string
	Terms []Link
}

// Term is what a term's page gives its layout as .Data.
type Term struct {
	Vocab       string
	Value       string // the term as pages write it in front matter
	Label       string // the term as people read it, "Yorkshire and the Humber"
	Description string // the term's description from site.yaml, if any
	Index       Link   // the vocabulary's index
	Groups      []Group
	Count       int
}

// Group is the pages of one section filed under a term.
type Group struct {
	Section string // "pathways"
	Title   string // the section's title, "Career pathways"
	Pages   []*site.Page
}

// AZ is what the A–Z page gives its layout as .Data.
type AZ struct {
	Letters []Letter
	Count   int
	Browse  []Link // each vocabulary's index
}

// Letter is the pages whose titles begin with one letter; "0–9" holds
// those beginning with a digit and "#" any others.
type Letter struct {
	Letter string
	ID     string // the heading's id, "letter-a"
	Pages  []Entry
}

// Entry is one page in the A–Z index.
type Entry struct {
	Title       string
	URL         string
	Section     string // the title of the page's section, "" for top-level pages
	Description string
}

// Link is a labelled link to a generated page, with how many pages it
// lists and a description.
type Link struct {
	Title       string
	URL         string
	Count       int
	Description string
}

// Check reports generated pages whose address a content page already has.
func Check(x *resolve.Index) diag.List {
	_, diags := plan(x)
	return diags
}

// Generate returns every vocabulary's index, every used term's page and
// the A–Z index, to be rendered through the layouts. Problems are
// reported by Check.
func Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	gen, _ := plan(x)
	return gen, nil, nil
}

// plan makes the pages, leaving out those whose address is taken.
func plan(x *resolve.Index) ([]site.Generated, diag.List) {
	var diags diag.List
	cfg := x.Config
	taken := x.Paths()
	home := site.Crumb{Title: "Home", URL: x.Home.URL, Key: "nav.home"}
	free := func(path, what string) bool {
		if p := taken[path]; p != nil {
			if p.File != "" {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File}, Code: "taxonomy",
					Msg:  fmt.Sprintf("this page's address /%s is also the address of %s, so that page is not made", path, what),
					Hint: "give this page a different file name or slug"})
			} else {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "site.yaml"}, Code: "taxonomy",
					Msg:  fmt.Sprintf("%s and %s would both be at /%s, so the second is not made", p.Title, what, path),
					Hint: "spell one of the vocabulary's values differently"})
			}
			return false
		}
		taken[path] = &site.Page{Title: what}
		return true
	}

	taxes := x.Taxonomies()
	var out []site.Generated
	var browse []Link
	for _, t := range taxes {
		// A term's page is made even when its index is not, so that the
		// links to it from content pages lead somewhere.
		indexFree := free(t.Path, "the "+t.Vocab+" index")
		var terms []Link
		var termPages []site.Generated
		var listed []*site.Page
		indexLink := Link{Title: t.Title, URL: cfg.URL(t.Path)}
		for _, term := range t.Terms {
			if !free(term.Path, fmt.Sprintf("the %s term %q", t.Vocab, term.Value)) {
				continue
			}
			desc := term.Description
			var descMsg *site.Msg
			if desc == "" {
				desc = fmt.Sprintf("Pages filed under %s: %s.", t.Title, term.Label)
				descMsg = &site.Msg{Key: "taxonomy.term_description", Args: []any{"vocab", t.Title, "term", term.Label}}
			}
			crumbs := []site.Crumb{home, {Title: t.Title, URL: indexLink.URL}}
			if !indexFree {
				crumbs = crumbs[:1]
			}
			// A term with many pages lists them over several, each
			// with the pagination nav.
			chunks := site.Chunks(len(term.Pages), cfg.PageSize)
			url := func(i int) string { return cfg.URL(site.ListPath(term.Path, i)) }
			var p *site.Page
			for i, c := range chunks {
				q := &site.Page{Kind: site.KindTerm, Slug: site.Slugify(term.Value), Path: site.ListPath(term.Path, i+1), URL: url(i + 1),
					Title: term.Label, Description: desc}
				var title *site.Msg
				if i > 0 {
					q.Title = fmt.Sprintf("%s (page %d of %d)", term.Label, i+1, len(chunks))
					title = &site.Msg{Key: "list.page_title", Args: []any{"title", term.Label, "n", i + 1, "total", len(chunks)}}
				} else {
					p = q
				}
				chunk := term.Pages[c[0]:c[1]]
				data := &Term{Vocab: t.Vocab, Value: term.Value, Label: term.Label, Description: term.Description, Index: indexLink,
					Groups: groups(x, chunk), Count: len(term.Pages)}
				termPages = append(termPages, site.Generated{Page: q, Layouts: []string{TermLayout, FallbackLayout}, Data: data,
					Pages: chunk, Crumbs: crumbs, Pager: site.NewPager(i+1, chunks, url), Title: title, Description: descMsg})
			}
			terms = append(terms, Link{Title: term.Label, URL: p.URL, Count: len(term.Pages), Description: term.Description})
			listed = append(listed, p)
		}
		out = append(out, termPages...)
		if !indexFree {
			continue
		}
		p := &site.Page{Kind: site.KindTaxonomy, Slug: site.Slugify(t.Vocab), Path: t.Path, URL: indexLink.URL,
			Title: t.Title, Description: fmt.Sprintf("Browse %s by %s.", cfg.Title, lowerFirst(t.Title))}
		out = append(out, site.Generated{Page: p, Layouts: []string{IndexLayout, FallbackLayout},
			Data: &Index{Vocab: t.Vocab, Title: t.Title, Terms: terms}, Pages: listed, Crumbs: []site.Crumb{home},
			Description: &site.Msg{Key: "taxonomy.index_description", Args: []any{"site", cfg.Title, "vocab", lowerFirst(t.Title)}}})
		indexLink.Count = len(terms)
		indexLink.Description = p.Description
		browse = append(browse, indexLink)
	}

	if free(site.AZPath, "the A to Z index") {
		listed := x.Listed()
		sorted := slices.Clone(listed)
		slices.SortStableFunc(sorted, byTitle)
		// Long, it is cut into pages in A to Z order, each with the
		// letters of its own pages.
		ordered := slices.Clone(sorted)
		slices.SortStableFunc(ordered, func(a, b *site.Page) int { return rank(letterOf(a.Title)) - rank(letterOf(b.Title)) })
		chunks := site.Chunks(len(ordered), cfg.PageSize)
		url := func(i int) string { return cfg.URL(site.ListPath(site.AZPath, i)) }
		for i, c := range chunks {
			az := &AZ{Letters: letters(x, ordered[c[0]:c[1]]), Count: len(listed), Browse: browse}
			p := &site.Page{Kind: site.KindTaxonomy, Slug: "a-z", Path: site.ListPath(site.AZPath, i+1), URL: url(i + 1),
				Title: "A to Z", Description: fmt.Sprintf("Every page on %s, from A to Z.", cfg.Title)}
			pages := sorted
			if len(chunks) > 1 {
				pages = ordered[c[0]:c[1]]
			}
			title := &site.Msg{Key: "az.title"}
			if i > 0 {
				p.Title = fmt.Sprintf("A to Z (page %d of %d)", i+1, len(chunks))
				title = &site.Msg{Key: "az.page_title", Args: []any{"n", i + 1, "total", len(chunks)}}
			}
			out = append(out, site.Generated{Page: p, Layouts: []string{AZLayout, FallbackLayout}, Data: az,
				Pages: pages, Crumbs: []site.Crumb{home}, Pager: site.NewPager(i+1, chunks, url),
				Title: title, Description: &site.Msg{Key: "az.description", Args: []any{"site", cfg.Title}}})
		}
	}
	return out, diags
}

// groups splits a term's pages by section, in the site's order of sections.
func groups(x *resolve.Index, pages []*site.Page) []Group {
	var out []Group
	for _, p := range pages {
		if n := len(out); n == 0 || out[n-1].Section != p.Section {
			title := p.Section
			if s := x.Section[p.Section]; s != nil {
				title = s.Title
			}
			out = append(out, Group{Section: p.Section, Title: title})
		}
		out[len(out)-1].Pages = append(out[len(out)-1].Pages, p)
	}
	return out
}

// letters files pages under the first letter of their titles, A to Z,
// then digits, then anything else.
func letters(x *resolve.Index, pages []*site.Page) []Letter {
	sorted := slices.Clone(pages)
	slices.SortStableFunc(sorted, byTitle)
	var out []Letter
	for _, p := range sorted {
		l := letterOf(p.Title)
		if n := len(out); n == 0 || out[n-1].Letter != l {
			out = append(out, Letter{Letter: l, ID: "letter-" + letterID(l)})
		}
		e := Entry{Title: p.Title, URL: p.URL, Description: p.Description}
		if s := x.Section[p.Section]; s != nil && s != p {
			e.Section = s.Title
		}
		out[len(out)-1].Pages = append(out[len(out)-1].Pages, e)
	}
	slices.SortStableFunc(out, func(a, b Letter) int { return rank(a.Letter) - rank(b.Letter) })
	return out
}

func byTitle(a, b *site.Page) int {
	if c := site.CompareTitles(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.URL, b.URL)
}

func letterOf(title string) string {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(title))
	switch r = unicode.ToUpper(r); {
	case r >= 'A' && r <= 'Z':
		return string(r)
	case r >= '0' && r <= '9':
		return "0–9"
	}
	return "#"
}

func rank(letter string) int {
	switch letter {
	case "0–9":
		return 100
	case "#":
		return 101
	}
	return int(letter[0])
}

func letterID(letter string) string {
	switch letter {
	case "0–9":
		return "digits"
	case "#":
		return "other"
	}
	return strings.ToLower(letter)
}

// lowerFirst lower-cases the first letter of a title, unless it starts an
// abbreviation ("NHS").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || len(s) > n && unicode.IsUpper(rune(s[n])) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}
