package search_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/i18n"
	"github.com/wayfinder-health/wayfinder/internal/search"
)

// TestGoKeys: the strings the search pages take from the string tables
// are among those check asks every table for.
func TestGoKeys(t *testing.T) {
	gen, _, _ := search.Generate(portal(t))
	for _, g := range gen {
		keys := []string{g.Title.Key, g.Description.Key}
		for _, c := range g.Crumbs {
			keys = append(keys, c.Key)
		}
		for _, k := range keys {
			if !slices.Contains(i18n.GoKeys, k) {
				t.Errorf("%s: the string %q is not in i18n.GoKeys", g.Page.Path, k)
			}
		}
	}
}

// TestWelshIndex checks the portal's Welsh index: its own files and
// search page under /cy/, only Welsh pages in it, Welsh words kept as
// they are (no English stemming) and Welsh stop words left out, and that
// the English index holds no Welsh page.
func TestWelshIndex(t *testing.T) {
	x := portal(t)
	files, manifest, d := generateLang(t, x, "cy")
	if !strings.HasPrefix(manifest, "cy/search/index.") {
		t.Errorf("the Welsh manifest is %s, want it under cy/search/", manifest)
	}
	m, idx, err := search.Read(files, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if m.Lang != "cy" || idx.Lang != "cy" {
		t.Errorf("the Welsh manifest's lang is %q", m.Lang)
	}
	if len(idx.Pages) < 6 {
		t.Errorf("the Welsh index has %d pages, want the home page, guides and more", len(idx.Pages))
	}
	for _, p := range idx.Pages {
		if !strings.HasPrefix(p.Path, "cy/") {
			t.Errorf("the Welsh index holds %s, which is not a Welsh page", p.Path)
		}
	}
	// A guide in a section with a Welsh list page, and the Welsh finder,
	// are both found.
	for q, want := range map[string]string{
		"presgripsiwn amlroddadwy": "cy/guides/repeat-prescriptions/",
		"mewngofnodi":              "cy/guides/nhs-login/",
		"ble ydw i'n dechrau":      "cy/finder/start-here/",
	} {
		r := search.Lookup(idx, q, false)
		if len(r.Hits) == 0 || idx.Pages[r.Hits[0].ID].Path != want {
			var got []string
			for _, h := range r.Hits[:min(3, len(r.Hits))] {
				got = append(got, idx.Pages[h.ID].Path)
			}
			t.Errorf("Welsh search %q: first results %v, want %s first", q, got, want)
		}
	}
	// Words are kept whole, and Welsh stop words ("gyda", with) left
	// out; some term must differ from its English stem, or this could
	// not tell stemmed terms from whole ones.
	for _, w := range []string{"canllawiau", "presgripsiwn"} {
		if _, ok := idx.Terms[w]; !ok {
			t.Errorf("the Welsh index lacks the term %q", w)
		}
	}
	for _, w := range []string{"gyda", "mae", "yn"} {
		if _, ok := idx.Terms[w]; ok {
			t.Errorf("the Welsh index holds the stop word %q", w)
		}
	}
	stemmedAway := 0
	for term := range idx.Terms {
		if search.Stem(term) != term {
			stemmedAway++
		}
	}
	if stemmedAway == 0 {
		t.Errorf("no Welsh term differs from its English stem: the test cannot tell whether words were stemmed")
	}
	// The vocabulary indexes and the A to Z are English pages: the Welsh
	// search page marks them so.
	if d.AZ.Lang != "en-GB" || d.AZ.LangCode != "en" || len(d.Browse) == 0 || d.Browse[0].Lang != "en-GB" {
		t.Errorf("the Welsh search page's links to English pages are %+v, %+v", d.AZ, d.Browse)
	}

	_, enManifest, enData := generateLang(t, x, "")
	if enData.AZ.Lang != "" {
		t.Errorf("the English search page marks its A to Z as in %q", enData.AZ.Lang)
	}
	enFiles, _, _ := generateLang(t, x, "")
	_, en, err := search.Read(enFiles, enManifest)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(en.Pages, func(p search.Page) bool { return strings.HasPrefix(p.Path, "cy/") }) {
		t.Errorf("the English index holds Welsh pages")
	}
	z := 0
	for _, data := range files {
		z += gzipped(data)
	}
	t.Logf("the Welsh index is %d files, %d bytes gzipped", len(files), z)
	if z > 10*1024 {
		t.Errorf("the Welsh index is %d bytes gzipped, over 10 KB", z)
	}
}

// TestScriptAgreesWelsh runs Welsh queries through search.js and
// search.Lookup on the portal's Welsh index: the script must not stem
// them either.
func TestScriptAgreesWelsh(t *testing.T) {
	files, manifest, _ := generateLang(t, portal(t), "cy")
	var queries []query
	for _, q := range []string{"presgripsiwn", "presgripsiynau amlroddadwy", "mewngofnodi GIG", "canllawiau", "ar-lein",
		"diogel", "presgripsiwm", "ap", "gyda yn mae", "nodes linking"} {
		queries = append(queries, query{Q: q}, query{Q: q, Typed: true})
	}
	compareScript(t, files, manifest, queries)
}
