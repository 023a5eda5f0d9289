package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/serve"
)

// tinySite is a small site served under a base path.
const tinySite = `
-- site.yaml --
title: Test site
baseURL: https://example.org/wayfinder/
language: en-GB
vocabularies:
  levels: [first-steps, getting-confident]
  topics: [getting-online]
-- content/_index.md --
---
title: Test site
---
Welcome.
-- content/about.md --
---
title: About
description: About this site.
---
## Who we are

We are a test.
-- content/guides/_index.md --
---
title: Guides
---
All the guides.
-- content/guides/first-steps.md --
---
title: First steps
description: Your first steps online.
level: first-steps
topics: [getting-online]
time_to_complete: 10 minutes
reviewed: 2026-11-01
sources: [{label: Example source, url: "https://example.org/source", checked: 2026-11-01}]
---
## Switch it on

Press the button. Read [about us](../about.md#who-we-are).
-- static/css/site.css --
body { color: #0b0c0c; }
-- layouts/_default/baseof.html --
<!DOCTYPE html>
<html lang="{{.Site.Language}}">
<head><title>{{.Page.Title}} – {{.Site.Title}}</title>
<link rel="stylesheet" href="{{asset "css/site.css"}}"></head>
<body>
<main id="main-content">
{{block "main" .}}{{end}}
</main>
</body>
</html>
-- layouts/_default/single.html --
{{define "main"}}<h1>{{.Page.Title}}</h1>
{{.Content}}{{end}}
-- layouts/_default/list.html --
{{define "main"}}<h1>{{.Page.Title}}</h1>
{{.Content}}
<ul>{{range .Pages}}<li><a href="{{.URL}}">{{.Title}}</a></li>{{end}}</ul>{{end}}
-- layouts/index.html --
{{define "main"}}<h1>{{.Site.Title}}</h1>{{.Content}}{{end}}
-- layouts/404.html --
{{define "main"}}<h1>Page not found</h1>{{end}}
-- layouts/search.html --
{{define "main"}}<h1>{{.Page.Title}}</h1><form data-search-manifest="{{.Data.ManifestURL}}"></form>{{end}}
`

// syncBuffer is a buffer that many goroutines may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// preview is a running wayfinder serve on a copy of a site.
type previewTest struct {
	t      *testing.T
	dir    string
	url    string
	stderr *syncBuffer
	client *http.Client
	stop   func() error
}

// startServe copies the site in archive into a new folder and serves it,
// with the options set by each of opts.
func startServe(t *testing.T, archive string, opts ...func(*serveOptions)) *previewTest {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncBuffer{}
	env := &Env{Stdout: io.Discard, Stderr: stderr, Log: slog.New(slog.NewTextHandler(stderr, nil)),
		Dir: dir, Now: time.Now, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	o := &serveOptions{Source: ".", Bind: "127.0.0.1"}
	for _, f := range opts {
		f(o)
	}
	go func() {
		done <- runServe(ctx, env, o, ln, func(url string) { ready <- url })
	}()
	p := &previewTest{t: t, dir: dir, stderr: stderr, client: &http.Client{Transport: &http.Transport{}}}
	select {
	case p.url = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not start\n%s", stderr)
	}
	stopped := false
	p.stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		p.client.CloseIdleConnections()
		return <-done
	}
	t.Cleanup(func() {
		if err := p.stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return p
}

func (p *previewTest) write(name, data string) {
	p.t.Helper()
	if err := os.WriteFile(filepath.Join(p.dir, name), []byte(data), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *previewTest) read(name string) string {
	p.t.Helper()
	b, err := os.ReadFile(filepath.Join(p.dir, name))
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

// get returns the status and body of a page of the site.
func (p *previewTest) get(path string) (int, string) {
	p.t.Helper()
	res, err := p.client.Get(strings.TrimSuffix(p.url, "/wayfinder/") + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// events opens the event stream, as a page does, and returns its events
// as "name data", from the first, which gives the current version.
func (p *previewTest) events() <-chan string {
	p.t.Helper()
	ctx, cancel := context.WithCancel(p.t.Context())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(p.url, "/wayfinder/")+serve.EventsPath, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	res, err := p.client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	out := make(chan string, 100)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		sc := bufio.NewScanner(res.Body)
		name := ""
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				name = v
			} else if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				out <- name + " " + v
			}
		}
	}()
	p.t.Cleanup(func() {
		cancel()
		res.Body.Close()
		<-done
	})
	<-out // the current version
	return out
}

// await waits for the next event; the deadline only keeps a broken test
// from hanging.
func (p *previewTest) await(ch <-chan string) string {
	p.t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			p.t.Fatalf("the event stream ended\n%s", p.stderr)
		}
		return e
	case <-time.After(30 * time.Second):
		p.t.Fatalf("no reload event\n%s", p.stderr)
	}
	return ""
}

