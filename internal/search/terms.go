package search

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// stops is a set of stop words.
type stops struct {
	set     map[string]bool
	longest int // the length in bytes of the longest: longer words need no lookup
}

func newStops(set map[string]bool) stops {
	s := stops{set: set}
	for w := range set {
		s.longest = max(s.longest, len(w))
	}
	return s
}

// has reports whether w is a stop word.
func (s stops) has(w []byte) bool { return len(w) <= s.longest && s.set[string(w)] }

// noStops is the empty set of stop words. Pages' words are kept with
// their stop words, which depend on the page's language: Build leaves
// them out.
var noStops = newStops(nil)

// indexStops are the stop words of the English index.
func indexStops() stops { return rules("en").stops }

// scanTerms calls fn with each term of text in turn (see the package
// documentation for how text is cut into terms). The term is in buf,
// which fn must not keep; scanTerms returns buf for reuse. It allocates
// nothing once buf is long enough for the longest word.
func scanTerms(text string, buf []byte, stop stops, fn func(term []byte)) []byte {
	for i := 0; i < len(text); {
		buf = buf[:0]
		runes := 0
	word:
		for i < len(text) {
			c := text[i]
			if c < utf8.RuneSelf {
				i++
				switch {
				case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
					buf = append(buf, c)
				case 'A' <= c && c <= 'Z':
					buf = append(buf, c+'a'-'A')
				default:
					break word
				}
				runes++
				continue
			}
			r, size := utf8.DecodeRuneInString(text[i:])
			i += size
			// Text is lower-cased before it is cut, so the lower-case
			// letter is the one classified.
			r = unicode.ToLower(r)
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			buf = utf8.AppendRune(buf, r)
			runes++
		}
		if runes < 2 || stop.has(buf) {
			continue
		}
		fn(buf)
	}
	return buf
}

// vocab numbers the words of one language, and the terms (stems) they
// come to, so that a page's words can be kept as small integers and each
// word is stemmed once. Words are numbered as pages are rendered; they
// are stemmed by stemAll, when the index is built and its language known.
// It is safe for concurrent use.
type vocab struct {
	mu    sync.RWMutex
	ids   map[string]uint32 // word to word number
	words []string          // by word number
	// Filled in by stemAll, for the words so far.
	rules *langRules        // the rules they were stemmed by
	stem  []uint32          // by word number, its term's number
	stop  []bool            // by word number, whether it is a stop word
	terms map[string]uint32 // term to term number
	names []string          // by term number
	// kept is what each page added to the last index, by term number;
	// guarded by the Collector's mu.
	kept map[*site.Page]*pageTerms
}

func newVocab() *vocab {
	return &vocab{ids: map[string]uint32{}, terms: map[string]uint32{}, kept: map[*site.Page]*pageTerms{}}
}

// id returns the number of a word, giving it one if it has none.
func (v *vocab) id(word []byte) uint32 {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.add(word)
}

// add is id with v.mu held for writing.
func (v *vocab) add(word []byte) uint32 {
	if id, ok := v.ids[string(word)]; ok {
		return id
	}
	name := string(word)
	id := uint32(len(v.words))
	v.ids[name] = id
	v.words = append(v.words, name)
	return id
}

// stemAll gives each word its term and marks its stop words, by the
// rules of its language, with v.mu held for writing. Words done before
// by the same rules keep their terms.
func (v *vocab) stemAll(r *langRules) {
	if v.rules == nil || v.rules.stemmed != r.stemmed || !slices.Equal(v.rules.stop, r.stop) {
		// Other rules: every term number changes.
		v.stem, v.stop, v.names = v.stem[:0], v.stop[:0], v.names[:0]
		clear(v.terms)
		clear(v.kept)
		v.rules = r
	}
	for _, w := range v.words[len(v.stem):] {
		term := w
		if r.stemmed {
			term = Stem(w)
		}
		tid, ok := v.terms[term]
		if !ok {
			tid = uint32(len(v.names))
			v.terms[term] = tid
			v.names = append(v.names, term)
		}
		v.stem = append(v.stem, tid)
		v.stop = append(v.stop, r.stops.has([]byte(w)))
	}
}

