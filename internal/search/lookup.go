package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hit is one page a query found.
type Hit struct {
	ID      int // the page's number in the index
	Matched int // how many of the query's words it matched
	Strong  int // how many of those in its title or summary
	Score   int
}

// Word is one word of a query, as Lookup read it.
type Word struct {
	Text      string   // as typed, lower-case; a phrase for a synonym of several words
	Terms     []string // the terms it is searched as
	Found     bool     // some page matched it
	Corrected string   // the word it was corrected to, "" for none
}

// Result is what a query found.
type Result struct {
	Hits  []Hit // best first
	Words []Word
	// Corrected is the query with its corrections, "" when it has none.
	Corrected string
}

// Lookup runs a query on the index: see the package documentation for
// how it matches and ranks. asTyped turns off corrections.
func Lookup(x *Index, query string, asTyped bool) Result {
	var res Result
	words, groups := parseQuery(x, query)
	points := make([]map[int]int, len(words))
	for i := range words {
		w := &words[i]
		points[i] = wordPoints(x, w.Terms, groups[i])
		if len(points[i]) == 0 && !asTyped && len(w.Terms) == 1 {
			if t := Correct(x, w.Terms[0]); t != "" {
				w.Terms, w.Corrected = []string{t}, x.Word(t, w.Text)
				points[i] = wordPoints(x, w.Terms, nil)
			}
		}
		w.Found = len(points[i]) > 0
	}
	hits := map[int]*Hit{}
	for _, ps := range points {
		for id, p := range ps {
			h := hits[id]
			if h == nil {
				h = &Hit{ID: id}
				hits[id] = h
			}
			h.Matched++
			h.Score += p >> 2
			if p&3 >= InSummary {
				h.Strong++
			}
		}
	}
	for _, h := range hits {
		h.Score *= x.Weight(h.ID)
		res.Hits = append(res.Hits, *h)
	}
	slices.SortFunc(res.Hits, func(a, b Hit) int {
		return cmp.Or(b.Matched-a.Matched, b.Strong-a.Strong, b.Score-a.Score, a.ID-b.ID)
	})
	res.Words = words
	res.Corrected = correctQuery(query, words)
	return res
}

// parseQuery cuts a query into its words: its terms, a run of which that
// is an entry of a synonym group is one word. For each word it returns
// the other entries of its group.
func parseQuery(x *Index, query string) ([]Word, [][][]string) {
	stop := map[string]bool{}
	for _, w := range x.Stop {
		stop[w] = true
	}
	var raw []string
	scanTerms(query, nil, newStops(stop), func(t []byte) { raw = append(raw, string(t)) })
	stems := make([]string, len(raw))
	for i, w := range raw {
		stems[i] = StemIn(x.Lang, w)
	}
	var words []Word
	var groups [][][]string
	for i := 0; i < len(stems); {
		// The longest entry that starts here, the first of equals.
		bg, be, bl := -1, -1, 0
		for g, grp := range x.Synonyms {
			for e, entry := range grp {
				if len(entry) > bl && i+len(entry) <= len(stems) && slices.Equal(entry, stems[i:i+len(entry)]) {
					bg, be, bl = g, e, len(entry)
				}
			}
		}
		if bg < 0 {
			words = append(words, Word{Text: raw[i], Terms: []string{stems[i]}})
			groups = append(groups, nil)
			i++
			continue
		}
		var others [][]string
		for e, entry := range x.Synonyms[bg] {
			if e != be {
				others = append(others, entry)
			}
		}
		words = append(words, Word{Text: strings.Join(raw[i:i+bl], " "), Terms: stems[i : i+bl]})
		groups = append(groups, others)
		i += bl
	}
	return words, groups
}

// wordPoints returns, by page, what a word searched as terms scores (see
// the package documentation), with its synonyms.
func wordPoints(x *Index, terms []string, synonyms [][]string) map[int]int {
	best := entryPoints(x, terms, 2, len(terms) == 1 && utf8.RuneCountInString(terms[0]) >= 3)
	for _, s := range synonyms {
		for id, p := range entryPoints(x, s, 1, false) {
			best[id] = join(best[id], p)
		}
	}
	return best
}

