package finder_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

var update = flag.Bool("update", false, "update golden files")

// root is the repository root, whose layouts/ and static/ hold the real
// finder layouts and script.
const root = "../.."

// finderFiles are the files of the repository that every test site gets:
// the finder's own layouts, partials, style sheet and script.
func finderFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var names []string
	for _, pattern := range []string{"layouts/finder/*.html", "layouts/partials/finder-*.html", "layouts/partials/status-tag.html", "layouts/partials/dated-note.html", "layouts/i18n/*.yaml", "static/css/finder.css", "static/js/finder.js"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil || len(m) == 0 {
			t.Fatalf("no files match %s", pattern)
		}
		names = append(names, m...)
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, n)
		out[filepath.ToSlash(rel)] = data
	}
	return out
}

// siteFS returns the site in a txtar archive, with the finder's files
// from the repository added and the files of extra laid over it.
func siteFS(t *testing.T, archive string, extra map[string]string) fstest.MapFS {
	t.Helper()
	fsys := sitetest.FS(t, archive)
	for name, data := range finderFiles(t) {
		if _, ok := fsys[name]; !ok { // the archive's own files win
			fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
	}
	for name, data := range extra {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// TestGolden builds the small site and compares the finder's pages, its
// JSON and the not-found page, unminified, with the golden archive.
func TestGolden(t *testing.T) {
	var c sitetest.Collect
	res := build.Run(t.Context(), siteFS(t, "testdata/small.txtar", nil), build.Options{}, c.Sink)
	if len(res.Diags) > 0 {
		t.Fatalf("building the small site:\n%v", res.Diags)
	}
	var names []string
	for n := range c.Files {
		if strings.HasPrefix(n, "finder/") || n == "404.html" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	a := &txtar.Archive{Comment: []byte("The finder pages of testdata/small.txtar, before minification. Regenerate with go test -update.\n")}
	for _, n := range names {
		a.Files = append(a.Files, txtar.File{Name: n, Data: c.Files[n]})
	}
	got := txtar.Format(a)
	const golden = "testdata/small.golden.txtar"
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
		t.Errorf("finder pages differ from %s (-want +got):\n%s", golden, diff.Diff("want", want, "got", got))
	}
}
