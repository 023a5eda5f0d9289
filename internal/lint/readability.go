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
	var all []string
	lines := diag.NewLineIndex(p.Body)
	for _, pr := range r.Prose {
		for _, s := range Sentences(pr.Text) {
			all = append(all, s)
			if n := len(Words(s)); n > LongSentence {
				off := pr.Start
				if ws := Words(s); len(ws) > 0 {
					if i := bytes.Index(p.Body[pr.Start:], []byte(ws[0])); i >= 0 {
						off += i
					}
				}
				c.Diags.Add(diag.Diagnostic{Pos: lines.Pos(p.File, off), Severity: diag.Warning, Code: "readability",
					Msg:  fmt.Sprintf("this sentence has %d words", n),
					Hint: fmt.Sprintf("split it into sentences of %d words or fewer", LongSentence)})
			}
		}
	}
	sc := Measure(all)
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
	var sc Score
	syll, poly := 0, 0
	for _, s := range sentences {
		n := 0
		eachWord(s, func(w string) {
			n++
			k := Syllables(w)
			syll += k
			if k >= 3 {
				poly++
			}
		})
		if n > 0 {
			sc.Sentences++
			sc.Words += n
		}
	}
	if sc.Words == 0 || sc.Sentences == 0 {
		return sc
	}
	wps := float64(sc.Words) / float64(sc.Sentences)
	spw := float64(syll) / float64(sc.Words)
	sc.FKGrade = round1(0.39*wps + 11.8*spw - 15.59)
	sc.SMOGGrade = round1(1.043*math.Sqrt(float64(poly)*30/float64(sc.Sentences)) + 3.1291)
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
	w := strings.Trim(word, "'’-")
	if w == "" {
		return 0
	}
	letters := make([]byte, 0, 32)
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			letters = append(letters, byte(r)+'a'-'A')
		case r < utf8.RuneSelf:
			letters = append(letters, byte(r))
		case unicode.IsLetter(r):
			letters = append(letters, 'x') // a consonant, for counting
		}
	}
	hasLetter := false
	for _, c := range letters {
		if c >= 'a' && c <= 'z' {
			hasLetter = true
			break
		}
	}
	if !hasLetter {
		return 1 // a number is read as one unit here
	}
	isVowel := func(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
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
