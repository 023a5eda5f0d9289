package lint_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/lint"
)

// referenceSyllables is Syllables written plainly, as its documentation
// says: vowel groups, less a silent final e or -ed, at least one.
func referenceSyllables(word string) int {
	w := strings.Trim(word, "'’-")
	if w == "" {
		return 0
	}
	var letters []byte
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			letters = append(letters, byte(r)+'a'-'A')
		case r < utf8.RuneSelf:
			letters = append(letters, byte(r))
		case unicode.IsLetter(r):
			letters = append(letters, 'x')
		}
	}
	if !strings.ContainsFunc(string(letters), func(r rune) bool { return r >= 'a' && r <= 'z' }) {
		return 1
	}
	vowel := func(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }
	n, prev := 0, false
	for _, c := range letters {
		if v := vowel(c); v && !prev {
			n++
		}
		prev = vowel(c)
	}
	l := len(letters)
	if l > 2 && letters[l-1] == 'e' && !vowel(letters[l-2]) && !(letters[l-2] == 'l' && !vowel(letters[l-3])) {
		n--
	}
	if l > 3 && letters[l-2] == 'e' && letters[l-1] == 'd' && !(letters[l-3] == 't' || letters[l-3] == 'd') {
		n--
	}
	return max(n, 1)
}

// FuzzSyllables checks the counting loop against the plain definition.
func FuzzSyllables(f *testing.F) {
	for _, s := range []string{"table", "used", "wanted", "Ünïcode", "'’-", "—", "1.5", "e-mail", "O’Brien", "rhythm", "a", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := lint.Syllables(w), referenceSyllables(w); got != want {
			t.Errorf("Syllables(%q) = %d, want %d", w, got, want)
		}
	})
}
