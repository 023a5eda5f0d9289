package sitemap_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitemap"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

var update = flag.Bool("update", false, "update golden files")

// load reads a site from a txtar archive and resolves it.
func load(t *testing.T, name string) *resolve.Index {
	t.Helper()
	return sitetest.Resolve(t, sitetest.FS(t, name))
}

func generate(t *testing.T) map[string]site.File {
	t.Helper()
	_, files, diags := sitemap.Generate(load(t, "testdata/site.txtar"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	m := map[string]site.File{}
	for _, f := range files {
		m[f.Path] = f
	}
	return m
}

func TestGolden(t *testing.T) {
	files := generate(t)
	a := &txtar.Archive{Comment: []byte("The sitemap and robots.txt of testdata/site.txtar. Regenerate with go test -update.\n")}
	for _, name := range []string{sitemap.Name, sitemap.Robots} {
		a.Files = append(a.Files, txtar.File{Name: name, Data: files[name].Data})
	}
	got := txtar.Format(a)
	name := "testdata/sitemap.golden.txtar"
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (-want +got):\n%s", name, diff.Diff("want", want, "got", got))
	}
}

// TestParse parses the sitemap as XML and checks that it lists every page
// by an absolute address once, with dates where pages have them, and that
// robots.txt names it.
func TestParse(t *testing.T) {
	files := generate(t)
	var set sitemap.URLSet
	if err := xml.Unmarshal(files[sitemap.Name].Data, &set); err != nil {
		t.Fatalf("sitemap.xml does not parse as XML: %v", err)
	}
	if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Errorf("namespace = %q", set.XMLName.Space)
	}
	got := map[string]string{}
	for _, u := range set.URL {
		if _, dup := got[u.Loc]; dup {
			t.Errorf("%s is listed twice", u.Loc)
		}
		if !strings.HasPrefix(u.Loc, "https://example.org/base/") {
			t.Errorf("%s is not an absolute address on the site", u.Loc)
		}
		got[u.Loc] = u.LastMod
	}
	for loc, lastmod := range map[string]string{
		"https://example.org/base/":                       "2026-10-01",
		"https://example.org/base/guides/":                "2026-10-01",
		"https://example.org/base/guides/app/":            "2026-09-01",
		"https://example.org/base/pathfinders/village/":   "",
		"https://example.org/base/regions/london/":        "2026-03-01",
		"https://example.org/base/topics/getting-online/": "2026-10-01",
		"https://example.org/base/a-z/":                   "2026-10-01",
	} {
		if got, ok := got[loc]; !ok || got != lastmod {
			t.Errorf("%s: lastmod %q (listed: %v), want %q", loc, got, ok, lastmod)
		}
	}
	for _, loc := range []string{"https://example.org/base/search/", "https://example.org/base/404.html"} {
		if _, ok := got[loc]; ok {
			t.Errorf("%s is listed; it should not be", loc)
		}
	}
	if robots := string(files[sitemap.Robots].Data); !strings.Contains(robots, "\nSitemap: https://example.org/base/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
}
