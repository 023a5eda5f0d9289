package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

func testFiles() map[string]site.File {
	page := func(s string) site.File {
		return site.File{Type: "text/html", Data: []byte("<!DOCTYPE html><html><head><title>" + s + "</title></head><body class=x><main>" + s + "</main></body></html>")}
	}
	// A build's session keeps its pages deflated; serve inflates them.
	return map[string]site.File{
		"index.html":          page("Home"),
		"guides/index.html":   page("Guides"),
		"guides/a/index.html": site.Deflate(page("Guide A")),
		"404.html":            site.Deflate(page("Page not found")),
		"css/site.css":        {Data: []byte("body{color:#000}")},
	}
}

func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://example.org/", nil)
	req.URL.Path = target // as sent, not cleaned
	req.RequestURI = target
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFiles(t *testing.T) {
	s := New()
	s.Swap(testFiles(), "/wayfinder/")
	tests := []struct {
		path   string
		status int
		want   string // in the body, or the Location for a redirect
	}{
		{"/wayfinder/", 200, "<main>Home</main>"},
		{"/wayfinder/guides/", 200, "<main>Guides</main>"},
		{"/wayfinder/guides/a/", 200, "<main>Guide A</main>"},
		{"/wayfinder/guides/a/index.html", 200, "<main>Guide A</main>"},
		{"/wayfinder/css/site.css", 200, "body{color:#000}"},
		{"/wayfinder/guides/a", 301, "/wayfinder/guides/a/"},
		{"/wayfinder", 302, "/wayfinder/"},
		{"/", 302, "/wayfinder/"},
		{"/wayfinder/nothing/", 404, "<main>Page not found</main>"},
		{"/index.html", 404, "<main>Page not found</main>"},
		{"/wayfinder/../wayfinder/index.html", 404, "Page not found"},
		{"/wayfinder/guides/../index.html", 404, "Page not found"},
		{"/wayfinder/./index.html", 404, "Page not found"},
		{"/wayfinder//index.html", 404, "Page not found"},
		{"/wayfinder/guides\\a/", 404, "Page not found"},
		{"/wayfinder/content/", 404, "Page not found"},
		{"/wayfinder/site.yaml", 404, "Page not found"},
	}
	for _, tt := range tests {
		res := get(t, s, tt.path)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.path, res.StatusCode, tt.status)
			continue
		}
		got := body(t, res)
		if tt.status/100 == 3 {
			got = res.Header.Get("Location")
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("GET %s = %q, want it to contain %q", tt.path, got, tt.want)
		}
	}
}

func TestInjectsScriptIntoHTMLOnly(t *testing.T) {
	s := New()
	s.Swap(testFiles(), "/")
	s.Reload(Pages, nil)
	page := body(t, get(t, s, "/guides/"))
	want := `<main>Guides</main><script src="` + ScriptPath + `" data-version="1"></script></body>`
	if !strings.Contains(page, want) {
		t.Errorf("GET /guides/ = %q, want it to contain %q", page, want)
	}
	if css := body(t, get(t, s, "/css/site.css")); css != "body{color:#000}" {
		t.Errorf("GET /css/site.css = %q, want the file as it is", css)
	}
	res := get(t, s, ScriptPath)
	if js := body(t, res); !strings.Contains(js, "EventSource") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("GET %s = %q (%s), want the script", ScriptPath, js, res.Header.Get("Content-Type"))
	}
}

// TestProblemsInPageLanguage shows the problem box over pages in English,
// Welsh and a language the site has no words for: the heading and
// sentence are in the page's language, and the diagnostics, the tool's
// English, are marked as English on a page in another language.
func TestProblemsInPageLanguage(t *testing.T) {
	words := func(lang string, n int) (string, string, bool) {
		switch lang {
		case "en-GB":
			return fmt.Sprintf("The site did not build: %d error", n), "Fix these problems and save the file.", true
		case "cy":
			return fmt.Sprintf("Ni chafodd y wefan ei hadeiladu: %d gwall", n), "Cywirwch y problemau hyn.", true
		}
		return "", "", false
	}
	page := func(lang, s string) site.File {
		return site.File{Type: "text/html", Data: []byte(`<!DOCTYPE html><!-- x --><html lang="` + lang + `"><head><title>` + s + `</title></head><body><main>` + s + `</main></body></html>`)}
	}
	s := New()
	s.Swap(map[string]site.File{
		"index.html":    page("en-GB", "Home"),
		"cy/index.html": page("cy", "Hafan"),
		"fr/index.html": page("fr", "Accueil"),
	}, "/")
	s.SetWords(words)
	s.SetProblems(diag.List{{Pos: diag.Pos{File: "content/guides/a.cy.md", Line: 4, Col: 3}, Code: "yaml", Msg: "the front matter is not valid YAML"}})
	for _, tc := range []struct {
		url  string
		want []string
		not  string
	}{
		{"/", []string{`<section id="wayfinder-problems" lang="en-GB"`, `>The site did not build: 1 error</h2>`, `Fix these problems and save the file`}, ` lang="en" `},
		{"/cy/", []string{`<section id="wayfinder-problems" lang="cy"`, `>Ni chafodd y wefan ei hadeiladu: 1 gwall</h2>`, `Cywirwch y problemau hyn`, `<div lang="en" `, `the front matter is not valid YAML`}, `The site did not build`},
		{"/fr/", []string{`<section id="wayfinder-problems" lang="en"`, `>The site did not build: 1 error</h2>`}, `gwall`},
	} {
		got := body(t, get(t, s, tc.url))
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("GET %s = %q, want it to contain %q", tc.url, got, w)
			}
		}
		if strings.Contains(got, tc.not) {
			t.Errorf("GET %s = %q, want no %q", tc.url, got, tc.not)
		}
	}
}

