package build_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

var update = flag.Bool("update", false, "update golden files")

// loadSite reads a txtar archive of a site into an in-memory file system.
func loadSite(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	return sitetest.FS(t, name)
}

// archive writes the collected files as one txtar archive, sorted by path.
func archive(c *sitetest.Collect) []byte {
	names := c.Paths()
	a := &txtar.Archive{Comment: []byte("Output of building small.txtar, before minification. Regenerate with go test -update.\n")}
	for _, n := range names {
		data := c.Files[n]
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		a.Files = append(a.Files, txtar.File{Name: n, Data: data})
	}
	return txtar.Format(a)
}

// TestGolden builds a small site with every kind of page and compares the
// output, unminified, with the golden archive.
func TestGolden(t *testing.T) {
	fsys := loadSite(t, "testdata/small.txtar")
	var c sitetest.Collect
	res := build.Run(t.Context(), fsys, build.Options{}, c.Sink)
	var diags strings.Builder
	res.Diags.Print(&diags)
	c.Sink(site.File{Path: "DIAGNOSTICS", Data: []byte(diags.String())})
	got := archive(&c)
	golden := filepath.Join("testdata", "small.golden.txtar")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("build output differs from %s (-want +got):\n%s", golden, diff.Diff("want", want, "got", got))
	}
}

// TestDeterministic builds the same site twice, with many pages rendered
// concurrently, and expects identical files.
func TestDeterministic(t *testing.T) {
	fsys := loadSite(t, "testdata/small.txtar")
	var a, b sitetest.Collect
	build.Run(context.Background(), fsys, build.Options{}, a.Sink)
	build.Run(context.Background(), fsys, build.Options{}, b.Sink)
	if len(a.Files) == 0 || !bytes.Equal(archive(&a), archive(&b)) {
		t.Fatalf("two builds of the same input differ, or built nothing (%d files)", len(a.Files))
	}
}
