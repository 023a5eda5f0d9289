package lint

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// LongSentence is the most words a sentence should have.
const LongSentence = 25

// Score is a page's readability.
type Score struct {
	File       string  `json:"file"`
	Words      int     `json:"words"`
	Sentences  int     `json:"sentences"`
	FKGrade    float64 `json:"flesch_kincaid_grade"`
	SMOGGrade  float64 `json:"smog_grade"`
	ReadingAge float64 `json:"uk_reading_age"`
	Limit      float64 `json:"limit"`
}

// MeanSentence is the most words a translation's sentences may have on
// average.
const MeanSentence = 15

// readability scores guides and career pages. The UK reading age is the
// higher of the Flesch–Kincaid and SMOG US grades plus five; SMOG is used
// because it suits health information, and Flesch–Kincaid because it is
// what most tools report.
func readability(c *Context, r *render.Result) {
	p := r.Page
	var limit float64
	switch p.Kind {
	case site.KindGuide:
		limit = c.Config.Readability.Guides
	case site.KindPathway, site.KindRoute:
		limit = c.Config.Readability.Careers
	default:
		return
	}
	var t tally
	var lines *diag.LineIndex // made when a sentence is reported
	for _, pr := range r.Prose {
		for _, s := range Sentences(pr.Text) {
			if n := t.add(s); n > LongSentence {
				off := pr.Start
				if ws := Words(s); len(ws) > 0 {
					if i := bytes.Index(r.Body[pr.Start:], []byte(ws[0])); i >= 0 {
						off += i
					}
				}
				if lines == nil {
					lines = diag.NewLineIndex(r.Body)
				}
				c.Diags.Add(diag.Diagnostic{Pos: lines.Pos(p.File, off), Severity: diag.Warning, Code: "readability",
					Msg:  fmt.Sprintf("this sentence has %d words", n),
					Hint: fmt.Sprintf("split it into sentences of %d words or fewer", LongSentence)})
			}
		}
	}
	if p.Lang != "" {
		// The formulas count English syllables against English grades:
		// for another language (Welsh) they mean nothing. A translation
		// is held to short sentences instead: each of LongSentence words
		// or fewer, and MeanSentence on average, as Welsh plain-language
		// guidance (Cymraeg Clir) advises.
		if t.sentences > 0 && t.words >= 100 {
			if mean := float64(t.words) / float64(t.sentences); mean > MeanSentence {
				c.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: 1, Col: 1}, Severity: diag.Warning, Code: "readability",
					Msg:  fmt.Sprintf("the sentences are %.1f words long on average; aim for %d or fewer", mean, MeanSentence),
					Hint: "split long sentences; the reading-age formulas are for English, so a translation is held to short sentences instead"})
			}
		}
		return
	}
	sc := t.score()
	sc.File, sc.Limit = p.File, limit
	c.Scores = append(c.Scores, sc)
	if sc.Words >= 100 && limit > 0 && sc.ReadingAge > limit {
		c.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: 1, Col: 1}, Severity: diag.Warning, Code: "readability",
			Msg:  fmt.Sprintf("the reading age is about %.0f (Flesch–Kincaid grade %.1f, SMOG grade %.1f); aim for %.0f or under", sc.ReadingAge, sc.FKGrade, sc.SMOGGrade, limit),
			Hint: "use shorter sentences and everyday words"})
	}
}

// Measure scores a list of sentences.
func Measure(sentences []string) Score {
	var t tally
	for _, s := range sentences {
		t.add(s)
	}
	return t.score()
}

// tally counts what the readability formulas need, a sentence at a time.
type tally struct {
	sentences, words int
	syllables        int
	poly             int // words of three or more syllables
}

// add counts one sentence and returns its number of words.
func (t *tally) add(s string) int {
	n := 0
	eachWord(s, func(w string) {
		n++
		k := Syllables(w)
		t.syllables += k
		if k >= 3 {
			t.poly++
		}
	})
	if n > 0 {
		t.sentences++
		t.words += n
	}
	return n
}

