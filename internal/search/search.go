// Package search makes the site's search: an index cut into small files,
// written at build time under /search/, and the search page at /search/,
// which static/js/search.js turns into a search box when JavaScript runs.
// Without JavaScript the page offers the A–Z index and the vocabulary
// indexes instead, so it is never a dead end.
//
// # Terms
//
// Text is cut into words the same way here and in search.js: lower-cased,
// split at anything that is not a letter or digit, words of one character
// and the stop words (which the index carries, so the two agree) left
// out. Each word is indexed under its stem (see Stem): the Snowball
// English (Porter2) stem of a word of the letters a to z, the word itself
// otherwise. The body is the page's Markdown with link and image
// addresses removed, plus the text fields of its typed front matter
// (steps, levels, outcomes and so on).
//
// # The index
//
// The index is an inverted index: each term maps to the pages it occurs
// in. A term's postings are in page order, each encoded as
// (gap << 2) | field: gap is the page's number minus the previous
// posting's (the first counts from 0), and field is where the term occurs
// at best: 3 in the title, 2 in the summary (the description, place and
// organisations: what this page alone says it is), 1 in a label (its
// section's title and its vocabulary labels, which many pages share), 0
// in the body.
//
// Pages come in a fixed order, in groups that weigh their scores: content
// pages by section, then the top-level pages, finders, section lists and
// vocabulary terms (see Weights).
//
// It is published as a manifest (files.go) that names, by content hash,
// the shards of terms (cut at term boundaries in order), the chunks of
// page titles and descriptions, and the lists of words by length that
// corrections are drawn from, so a query fetches only the files it needs.
//
// # Matching and ranking
//
// Lookup is the definition; search.js's lookup does the same, and a test
// holds them to the same answer. A query is cut into terms as text is.
// A run of terms that is an entry of the site's synonyms table is one
// query word, which also matches the other entries of its group. Each
// query word scores, for a page, its best match: a whole term
// Points[field] × 2; a term it begins (three letters or more) or a
// synonym Points[field]; each times (RarityBase + the term's Rarity)². A synonym of several words matches a page that has all of
// them, at the points of the weakest. A word that matches no page is
// corrected (see Correct) unless the reader asked for it as typed.
// Pages that match the most query words come first, then those that have
// the most of them in their title or summary (so title and description
// count above labels and the body; a word is in them if any of its
// matches is, whichever scores most), then by the sum of their words'
// points times their group's weight, then in index order.
package search

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

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

// Fields of a posting: where on the page a term occurs at best, weakest
// first.
const (
	InBody    = 0
	InLabel   = 1
	InSummary = 2
	InTitle   = 3
)

// Points are what a query word scores for a whole-term match in the body,
// a label, the summary or the title, by field; halved for a term it only
// begins or a synonym. A label scores as the summary does, but only the
// title and the summary make a word strong (see Lookup): a label such as
// "Registered clinician" is on many pages and says what they share, not
// what one of them is.
var Points = [InTitle + 1]int{1, 6, 6, 16}

// MaxForms is how many of a term's words the index keeps, to show as a
// correction.
const MaxForms = 4

// Weights multiply the score of a page by its group, so that a guide or a
// pathway comes before a list of pages that share a topic with it.
const (
	WeightContent = 4 // the pages of a section, and finders
	WeightTop     = 3 // top-level pages: home, about, accessibility
	WeightList    = 2 // section lists and vocabulary terms
)

// stopWords are left out of the index and out of queries.
var stopWords = []string{
	"a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
	"can", "could", "do", "does", "each", "for", "from", "has", "have", "he", "her", "his", "how", "if",
	"in", "into", "is", "it", "its", "may", "me", "more", "most", "must", "my", "no", "not", "of", "on", "or", "other",
	"our", "out", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
	"these", "they", "this", "those", "to", "up", "us", "was", "we", "were", "what", "when", "which",
	"who", "will", "with", "would", "you", "your",
}

// Data is what the search page gives its layout as .Data.
type Data struct {
	ManifestURL       string
	ManifestIntegrity string // Subresource Integrity of the manifest
	AZ                Link   // the A–Z index
	Browse            []Link // each vocabulary's index
}

