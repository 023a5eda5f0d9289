package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// TestBilingualGolden builds a site in English and Welsh and compares its
// pages and sitemap with the golden archive: lang on each page, the
// language switcher (to the translation, or to the Welsh home page with a
// notice where there is none), hreflang alternates with x-default, the
// sitemap's xhtml:link alternates, Welsh dates and the notice on an
// unreviewed translation. The page without a translation is not
// published under /cy/; a Welsh page in a section without a Welsh list
// page is, and is in the sitemap with its alternates. Links from Welsh
// pages to English ones (a menu's, through linkLang, and Markdown's)
// carry hreflang, and lang where their text is the English page's title.
func TestBilingualGolden(t *testing.T) {
	fsys := sitetest.FS(t, "testdata/bilingual.txtar")
	var c sitetest.Collect
	res := build.Run(t.Context(), fsys, build.Options{}, c.Sink)
	var diags strings.Builder
	res.Diags.Print(&diags)
	a := &txtar.Archive{Comment: []byte("Output of building bilingual.txtar, before minification. Regenerate with go test -update.\n")}
	a.Files = append(a.Files, txtar.File{Name: "DIAGNOSTICS", Data: []byte(diags.String())})
	for _, n := range c.Paths() {
		if !strings.HasSuffix(n, ".html") && n != "sitemap.xml" {
			continue
		}
		data := c.Files[n]
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		a.Files = append(a.Files, txtar.File{Name: n, Data: data})
	}
	if _, ok := c.Files["cy/contact/index.html"]; ok {
		t.Errorf("the page without a translation was published under /cy/")
	}
	// A Welsh page in a section with no Welsh list page is in the sitemap,
	// with its alternates.
	sm := string(c.Files["sitemap.xml"])
	if want := `<loc>https://example.org/base/cy/news/first/</loc>
		<lastmod>2026-04-01</lastmod>
		<xhtml:link rel="alternate" hreflang="en-GB" href="https://example.org/base/news/first/"></xhtml:link>`; !strings.Contains(sm, want) {
		t.Errorf("sitemap.xml lacks the Welsh news page with its alternates:\n%s", sm)
	}
	got := txtar.Format(a)
	golden := filepath.Join("testdata", "bilingual.golden.txtar")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("bilingual build differs from %s (-want +got):\n%s", golden, diff.Diff("want", want, "got", got))
	}
}

// TestMissingString checks that a key a layout writes and the Welsh
// table lacks fails the build at the layout's line and column.
func TestMissingString(t *testing.T) {
	fsys := sitetest.FS(t, "testdata/bilingual.txtar")
	fsys["layouts/_default/single.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}<h1>{{.Page.Title}}</h1>\n<p>{{t \"share\"}}</p>{{end}}")}
	fsys["layouts/i18n/en.yaml"] = &fstest.MapFile{Data: append(fsys["layouts/i18n/en.yaml"].Data, "share: Share this page\n"...)}
	res := build.Run(t.Context(), fsys, build.Options{NoOutput: true}, nil)
	var got strings.Builder
	res.Diags.Print(&got)
	want := "layouts/_default/single.html:2:8: error: the string \"share\" is not in layouts/i18n/cy.yaml (add share: with its words to layouts/i18n/cy.yaml) [i18n]\n" +
		"layouts/i18n/en.yaml:24:1: error: the string \"share\" is missing from layouts/i18n/cy.yaml (add share: with the cy words to layouts/i18n/cy.yaml) [i18n]\n"
	if !strings.Contains(got.String(), want) {
		t.Errorf("build diagnostics =\n%s\nwant them to contain\n%s", got.String(), want)
	}

}

// TestMissingGoString checks the strings Go code puts into the pages
// the build makes (the search page's title, i18n.GoKeys): the Welsh
// table must have them, or its search page would show English; the
// English table may lack them, its pages keeping the English words.
func TestMissingGoString(t *testing.T) {
	for _, name := range []string{"layouts/i18n/en.yaml", "layouts/i18n/cy.yaml"} {
		fsys := sitetest.FS(t, "testdata/bilingual.txtar")
		var kept []string
		for _, line := range strings.SplitAfter(string(fsys[name].Data), "\n") {
			if !strings.HasPrefix(line, "search.title:") {
				kept = append(kept, line)
			}
		}
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Join(kept, ""))}
		res := build.Run(t.Context(), fsys, build.Options{NoOutput: true}, nil)
		var got strings.Builder
		res.Diags.Print(&got)
		want := "layouts/i18n/cy.yaml: error: the string \"search.title\", which the build writes into the pages it makes in Cymraeg, is not in layouts/i18n/cy.yaml (add search.title: with its cy words to layouts/i18n/cy.yaml) [i18n]\n"
		if strings.Contains(name, "en.yaml") {
			// Only the layouts' own check: one table has it, one lacks it.
			want = ""
		}
		if g := got.String(); want != "" && !strings.Contains(g, want) || want == "" && strings.Contains(g, "which the build writes") {
			t.Errorf("without %s's search.title: build diagnostics =\n%s\nwant\n%s", name, g, want)
		}
	}
}

// TestWelshGoStrings checks the words Go code writes into pages in a
// language's own words: the title and breadcrumbs of a Welsh list's
// second page, and the region map's counts on a Welsh page, where
// English pages keep English ones.
func TestWelshGoStrings(t *testing.T) {
	fsys := sitetest.FS(t, "testdata/bilingual.txtar")
	fsys["site.yaml"] = &fstest.MapFile{Data: append(fsys["site.yaml"].Data, "lists:\n  page_size: 1\n"...)}
	for name, src := range map[string]string{
		"content/news/_index.cy.md":  "---\ntitle: Newyddion\ntranslation_reviewed: false\n---\n",
		"content/news/second.md":     "---\ntitle: Second news\ndate: 2026-04-02\n---\nMore.\n",
		"content/news/second.cy.md":  "---\ntitle: Ail newyddion\ndate: 2026-04-02\ntranslation_reviewed: false\n---\nMwy.\n",
		"layouts/_default/list.html": "{{define \"main\"}}<h1>{{.Page.Title}}</h1>{{regionMap (section \"news\") \"\" false}}{{end}}",
	} {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	var c sitetest.Collect
	res := build.Run(t.Context(), fsys, build.Options{}, c.Sink)
	if res.Diags.Errors() > 0 {
		t.Fatalf("build failed:\n%v", res.Diags)
	}
	for file, want := range map[string][]string{
		"cy/news/page/2/index.html": {"<h1>Newyddion (tudalen 2 o 2)</h1>", `<a href="/base/cy/">Hafan</a>`, "Dim prosiectau"},
		"news/page/2/index.html":    {"<h1>News (page 2 of 2)</h1>", `<a href="/base/">Home</a>`, "No projects"},
		"cy/index.html":             {"Dim prosiectau"},
	} {
		got := string(c.Files[file])
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %s:\n%s", file, w, got)
			}
		}
		if strings.HasPrefix(file, "cy/") && strings.Contains(got, "No projects") {
			t.Errorf("%s has the English count:\n%s", file, got)
		}
	}
}