// until waits, event by event, for the page at path to have status and
// to contain every one of wants, and returns the events it saw. Other
// rebuilds may come first, such as one for an editor's backup file.
func (p *previewTest) until(ch <-chan string, path string, status int, wants ...string) []string {
	p.t.Helper()
	var seen []string
	for {
		seen = append(seen, p.await(ch))
		got, page := p.get(path)
		if got == status && !slices.ContainsFunc(wants, func(w string) bool { return !strings.Contains(page, w) }) {
			return seen
		}
		if len(seen) > 20 {
			p.t.Fatalf("after %d events, GET %s = %d %q, want %d and %q", len(seen), path, got, page, status, wants)
		}
	}
}

// untilSearchHas waits, event by event, for the search index the search
// page names to hold a word: the manifest names the word lists, by
// length, that hold every term.
func (p *previewTest) untilSearchHas(ch <-chan string, word string) {
	p.t.Helper()
	manifestURL := regexp.MustCompile(`data-search-manifest="([^"]+)"`)
	for i := 0; ; i++ {
		_, page := p.get("/wayfinder/search/")
		if m := manifestURL.FindStringSubmatch(page); m != nil {
			var manifest struct{ Words [][2]any }
			if _, data := p.get(m[1]); json.Unmarshal([]byte(data), &manifest) == nil {
				for _, w := range manifest.Words {
					if _, list := p.get(fmt.Sprintf("/wayfinder/search/w.%v.json", w[1])); strings.Contains(list, `"`+word+`"`) {
						return
					}
				}
			}
		}
		if i > 20 {
			p.t.Fatalf("after %d events the search index does not hold %q", i, word)
		}
		p.await(ch)
	}
}

func (p *previewTest) want(path string, status int, wants ...string) string {
	p.t.Helper()
	got, page := p.get(path)
	if got != status {
		p.t.Errorf("GET %s: status %d, want %d\n%s", path, got, status, page)
	}
	for _, w := range wants {
		if !strings.Contains(page, w) {
			p.t.Errorf("GET %s = %q, want it to contain %q", path, page, w)
		}
	}
	return page
}