// termsOf returns the distinct words of text as word numbers.
func (v *vocab) termsOf(text string) []uint32 {
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	sc.ids = sc.ids[:0]
	if sc.stamp++; sc.stamp == 0 { // wrapped: forget the old stamps
		clear(sc.seen)
		sc.stamp = 1
	}
	var missing map[string]bool
	// Most words of a page are already known: look them up under the read
	// lock, which pages scanned at once share, and number the rest after.
	v.mu.RLock()
	if n := len(v.words); len(sc.seen) < n {
		sc.seen = append(sc.seen, make([]uint32, n-len(sc.seen))...)
	}
	sc.buf = scanTerms(text, sc.buf, noStops, func(t []byte) {
		if id, ok := v.ids[string(t)]; ok {
			if sc.seen[id] != sc.stamp {
				sc.seen[id] = sc.stamp
				sc.ids = append(sc.ids, id)
			}
			return
		}
		if missing == nil {
			missing = map[string]bool{}
		}
		missing[string(t)] = true
	})
	v.mu.RUnlock()
	if len(missing) > 0 {
		// Each is new to this page: it was not known a moment ago.
		v.mu.Lock()
		for t := range missing {
			sc.buf = append(sc.buf[:0], t...)
			sc.ids = append(sc.ids, v.add(sc.buf))
		}
		v.mu.Unlock()
	}
	return slices.Clone(sc.ids)
}

// scratch is what finding one page's terms works in, kept for the next.
type scratch struct {
	buf   []byte
	ids   []uint32
	seen  []uint32 // by term number, the stamp of the last page it was in
	stamp uint32
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// Collector keeps the terms of each page's Markdown as the page is
// rendered, on the goroutine that rendered it, so that building the index
// is a merge and the page's text need not be kept until then. Each
// language has its own words. It is safe for concurrent use.
//
// A Collector serves one site with one set of settings, through a
// session's builds (serve's): it keeps what each page added to the last
// index of its language (until Add gives the page a new body, or a build
// no longer has it) and how that index was cut into files, so that after
// an edit to one page's text the index is put together from what is kept
// and only the terms whose postings changed are encoded again. The files
// are byte for byte what a fresh Collector makes (TestCollectorReuse).
type Collector struct {
	// Once says the Collector makes one index of each language, for a
	// build that is not updated afterwards (a full build): it keeps
	// nothing for a next index (what each page added, how the index was
	// cut into files), and lets go of each page's words as the index
	// takes them in, so that the index is made in little more memory
	// than it takes itself.
	Once bool

	mu    sync.Mutex
	vs    map[string]*vocab // by language code, "" for the default
	pages map[*site.Page][]uint32
	stamp int // counts the indexes built
	// The vocabulary indexes of the last default-language index.
	taxX *resolve.Index
	tax  []*resolve.Taxonomy
	// What each language's index was last cut into.
	memos map[string]*fileMemo
}

// NewCollector returns an empty collector.
func NewCollector() *Collector {
	return &Collector{vs: map[string]*vocab{}, pages: map[*site.Page][]uint32{}, memos: map[string]*fileMemo{}}
}

// vocab returns the words of a language ("" for the default).
func (c *Collector) vocab(lang string) *vocab {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.vs[lang]
	if v == nil {
		v = newVocab()
		c.vs[lang] = v
	}
	return v
}

// Add finds and keeps the words of p's Markdown, body: the page's Body,
// or the body read for it when it was loaded without one. The body must
// not change afterwards.
func (c *Collector) Add(p *site.Page, body []byte) {
	v := c.vocab(p.Lang)
	ids := v.termsOf(stripMarkdown(body))
	c.mu.Lock()
	c.pages[p] = ids
	c.forgetPage(p)
	c.mu.Unlock()
}

// Words returns the words Add found in p's Markdown, in no set order, for
// a build's cache to keep.
func (c *Collector) Words(p *site.Page) []string {
	v := c.vocab(p.Lang)
	c.mu.Lock()
	ids := c.pages[p]
	c.mu.Unlock()
	v.mu.RLock()
	defer v.mu.RUnlock()
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.words[id]
	}
	return out
}

// AddWords keeps words as the words of p's Markdown, as Add would have
// found them: a page taken from a build's cache is not read again.
func (c *Collector) AddWords(p *site.Page, words []string) {
	v := c.vocab(p.Lang)
	ids := make([]uint32, len(words))
	v.mu.Lock()
	for i, w := range words {
		ids[i] = v.add([]byte(w))
	}
	v.mu.Unlock()
	c.mu.Lock()
	c.pages[p] = ids
	c.forgetPage(p)
	c.mu.Unlock()
}

// forgetPage drops what p added to an index, its body having changed,
// with c.mu held.
func (c *Collector) forgetPage(p *site.Page) {
	for _, v := range c.vs {
		delete(v.kept, p)
	}
}

// bodyWords returns the words of p's Markdown, as kept by Add or found
// now, in v, the words of p's language.
func (c *Collector) bodyWords(v *vocab, p *site.Page) []uint32 {
	c.mu.Lock()
	ids, ok := c.pages[p]
	if ok && c.Once {
		delete(c.pages, p)
	}
	c.mu.Unlock()
	if ok {
		return ids
	}
	return v.termsOf(stripMarkdown(p.Body))
}
