package site_test

import (
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// FuzzCompareTitles holds CompareTitles to the comparison it replaces.
func FuzzCompareTitles(f *testing.F) {
	for _, p := range [][2]string{
		{"NHS App", "nhs app"}, {"Apple", "apple pie"}, {"Éclair", "eclair"}, {"İstanbul", "istanbul"},
		{"ΣΊΣΥΦΟΣ", "σίσυφος"}, {"a\xffb", "a\uFFFDb"}, {"", "x"}, {"Zoo", "apple"},
	} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		got, want := site.CompareTitles(a, b), strings.Compare(strings.ToLower(a), strings.ToLower(b))
		if got != want {
			t.Errorf("CompareTitles(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}
