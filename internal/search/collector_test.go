package search_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/search"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// TestCollectorReuse holds a Collector that builds the index again after
// edits, reusing what each page added and how the last index was cut into
// files, to what a fresh Collector makes of the same pages: byte for byte
// the same files, in every language.
func TestCollectorReuse(t *testing.T) {
	x := portal(t)
	bodies := map[*site.Page][]byte{}
	for _, p := range x.All {
		bodies[p] = p.Body
	}
	for _, lx := range x.Langs() {
		for _, p := range lx.All {
			bodies[p] = p.Body
		}
	}
	fresh := func(x *resolve.Index) map[string][]byte {
		c := search.NewCollector()
		for p, b := range bodies {
			c.Add(p, b)
		}
		return filesOf(t, c, x)
	}
	c := search.NewCollector()
	for p, b := range bodies {
		c.Add(p, b)
	}
	if got, want := filesOf(t, c, x), fresh(x); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Fatalf("the first index differs from a fresh Collector's:\n%s", diffPaths(got, want))
	}
	// Build again with nothing changed, then after an edit to one page's
	// text, which adds a word: the page is found by it.
	before := filesOf(t, c, x)
	if again := filesOf(t, c, x); !maps.EqualFunc(again, before, bytes.Equal) {
		t.Fatalf("the index changed with nothing edited:\n%s", diffPaths(again, before))
	}
	var edited *site.Page
	for _, p := range x.Pages[x.ContentSections()[0]] {
		if len(p.Body) > 0 {
			edited = p
			break
		}
	}
	if edited == nil {
		t.Fatal("the portal has no page with a body")
	}
	bodies[edited] = append(bytes.Clone(bodies[edited]), "\n\nA zebrafinch visits.\n"...)
	c.Add(edited, bodies[edited])
	got, want := filesOf(t, c, x), fresh(x)
	if !maps.EqualFunc(got, want, bytes.Equal) {
		t.Fatalf("after an edit to %s, the index differs from a fresh Collector's:\n%s", edited.File, diffPaths(got, want))
	}
	if maps.EqualFunc(got, before, bytes.Equal) {
		t.Fatalf("the edit to %s changed no file of the index", edited.File)
	}
	idx := c.Build(x)
	if _, ok := pagesWith(idx, search.Stem("zebrafinch"))[strings.TrimPrefix(edited.Path, "/")]; !ok {
		t.Errorf("the edited page %s is not found by its new word", edited.File)
	}
	// A site resolved afresh has new pages: each is added anew, and what
	// the old ones added is let go of.
	x2 := portal(t)
	clear(bodies)
	for _, p := range x2.All {
		bodies[p] = p.Body
	}
	for _, lx := range x2.Langs() {
		for _, p := range lx.All {
			bodies[p] = p.Body
		}
	}
	for p, b := range bodies {
		c.Add(p, b)
	}
	if got, want := filesOf(t, c, x2), fresh(x2); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Fatalf("for a site resolved afresh, the index differs from a fresh Collector's:\n%s", diffPaths(got, want))
	}
}

// filesOf returns the index files c makes of x, by path.
func filesOf(t *testing.T, c *search.Collector, x *resolve.Index) map[string][]byte {
	t.Helper()
	_, files, diags := c.Generate(x)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Data
	}
	return out
}

// diffPaths lists the paths that are in only one of a and b, or differ.
func diffPaths(a, b map[string][]byte) string {
	var out []byte
	for _, p := range slices.Sorted(maps.Keys(a)) {
		if d, ok := b[p]; !ok || !bytes.Equal(d, a[p]) {
			out = append(out, "  got  "+p+"\n"...)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(b)) {
		if d, ok := a[p]; !ok || !bytes.Equal(d, b[p]) {
			out = append(out, "  want "+p+"\n"...)
		}
	}
	return string(out)
}