func TestProblems(t *testing.T) {
	s := New()
	s.Swap(testFiles(), "/")
	s.SetProblems(diag.List{
		{Pos: diag.Pos{File: "content/guides/a.md", Line: 4, Col: 3}, Code: "yaml", Msg: "the front matter is not valid YAML", Hint: "check the indent"},
		{Pos: diag.Pos{File: "layouts/_default/single.html", Line: 2, Col: 7}, Code: "template", Msg: "function \"nope\" not defined"},
		{Pos: diag.Pos{File: "content/guides/a.md", Line: 9}, Severity: diag.Warning, Code: "alt-text", Msg: "image has no alt text"},
	})
	page := body(t, get(t, s, "/guides/a/"))
	for _, want := range []string{
		`<body class=x><section id="wayfinder-problems" lang="en" aria-labelledby="wayfinder-problems-title"`,
		`<div role="alert"`,
		`The site did not build: 2 errors</h2>`,
		`>content/guides/a.md</h3>`,
		`<code style="all:revert;font:700 1em/1.5 ui-monospace,Menlo,Consolas,monospace;color:inherit">content/guides/a.md:4:3</code>: the front matter is not valid YAML (check the indent)`,
		`layouts/_default/single.html:2:7</code>: function &#34;nope&#34; not defined`,
		`<main>Guide A</main>`, // the last good build, under the problems
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page with problems = %q, want it to contain %q", page, want)
		}
	}
	if strings.Contains(page, "alt text") {
		t.Errorf("page with problems shows warnings: %q", page)
	}
	s.Swap(testFiles(), "/")
	if page := body(t, get(t, s, "/guides/a/")); strings.Contains(page, "wayfinder-problems") {
		t.Errorf("problems still shown after a good build: %q", page)
	}
}

func TestBeforeFirstBuild(t *testing.T) {
	s := New()
	res := get(t, s, "/anything/")
	if page := body(t, res); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(page, "<h1>The site is being built</h1>") {
		t.Errorf("GET before a build: %d %q", res.StatusCode, page)
	}
	s.SetProblems(diag.List{{Pos: diag.Pos{File: "site.yaml", Line: 1, Col: 1}, Code: "config", Msg: "bad"}})
	res = get(t, s, "/anything/")
	page := body(t, res)
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(page, `role="alert"`) || !strings.Contains(page, "site.yaml:1:1</code>: bad") || !strings.Contains(page, "<h1 ") {
		t.Errorf("GET after a failed first build: %d %q", res.StatusCode, page)
	}
}

// events opens the event stream and returns the events as "name data".
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+EventsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream has Content-Type %q", ct)
	}
	out := make(chan string, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				out <- name + " " + strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		res.Body.Close()
		<-done
	})
	return out
}

func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("event stream ended")
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return ""
}

func TestEvents(t *testing.T) {
	s := New()
	s.Swap(testFiles(), "/")
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	s.Swap(testFiles(), "/wayfinder/")
	ch := events(t, ts.URL)
	for _, tt := range []struct {
		reload func()
		want   string
	}{
		{func() {}, `hello {"v":0}`},
		{func() { s.Reload(Pages, nil) }, `reload {"v":1}`},
		{func() { s.Reload(Pages, []string{"guides/a/index.html", "css/site.css"}) }, `reload {"v":2,"paths":["/wayfinder/css/site.css","/wayfinder/guides/a/"]}`},
		{func() { s.Reload(Styles, nil) }, `styles {"v":3}`},
	} {
		tt.reload()
		if e := next(t, ch); e != tt.want {
			t.Errorf("event %q, want %q", e, tt.want)
		}
	}
}

// TestCloseEndsStreams checks that Close ends open event streams, so that
// the HTTP server can shut down.
func TestCloseEndsStreams(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s)
	defer ts.Close()
	ch := events(t, ts.URL)
	next(t, ch)
	s.Close()
	select {
	case _, ok := <-ch:
		if ok {
			t.Error("an event after Close")
		}
	case <-time.After(10 * time.Second):
		t.Error("the stream did not end")
	}
}
