package build

import (
	"crypto/sha256"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// A page's key in the cache is the hash of everything it read: what
// every page reads (site.yaml, the skeleton layout and the partials,
// which pages do not record), the page itself (its file's SHA-256 and
// its neighbours in its section, or a generator's page as generated
// hashes it), and the value now of each key it recorded while it was
// rendered (see package dep). The same key means the same inputs, so the
// same bytes: rendering is deterministic.

// cacheHeader says what this build is made by and for.
func (s *Session) cacheHeader() cacheHeader {
	h := cacheHeader{Format: cacheFormat, Tool: s.opts.Cache.tool, Site: s.cfg.Title, BaseURL: s.cfg.BaseURL,
		Drafts: s.opts.Drafts, Minify: s.opts.Minify != nil}
	if !s.opts.Now.IsZero() {
		h.Now = s.opts.Now.UTC().Format(time.RFC3339Nano)
	}
	return h
}

// caching reports whether this build uses a cache: a Run given one, which
// it could lock.
func (s *Session) caching() bool {
	return s.emit != nil && s.opts.Cache != nil && s.opts.Cache.lock != nil
}

// openCache reads the cache, before the layouts are parsed: a build with
// a cache records what each page reads.
func (s *Session) openCache() {
	c := s.opts.Cache
	if c == nil || s.emit == nil || s.fatal || s.opts.NoOutput {
		return
	}
	c.header = s.cacheHeader()
	// What content files load to depends on them and on site.yaml.
	data, err := fs.ReadFile(s.fsys, config.File)
	c.open(c.header, sha256.Sum256(data), err == nil)
	s.memo = map[dep.Key][32]byte{}
}

// saltCache works out the hash of what every page reads and records
// nowhere: site.yaml, the skeleton layout and the partials.
func (s *Session) saltCache() {
	if !s.caching() {
		return
	}
	h := &hasher{}
	data, err := fs.ReadFile(s.fsys, config.File)
	if err != nil {
		// Unreadable now, though it was read a moment ago: trust nothing.
		s.opts.Cache.old = nil
	}
	h.bytes(data)
	for _, name := range slices.Sorted(maps.Keys(s.layoutSrc)) {
		if name == layout.Base || strings.HasPrefix(name, "partials/") {
			h.str(name)
			h.str(s.layoutSrc[name])
		}
	}
	s.salt = h.sum()
}

// outputKey returns the key of the page j makes, which read deps when it
// was rendered, from what those are now; false when it has none.
func (s *Session) outputKey(j job, deps []dep.Key) ([32]byte, bool) {
	h := &hasher{}
	h.b = append(h.b, s.salt[:]...)
	h.str(j.path)
	if j.gen != nil {
		sum, ok := generated(j.gen)
		if !ok {
			return sum, false
		}
		h.b = append(h.b, sum[:]...)
	} else {
		h.page(j.page)
		h.b = append(h.b, j.page.Source.Hash[:]...)
		if hasNeighbours(j.page) {
			prev, next := neighbours(s.x, j.page)
			h.str(prev)
			h.str(next)
		}
	}
	for _, k := range deps {
		v, ok := s.memo[k]
		if !ok {
			v, ok = s.depValue(k)
			if !ok {
				return [32]byte{}, false
			}
			s.memo[k] = v
		}
		h.uint(uint64(k.Kind))
		h.str(k.Name)
		h.b = append(h.b, v[:]...)
	}
	return h.sum(), true
}

// hasNeighbours reports whether a page shows the pages before and after
// it in its section.
func hasNeighbours(p *site.Page) bool {
	return p.Kind != site.KindHome && p.Kind != site.Kind404 && p.Kind != site.KindSection
}

// depValue returns a hash of what a key names, as it is now, the same on
// every run for the same inputs.
func (s *Session) depValue(k dep.Key) ([32]byte, bool) {
	h := &hasher{}
	x := s.x
	file := func(f string) {
		src := s.srcs[f]
		if src == nil {
			h.str("absent")
			return
		}
		h.str(s.skipped(src))
		switch {
		case src.page != nil:
			h.b = append(h.b, src.page.Source.Hash[:]...)
		case src.invalid != nil:
			h.b = append(h.b, src.invalid.Source.Hash[:]...)
		default:
			h.str("unread")
		}
	}
	switch k.Kind {
	case dep.Page, dep.Headings:
		file(k.Name)
	case dep.FrontMatter:
		h.page(x.ByFile(k.Name))
		if src := s.srcs[k.Name]; src != nil {
			h.str(s.skipped(src))
		}
	// A page looks a slug, a section and a section's page up in its own
	// language's index, so these keys hold what each language finds.
	case dep.Slug:
		section, slug, _ := strings.Cut(k.Name, "/")
		for _, lx := range indexes(x) {
			h.page(lx.Page(section, slug))
		}
	case dep.Section:
		for _, lx := range indexes(x) {
			h.uint(uint64(len(lx.Pages[k.Name])))
			for _, p := range lx.Pages[k.Name] {
				h.page(p)
			}
		}
	case dep.SectionPage:
		for _, lx := range indexes(x) {
			h.page(lx.Section[k.Name])
		}
	case dep.Backlinks:
		p := x.ByFile(k.Name)
		h.page(p)
		if p != nil {
			for _, sec := range append([]string{""}, x.Sections...) {
				h.str(sec)
				for _, q := range x.Backlinks(p, sec) {
					h.page(q)
				}
			}
		}
	case dep.Link:
		// Which page or file it leads to, or why none: not what the
		// page's body says (a link to a heading reads its Headings).
		h.page(x.ByFile(k.Name))
		if src := s.srcs[k.Name]; src != nil {
			h.str(s.skipped(src))
		} else {
			h.str("absent")
		}
		for _, a := range s.assets {
			if a.Src == k.Name {
				h.str(a.Path)
			}
		}
	case dep.Members:
		for _, f := range s.files {
			h.str(f)
			h.str(s.skipped(s.srcs[f]))
		}
		for _, a := range s.assets {
			h.str(a.Src)
		}
	case dep.Asset:
		h.str(s.assetURLs[k.Name])
		h.str(s.integrity[k.Name])
	case dep.Layout:
		src, ok := s.layoutSrc[k.Name]
		h.str(src)
		if ok {
			h.uint(1)
		}
	case dep.Index:
		for _, p := range x.All {
			h.page(p)
		}
	default:
		return [32]byte{}, false
	}
	return h.sum(), true
}

// fromCache returns the cache's entry for j when its key is what j's
// inputs make now: the page need not be rendered, if its bytes can be
// read.
func (s *Session) fromCache(j job) *cacheEntry {
	c := s.opts.Cache
	e := c.old[j.path]
	if e == nil {
		return nil
	}
	if !e.deps() {
		c.warn("its entry for /%s is damaged", j.path)
		c.lost = true
		delete(c.old, j.path)
		return nil
	}
	if key, ok := s.outputKey(j, e.Deps); !ok || key != e.Key {
		return nil
	}
	return e
}

// restore makes the record of a page taken from the cache, as rendering
// it would have made it, and its file.
func (s *Session) restore(j job, e *cacheEntry, data []byte) (*rendered, *site.File) {
	r := &rendered{page: j.page, gen: j.gen, deps: e.Deps, diags: e.Diags, scores: e.Scores}
	if j.gen == nil {
		r.res = &render.Result{Page: j.page, Headings: e.Headings, Diags: e.Diags, Deps: e.Deps}
		if j.page.File != "" {
			s.terms.AddWords(j.page, e.Words)
		}
		if hasNeighbours(j.page) {
			r.prev, r.next = neighbours(s.x, j.page)
		}
	}
	f := &site.File{Path: j.path, Type: "text/html", Data: data, Src: e.Src, Minified: s.opts.Minify != nil}
	return r, f
}

// keep prepares a page just rendered for the cache: it minifies its file
// as publishing would (so that the cache holds the bytes published) and
// writes them to the cache. It returns the entry to save, without its
// key, or nil for a page the cache does not keep: one with errors, with
// links to headings (whose check needs all it read), or whose file is
// not a page.
func (s *Session) keep(j job, r *rendered, res *render.Result, f *site.File) *cacheEntry {
	if f == nil || f.Type != "text/html" || !strings.HasSuffix(f.Path, ".html") || r.frag || r.diags.Errors() > 0 {
		return nil
	}
	c := s.opts.Cache
	if s.opts.Minify != nil && !f.Minified {
		data, err := s.opts.Minify(f.Path, f.Data)
		if err != nil {
			return nil // publishing reports it
		}
		f.Data, f.Minified = data, true
	}
	sum, err := c.writeBlob(f.Data)
	if err != nil {
		c.warnWrite(err)
		return nil
	}
	e := &cacheEntry{Deps: r.deps, Blob: sum, Size: len(f.Data), Src: f.Src, Diags: r.diags, Scores: r.scores, state: entryFull}
	if res != nil {
		e.Headings = res.Headings
		if j.page.File != "" {
			e.Content = true
			e.Words = s.terms.Words(j.page)
		}
	}
	e.raw = encodeEntry(e)
	return e
}

// cacheEntries works out the key of each page just rendered from what it
// read, and keeps every page made in this run for the cache to save.
func (s *Session) cacheEntries(jobs []job, cands, entries []*cacheEntry) {
	c := s.opts.Cache
	hits := 0
	for i, j := range jobs {
		e := entries[i]
		if e == nil {
			continue
		}
		if e == cands[i] {
			hits++
		} else {
			key, ok := s.outputKey(j, e.Deps)
			if !ok {
				continue
			}
			e.Key = key
		}
		c.mu.Lock()
		c.next[j.path] = e
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.hits += hits
	c.mu.Unlock()
	s.rendered -= hits
}

// indexes returns the site's index and each other language's.
func indexes(x *resolve.Index) []*resolve.Index {
	return append([]*resolve.Index{x}, x.Langs()...)
}