// Link is a labelled link.
type Link struct {
	Title string
	URL   string
	// Lang and LangCode are the BCP 47 tag and the code of the
	// language of the page it leads to, when not the search page's.
	Lang, LangCode string
}

// Index is the whole search index of a site, before it is cut into files.
type Index struct {
	Base string
	// Lang is the code of the index's language: it decides whether its
	// words are stemmed (see Stemmed).
	Lang     string
	Sections []string
	Pages    []Page
	Groups   []Group
	Stop     []string
	// Terms maps a term to its postings.
	Terms map[string][]int
	// Forms maps a term to the words that readers see for it, on most
	// pages first ("prescript" to "prescriptions", "prescription"), at
	// most MaxForms, where they are not just the term itself.
	Forms map[string][]string
	// Synonyms are the site's synonym groups: each a list of entries,
	// each entry the terms of its words.
	Synonyms [][][]string
	// changed holds the terms whose postings may differ from those of
	// the index its files memo was last cut from; nil for every term.
	changed map[string]bool
}

// Page is one page of the index.
type Page struct {
	Title       string
	Path        string // under the base path
	Section     int    // index into Index.Sections, -1 for none
	Description string
}

// Group is a run of pages, from First to the next group's First, whose
// scores are multiplied by Weight.
type Group struct {
	First, Weight int
}

// Weight returns the weight of page id's group.
func (x *Index) Weight(id int) int {
	w := 0
	for _, g := range x.Groups {
		if g.First > id {
			break
		}
		w = g.Weight
	}
	return w
}

// Word returns the word readers see for a term that is nearest to typed,
// the first of equals.
func (x *Index) Word(term, typed string) string {
	return nearestForm(x.Forms[term], term, typed)
}

// nearestForm returns the form nearest to typed, or term if there are no
// forms.
func nearestForm(forms []string, term, typed string) string {
	if len(forms) == 0 {
		return term
	}
	a := []rune(typed)
	best, bestD := "", 0
	for _, f := range forms {
		b := []rune(f)
		if d := Distance(a, b, len(a)+len(b)); best == "" || d < bestD {
			best, bestD = f, d
		}
	}
	return best
}

// Generate returns the search page of each language, to be rendered
// through the layouts, and the files of each language's index: the
// default language's at /search/, another's under its path
// (/cy/search/).
func Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	return NewCollector().Generate(x)
}

// Generate is the package's Generate, with the page terms c has kept.
func (c *Collector) Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	pages, files, diags := c.generate(x)
	for _, lx := range x.Langs() {
		p, f, d := c.generate(lx)
		pages, files = append(pages, p...), append(files, f...)
		diags.Append(d)
	}
	// Each language's search page is the others' translation.
	var trans []*site.Page
	for _, g := range pages {
		trans = append(trans, g.Page)
	}
	for i := range pages {
		pages[i].Translations = trans
	}
	return pages, files, diags
}

// taxonomies returns the vocabulary indexes that x's search covers: the
// default language's. The term pages are in that language only (see
// internal/taxonomy), so another language's index leaves them out, and
// its search page links to them as pages in the default language.
func taxonomies(x *resolve.Index) []*resolve.Taxonomy {
	if x.Lang != "" {
		return nil
	}
	return x.Taxonomies()
}

// vocabularies returns x.Taxonomies(), worked out once for each index
// (an edit to a page's text keeps the index).
func (c *Collector) vocabularies(x *resolve.Index) []*resolve.Taxonomy {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.taxX != x {
		c.taxX, c.tax = x, x.Taxonomies()
	}
	return c.tax
}

// Path returns the site path of the search page of a language, by its
// code ("" for the default).
func Path(cfg *site.Config, lang string) string {
	if l := cfg.Lang(lang); l != nil && lang != "" {
		return l.Prefix + site.SearchPath
	}
	return site.SearchPath
}

