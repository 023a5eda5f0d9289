// Package sitetest helps tests build small sites: it reads a whole site
// from one txtar archive into memory, loads and resolves it, and collects
// what a build writes. Only tests import it.
package sitetest

import (
	"io/fs"
	"maps"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// FS reads the txtar archive at path into an in-memory file system, one
// file per archive entry.
func FS(t testing.TB, path string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// Resolve loads the site in fsys and resolves it, failing the test if the
// site has errors.
func Resolve(t testing.TB, fsys fs.FS) *resolve.Index {
	t.Helper()
	cfg, diags := config.Load(fsys)
	loaded, d := content.Load(t.Context(), fsys, cfg, content.Options{})
	diags.Append(d)
	x, d := resolve.Resolve(cfg, loaded.Pages, nil, loaded.Skipped)
	diags.Append(d)
	if diags.Errors() > 0 {
		t.Fatalf("the site has errors:\n%v", diags)
	}
	return x
}

// Collect is a build sink that keeps every file in memory. Its zero value
// is ready to use, and Sink is safe for concurrent use.
type Collect struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// Sink keeps f.
func (c *Collect) Sink(f site.File) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Files == nil {
		c.Files = map[string][]byte{}
	}
	c.Files[f.Path] = f.Data
	return nil
}

// Paths returns the paths of the files kept, sorted.
func (c *Collect) Paths() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Sorted(maps.Keys(c.Files))
}
