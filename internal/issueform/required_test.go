package issueform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// TestRequiredAnswersPassCheck fills in each form as a partner who answers
// only the questions it marks as required would, makes the page from that
// issue, and runs the whole check on it in the real site's settings and
// layouts: there must be no error. It fails when check comes to need
// something a form does not ask for (as the source rules once did).
func TestRequiredAnswersPassCheck(t *testing.T) {
	cfg := siteConfig(t)
	for _, s := range Types() {
		t.Run(s.Section, func(t *testing.T) {
			qs, err := questions(s, cfg)
			if err != nil {
				t.Fatal(err)
			}
			var body strings.Builder
			for _, q := range qs {
				if q.required {
					fmt.Fprintf(&body, "### %s\n\n%s\n\n", q.label, sampleAnswer(q))
				}
			}
			a, err := Parse(s, cfg, []byte(body.String()))
			if err != nil {
				t.Fatal(err)
			}
			p, err := a.Page()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for _, d := range []string{"layouts", "static"} {
				if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(root, d))); err != nil {
					t.Fatal(err)
				}
			}
			files := map[string]string{
				"site.yaml":                           "",
				"content/_index.md":                   "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
				"content/" + s.Section + "/_index.md": "---\ntitle: List\ndescription: The list.\n---\nAll of them.\n",
				p.File.Path:                           string(p.File.Data),
			}
			for name, data := range files {
				if name == "site.yaml" {
					b, err := os.ReadFile(filepath.Join(root, "site.yaml"))
					if err != nil {
						t.Fatal(err)
					}
					data = string(b)
				}
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := build.Run(t.Context(), os.DirFS(dir), build.Options{Now: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}, nil)
			var errs []string
			for _, d := range res.Diags {
				if d.Severity == 0 && strings.HasPrefix(d.Pos.File, "content/"+s.Section+"/") && !strings.HasSuffix(d.Pos.File, "_index.md") {
					errs = append(errs, d.String())
				}
			}
			if len(errs) > 0 {
				t.Errorf("the page made from only the required answers has errors:\n%s\n\nthe issue:\n%s\nthe page:\n%s", strings.Join(errs, "\n"), body.String(), p.File.Data)
			}
		})
	}
}

// sampleAnswer is an answer a partner might give to q, as GitHub writes
// it into the issue.
func sampleAnswer(q question) string {
	if q.id == "page" {
		return strings.ReplaceAll(strings.ReplaceAll(q.value, "TODO: ", ""), "TODO", "")
	}
	if len(q.options) > 0 {
		return q.options[0].label
	}
	f := q.field
	if f.Type == site.List && f.Elem != nil && f.Elem.Type == site.Object {
		var parts []string
		for _, sub := range f.Elem.Fields {
			parts = append(parts, sampleValue(sub))
		}
		return strings.Join(parts, " | ")
	}
	if f.Type == site.List && f.Elem != nil {
		return sampleValue(*f.Elem)
	}
	return sampleValue(*f)
}

func sampleValue(f site.Field) string {
	switch f.Type {
	case site.ISODate:
		return "2026-11-20"
	case site.Int:
		return "12"
	case site.URL:
		return "https://www.nhs.uk/"
	case site.Lang:
		return "en"
	}
	return "Leeds"
}
