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

func TestLangAt(t *testing.T) {
	c := &site.Config{BasePath: "/base/", Language: "en-GB",
		Languages: []site.Language{{Code: "en", Tag: "en-GB"}, {Code: "cy", Tag: "cy", Prefix: "cy/"}}}
	for _, tc := range []struct{ u, want string }{
		{"/base/", "en"}, {"/base/guides/x/", "en"}, {"/base/cy/", "cy"}, {"/base/cy", "cy"},
		{"/base/cy/guides/#top", "cy"}, {"/base/cy?q=1", "cy"}, {"/base/cymru/", "en"},
		{"https://example.org/cy/", ""}, {"/other/", ""}, {"#frag", ""},
	} {
		got := ""
		if l := c.LangAt(tc.u); l != nil {
			got = l.Code
		}
		if got != tc.want {
			t.Errorf("LangAt(%q) = %q, want %q", tc.u, got, tc.want)
		}
	}
	if l := (&site.Config{BasePath: "/"}).LangAt("/cy/"); l != nil {
		t.Errorf("LangAt on a site in one language = %v, want nil", l)
	}
}
