package taxonomy_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
	"github.com/wayfinder-health/wayfinder/internal/taxonomy"
)

func siteFS(t *testing.T) fstest.MapFS {
	t.Helper()
	return sitetest.FS(t, "testdata/site.txtar")
}

func load(t *testing.T, fsys fstest.MapFS) *resolve.Index {
	t.Helper()
	return sitetest.Resolve(t, fsys)
}

func byPath(gen []site.Generated) map[string]site.Generated {
	m := map[string]site.Generated{}
	for _, g := range gen {
		m[g.Page.Path] = g
	}
	return m
}

func titles(pages []*site.Page) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Title)
	}
	return out
}

// TestTerms checks that every used term, and only a used term, has a page
// listing its pages by section, linked from its vocabulary's index.
func TestTerms(t *testing.T) {
	x := load(t, siteFS(t))
	gen, _, _ := taxonomy.Generate(x)
	pages := byPath(gen)

	topic, ok := pages["topics/getting-online/"]
	if !ok {
		t.Fatalf("no page for the topic getting-online; pages: %v", slices.Sorted(func(yield func(string) bool) {
			for k := range pages {
				if !yield(k) {
					return
				}
			}
		}))
	}
	if topic.Page.Title != "Getting online" || topic.Page.Kind != site.KindTerm {
		t.Errorf("topic page = %q (%s), want Getting online (term)", topic.Page.Title, topic.Page.Kind)
	}
	if got, want := titles(topic.Pages), []string{"An older guide", "Getting online", "Use the NHS App"}; !slices.Equal(got, want) {
		t.Errorf("getting-online lists %q, want %q", got, want)
	}
	if c := topic.Crumbs; len(c) != 2 || c[1].URL != "/base/topics/" {
		t.Errorf("getting-online's breadcrumbs = %v, want Home then the topics index", c)
	}
	region := pages["regions/north-east/"].Data.(*taxonomy.Term)
	if len(region.Groups) != 1 || region.Groups[0].Title != "Pathfinders" || region.Count != 1 {
		t.Errorf("North East = %+v, want one group, Pathfinders, of one page", region)
	}

	idx := pages["regions/"].Data.(*taxonomy.Index)
	var links []string
	for _, l := range idx.Terms {
		links = append(links, l.Title+" "+l.URL)
	}
	if want := []string{"London /base/regions/london/", "North East /base/regions/north-east/"}; !slices.Equal(links, want) {
		t.Errorf("regions index links %q, want %q", links, want)
	}
	// Vocabularies with terms no page uses: no page for those terms.
	if _, ok := pages["backgrounds/clinical/"]; ok {
		t.Error("backgrounds/clinical/ has a page, but no page is filed under it")
	}
	// Every term a page uses leads to a page: the addresses termURL gives.
	for _, p := range x.All {
		for _, pt := range p.Terms() {
			for _, v := range pt.Values {
				if _, ok := pages[site.TermPath(pt.Vocab, v)]; !ok {
					t.Errorf("%s: its %s term %q has no page at /%s", p.File, pt.Field, v, site.TermPath(pt.Vocab, v))
				}
			}
		}
	}
}

// TestAZ checks that the A–Z index lists every page once, under its first
// letter, A to Z and then digits.
func TestAZ(t *testing.T) {
	x := load(t, siteFS(t))
	gen, _, _ := taxonomy.Generate(x)
	az := byPath(gen)[site.AZPath].Data.(*taxonomy.AZ)
	var letters []string
	seen := map[string]bool{}
	for _, l := range az.Letters {
		letters = append(letters, l.Letter)
		for _, e := range l.Pages {
			if seen[e.URL] {
				t.Errorf("%s is listed twice", e.URL)
			}
			seen[e.URL] = true
			if !strings.EqualFold(e.Title[:1], l.Letter) && l.Letter != "0–9" {
				t.Errorf("%q is under %s", e.Title, l.Letter)
			}
		}
	}
	if want := []string{"A", "D", "G", "H", "P", "T", "U", "V", "0–9"}; !slices.Equal(letters, want) {
		t.Errorf("letters = %q, want %q", letters, want)
	}
	for _, p := range x.Listed() {
		if !seen[p.URL] {
			t.Errorf("%s (%s) is not in the A–Z index", p.URL, p.Title)
		}
	}
	if az.Count != len(seen) || len(az.Browse) == 0 {
		t.Errorf("count %d for %d pages; %d indexes to browse", az.Count, len(seen), len(az.Browse))
	}
}

// TestTaken reports a content page at a vocabulary's address, and leaves
// that index out rather than publish two files at one path.
func TestTaken(t *testing.T) {
	fsys := siteFS(t)
	fsys["content/topics.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Topics\n---\nA page of its own.\n")}
	x := load(t, fsys)
	diags := taxonomy.Check(x)
	if len(diags) != 1 || diags[0].Pos.File != "content/topics.md" || !strings.Contains(diags[0].Msg, "/topics/ is also the address of the topics index") {
		t.Errorf("Check = %v, want one problem at content/topics.md", diags)
	}
	gen, _, _ := taxonomy.Generate(x)
	pages := byPath(gen)
	if _, ok := pages["topics/"]; ok {
		t.Error("the topics index was made over the content page")
	}
	if _, ok := pages["regions/"]; !ok {
		t.Error("the other indexes were left out too")
	}
	if _, ok := pages["topics/getting-online/"]; !ok {
		t.Error("the topics' own pages were left out, so links to them from guides lead nowhere")
	}
}
