// Package dep names what building one output reads, so that an edit
// rebuilds exactly the outputs that read what it changed.
//
// A Key is one thing read: a kind and a name, such as (Slug,
// "routes/fedip") for whichever page has that slug. The code that reads
// something records its key on a Recorder as it reads it: the template
// functions, link resolution and the renderer's own lookups (see package
// render). The build keeps the reverse index, from each key to the
// outputs that read it, and turns an edit into the keys it dirties. The
// package is a leaf: it imports nothing of Wayfinder's, so any package
// may record.
package dep

import (
	"cmp"
	"slices"
)

// Kind says what a key names.
type Kind uint8

const (
	// Page is one content file as a whole, body and front matter; Name
	// is the file ("content/routes/fedip.md").
	Page Kind = iota + 1
	// FrontMatter is a content file's front matter only, as a list or a
	// previous and next link shows it.
	FrontMatter
	// Headings is the headings of a content file, which a link's
	// #fragment names.
	Headings
	// Slug is whichever page has a slug in a section; Name is
	// "SECTION/SLUG".
	Slug
	// Section is the pages of a section, in order; Name is the section.
	Section
	// SectionPage is a section's list page (its title and address).
	SectionPage
	// Backlinks is the pages that refer to a page; Name is its file.
	Backlinks
	// Link is the page or file a Markdown link leads to; Name is the
	// file it names, existing or not.
	Link
	// Members is which content files exist, as the hints for broken links
	// list them.
	Members
	// Asset is the published address and integrity value of a file
	// under static/; Name is its path there ("css/site.css").
	Asset
	// Layout is one layout file looked for, found or not; Name is its
	// path under layouts/.
	Layout
	// Index is the front matter of any page: what reads the whole site,
	// such as a generator's page.
	Index
)

var kindNames = [...]string{Page: "page", FrontMatter: "front-matter", Headings: "headings", Slug: "slug",
	Section: "section", SectionPage: "section-page", Backlinks: "backlinks", Link: "link", Members: "members",
	Asset: "asset", Layout: "layout", Index: "index"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "kind?"
}

// Key is one thing an output reads.
type Key struct {
	Kind Kind
	Name string
}

func (k Key) String() string { return k.Kind.String() + ":" + k.Name }

// Compare orders keys by kind, then name.
func Compare(a, b Key) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
}

// Recorder collects the keys read while one output is made. A nil
// Recorder records nothing, so code that records need not know whether
// anyone listens. A Recorder is used by one goroutine at a time.
type Recorder struct {
	keys []Key
}

// Read records that k was read.
func (r *Recorder) Read(kind Kind, name string) {
	if r != nil {
		r.keys = append(r.keys, Key{kind, name})
	}
}

// Reset forgets what was recorded, for the next output.
func (r *Recorder) Reset() {
	if r != nil {
		r.keys = r.keys[:0]
	}
}

// Keys returns what was recorded, sorted and without repeats, in a new
// slice.
func (r *Recorder) Keys() []Key {
	if r == nil {
		return nil
	}
	out := slices.Clone(r.keys)
	slices.SortFunc(out, Compare)
	return slices.Compact(out)
}
