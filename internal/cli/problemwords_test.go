package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/i18n"
)

// TestProblemWords gives serve's problem box its words from the portal's
// own string tables: English and Welsh, the count in its plural form,
// and nothing for a language the site has no table for.
func TestProblemWords(t *testing.T) {
	if problemWords(nil) != nil {
		t.Error("problemWords(nil) gives words; want none, so the box is English")
	}
	ts := i18n.Tables{}
	for _, lang := range []string{"en", "cy"} {
		src, err := os.ReadFile(filepath.Join("..", "..", "layouts", i18n.Dir, lang+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		tab, diags := i18n.Parse(i18n.Dir+"/"+lang+".yaml", string(src))
		if diags.Errors() > 0 {
			t.Fatalf("%s.yaml: %v", lang, diags)
		}
		ts[lang] = tab
	}
	words := problemWords(ts)
	for _, tc := range []struct {
		lang         string
		n            int
		title, intro string
		ok           bool
	}{
		{"en-GB", 1, "The site did not build: 1 error", "You are seeing the last good build. Fix these problems and save the file: this page reloads by itself.", true},
		{"en-GB", 3, "The site did not build: 3 errors", "You are seeing the last good build. Fix these problems and save the file: this page reloads by itself.", true},
		{"cy", 2, "Ni chafodd y wefan ei hadeiladu: 2 gwall", "Rydych chi'n gweld y fersiwn olaf a gafodd ei hadeiladu. Cywirwch y problemau hyn a chadwch y ffeil: bydd y dudalen hon yn ail-lwytho ei hun.", true},
		{"fr", 1, "", "", false},
	} {
		title, intro, ok := words(tc.lang, tc.n)
		if title != tc.title || intro != tc.intro || ok != tc.ok {
			t.Errorf("words(%q, %d) = %q, %q, %v; want %q, %q, %v", tc.lang, tc.n, title, intro, ok, tc.title, tc.intro, tc.ok)
		}
	}
}