// generate makes the search page and index of one language.
func (c *Collector) generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	var diags diag.List
	cfg := x.Config
	dir := Path(cfg, x.Lang)
	if p := x.Paths()[dir]; p != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File}, Code: "search",
			Msg:  fmt.Sprintf("this page's address /%s is the search page's, so there is no search page", dir),
			Hint: "give this page a different file name or slug"})
		return nil, nil, diags
	}
	all := c.vocabularies(x.In(""))
	var taxes []*resolve.Taxonomy
	if x.Lang == "" {
		taxes = all // see taxonomies
	}
	var memo *fileMemo // none when nothing is kept for a next index
	if !c.Once {
		c.mu.Lock()
		if memo = c.memos[x.Lang]; memo == nil {
			memo = &fileMemo{}
			c.memos[x.Lang] = memo
		}
		c.mu.Unlock()
	}
	idx, added := c.build(x, taxes)
	// A term's postings differ from the last index's only if a page that
	// has it is not the same as the page of the same number then.
	if memo != nil && len(memo.added) == len(added) {
		prev := memo.added
		v := c.vocab(x.Lang)
		idx.changed = map[string]bool{}
		for i, pt := range added {
			if prev[i] != pt {
				for _, e := range prev[i].terms {
					if t := e >> 2; int(t) < len(v.names) { // numbered by other rules, if any
						idx.changed[v.names[t]] = true
					}
				}
				for _, e := range pt.terms {
					idx.changed[v.names[e>>2]] = true
				}
			}
		}
	}
	if memo != nil {
		memo.added = added
	}
	files, manifest, err := idx.files(memo)
	if err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "."}, Code: "search", Msg: "cannot write the search index: " + err.Error()})
		return nil, nil, diags
	}
	if dir != site.SearchPath {
		for i := range files {
			files[i].Path = dir + strings.TrimPrefix(files[i].Path, site.SearchPath)
		}
		manifest = files[len(files)-1]
	}
	// The A to Z and the vocabulary indexes are in the default language
	// only: another's search page says so.
	var tag, code string
	if x.Lang != "" {
		def := cfg.Langs()[0]
		tag, code = cmp.Or(def.Tag, cfg.Language), def.Code
	}
	d := &Data{ManifestURL: cfg.URL(manifest.Path), ManifestIntegrity: Integrity(manifest.Data),
		AZ: Link{Title: "A to Z", URL: cfg.URL(site.AZPath), Lang: tag, LangCode: code}}
	for _, t := range all {
		d.Browse = append(d.Browse, Link{Title: t.Title, URL: cfg.URL(t.Path), Lang: tag, LangCode: code})
	}
	p := &site.Page{Kind: site.KindSearch, Slug: "search", Path: dir, URL: cfg.URL(dir), Lang: x.Lang,
		Title: "Search", Description: fmt.Sprintf("Search %s for a page by its words.", cfg.Title)}
	gen := []site.Generated{{Page: p, Layouts: []string{Layout, FallbackLayout}, Data: d,
		Title:       &site.Msg{Key: "search.title"},
		Description: &site.Msg{Key: "search.description", Args: []any{"site", cfg.Title}},
		Crumbs:      []site.Crumb{{Title: "Home", URL: x.Home.URL, Key: "nav.home"}}}}
	return gen, files, diags
}

// Build makes the index of a site: its content pages, top-level pages,
// finders, sections and vocabulary terms, in that order.
func Build(x *resolve.Index) *Index { return NewCollector().Build(x) }

// Build is the package's Build, with the page terms c has kept.
func (c *Collector) Build(x *resolve.Index) *Index {
	idx, _ := c.build(x, taxonomies(x))
	return idx
}

