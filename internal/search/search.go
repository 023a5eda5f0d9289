// Package search makes the site's search: a compact index, written at
// build time as /search/index.json, and the search page at /search/,
// which static/js/search.js turns into a search box when JavaScript runs.
// Without JavaScript the page offers the A–Z index and the vocabulary
// indexes instead, so it is never a dead end.
//
// # The index
//
// The index is an inverted index: each term maps to the pages it occurs
// in, so its size grows with the number of distinct terms and of
// (term, page) pairs, not with the length of pages. It holds
//
//	{"v": 1, "base": "/wayfinder/",
//	 "sections": ["Career pathways", ...],
//	 "pages": [["Title", "pathways/ccio/", 0, "Description"], ...],
//	 "stop": ["a", "and", ...],
//	 "terms": {"prescription": [13, 6, 5], ...}}
//
// A page is its title, its path under base, the index of its section's
// title in sections (-1 for none) and its description, which results
// show. A term's postings are in page order, each encoded as
// (gap << 2) | field: gap is the page's number minus the previous
// posting's (the first counts from 0), and field is where the term
// occurs at best: 3 in the title, 2 in the description, section, place,
// organisations or vocabulary labels, 1 in the body. Gaps are small, so
// most postings are one or two digits.
//
// # Terms
//
// Text is cut into terms the same way here and in search.js: lower-cased,
// split at anything that is not a letter or digit, words of one character
// and the stop words (which the index carries, so the two agree) left
// out, and a plural ending folded: "-ies" to "-y" and a final "s" dropped
// (not from "-ss", "-us" or "-is", nor from words of three letters, so
// "NHS" stays "nhs"). The body is the page's Markdown with link and image
// addresses removed, plus the text fields of its typed front matter
// (steps, levels, outcomes and so on).
//
// # Matching
//
// search.js matches each word of a query against the terms that equal it
// or begin with it, so "prescri" finds "prescription". A page must match
// every word. A word scores 8, 3 or 1 for a title, description or body
// match, doubled for a whole-term match; pages come best first, ties in
// the index's page order (content pages, then sections and terms).
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Layout is the search page's layout, under layouts/; FallbackLayout is
// used when the site has none.
const (
	Layout         = "search.html"
	FallbackLayout = "_default/single.html"
)

// IndexName is the index's file name, under the search page's path.
const IndexName = "index.json"

// Field weights of a posting: where on the page a term occurs at best.
const (
	InBody    = 1
	InSummary = 2
	InTitle   = 3
)

// stopWords are left out of the index and out of queries.
var stopWords = []string{
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
	"can", "could", "do", "does", "each", "for", "from", "has", "have", "he", "her", "his", "how", "if",
	"in", "into", "is", "it", "its", "may", "more", "most", "must", "no", "not", "of", "on", "or", "other",
	"our", "out", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
	"these", "they", "this", "those", "to", "up", "us", "was", "we", "were", "what", "when", "which",
	"who", "will", "with", "would", "you", "your",
}

// Data is what the search page gives its layout as .Data.
type Data struct {
	IndexURL string
	AZ       Link   // the A–Z index
	Browse   []Link // each vocabulary's index
}

// Link is a labelled link.
type Link struct {
	Title string
	URL   string
}

// Index is the search index as written to index.json.
type Index struct {
	Version  int              `json:"v"`
	Base     string           `json:"base"`
	Sections []string         `json:"sections"`
	Pages    []Page           `json:"pages"`
	Stop     []string         `json:"stop"`
	Terms    map[string][]int `json:"terms"`
}

// Page is one page of the index, written as a JSON array.
type Page struct {
	Title       string
	Path        string // under the base path
	Section     int    // index into Index.Sections, -1 for none
	Description string
}

// MarshalJSON writes the page as [title, path, section, description].
func (p Page) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{p.Title, p.Path, p.Section, p.Description})
}

// UnmarshalJSON reads a page written by MarshalJSON.
func (p *Page) UnmarshalJSON(b []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	if len(a) != 4 {
		return fmt.Errorf("a page has %d fields, want 4", len(a))
	}
	for i, dst := range []any{&p.Title, &p.Path, &p.Section, &p.Description} {
		if err := json.Unmarshal(a[i], dst); err != nil {
			return err
		}
	}
	return nil
}

// Generate returns the search page, to be rendered through the layouts,
// and the index.
func Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	return NewCollector().Generate(x)
}

