package lint_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/lint"
)

const siteYAML = `title: T
baseURL: https://example.org/
sources:
  refused_hosts:
    - host: ebmdatalab.net
      why: it copies other sites.
      instead: cite the original
nation_services:
  - name: NHS App
    nations: [england]
    service: nhs-app
    source: https://example.org/nhs-app
  - name: NHS Wales App
    nations: [wales]
    source: https://example.org/nhs-wales-app
vocabularies:
  levels: [first-steps]
  topics: [getting-online]
  nations:
    - value: england
      label: England
    - value: wales
      label: Wales
`

// want matches an expectation written next to the line it is about, as
// golang.org/x/tools/go/analysis/analysistest does with // want comments.
var want = regexp.MustCompile(`<!-- want "([^"]*)" -->`)

// TestRules checks every file in testdata: each line that should get a
// diagnostic says so in a <!-- want "message" --> comment, which is blanked
// out (keeping columns) before the page is built.
func TestRules(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			name := "content/guides/" + filepath.Base(file)
			type exp struct {
				line int
				msg  string
			}
			var wants []exp
			lines := strings.Split(string(src), "\n")
			for i, l := range lines {
				for _, m := range want.FindAllStringSubmatch(l, -1) {
					wants = append(wants, exp{i + 1, m[1]})
				}
				lines[i] = want.ReplaceAllStringFunc(l, func(s string) string { return strings.Repeat(" ", len(s)) })
			}
			fsys := fstest.MapFS{
				"site.yaml":                    {Data: []byte(siteYAML)},
				name:                           {Data: []byte(strings.Join(lines, "\n"))},
				"layouts/_default/single.html": {Data: []byte(`{{.Content}}`)},
				"layouts/_default/list.html":   {Data: []byte(`list`)},
				"layouts/404.html":             {Data: []byte(`404`)},
				"content/guides/photo.png":     {Data: []byte(`png`)},
			}
			res := build.Run(t.Context(), fsys, build.Options{Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}, nil)
			var got []exp
			for _, d := range res.Diags {
				if d.Pos.File == name {
					got = append(got, exp{d.Pos.Line, d.Text()})
				}
			}
			for _, w := range wants {
				i := slices.IndexFunc(got, func(g exp) bool { return g.line == w.line && strings.Contains(g.msg, w.msg) })
				if i < 0 {
					t.Errorf("%s:%d: no diagnostic matching %q", file, w.line, w.msg)
					continue
				}
				got = slices.Delete(got, i, i+1)
			}
			for _, g := range got {
				t.Errorf("%s:%d: unexpected diagnostic %q", file, g.line, g.msg)
			}
		})
	}
}

func TestMeasure(t *testing.T) {
	easy := lint.Measure(lint.Sentences("The cat sat on the mat. It was a big cat. We like the cat."))
	hard := lint.Measure(lint.Sentences("Organisational interoperability necessitates comprehensive informatics infrastructure investment. Professional registration demonstrates accountability."))
	if easy.Words != 15 || easy.Sentences != 3 {
		t.Errorf("easy: %d words, %d sentences; want 15 and 3", easy.Words, easy.Sentences)
	}
	if !(easy.ReadingAge < 9 && hard.ReadingAge > 16) {
		t.Errorf("reading ages easy %.1f, hard %.1f: want under 9 and over 16", easy.ReadingAge, hard.ReadingAge)
	}
	for word, n := range map[string]int{"cat": 1, "online": 2, "appointment": 3, "prescription": 3, "everyone": 3, "the": 1, "table": 2, "used": 1, "2026": 1} {
		if got := lint.Syllables(word); got != n {
			t.Errorf("Syllables(%q) = %d, want %d", word, got, n)
		}
	}
	if got := lint.Sentences("Use e.g. this. Then 1.5 hours! Done?"); len(got) != 3 {
		t.Errorf("Sentences = %q, want 3", got)
	}
}

// TestSourceSeverity checks that age is a warning on every typed page but
// an error on guides past 18 months, and that a plain page needs no
// sources.
func TestSourceSeverity(t *testing.T) {
	const old = "reviewed: 2025-04-01\nsources:\n  - label: Old\n    url: https://example.org/old\n    checked: 2025-04-01\n"
	fsys := fstest.MapFS{
		"site.yaml":                    {Data: []byte(siteYAML + "  backgrounds: [clinical]\n  interests: [data]\n  stages: [starting-out]\n  role_families: [data]\n")},
		"content/guides/g.md":          {Data: []byte("---\ntitle: G\nlevel: first-steps\ntopics: [getting-online]\ntime_to_complete: 5 minutes\n" + old + "nations: [england, wales]\n---\nText.\n")},
		"content/pathways/p.md":        {Data: []byte("---\ntitle: P\nrole_family: data\nbackgrounds: [clinical]\ninterests: [data]\nentry_stages: [starting-out]\nsteps:\n  - title: S\n    what: W\n" + old + "---\nText.\n")},
		"content/about.md":             {Data: []byte("---\ntitle: About\n---\nText.\n")},
		"layouts/_default/single.html": {Data: []byte(`{{.Content}}`)},
		"layouts/_default/list.html":   {Data: []byte(`list`)},
		"layouts/404.html":             {Data: []byte(`404`)},
	}
	res := build.Run(t.Context(), fsys, build.Options{Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}, nil)
	got := map[string]string{}
	for _, d := range res.Diags {
		got[fmt.Sprintf("%s:%d %s", d.Pos.File, d.Pos.Line, d.Code)] = d.Severity.String()
	}
	want := map[string]string{
		"content/guides/g.md:6 reviewed":      "error",
		"content/guides/g.md:10 source-age":   "error",
		"content/pathways/p.md:10 reviewed":   "warning",
		"content/pathways/p.md:14 source-age": "warning",
	}
	if !maps.Equal(got, want) {
		t.Errorf("diagnostics = %v, want %v", got, want)
	}
}
