package sitecheck

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/gensite"
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
	files, res := buildMinified(t, root.FS())
	probs := Check(&Site{Files: files, BasePath: res.Config.BasePath})
	for _, p := range probs {
		t.Error(p)
	}
	t.Logf("checked %d files", len(files))
	checkSourceLangs(t, files, res.Index.All)
}

// checkSourceLangs expects every source, and every elsewhere entry of a
// guide, whose label is in another language than its page (its lang
// field) to be a link marked with that language on the page, so that a
// screen reader reads it in the right voice (WCAG 2.2, 3.1.2).
func checkSourceLangs(t *testing.T, files map[string][]byte, pages []*site.Page) {
	t.Helper()
	type link struct{ url, label, lang string }
	n := 0
	for _, p := range pages {
		var want []link
		for _, s := range p.Sources {
			want = append(want, link{unescaped(s.URL), s.Label, s.Lang})
		}
		if p.Guide != nil {
			for _, e := range p.Guide.Elsewhere {
				want = append(want, link{unescaped(e.URL), e.Label, e.Lang})
			}
		}
		out := p.Path + "index.html"
		data, ok := files[out]
		if !ok || len(want) == 0 {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		got := map[link]bool{}
		for a := range doc.Descendants() {
			if a.Type != html.ElementNode || a.DataAtom != atom.A {
				continue
			}
			l := link{label: text(a)}
			for _, at := range a.Attr {
				switch at.Key {
				case "href":
					l.url = unescaped(at.Val)
				case "lang":
					l.lang = at.Val
				}
			}
			got[l] = true
		}
		for _, l := range want {
			if l.lang != "" {
				n++
			}
			if !got[l] {
				t.Errorf("%s: no link to %s reading %q with lang %q", out, l.url, l.label, l.lang)
			}
		}
	}
	if n == 0 {
		t.Error("no source in the portal has a lang: the check checked nothing")
	}
}

// unescaped is a URL with its escapes undone, as layouts escape some
// characters a source's URL writes plainly, such as ( and ).
func unescaped(u string) string {
	if s, err := url.PathUnescape(u); err == nil {
		return s
	}
	return u
}

// buildMinified builds the site in fsys, minified as it is published,
// and returns its files by output path and the path its URLs start with.
func buildMinified(t *testing.T, fsys fs.FS) (map[string][]byte, *build.Result) {
	t.Helper()
	m := publish.Minifier()
	var mu sync.Mutex
	files := map[string][]byte{}
	res := build.Run(t.Context(), fsys, build.Options{}, func(f site.File) error {
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
		t.Fatalf("the site has %d errors:\n%v", n, res.Diags)
	}
	return files, res
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

func TestWeigh(t *testing.T) {
	page := []byte(`<!DOCTYPE html><html><head><link rel="stylesheet" href="/b/css/a.css"><link rel=stylesheet href=../x.css><link rel="icon" href="/b/icon.svg"></head><body><p>text</p></body></html>`)
	sizes := map[string]int{"css/a.css": 1000, "x.css": 30, "icon.svg": 5000}
	got := Weigh("about/index.html", page, "/b/", func(name string) int { return sizes[name] })
	if want := len(page) + 1000 + 30; got != want {
		t.Errorf("Weigh = %d, want %d (the HTML and its two stylesheets, not the icon)", got, want)
	}
}

// TestGeneratedSite builds a generated site large enough that every
// section, term and the A to Z run to several pages of lists, minified
// as it is published, and checks every page of it: the lists must stay
// within the page budget whatever the site's size, since each page of a
// list holds at most lists.page_size entries. (benchcmp weighs every
// page of a 10,000-page site the same way.)
func TestGeneratedSite(t *testing.T) {
	dir := t.TempDir()
	if err := gensite.Write(dir, 240, 1); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	files, res := buildMinified(t, root.FS())
	lists := 0
	for name := range files {
		if strings.Contains(name, "/page/") {
			lists++
		}
	}
	if lists < 8 {
		t.Fatalf("the generated site has %d pages of lists after the first; want one for each section at least", lists)
	}
	// The portal's layouts and the generated site.yaml link to pages of
	// the portal's own that a generated site does not have.
	portalOnly := []string{"/about/", "/accessibility-statement/", "/finder/", "/finder/start-here/"}
	for _, p := range Check(&Site{Files: files, BasePath: res.Config.BasePath}) {
		if l, ok := strings.CutPrefix(p.Msg, "broken link "); ok {
			if l, _, _ = strings.Cut(l, ":"); slices.Contains(portalOnly, strings.Trim(l, `"`)) {
				continue
			}
		}
		t.Error(p)
	}
}