// Generate is the package's Generate, with the page terms c has kept.
func (c *Collector) Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	var diags diag.List
	cfg := x.Config
	if p := x.Paths()[site.SearchPath]; p != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File}, Code: "search",
			Msg:  fmt.Sprintf("this page's address /%s is the search page's, so there is no search page", site.SearchPath),
			Hint: "give this page a different file name or slug"})
		return nil, nil, diags
	}
	idx := c.Build(x)
	data, err := json.Marshal(idx)
	if err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "."}, Code: "search", Msg: "cannot write the search index: " + err.Error()})
		return nil, nil, diags
	}
	d := &Data{IndexURL: cfg.URL(site.SearchPath + IndexName), AZ: Link{Title: "A to Z", URL: cfg.URL(site.AZPath)}}
	for _, t := range x.Taxonomies() {
		d.Browse = append(d.Browse, Link{Title: t.Title, URL: cfg.URL(t.Path)})
	}
	p := &site.Page{Kind: site.KindSearch, Slug: "search", Path: site.SearchPath, URL: cfg.URL(site.SearchPath),
		Title: "Search", Description: fmt.Sprintf("Search %s for a page by its words.", cfg.Title)}
	gen := []site.Generated{{Page: p, Layouts: []string{Layout, FallbackLayout}, Data: d,
		Crumbs: []site.Crumb{{Title: "Home", URL: x.Home.URL}}}}
	file := site.File{Path: site.SearchPath + IndexName, Type: "application/json", Data: data}
	return gen, []site.File{file}, diags
}

// Build makes the index of a site: its content pages, top-level pages,
// finders, sections and vocabulary terms, in that order.
func Build(x *resolve.Index) *Index { return NewCollector().Build(x) }

// Build is the package's Build, with the page terms c has kept.
func (c *Collector) Build(x *resolve.Index) *Index {
	cfg := x.Config
	idx := &Index{Version: 1, Base: cfg.URL(""), Stop: stopWords, Terms: map[string][]int{}}
	sectionID := map[string]int{}
	section := func(title string) int {
		if title == "" {
			return -1
		}
		if id, ok := sectionID[title]; ok {
			return id
		}
		sectionID[title] = len(idx.Sections)
		idx.Sections = append(idx.Sections, title)
		return sectionID[title]
	}

	// Each term's postings, by term number; the page number of its last
	// posting; and, for the page being added, where each of its terms
	// occurs at best.
	var postings [][]int
	var last []int
	var best []uint8
	var seen []uint32
	stop := indexStops()
	var buf []byte
	note := func(id uint32, field uint8) {
		if int(id) >= len(best) {
			best = append(best, make([]uint8, int(id)+1-len(best))...)
		}
		if best[id] == 0 {
			seen = append(seen, id)
		}
		best[id] = max(best[id], field)
	}
	add := func(p *site.Page, sectionTitle string) {
		id := len(idx.Pages)
		idx.Pages = append(idx.Pages, Page{Title: p.Title, Path: strings.TrimPrefix(p.Path, "/"), Section: section(sectionTitle), Description: p.Description})
		for _, t := range c.bodyTerms(p) {
			note(t, InBody)
		}
		texts := [InTitle + 1][]string{
			InBody:    body(p),
			InSummary: append([]string{p.Description, sectionTitle}, summary(cfg, p)...),
			InTitle:   {p.Title},
		}
		for field := InBody; field <= InTitle; field++ {
			for _, text := range texts[field] {
				buf = scanTerms(text, buf, stop, func(t []byte) { note(c.v.id(t), uint8(field)) })
			}
		}
		for _, t := range seen {
			if int(t) >= len(postings) {
				postings = append(postings, make([][]int, int(t)+1-len(postings))...)
				last = append(last, make([]int, int(t)+1-len(last))...)
			}
			postings[t] = append(postings[t], (id-last[t])<<2|int(best[t]))
			last[t] = id
			best[t] = 0
		}
		seen = seen[:0]
	}
	sectionTitle := func(name string) string {
		if s := x.Section[name]; s != nil {
			return s.Title
		}
		return ""
	}
	for _, name := range x.Sections {
		for _, p := range x.Pages[name] {
			add(p, sectionTitle(name))
		}
	}
	for _, p := range x.Pages[""] {
		add(p, "")
	}
	for _, p := range x.Pages[site.FinderSection] {
		add(p, "")
	}
	for _, name := range x.Sections {
		add(x.Section[name], "")
	}
	for _, t := range x.Taxonomies() {
		for _, term := range t.Terms {
			add(&site.Page{Title: term.Label, Path: term.Path, Description: term.Description}, t.Title)
		}
	}
	for t, ps := range postings {
		if len(ps) > 0 {
			idx.Terms[c.v.names[t]] = ps
		}
	}
	return idx
}

// Postings decodes a term's postings into page numbers and fields.
func Postings(enc []int) (pages, fields []int) {
	id := 0
	for _, p := range enc {
		id += p >> 2
		pages = append(pages, id)
		fields = append(fields, p&3)
	}
	return pages, fields
}

