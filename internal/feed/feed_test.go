package feed_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/feed"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

var update = flag.Bool("update", false, "update golden files")

// load reads a site from a txtar archive and resolves it.
func load(t *testing.T, name string) *resolve.Index {
	t.Helper()
	return sitetest.Resolve(t, sitetest.FS(t, name))
}

// golden compares files with a golden archive, or rewrites it with -update.
func golden(t *testing.T, name string, files []site.File) {
	t.Helper()
	a := &txtar.Archive{Comment: []byte("Feeds of testdata/site.txtar. Regenerate with go test -update.\n")}
	for _, f := range files {
		a.Files = append(a.Files, txtar.File{Name: f.Path, Data: f.Data})
	}
	got := txtar.Format(a)
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
		t.Errorf("feeds differ from %s (-want +got):\n%s", name, diff.Diff("want", want, "got", got))
	}
}

func TestGolden(t *testing.T) {
	_, files, diags := feed.Generate(load(t, "testdata/site.txtar"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	golden(t, "testdata/feeds.golden.txtar", files)
}

// TestFeeds parses every feed as XML and checks what a feed reader relies
// on: the entries newest first, each with an id, a link and an updated
// time, and an updated time for the feed that is its newest entry's.
func TestFeeds(t *testing.T) {
	_, files, _ := feed.Generate(load(t, "testdata/site.txtar"))
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
		if f.Type != feed.MediaType {
			t.Errorf("%s: type %q, want %q", f.Path, f.Type, feed.MediaType)
		}
	}
	if want := []string{"feed.xml", "guides/feed.xml", "pathfinders/feed.xml", "pathways/feed.xml"}; !slices.Equal(paths, want) {
		t.Fatalf("feeds = %v, want %v", paths, want)
	}
	order := map[string][]string{
		// Same date: the reviewed guide first. Undated pages last, the
		// reviewed one first.
		"feed.xml":             {"Use the NHS App", "Town project", "An older guide", "Getting online", "Village project"},
		"guides/feed.xml":      {"Use the NHS App", "An older guide", "Getting online"},
		"pathfinders/feed.xml": {"Town project", "Village project"},
		"pathways/feed.xml":    {"Health data analyst"},
	}
	for _, f := range files {
		var got feed.Feed
		if err := xml.Unmarshal(f.Data, &got); err != nil {
			t.Errorf("%s does not parse as XML: %v", f.Path, err)
			continue
		}
		if got.XMLName.Space != "http://www.w3.org/2005/Atom" || got.ID == "" || got.Title == "" || got.Author == nil {
			t.Errorf("%s: not a complete Atom feed: %+v", f.Path, got)
		}
		var titles []string
		var newest time.Time
		for _, e := range got.Entry {
			titles = append(titles, e.Title)
			u, err := time.Parse(time.RFC3339, string(e.Updated))
			if err != nil || e.ID == "" || len(e.Link) == 0 {
				t.Errorf("%s: entry %q has id %q, links %v, updated %q (%v)", f.Path, e.Title, e.ID, e.Link, e.Updated, err)
			}
			if u.After(newest) {
				newest = u
			}
		}
		if !slices.Equal(titles, order[f.Path]) {
			t.Errorf("%s entries = %q, want %q", f.Path, titles, order[f.Path])
		}
		if string(got.Updated) != string(feed.Time(newest)) {
			t.Errorf("%s updated = %s, want its newest entry's, %s", f.Path, got.Updated, feed.Time(newest))
		}
	}
}

// TestUndated checks that a page with no date takes the newest date of the
// site, not the time of the build.
func TestUndated(t *testing.T) {
	_, files, _ := feed.Generate(load(t, "testdata/site.txtar"))
	var f feed.Feed
	if err := xml.Unmarshal(files[0].Data, &f); err != nil {
		t.Fatal(err)
	}
	last := f.Entry[len(f.Entry)-1]
	if last.Title != "Village project" || last.Updated != "2026-10-01T00:00:00Z" || last.Published != "" {
		t.Errorf("undated entry = %q updated %s published %q, want Village project updated 2026-10-01T00:00:00Z, not published", last.Title, last.Updated, last.Published)
	}
}
