package browser

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
)

// TestServe checks that Serve behaves as a static host: folders serve
// their index.html, and unknown paths the site's 404.html with status 404.
func TestServe(t *testing.T) {
	site := fstest.MapFS{
		"index.html":        {Data: []byte("home")},
		"finder/index.html": {Data: []byte("finder")},
		"css/site.css":      {Data: []byte("body{}")},
		"empty/x.txt":       {Data: []byte("x")},
		"404.html":          {Data: []byte("not found")},
	}
	base := Serve(t, site, "/prefix/")
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/prefix/") {
		t.Fatalf("Serve = %s, want http://127.0.0.1:PORT/prefix/", base)
	}
	origin := strings.TrimSuffix(base, "/prefix/")
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/prefix/", 200, "home"},
		{"/prefix/finder/", 200, "finder"},
		{"/prefix/css/site.css", 200, "body{}"},
		{"/prefix/finder/background-nurse/", 404, "not found"},
		{"/prefix/empty/", 404, "not found"},
		{"/elsewhere/", 404, "not found"},
	}
	for _, tt := range tests {
		resp, err := http.Get(origin + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || string(body) != tt.body {
			t.Errorf("GET %s = %d %q, want %d %q", tt.path, resp.StatusCode, body, tt.status, tt.body)
		}
	}
}