// score applies the formulas.
func (t *tally) score() Score {
	sc := Score{Words: t.words, Sentences: t.sentences}
	if sc.Words == 0 || sc.Sentences == 0 {
		return sc
	}
	wps := float64(sc.Words) / float64(sc.Sentences)
	spw := float64(t.syllables) / float64(sc.Words)
	sc.FKGrade = round1(0.39*wps + 11.8*spw - 15.59)
	sc.SMOGGrade = round1(1.043*math.Sqrt(float64(t.poly)*30/float64(sc.Sentences)) + 3.1291)
	sc.ReadingAge = round1(math.Max(sc.FKGrade, sc.SMOGGrade) + 5)
	return sc
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// Sentences splits text at full stops, question marks and exclamation
// marks followed by a space or the end, and at line breaks. The sentences
// share the text's memory.
func Sentences(text string) []string {
	var out []string
	start := 0
	prevPrev, prev := rune(0), rune(0) // the two runes before r
	for i, r := range text {
		end := false
		switch r {
		case '.', '!', '?':
			next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
			end = i+utf8.RuneLen(r) == len(text) || unicode.IsSpace(next)
			// Keep "e.g." and numbers such as "1.5" together.
			if end && prevPrev == '.' {
				end = false
			}
		case '\n':
			end = true
		}
		if end {
			stop := i + utf8.RuneLen(r)
			if s := strings.TrimSpace(text[start:stop]); s != "" {
				out = append(out, s)
			}
			start = stop
		}
		prevPrev, prev = prev, r
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// Words returns the words of a sentence: runs of letters, digits,
// apostrophes and hyphens that hold at least one letter or digit.
func Words(s string) []string {
	var out []string
	eachWord(s, func(w string) { out = append(out, w) })
	return out
}

// eachWord calls f with each word of s, as Words finds them, without
// allocating.
func eachWord(s string, f func(string)) {
	start, alnum := -1, false
	flush := func(end int) {
		if start >= 0 && alnum {
			f(s[start:end])
		}
		start, alnum = -1, false
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			alnum = true
		case r == '\'' || r == '’' || r == '-':
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(s))
}

// Syllables estimates the syllables of an English word by counting groups
// of vowels, less a silent final e (or -ed), and at least one.
func Syllables(word string) int {
	w := word
	if w == "" || !plainEnd(w[0]) || !plainEnd(w[len(w)-1]) {
		w = strings.Trim(w, "'’-")
	}
	if w == "" {
		return 0
	}
	// The word's letters, lower-cased; letters beyond ASCII count as
	// consonants, and other characters beyond ASCII are left out.
	var arr [48]byte
	letters := arr[:0]
	hasLetter := false
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			hasLetter = hasLetter || 'a' <= c && c <= 'z'
			letters = append(letters, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		if unicode.IsLetter(r) {
			letters = append(letters, 'x') // a consonant, for counting
			hasLetter = true
		}
	}
	if !hasLetter {
		return 1 // a number is read as one unit here
	}
	n := 0
	prev := false
	for _, c := range letters {
		v := isVowel(c)
		if v && !prev {
			n++
		}
		prev = v
	}
	l := len(letters)
	if l > 2 && letters[l-1] == 'e' && !isVowel(letters[l-2]) && !(letters[l-2] == 'l' && !isVowel(letters[l-3])) {
		n--
	}
	if l > 3 && letters[l-2] == 'e' && letters[l-1] == 'd' && !(letters[l-3] == 't' || letters[l-3] == 'd') {
		n--
	}
	return max(n, 1)
}

// plainEnd reports whether a word ending in byte c has nothing for
// Syllables to trim there.
func plainEnd(c byte) bool { return c < utf8.RuneSelf && c != '\'' && c != '-' }

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