func TestServe(t *testing.T) {
	p := startServe(t, tinySite)
	if !strings.HasPrefix(p.url, "http://127.0.0.1:") || !strings.HasSuffix(p.url, "/wayfinder/") {
		t.Errorf("serving at %s, want http://127.0.0.1:PORT/wayfinder/", p.url)
	}
	if !strings.Contains(p.stderr.String(), "at "+p.url) {
		t.Errorf("the URL was not printed:\n%s", p.stderr)
	}
	page := p.want("/wayfinder/about/", 200, "We are a test.", `<script src="`+serve.ScriptPath+`"`)
	p.want("/wayfinder/guides/first-steps/", 200, `href="/wayfinder/about/#who-we-are"`, `href="/wayfinder/css/site.`)
	p.want("/wayfinder/no-such-page/", 404, "<h1>Page not found</h1>")
	p.want("/wayfinder/content/about.md", 404, "<h1>Page not found</h1>")
	p.want("/wayfinder/../site.yaml", 404)
	p.want("/", 200, "<h1>Test site</h1>") // redirected to the base path
	if _, err := os.Stat(filepath.Join(p.dir, "public")); err == nil {
		t.Error("serve wrote public/")
	}
	ev := p.events()
	about := p.read("content/about.md")

	t.Run("edit", func(t *testing.T) {
		p.t = t
		p.write("content/about.md", strings.Replace(about, "We are a test.", "We are an edited test.", 1))
		seen := p.until(ev, "/wayfinder/about/", 200, "We are an edited test.")
		if e := seen[len(seen)-1]; !strings.HasPrefix(e, "reload ") || !strings.Contains(e, `"/wayfinder/about/"`) {
			t.Errorf("event %q, want a reload of /wayfinder/about/", e)
		}
	})

	t.Run("broken front matter", func(t *testing.T) {
		p.t = t
		p.write("content/about.md", "---\ntitle: About\ndescription: About this site.\n  weight: 2\n---\nBroken.\n")
		seen := p.until(ev, "/wayfinder/about/", 200, `role="alert"`, "content/about.md:4:3</code>: the front matter is not valid YAML", "We are an edited test.")
		if e := seen[len(seen)-1]; !strings.HasPrefix(e, "reload ") || strings.Contains(e, "paths") {
			t.Errorf("event %q, want a reload of every page", e)
		}
		p.want("/wayfinder/guides/", 200, `role="alert"`)
		if !strings.Contains(p.stderr.String(), "content/about.md:4:3: error: the front matter is not valid YAML") {
			t.Errorf("the error was not printed:\n%s", p.stderr)
		}
	})

	t.Run("fixed", func(t *testing.T) {
		p.t = t
		p.write("content/about.md", strings.Replace(about, "We are a test.", "We are fixed.", 1))
		p.until(ev, "/wayfinder/about/", 200, "We are fixed.")
		page := p.want("/wayfinder/about/", 200)
		if strings.Contains(page, "wayfinder-problems") {
			t.Errorf("the problems are still shown: %s", page)
		}
	})

	t.Run("generators in the same reload", func(t *testing.T) {
		p.t = t
		// The search index reads every page's text; it is made again
		// by the update that renders the page, before the reload.
		p.write("content/about.md", strings.Replace(about, "We are a test.", "We are zanzibarish.", 1))
		p.until(ev, "/wayfinder/about/", 200, "We are zanzibarish.")
		p.untilSearchHas(ev, "zanzibarish")
	})

	t.Run("rename save", func(t *testing.T) {
		p.t = t
		// As vim saves: the old file becomes the backup, the new text
		// is written in its place, and the backup is removed.
		old, now := filepath.Join(p.dir, "content/about.md"), filepath.Join(p.dir, "content/about.md~")
		if err := os.Rename(old, now); err != nil {
			t.Fatal(err)
		}
		p.write("content/about.md", strings.Replace(about, "We are a test.", "Saved by renaming.", 1))
		os.Remove(now)
		p.until(ev, "/wayfinder/about/", 200, "Saved by renaming.")
		// As JetBrains IDEs save: a temporary file renamed over the page.
		tmp := filepath.Join(p.dir, "content/about.md___jb_tmp___")
		if err := os.WriteFile(tmp, []byte(strings.Replace(about, "We are a test.", "Saved atomically.", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, old); err != nil {
			t.Fatal(err)
		}
		p.until(ev, "/wayfinder/about/", 200, "Saved atomically.")
	})

	t.Run("new folder", func(t *testing.T) {
		p.t = t
		if err := os.MkdirAll(filepath.Join(p.dir, "content/notes/deeper"), 0o755); err != nil {
			t.Fatal(err)
		}
		p.write("content/notes/deeper/idea.md", "---\ntitle: An idea\n---\nA new page in a new folder.\n")
		p.until(ev, "/wayfinder/notes/deeper/idea/", 200, "A new page in a new folder.")
		p.want("/wayfinder/notes/", 200, "An idea")
	})

	t.Run("rename folder", func(t *testing.T) {
		p.t = t
		if err := os.Rename(filepath.Join(p.dir, "content/notes"), filepath.Join(p.dir, "content/ideas")); err != nil {
			t.Fatal(err)
		}
		p.until(ev, "/wayfinder/ideas/deeper/idea/", 200, "A new page in a new folder.")
		p.want("/wayfinder/notes/deeper/idea/", 404)
		// The moved folder is watched where it is now.
		p.write("content/ideas/deeper/idea.md", "---\ntitle: An idea\n---\nMoved and edited.\n")
		p.until(ev, "/wayfinder/ideas/deeper/idea/", 200, "Moved and edited.")
	})

	t.Run("delete", func(t *testing.T) {
		p.t = t
		if err := os.Remove(filepath.Join(p.dir, "content/about.md")); err != nil {
			t.Fatal(err)
		}
		// The guide linked to it, so the site now has an error; the
		// last good build is served, with the page.
		p.until(ev, "/wayfinder/about/", 200, "Saved atomically.", `role="alert"`, "content/guides/first-steps.md:12:24</code>: the link")
		p.write("content/about.md", about)
		p.until(ev, "/wayfinder/about/", 200, "We are a test.")
		if err := os.Remove(filepath.Join(p.dir, "content/ideas/deeper/idea.md")); err != nil {
			t.Fatal(err)
		}
		p.until(ev, "/wayfinder/ideas/deeper/idea/", 404, "<h1>Page not found</h1>")
	})

	t.Run("stylesheet", func(t *testing.T) {
		p.t = t
		p.write("static/css/site.css", "body { color: #000; }\n")
		for {
			e := p.await(ev)
			if strings.HasPrefix(e, "styles ") {
				break
			}
			t.Logf("event %q before the styles", e)
		}
		_, page := p.get("/wayfinder/about/")
		i := strings.Index(page, `href="/wayfinder/css/`)
		if i < 0 {
			t.Fatalf("no stylesheet in %s", page)
		}
		css := page[i+len(`href="`):]
		css = css[:strings.IndexByte(css, '"')]
		p.want(css, 200, "color: #000")
	})

	t.Run("layout", func(t *testing.T) {
		p.t = t
		p.write("layouts/_default/single.html", "{{define \"main\"}}<h1 class=\"new\">{{.Page.Title}}</h1>\n{{.Content}}{{end}}")
		p.until(ev, "/wayfinder/about/", 200, `<h1 class="new">About</h1>`)
		p.write("layouts/_default/single.html", "{{define \"main\"}}{{if}}{{end}}")
		p.until(ev, "/wayfinder/about/", 200, `role="alert"`, "layouts/_default/single.html:1", `<h1 class="new">About</h1>`)
	})
	_ = page
}

// TestServeCoalesces checks that a burst of saves is rebuilt a few times,
// not once per save, and that the last save is what is served.
func TestServeCoalesces(t *testing.T) {
	// A longer pause than the default, so that a slow machine does not
	// space the saves out more than it.
	p := startServe(t, tinySite, func(o *serveOptions) { o.Debounce = 100 * time.Millisecond })
	ev := p.events()
	about := p.read("content/about.md")
	before := strings.Count(p.stderr.String(), "msg=rebuilt")
	const saves = 50
	for i := range saves {
		p.write("content/about.md", strings.Replace(about, "We are a test.", "Save number "+strings.Repeat("I", i+1)+".", 1))
	}
	p.until(ev, "/wayfinder/about/", 200, "Save number "+strings.Repeat("I", saves)+".")
	rebuilds := strings.Count(p.stderr.String(), "msg=rebuilt") - before
	if rebuilds >= saves/2 {
		t.Errorf("%d saves made %d rebuilds, want far fewer", saves, rebuilds)
	}
	t.Logf("%d saves, %d rebuilds", saves, rebuilds)
}

// TestServeStops checks that cancelling the context stops the server, the
// watcher and the rebuild loop, leaving no goroutine behind.
func TestServeStops(t *testing.T) {
	before := runtime.NumGoroutine()
	p := startServe(t, tinySite)
	ev := p.events()
	p.write("content/about.md", strings.Replace(p.read("content/about.md"), "We are a test.", "Changed.", 1))
	p.until(ev, "/wayfinder/about/", 200, "Changed.")
	// A page still listening must not hold the server up.
	if err := p.stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if !strings.Contains(p.stderr.String(), "stopped") {
		t.Errorf("serve did not say it stopped:\n%s", p.stderr)
	}
	if _, err := p.client.Get(p.url); err == nil {
		t.Error("the server still answers after stopping")
	}
	p.client.CloseIdleConnections()
	var after int
	for range 100 {
		after = runtime.NumGoroutine()
		if after <= before {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines before serve, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
}

// TestBuildHasNoLiveReload checks that the live-reload script is only
// ever added by serve, never written by build.
func TestBuildHasNoLiveReload(t *testing.T) {
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(tinySite)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stderr := &syncBuffer{}
	env := &Env{Stdout: io.Discard, Stderr: stderr, Log: slog.New(slog.DiscardHandler), Dir: dir, Now: time.Now, Getenv: func(string) string { return "" }}
	if code := Run(t.Context(), env, []string{"build", "-minify=false"}); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	err := filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), "/_wayfinder/") || strings.Contains(string(b), "wayfinder-problems") {
			t.Errorf("%s has serve's script or problems", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
