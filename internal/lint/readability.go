package lint

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"unicode"

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
		ws := Words(s)
		if len(ws) == 0 {
			continue
		}
		sc.Sentences++
		for _, w := range ws {
			sc.Words++
			n := Syllables(w)
			syll += n
			if n >= 3 {
				poly++
			}
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
// marks followed by a space or the end, and at line breaks.
func Sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	for i, r := range rs {
		end := false
		switch r {
		case '.', '!', '?':
			end = i+1 == len(rs) || unicode.IsSpace(rs[i+1])
			// Keep "e.g." and numbers such as "1.5" together.
			if end && i >= 2 && rs[i-2] == '.' {
				end = false
			}
		case '\n':
			end = true
		}
		if end {
			if s := strings.TrimSpace(string(rs[start : i+1])); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// Words returns the words of a sentence: runs of letters, digits,
// apostrophes and hyphens that hold at least one letter or digit.
func Words(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-')
	}) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, f)
		}
	}
	return out
}

// Syllables estimates the syllables of an English word by counting groups
// of vowels, less a silent final e, and at least one.
func Syllables(word string) int {
	w := strings.ToLower(strings.Trim(word, "'’-"))
	if w == "" {
		return 0
	}
	if strings.IndexFunc(w, unicode.IsLetter) < 0 {
		return 1 // a number is read as one unit here
	}
	isVowel := func(r rune) bool { return strings.ContainsRune("aeiouy", r) }
	rs := []rune(w)
	n := 0
	prev := false
	for _, r := range rs {
		v := isVowel(r)
		if v && !prev {
			n++
		}
		prev = v
	}
	if len(rs) > 2 && rs[len(rs)-1] == 'e' && !isVowel(rs[len(rs)-2]) && !(rs[len(rs)-2] == 'l' && !isVowel(rs[len(rs)-3])) {
		n--
	}
	if strings.HasSuffix(w, "ed") && len(rs) > 3 && !strings.HasSuffix(w, "ted") && !strings.HasSuffix(w, "ded") {
		n--
	}
	return max(n, 1)
}
