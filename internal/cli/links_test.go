package cli

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// linksSite cites a local server's pages; SERVER is replaced by its address.
const linksSite = `
-- site.yaml --
title: Links test
baseURL: https://example.org/
vocabularies:
  levels: [first-steps]
  topics: [getting-online]
-- content/guides/first.md --
---
title: First
level: first-steps
topics: [getting-online]
time_to_complete: 5 minutes
reviewed: 2026-11-01
sources:
  - label: Fine
    url: SERVER/ok
    checked: 2026-11-01
  - label: Moved
    url: SERVER/moved
    checked: 2026-11-01
  - label: Gone
    url: SERVER/gone
    checked: 2026-11-01
  - label: Slow
    url: SERVER/slow
    checked: 2026-11-01
---
## Start

Read [the gone page](SERVER/gone#part) and [the fine one](SERVER/ok), or [about us](../about.md).
-- layouts/_default/baseof.html --
<!DOCTYPE html>
<html lang="en-GB"><head><title>{{.Page.Title}}</title></head>
<body><main>{{block "main" .}}{{end}}</main></body></html>
-- layouts/_default/single.html --
{{define "main"}}{{.Content}}{{end}}
-- layouts/_default/list.html --
{{define "main"}}{{.Page.Title}}{{end}}
-- layouts/404.html --
{{define "main"}}Not found{{end}}
-- content/about.md --
---
title: About
---
Nothing to fetch here but [the fine page](SERVER/ok).
`

func linksServer(t *testing.T) *httptest.Server {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		case "/slow":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv
}

func writeLinksSite(t *testing.T, server string, replace ...string) string {
	dir := t.TempDir()
	site := strings.ReplaceAll(linksSite, "SERVER", server)
	site = strings.NewReplacer(replace...).Replace(site)
	for _, f := range txtar.Parse([]byte(site)).Files {
		p := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Log: slog.New(slog.DiscardHandler), Dir: dir,
		Now: func() time.Time { return time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC) }, Getenv: func(string) string { return "" }}
	code = Run(t.Context(), env, args)
	return code, out.String(), errb.String()
}

func TestLinks(t *testing.T) {
	srv := linksServer(t)
	dir := writeLinksSite(t, srv.URL)
	code, stdout, stderr := runIn(t, dir, "links", "-timeout", "300ms")
	if code != 1 {
		t.Errorf("links exited %d, want 1; stderr:\n%s", code, stderr)
	}
	u := srv.URL
	want := "" +
		"content/guides/first.md:12:10: warning: " + u + "/moved redirects to " + u + "/ok (check the new page still says the same, then cite its address instead) [redirected-link]\n" +
		"content/guides/first.md:15:10: error: " + u + "/gone is dead: 404 Not Found (find where the page has moved and cite that, or cite another page that says the same; if it is gone for good, say so in dated_note) [dead-link]\n" +
		"content/guides/first.md:18:10: error: " + u + "/slow is dead: no answer within 300ms (find where the page has moved and cite that, or cite another page that says the same; if it is gone for good, say so in dated_note) [dead-link]\n" +
		"content/guides/first.md:23:6: error: " + u + "/gone#part is dead: 404 Not Found (find where the page has moved and cite that, or cite another page that says the same; if it is gone for good, say so in dated_note) [dead-link]\n"
	if stdout != want {
		t.Errorf("links printed:\n%s\nwant:\n%s", stdout, want)
	}
	for _, s := range []string{"fetching 4 addresses cited on 2 pages\n", "3 dead and 1 redirected, of 4 addresses\n"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("links stderr = %q, want it to contain %q", stderr, s)
		}
	}

	code, stdout, _ = runIn(t, dir, "links", "-timeout", "300ms", "-format", "json")
	var got struct {
		Checked, Dead, Redirected int
		Links                     []linkReport
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("links -format json: %v\n%s", err, stdout)
	}
	if code != 1 || got.Checked != 4 || got.Dead != 3 || got.Redirected != 1 || len(got.Links) != 4 {
		t.Errorf("links -format json exited %d with %+v, want 1 and 4 checked, 3 dead, 1 redirected", code, got)
	}
	if l := got.Links[1]; l.File != "content/guides/first.md" || l.Line != 15 || l.Status != 404 || l.Page != "/guides/first/" {
		t.Errorf("links -format json: second link = %+v", l)
	}
}

func TestLinksNoneDead(t *testing.T) {
	srv := linksServer(t)
	dir := writeLinksSite(t, srv.URL, "/gone", "/ok", "/slow", "/ok")
	code, stdout, stderr := runIn(t, dir, "links")
	if code != 0 {
		t.Errorf("links exited %d, want 0; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "[redirected-link]") || strings.Contains(stdout, "[dead-link]") {
		t.Errorf("links printed %q, want the redirect only", stdout)
	}
}

func TestLinksUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"links", "-format", "xml"},
		{"links", "-concurrency", "0"},
		{"links", "-timeout", "0s"},
		{"links", "extra"},
	} {
		if code, _, _ := runIn(t, dir, args...); code != 2 {
			t.Errorf("wayfinder %q exited %d, want 2", args, code)
		}
	}
}
