package layout

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

// chromeData stands for a page's data: the site's settings, the page,
// and the menus.
type chromeData struct {
	Site *chromeSite
	Page *chromePage
}

type chromeSite struct {
	Title string
	Menus map[string][]chromeItem
}

type chromeItem struct{ Name, URL string }

type chromePage struct{ Title, URL string }

// chromeKey names what the Memo below allows a partial to read: which
// menu item is the page.
func chromeKey(data any) (string, bool) {
	d, ok := data.(*chromeData)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, it := range d.Site.Menus["main"] {
		fmt.Fprintf(&b, "%t,", it.URL == d.Page.URL)
	}
	return b.String(), true
}

func TestChromeMemo(t *testing.T) {
	const menu = `<nav>{{range .Site.Menus.main}}<a href="{{.URL}}"{{if eq .URL $.Page.URL}} aria-current="page"{{end}}>{{.Name}}</a>{{end}}</nav>`
	for _, tc := range []struct {
		name    string
		partial string
		memo    bool // whether the partial's output is reused
	}{
		{"menu", `<header>{{count}}{{.Site.Title}}` + menu + `</header>`, true},
		{"current", `<header>{{count}}{{range .Site.Menus.main}}{{$c := current .URL $.Page}}<a{{with $c}} aria-current="{{.}}"{{end}}>{{.Name}}</a>{{end}}</header>`, true},
		{"title", `<header>{{count}}{{.Page.Title}}</header>`, false},
		{"page URL", `<header>{{count}}{{$.Page.URL}}</header>`, false},
		{"page handed on", `<header>{{count}}{{current "/" $.Page}}</header>`, false},
		{"data handed on", `<header>{{count}}{{with .}}{{.Site.Title}}{{end}}</header>`, false},
		{"impure function", `<header>{{count}}{{impure}}</header>`, false},
		{"another layout", `<header>{{count}}{{template "partials/x.html" .Site}}</header>`, false},
		{"ends inside a tag", `<header>{{count}}<a title="`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := 0
			impure := 0
			funcs := template.FuncMap{
				"count":   func() string { runs++; return "" },
				"impure":  func() string { impure++; return "x" },
				"current": func(u string, p *chromePage) string { return map[bool]string{true: "page"}[u == p.URL] },
			}
			srcs := Sources{
				Base:                   `<body>{{template "partials/header.html" .}}<main>{{block "main" .}}{{end}}</main></body>`,
				"_default/single.html": `{{define "main"}}{{.Page.Title}}{{end}}`,
				"partials/header.html": tc.partial,
				"partials/x.html":      `{{.Title}}`,
			}
			m := &Memo{Fields: []string{"Site"}, Page: "Page", Menus: "Site.Menus", Current: "current", Pure: []string{"count"}, Key: chromeKey}
			memoed, diags := ParseMemo(srcs, funcs, m)
			if len(diags) > 0 && tc.name != "ends inside a tag" {
				t.Fatal(diags)
			}
			plain, _ := Parse(srcs, funcs)
			site := &chromeSite{Title: "Site <1>", Menus: map[string][]chromeItem{"main": {{"Home", "/"}, {"Guides", "/guides/"}}}}
			pages := []*chromePage{{"A", "/a/"}, {"B", "/b/"}, {"Guides", "/guides/"}, {"Home", "/"}, {"C", "/c/"}}
			runs = 0
			for _, p := range pages {
				data := &chromeData{Site: site, Page: p}
				var got, want bytes.Buffer
				dg := memoed.Execute(t.Context(), &got, "", "_default/single.html", data)
				dw := plain.Execute(t.Context(), &want, "", "_default/single.html", data)
				if fmt.Sprint(dg) != fmt.Sprint(dw) || got.String() != want.String() {
					t.Errorf("page %s: memoized %q (%v), want %q (%v)", p.URL, got.String(), dg, want.String(), dw)
				}
			}
			// Each page ran the plain partial once; the memoized one ran
			// once for each key: pages A, B and C share one.
			wantRuns := 2 * len(pages)
			if tc.memo {
				wantRuns = len(pages) + 3
			}
			if tc.name == "ends inside a tag" {
				wantRuns = 0 // the layout fails to escape
			}
			if runs != wantRuns {
				t.Errorf("the partial ran %d times for %d pages, want %d", runs, len(pages), wantRuns)
			}
		})
	}
}
