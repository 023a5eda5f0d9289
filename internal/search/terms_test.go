package search_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/wayfinder-health/wayfinder/internal/search"
)

// referenceTerms is the definition of terms in the package documentation,
// written plainly: lower-case, cut at anything not a letter or digit, drop
// words of one character and stop words, stem.
func referenceTerms(text string, stop map[string]bool) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len([]rune(w)) < 2 || stop[w] {
			continue
		}
		if w != "" {
			w = search.Stem(w) // tested against search.js in TestStemAgrees
		}
		out = append(out, w)
	}
	return out
}

// FuzzTerms checks the index's one-pass scanner against the plain
// definition, on any text, including invalid UTF-8.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{
		"The NHS App's repeat prescriptions: policies, analysis & status — café 111",
		"Ünïcode STRASSE Straße, 2026-11-22, a b c, x2, İstanbul ǅemal ΣΊΣΥΦΟΣ",
		"bus buses is this gas ties pies iesies \xff\xfeabc ab\x80cd",
		"Ⅻ ⓐⓑ ＡＢＣ ٣٤ ऄक", "",
	} {
		f.Add(s)
	}
	stop := map[string]bool{"the": true, "and": true, "is": true}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := search.Terms(text, stop), referenceTerms(text, stop)
		if !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", text, got, want)
		}
	})
}