// build is Build with the vocabulary indexes x's search covers, taxes;
// it also returns what each page added, by page number.
func (c *Collector) build(x *resolve.Index, taxes []*resolve.Taxonomy) (*Index, []*pageTerms) {
	cfg := x.Config
	lang := langCode(cfg, x.Lang)
	r := rules(lang)
	idx := &Index{Base: cfg.URL(""), Lang: lang, Stop: r.stop, Terms: map[string][]int{}, Forms: map[string][]string{}}
	if x.Lang == "" {
		// The synonyms in site.yaml are words of the default language.
		idx.Synonyms = Synonyms(cfg)
	}
	v := c.vocab(x.Lang)
	v.mu.Lock()
	v.stemAll(r)
	v.mu.Unlock()
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
	group := func(weight int) {
		first := len(idx.Pages)
		if n := len(idx.Groups); n > 0 && idx.Groups[n-1].First == first {
			idx.Groups = idx.Groups[:n-1] // empty
		}
		if n := len(idx.Groups); n > 0 && idx.Groups[n-1].Weight == weight {
			return
		}
		idx.Groups = append(idx.Groups, Group{First: first, Weight: weight})
	}

	// Each term's postings, by term number, and the page number of its
	// last posting. Each word's page count, by word number, picks the word
	// readers see for a term.
	// What each page adds, in page order; then each term's postings, by
	// term number, and each word's page count, by word number, which
	// picks the word readers see for a term.
	var added []*pageTerms
	c.mu.Lock()
	c.stamp++
	c.mu.Unlock()
	add := func(p *site.Page, sectionTitle string, keep bool) {
		idx.Pages = append(idx.Pages, Page{Title: p.Title, Path: strings.TrimPrefix(p.Path, "/"), Section: section(sectionTitle), Description: p.Description})
		added = append(added, c.pageTerms(v, r, cfg, p, sectionTitle, keep && !c.Once))
	}
	sectionTitle := func(name string) string {
		if s := x.Section[name]; s != nil {
			return s.Title
		}
		return ""
	}
	group(WeightContent)
	for _, name := range x.ContentSections() {
		for _, p := range x.Pages[name] {
			add(p, sectionTitle(name), true)
		}
	}
	group(WeightTop)
	for _, p := range x.Pages[""] {
		add(p, "", true)
	}
	group(WeightContent)
	for _, p := range x.Pages[site.FinderSection] {
		add(p, "", true)
	}
	group(WeightList)
	for _, name := range x.Sections {
		add(x.Section[name], "", true)
	}
	for _, t := range taxes {
		for _, term := range t.Terms {
			// Made here for the index alone: nothing to keep.
			add(&site.Page{Title: term.Label, Path: term.Path, Description: term.Description}, t.Title, false)
		}
	}
	c.forget(v)
	// Each term's postings are cut from one array, sized by a first pass.
	count := make([]int, len(v.names))
	wordPages := make([]int, len(v.words))
	total := 0
	for _, pt := range added {
		for _, e := range pt.terms {
			count[e>>2]++
		}
		for _, w := range pt.body {
			if !v.stop[w] {
				wordPages[w]++
			}
		}
		for _, w := range pt.extra {
			wordPages[w]++
		}
		total += len(pt.terms)
		if c.Once {
			pt.body, pt.extra = nil, nil // counted: nothing else reads them
		}
	}
	all := make([]int, total)
	type cursor struct{ next, last int } // where its next posting goes, and its last page
	at := make([]cursor, len(v.names))
	postings := make([][]int, len(v.names))
	n := 0
	for t, k := range count {
		postings[t] = all[n : n+k : n+k]
		at[t].next = n
		n += k
	}
	for id, pt := range added {
		for _, e := range pt.terms {
			cur := &at[e>>2]
			all[cur.next] = (id-cur.last)<<2 | int(e&3)
			cur.next++
			cur.last = id
		}
		if c.Once {
			added[id] = nil // in the postings now
		}
	}
	for t, ps := range postings {
		if len(ps) > 0 {
			idx.Terms[v.names[t]] = ps
		}
	}
	// The words readers see for a term: on most pages first, then the
	// shorter, then in order.
	forms := make([][]int, len(v.names))
	for w, n := range wordPages {
		if n > 0 {
			forms[v.stem[w]] = append(forms[v.stem[w]], w)
		}
	}
	for t, ws := range forms {
		if len(ws) == 0 || len(ws) == 1 && v.words[ws[0]] == v.names[t] {
			continue
		}
		slices.SortFunc(ws, func(a, b int) int {
			return cmp.Or(wordPages[b]-wordPages[a], len(v.words[a])-len(v.words[b]), strings.Compare(v.words[a], v.words[b]))
		})
		names := make([]string, min(len(ws), MaxForms))
		for i := range names {
			names[i] = v.words[ws[i]]
		}
		idx.Forms[v.names[t]] = names
	}
	return idx, added
}

