package sitecheck

import (
	"os"
	"sync"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/publish"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// TestSamplePortal builds the repository's own portal, minified as it is
// published, and checks every page of it.
func TestSamplePortal(t *testing.T) {
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	m := publish.Minifier()
	var mu sync.Mutex
	files := map[string][]byte{}
	res := build.Run(t.Context(), root.FS(), build.Options{}, func(f site.File) error {
		data, err := publish.Minify(m, firstNonEmpty(f.Type, publish.TypeOf(f.Path)), f.Data)
		if err != nil {
			return err
		}
		mu.Lock()
		files[f.Path] = data
		mu.Unlock()
		return nil
	})
	if n := res.Diags.Errors(); n > 0 {
		t.Fatalf("the sample portal has %d errors:\n%v", n, res.Diags)
	}
	probs := Check(&Site{Files: files, BasePath: res.Config.BasePath})
	for _, p := range probs {
		t.Error(p)
	}
	t.Logf("checked %d files", len(files))
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestCheckFinds(t *testing.T) {
	good := `<!DOCTYPE html><html lang="en"><head><title>About – Site</title><link rel="stylesheet" href="/b/s.css"></head><body><a href="#main-content">Skip</a><nav aria-label="Main"><a href="/b/x/#part">x</a></nav><main id="main-content"><h1>About</h1></main></body></html>`
	bad := `<!DOCTYPE html><html><head><title>About – Site</title></head><body><button>x</button><nav><a href="/b/missing/">m</a><a href="/b/x/#nope">n</a></nav><h1>A</h1><h1>B</h1></body></html>`
	x := `<!DOCTYPE html><html lang="en"><head><title>X</title></head><body><a href="#main-content">Skip</a><main id="main-content"><h1 id="part">X</h1></main></body></html>`
	probs := Check(&Site{BasePath: "/b/", Files: map[string][]byte{
		"about/index.html": []byte(good), "bad/index.html": []byte(bad), "x/index.html": []byte(x), "s.css": make([]byte, 100),
		"heavy/index.html": []byte(good + string(make([]byte, Budget))),
	}})
	got := map[string]int{}
	for _, p := range probs {
		got[p.Page]++
	}
	if got["about/index.html"] != 0 || got["x/index.html"] != 0 {
		t.Errorf("problems on good pages: %v", probs)
	}
	// bad: no lang, duplicate title, 2 h1s, no main, first focus a button,
	// no main-content id, a nav without a label, a missing page, a missing id.
	if got["bad/index.html"] != 9 {
		t.Errorf("bad page: %d problems, want 9: %v", got["bad/index.html"], probs)
	}
	if got["heavy/index.html"] != 2 { // over budget, and its title repeats about's
		t.Errorf("heavy page: %d problems, want 2: %v", got["heavy/index.html"], probs)
	}
}
