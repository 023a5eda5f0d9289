package layout

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

func TestRecursionRefused(t *testing.T) {
	// Partials that call each other stop the whole set.
	fsys := fstest.MapFS{
		"layouts/_default/baseof.html": {Data: []byte("<main>{{block \"main\" .}}{{end}}</main>")},
		"layouts/_default/single.html": {Data: []byte("{{define \"main\"}}\n  {{template \"partials/a.html\" .}}{{end}}")},
		"layouts/partials/a.html":      {Data: []byte("a\n{{template \"partials/b.html\" .}}")},
		"layouts/partials/b.html":      {Data: []byte("b {{if .}}{{template \"partials/a.html\" .}}{{end}}")},
	}
	_, diags := Load(fsys, nil)
	want := `layouts/partials/b.html:1:22: error: the layout "partials/a.html" calls itself ("partials/a.html" calls "partials/b.html" calls "partials/a.html"), which would never end (a layout may not call itself, directly or through others) [template]`
	if got := diags.Error(); got != want {
		t.Errorf("Load = %s, want %s", got, want)
	}

	// A page layout that calls itself is dropped; the others stay.
	fsys = fstest.MapFS{
		"layouts/_default/baseof.html":   {Data: []byte("<main>{{block \"main\" .}}{{end}}</main>")},
		"layouts/_default/list.html":     {Data: []byte("{{define \"main\"}}list{{end}}")},
		"layouts/guides/single.html":     {Data: []byte("{{define \"main\"}}{{template \"main\" .}}{{end}}")},
		"layouts/partials/ok.html":       {Data: []byte("ok")},
		"layouts/_default/ok-twice.html": {Data: []byte("{{template \"partials/ok.html\"}}{{template \"partials/ok.html\"}}")},
	}
	set, diags := Load(fsys, nil)
	want = `layouts/guides/single.html:1:29: error: the layout "main" calls itself, which would never end (a layout may not call itself, directly or through others) [template]`
	if got := diags.Error(); got != want {
		t.Errorf("Load = %s, want %s", got, want)
	}
	if set.Has("guides/single.html") || !set.Has("_default/list.html") || !set.Has("_default/ok-twice.html") {
		t.Errorf("Load kept the wrong layouts")
	}
}

func TestPageSizeCap(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/_default/single.html": {Data: []byte(`{{range .}}{{.}}{{end}}`)},
	}
	set, diags := Load(fsys, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	big := make([]string, 40)
	for i := range big {
		big[i] = strings.Repeat("x", 1<<20)
	}
	var buf bytes.Buffer
	d := set.Execute(t.Context(), &buf, "en", "_default/single.html", big)
	if d == nil || !strings.Contains(d.Msg, "the page is larger than 32 MiB") {
		t.Errorf("Execute(40 MiB) = %v, want an error naming the 32 MiB limit", d)
	}
}