// pageTerms is what one page adds to an index: each of its terms with
// where on the page it occurs at best, and its words (stop words left
// out), for the forms readers see.
type pageTerms struct {
	section string // the section title it was found with
	// terms are its terms, each term<<2 | the field it occurs in at
	// best, in term order.
	terms []uint32
	body  []uint32 // its body's words, stop words included (see Collector.Add)
	extra []uint32 // its other words, not in the body nor stop words
	stamp int      // the last build that used it
}

// pageTerms returns what p adds to the index of v's language, as found
// before when keep is set and p's body has not changed since (see Add),
// or found now. What a page adds depends on the page alone, its body's
// words, its section's title and the site's settings, which serve one
// Collector; a page whose front matter changes is a new page.
func (c *Collector) pageTerms(v *vocab, r *langRules, cfg *site.Config, p *site.Page, sectionTitle string, keep bool) *pageTerms {
	if keep {
		c.mu.Lock()
		pt := v.kept[p]
		if pt != nil && pt.section == sectionTitle {
			pt.stamp = c.stamp
			c.mu.Unlock()
			return pt
		}
		c.mu.Unlock()
	}
	pt := &pageTerms{section: sectionTitle}
	// For each term, where it occurs at best: one more than the field,
	// 0 for a term not yet seen.
	best := map[uint32]uint8{}
	bodyIDs := c.bodyWords(v, p)
	inBody := make(map[uint32]bool, len(bodyIDs))
	for _, w := range bodyIDs {
		inBody[w] = true
	}
	extra := map[uint32]bool{}
	note := func(word uint32, field uint8) {
		if int(word) >= len(v.stem) { // numbered while the index is made
			v.mu.Lock()
			v.stemAll(r)
			v.mu.Unlock()
		}
		if v.stop[word] {
			return
		}
		if !inBody[word] {
			extra[word] = true
		}
		id := v.stem[word]
		if b, ok := best[id]; !ok || b < field+1 {
			best[id] = field + 1
		}
	}
	for _, w := range bodyIDs {
		note(w, InBody)
	}
	texts := [InTitle + 1][]string{
		InBody:    body(p),
		InLabel:   append([]string{sectionTitle}, labels(cfg, p)...),
		InSummary: append([]string{p.Description}, summary(p)...),
		InTitle:   {p.Title},
	}
	var buf []byte
	for field := InBody; field <= InTitle; field++ {
		for _, text := range texts[field] {
			buf = scanTerms(text, buf, noStops, func(t []byte) { note(v.id(t), uint8(field)) })
		}
	}
	// Made to their size: a session keeps them for every page.
	pt.terms = make([]uint32, 0, len(best))
	for t, b := range best {
		pt.terms = append(pt.terms, t<<2|uint32(b-1))
	}
	slices.Sort(pt.terms)
	pt.body, pt.extra = bodyIDs, slices.Sorted(maps.Keys(extra))
	if keep {
		c.mu.Lock()
		pt.stamp = c.stamp
		v.kept[p] = pt
		c.mu.Unlock()
	}
	return pt
}

// forget lets go of what the pages not in the last build of v's
// language added to it.
func (c *Collector) forget(v *vocab) {
	c.mu.Lock()
	defer c.mu.Unlock()
	maps.DeleteFunc(v.kept, func(_ *site.Page, pt *pageTerms) bool { return pt.stamp != c.stamp })
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
	scanTerms(text, nil, newStops(stop), func(t []byte) { out = append(out, Stem(string(t))) })
	return out
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

// labels returns the labels of a page's vocabulary terms.
func labels(cfg *site.Config, p *site.Page) []string {
	var out []string
	for _, pt := range p.Terms() {
		for _, v := range pt.Values {
			out = append(out, cfg.Label(pt.Vocab, v))
		}
	}
	return out
}

// summary returns the short facts of a typed page that say what it alone
// is: its places and organisations.
func summary(p *site.Page) []string {
	var out []string
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
