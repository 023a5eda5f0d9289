// Package feed writes the site's Atom feeds (RFC 4287), so people can
// follow new and updated pages in a feed reader:
//
//	/feed.xml            pathfinder projects and guides together
//	/SECTION/feed.xml    one per section, such as /guides/feed.xml
//
// Entries are newest first: by date (front matter date), then by when the
// page was last reviewed, then by title and address, so the order is the
// same on every build. An entry is updated at the later of its date and
// its review; a page with neither takes the newest date of any page, so
// the feed never depends on the clock. A feed holds at most MaxEntries.
//
// Layouts link the feeds from every page's head with
// <link rel="alternate" type="application/atom+xml">, using Path.
package feed

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Name is the file name of every feed.
const Name = "feed.xml"

// MediaType is the media type of an Atom feed.
const MediaType = "application/atom+xml"

// MaxEntries is the most entries a feed holds: the newest.
const MaxEntries = 100

// mainSections are the sections of the site-wide feed, with what the
// feed's title calls them.
var mainSections = []struct{ name, noun string }{
	{"pathfinders", "pathfinder projects"},
	{"guides", "guides"},
}

// Path returns the site path of a section's feed, or of the site-wide feed
// for "".
func Path(section string) string {
	if section == "" {
		return Name
	}
	return section + "/" + Name
}

// Feed is an Atom feed.
type Feed struct {
	XMLName  xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string   `xml:"xml:lang,attr,omitempty"`
	Title    string   `xml:"title"`
	Subtitle string   `xml:"subtitle,omitempty"`
	ID       string   `xml:"id"`
	Link     []Link   `xml:"link"`
	Updated  TimeStr  `xml:"updated"`
	Author   *Person  `xml:"author"`
	Rights   string   `xml:"rights,omitempty"`
	Entry    []*Entry `xml:"entry"`
}

// Entry is one page in a feed.
type Entry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      []Link     `xml:"link"`
	Published TimeStr    `xml:"published,omitempty"`
	Updated   TimeStr    `xml:"updated"`
	Summary   *Text      `xml:"summary"`
	Category  []Category `xml:"category"`
}

// Link is an Atom link.
type Link struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// Person is an Atom person construct.
type Person struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// Text is an Atom text construct.
type Text struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Category is an Atom category: a vocabulary term of the page.
type Category struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// TimeStr is a time in RFC 3339 form.
type TimeStr string

// Time returns t as a TimeStr.
func Time(t time.Time) TimeStr { return TimeStr(t.UTC().Format(time.RFC3339)) }

// Generate returns the site-wide feed and one feed per section.
func Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	var diags diag.List
	cfg := x.Config
	fallback := newest(x.Listed())

	var main []*site.Page
	var nouns []string
	for _, s := range mainSections {
		if ps := x.Pages[s.name]; len(ps) > 0 {
			main = append(main, ps...)
			nouns = append(nouns, s.noun)
		}
	}
	title := cfg.Title
	// A language's feeds are under its path ("cy/feed.xml"); their
	// titles are the site's title and the section's, in its words.
	prefix := x.Home.Path
	if len(nouns) > 0 && prefix == "" {
		title += ": " + strings.Join(nouns, " and ")
	}
	var files []site.File
	write := func(section string, f *Feed) {
		data, err := Marshal(f)
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "."}, Code: "feed", Msg: "cannot write " + Path(section) + ": " + err.Error()})
			return
		}
		files = append(files, site.File{Path: prefix + Path(section), Type: MediaType, Data: data})
	}
	write("", build(x, "", title, cfg.Description, x.Home.URL, main, fallback))
	for _, name := range x.Sections {
		sec := x.Section[name]
		write(name, build(x, name, cfg.Title+": "+sec.Title, sec.Description, sec.URL, x.Pages[name], fallback))
	}
	return nil, files, diags
}

// Marshal writes a feed as indented XML with a declaration.
func Marshal(f *Feed) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "\t")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// build makes the feed of some pages of section ("" for the site-wide
// feed), whose HTML page is at alternate.
func build(x *resolve.Index, section, title, subtitle, alternate string, pages []*site.Page, fallback time.Time) *Feed {
	cfg := x.Config
	self := cfg.AbsURL(x.Home.Path + Path(section))
	f := &Feed{
		Lang:     cfg.Language,
		Title:    title,
		Subtitle: subtitle,
		ID:       self,
		Link: []Link{
			{Rel: "self", Type: MediaType, Href: self},
			{Rel: "alternate", Type: "text/html", Href: absURL(cfg, alternate)},
		},
		Author: &Person{Name: author(cfg), URI: cfg.AbsURL("")},
	}
	if cfg.Copyright != "" {
		f.Rights = "© " + cfg.Copyright
	}
	sorted := slices.Clone(pages)
	slices.SortStableFunc(sorted, Newer)
	if len(sorted) > MaxEntries {
		sorted = sorted[:MaxEntries]
	}
	var latest time.Time
	for _, p := range sorted {
		u := updated(p, fallback)
		if u.After(latest) {
			latest = u
		}
		e := &Entry{
			Title:   p.Title,
			ID:      cfg.AbsURL(p.Path),
			Link:    []Link{{Rel: "alternate", Type: "text/html", Href: cfg.AbsURL(p.Path)}},
			Updated: Time(u),
			Summary: &Text{Type: "text", Body: p.Description},
		}
		if !p.Date.IsZero() {
			e.Published = Time(p.Date.Time)
		}
		for _, pt := range p.Terms() {
			for _, v := range pt.Values {
				e.Category = append(e.Category, Category{Term: v, Scheme: cfg.AbsURL(site.VocabPath(pt.Vocab)), Label: cfg.Label(pt.Vocab, v)})
			}
		}
		f.Entry = append(f.Entry, e)
	}
	if latest.IsZero() {
		latest = fallback
	}
	f.Updated = Time(latest)
	return f
}

// Newer orders pages newest first: by date, then by review, then by title
// and address. Pages without a date come after those with one.
func Newer(a, b *site.Page) int {
	if c := b.Date.Compare(a.Date.Time); c != 0 {
		return c
	}
	if c := b.Reviewed.Compare(a.Reviewed.Time); c != 0 {
		return c
	}
	if c := site.CompareTitles(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.URL, b.URL)
}

// updated is when a page last changed: the later of its date and its
// review, or fallback when it has neither.
func updated(p *site.Page, fallback time.Time) time.Time {
	t := p.Date.Time
	if p.Reviewed.After(t) {
		t = p.Reviewed.Time
	}
	if t.IsZero() {
		return fallback
	}
	return t
}

// newest returns the latest date or review of any page, or the zero time.
func newest(pages []*site.Page) time.Time {
	var t time.Time
	for _, p := range pages {
		if u := updated(p, time.Time{}); u.After(t) {
			t = u
		}
	}
	return t
}

func author(cfg *site.Config) string {
	if cfg.Copyright != "" {
		return cfg.Copyright
	}
	return cfg.Title
}

// absURL turns a root-relative URL with the base path into an absolute one.
func absURL(cfg *site.Config, u string) string {
	if rel, ok := strings.CutPrefix(u, cfg.BasePath); ok {
		return cfg.AbsURL(rel)
	}
	return u
}
