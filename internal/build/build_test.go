package build_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"io/fs"
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

// TestTransient builds with Options.Transient, whose pages are rendered
// into the memory of the pages sent before them, with a sink that copies
// what it is sent, and expects what a sink that keeps the files gets: a
// page's bytes must be whole until the sink returns, and each page's own.
func TestTransient(t *testing.T) {
	fsys := loadSite(t, "testdata/small.txtar")
	var kept, copied sitetest.Collect
	build.Run(t.Context(), fsys, build.Options{}, kept.Sink)
	build.Run(t.Context(), fsys, build.Options{Transient: true}, func(f site.File) error {
		f.Data = bytes.Clone(f.Data)
		return copied.Sink(f)
	})
	if len(kept.Files) == 0 || !bytes.Equal(archive(&kept), archive(&copied)) {
		t.Fatalf("a transient build sent other bytes, or built nothing (%d files):\n%s", len(kept.Files),
			diff.Diff("kept", archive(&kept), "transient", archive(&copied)))
	}
}

// editingFS is a site whose file changes after it is first read, as when
// someone saves it during a build.
type editingFS struct {
	fstest.MapFS
	file  string
	after []byte
	reads int
}

func (e *editingFS) Open(name string) (fs.File, error) {
	if name == e.file {
		e.reads++
		if e.reads > 1 {
			e.MapFS[name] = &fstest.MapFile{Data: e.after}
		}
	}
	return e.MapFS.Open(name)
}

func (e *editingFS) ReadFile(name string) ([]byte, error) {
	f, err := e.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// TestFileChangedDuringBuild reads a page's body again when it renders
// the page, as every build does: a file changed since it was loaded fails
// the build, naming the file, rather than mixing its old front matter
// with its new body.
func TestFileChangedDuringBuild(t *testing.T) {
	fsys := loadSite(t, "testdata/small.txtar")
	const file = "content/guides/online.md"
	before, ok := fsys[file]
	if !ok {
		t.Fatalf("%s is not in the small site", file)
	}
	e := &editingFS{MapFS: fsys, file: file, after: append(bytes.Clone(before.Data), "More.\n"...)}
	var c sitetest.Collect
	res := build.Run(t.Context(), e, build.Options{}, c.Sink)
	if e.reads < 2 {
		t.Fatalf("%s was read %d times, want it read again when rendered", file, e.reads)
	}
	var got strings.Builder
	res.Diags.Print(&got)
	want := file + ": error: the file changed while the site was being built (build again) [read]"
	unedited := build.Run(t.Context(), loadSite(t, "testdata/small.txtar"), build.Options{}, nil)
	if !strings.Contains(got.String(), want) || res.Diags.Errors() != unedited.Diags.Errors()+1 {
		t.Errorf("diagnostics:\n%s\nwant those of the unedited site and:\n%s", got.String(), want)
	}
	if _, ok := c.Files["guides/online/index.html"]; ok {
		t.Errorf("the changed page was published")
	}
}