// entryPoints returns, by page, the points of the weakest of terms on
// each page that has them all: a whole term's Points times mult, and, if
// prefix, a term it begins Points.
func entryPoints(x *Index, terms []string, mult int, prefix bool) map[int]int {
	var out map[int]int
	for _, t := range terms {
		got := map[int]int{}
		add := func(postings []int, m int) {
			r := RarityBase + Rarity(len(postings), len(x.Pages))
			m *= r * r
			id := 0
			for _, p := range postings {
				id += p >> 2
				got[id] = join(got[id], Points[p&3]*m<<2|p&3)
			}
		}
		add(x.Terms[t], mult)
		if prefix {
			for u, ps := range x.Terms {
				if len(u) > len(t) && strings.HasPrefix(u, t) {
					add(ps, 1)
				}
			}
		}
		if out == nil {
			out = got
			continue
		}
		for id, p := range out {
			if q, ok := got[id]; ok {
				out[id] = meet(p, q)
			} else {
				delete(out, id)
			}
		}
	}
	if out == nil {
		out = map[int]int{}
	}
	return out
}

// join returns the better of two matches of one word on a page, each
// points << 2 | field: the most points and, apart from them, the best
// field, so that a word is strong on a page whenever any of its matches
// is in the title or summary, however the points fall.
func join(a, b int) int {
	return max(a>>2, b>>2)<<2 | max(a&3, b&3)
}

// meet returns the weaker of the matches of a synonym's words on a page:
// the fewest points and the weakest field.
func meet(a, b int) int {
	return min(a>>2, b>>2)<<2 | min(a&3, b&3)
}

// Rarity returns how rare a term on pages of the index's n pages is, in
// quarters of a doubling: the most quarters q such that pages doubled
// q/4 times is still no more than n. It is 0 for a term on every page, 4
// for one on half of them, 12 for one on an eighth. A word's points are
// times (RarityBase + Rarity)², so a rare word of a query counts for
// more than a word on every page, and one page more or less with a term
// moves its weight by a step of a quarter doubling at most, not a whole
// one. It is whole numbers only, the roots of two as fractions of
// 10,000, so that search.js computes the same.
func Rarity(pages, n int) int {
	if pages <= 0 {
		return 0
	}
	r := 0
	for pages<<(r+1) <= n {
		r++
	}
	q := 4 * r
	for _, root := range quarterRoots {
		if pages<<r*root > n*10000 {
			break
		}
		q++
	}
	return q
}

// RarityBase is what Rarity adds to: a term on every page has its
// points times RarityBase².
const RarityBase = 4

// quarterRoots are 2 to the power of 1/4, 1/2 and 3/4, times 10,000.
var quarterRoots = [...]int{11892, 14142, 16818}

// MaxEdits returns how many edits a correction of a term may make: none
// for a term of one or two letters, one for up to five, two for longer.
func MaxEdits(term string) int {
	switch n := utf8.RuneCountInString(term); {
	case n < 3:
		return 0
	case n <= 5:
		return 1
	}
	return 2
}

// Correct returns the indexed term nearest to term, within MaxEdits
// edits (an edit inserts, deletes or changes a letter, or swaps two side
// by side): the fewest edits, then the most pages, then the first in
// order, among the Correctable terms. It returns "" if there is none.
func Correct(x *Index, term string) string {
	k := MaxEdits(term)
	if k == 0 {
		return ""
	}
	a := []rune(term)
	best, bestD, bestN := "", k+1, 0
	for t, ps := range x.Terms {
		if n := utf8.RuneCountInString(t); n < len(a)-k || n > len(a)+k || !Correctable(t) {
			continue
		}
		d := Distance(a, []rune(t), k)
		if d > k {
			continue
		}
		if d < bestD || d == bestD && (len(ps) > bestN || len(ps) == bestN && Less(t, best)) {
			best, bestD, bestN = t, d, len(ps)
		}
	}
	return best
}

// Correctable reports whether a query word may be corrected to term: not
// if it holds a digit, as numbers and codes ("111", "dcb0129") are not
// misspellings of each other.
func Correctable(term string) bool {
	return !strings.ContainsFunc(term, unicode.IsDigit)
}

// Distance returns the edit distance between a and b, counting a swap of
// two letters side by side as one edit (optimal string alignment), or
// k+1 if it is more than k.
func Distance(a, b []rune, k int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], k+1)
}

// correctQuery returns the query with each word that was corrected
// replaced, or "" if none was.
func correctQuery(query string, words []Word) string {
	fix := map[string]string{}
	for _, w := range words {
		if w.Corrected != "" {
			fix[w.Text] = w.Corrected
		}
	}
	if len(fix) == 0 {
		return ""
	}
	var b strings.Builder
	run := func(s string) {
		if c, ok := fix[strings.ToLower(s)]; ok {
			s = c
		}
		b.WriteString(s)
	}
	start := -1
	for i, r := range query {
		word := unicode.IsLetter(unicode.ToLower(r)) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			run(query[start:i])
			start = -1
		}
		if !word {
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		run(query[start:])
	}
	return b.String()
}
