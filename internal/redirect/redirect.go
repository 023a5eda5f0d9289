// Package redirect keeps old addresses working. A page's aliases front
// matter lists addresses it used to have (see resolve.Index.Aliases); for
// each, this package writes
//
//   - a small page at the old address that sends the browser on at once
//     (a meta refresh with no delay), names the new address as canonical
//     so search engines move their listing, and says in words where the
//     page now is, with a link, for anyone the refresh does not move; and
//   - a line of /_redirects, the file that Netlify, Cloudflare Pages and
//     other hosts read to answer the old address with a permanent (301)
//     redirect before any page loads.
//
// Both use addresses with the site's base path:
//
//	/wayfinder/old-name/ /wayfinder/pathways/new-name/ 301
//
// Hosts that do not read _redirects, such as GitHub Pages, serve the
// redirect pages.
package redirect

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Name is the redirects file's name.
const Name = "_redirects"

// page is the redirect page. It is complete in itself, so it works on any
// site, whatever its layouts.
const page = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>This page has moved – {{.Site}}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{{.Canonical}}">
<meta http-equiv="refresh" content="0; url={{.URL}}">
</head>
<body>
<main>
<h1>This page has moved</h1>
<p>{{.Title}} is now at <a href="{{.URL}}">{{.Canonical}}</a>.</p>
<p>Update any bookmark or link you have to it.</p>
</main>
</body>
</html>
`

// Check reports aliases that cannot lead where they say.
func Check(x *resolve.Index) diag.List {
	_, diags := x.Aliases()
	return diags
}

// Generate returns a redirect page for every alias and the _redirects
// file. Problems are reported by Check.
func Generate(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	var diags diag.List
	aliases, _ := x.Aliases()
	if len(aliases) == 0 {
		return nil, nil, nil
	}
	cfg := x.Config
	t, err := template.New("redirect").Parse(page)
	if err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: "."}, Code: "internal", Msg: "redirect page: " + err.Error()})
		return nil, nil, diags
	}
	var files []site.File
	var lines strings.Builder
	fmt.Fprintf(&lines, "# Old addresses of %s's pages, from their aliases front matter.\n", cfg.Title)
	for _, a := range aliases {
		var b strings.Builder
		err := t.Execute(&b, map[string]string{
			"Lang": cfg.Language, "Site": cfg.Title, "Title": a.Page.Title,
			"URL": a.Page.URL, "Canonical": cfg.AbsURL(a.Page.Path),
		})
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: a.Pos, Code: "alias", Msg: "cannot write the redirect page: " + err.Error()})
			continue
		}
		files = append(files, site.File{Path: a.File(), Type: "text/html", Data: []byte(b.String()), Src: a.Page.File, Pos: a.Pos})
		fmt.Fprintf(&lines, "%s %s 301\n", cfg.URL(a.Path), a.Page.URL)
	}
	files = append(files, site.File{Path: Name, Type: "text/plain", Data: []byte(lines.String())})
	return nil, files, diags
}