// Terms cuts text into index terms, leaving out stop words.
func Terms(text string, stop map[string]bool) []string {
	var out []string
	scanTerms(text, nil, newStops(stop), func(t []byte) { out = append(out, string(t)) })
	return out
}

// Fold folds a plural ending: "-ies" to "-y", and a final "s" dropped,
// except from "-ss", "-us" and "-is", and from words of three letters.
func Fold(w string) string {
	return string(fold([]byte(w), utf8.RuneCountInString(w)))
}

// stripMarkdown removes what a reader does not see from Markdown: link
// and image addresses, bare URLs, link reference definitions and HTML tags
// (which the site does not publish). Punctuation goes when the text is cut
// into terms. It is one pass over the bytes, as it runs on every page.
func stripMarkdown(md []byte) string {
	var b strings.Builder
	b.Grow(len(md))
	for len(md) > 0 {
		line := md
		if i := bytes.IndexByte(md, '\n'); i >= 0 {
			line, md = md[:i+1], md[i+1:]
		} else {
			md = nil
		}
		if isRefDef(line) {
			b.WriteByte(' ')
			if line[len(line)-1] == '\n' {
				b.WriteByte('\n')
			}
			continue
		}
		for j := 0; j < len(line); {
			// Copy the run of bytes that cannot start anything removed.
			k := j
			for k < len(line) && line[k] != ']' && line[k] != '<' && line[k] != 'h' {
				k++
			}
			b.Write(line[j:k])
			if j = k; j == len(line) {
				break
			}
			rest := line[j:]
			switch {
			case rest[0] == ']' && len(rest) > 1 && rest[1] == '(':
				if k := bytes.IndexByte(rest[2:], ')'); k >= 0 {
					b.WriteString("] ")
					j += k + 3
					continue
				}
			case rest[0] == '<' && len(rest) > 1 && (isLetter(rest[1]) || rest[1] == '/' && len(rest) > 2 && isLetter(rest[2])):
				if k := bytes.IndexByte(rest, '>'); k > 0 {
					b.WriteString("] ")
					j += k + 1
					continue
				}
			case bytes.HasPrefix(rest, []byte("http://")) || bytes.HasPrefix(rest, []byte("https://")):
				k := bytes.IndexFunc(rest, unicode.IsSpace)
				if k < 0 {
					k = len(rest)
				}
				b.WriteString("] ")
				j += k
				continue
			}
			b.WriteByte(rest[0])
			j++
		}
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isRefDef reports a link reference definition: [label]: destination.
func isRefDef(line []byte) bool {
	t := bytes.TrimLeft(line, " \t")
	if len(t) == 0 || t[0] != '[' {
		return false
	}
	end := bytes.IndexByte(t, ']')
	if end < 2 || end+1 >= len(t) || t[end+1] != ':' {
		return false
	}
	return len(bytes.TrimSpace(t[end+2:])) > 0
}

// summary returns the short facts of a typed page that say what it is:
// its vocabulary labels, places and organisations.
func summary(cfg *site.Config, p *site.Page) []string {
	var out []string
	for _, pt := range p.Terms() {
		for _, v := range pt.Values {
			out = append(out, cfg.Label(pt.Vocab, v))
		}
	}
	switch {
	case p.Route != nil:
		out = append(out, p.Route.AwardingBody)
	case p.Pathfinder != nil:
		f := p.Pathfinder
		out = append(out, f.Place, f.LeadOrganisation, f.Programme)
		out = append(out, f.Partners...)
	}
	return out
}

// body returns the text of a typed page's front matter that its page
// shows beyond the summary.
func body(p *site.Page) []string {
	var out []string
	switch {
	case p.Pathway != nil:
		for _, s := range p.Pathway.Steps {
			out = append(out, s.Title, s.What, s.TypicalTime)
		}
		out = append(out, p.Pathway.NHSBandRange)
	case p.Route != nil:
		r := p.Route
		out = append(out, r.Eligibility...)
		for _, l := range r.Levels {
			out = append(out, l.Name, l.Asks)
		}
		out = append(out, r.HowToApply...)
		out = append(out, r.Duration, r.Funding)
		if r.Cost != nil {
			out = append(out, r.Cost.Text)
		}
	case p.Pathfinder != nil:
		for _, o := range p.Pathfinder.Outcomes {
			out = append(out, o.Measure, o.Value)
		}
		out = append(out, p.Pathfinder.Wave)
	case p.Guide != nil:
		out = append(out, p.Guide.YouNeed...)
		out = append(out, p.Guide.TimeToComplete, p.Guide.AgeLimits)
	}
	return append(out, p.DatedNote)
}
