package build_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

var update = flag.Bool("update", false, "update golden files")

// loadSite reads a txtar archive of a site into an in-memory file system.
func loadSite(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// collect is a sink that keeps every file in memory.
type collect struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (c *collect) sink(f site.File) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	c.files[f.Path] = f.Data
	return nil
}

func (c *collect) archive() []byte {
	names := make([]string, 0, len(c.files))
	for n := range c.files {
		names = append(names, n)
	}
	slices.Sort(names)
	a := &txtar.Archive{Comment: []byte("Output of building small.txtar, before minification. Regenerate with go test -update.\n")}
	for _, n := range names {
		data := c.files[n]
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
	var c collect
	res := build.Run(t.Context(), fsys, build.Options{}, c.sink)
	var diags strings.Builder
	res.Diags.Print(&diags)
	c.sink(site.File{Path: "DIAGNOSTICS", Data: []byte(diags.String())})
	got := c.archive()
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
	var a, b collect
	build.Run(context.Background(), fsys, build.Options{}, a.sink)
	build.Run(context.Background(), fsys, build.Options{}, b.sink)
	if len(a.files) == 0 || !bytes.Equal(a.archive(), b.archive()) {
		t.Fatalf("two builds of the same input differ, or built nothing (%d files)", len(a.files))
	}
}
