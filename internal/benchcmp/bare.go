package main

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/sync/errgroup"
)

// The bare pipeline is the floor a static-site generator is measured
// against: each content file's front matter through adrg/frontmatter, its
// Markdown through goldmark with GFM, one html/template, tdewolff/minify,
// and a write, on two workers. It makes no lists, feeds, checks or
// search index: only the content pages, with the parts every page of a
// real site has (title, date, tags, content, section nav).

// bareFront is the front matter the bare page shows.
type bareFront struct {
	Title       string    `yaml:"title"`
	Description string    `yaml:"description"`
	Reviewed    time.Time `yaml:"reviewed"`
	Topics      []string  `yaml:"topics"`
	Interests   []string  `yaml:"interests"`
	Backgrounds []string  `yaml:"backgrounds"`
	Audiences   []string  `yaml:"audiences"`
}

// barePage is what the bare template is given.
type barePage struct {
	bareFront
	Section  string
	Sections []string
	Tags     []string
	Content  template.HTML
}

var bareTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
{{with .Description}}<meta name="description" content="{{.}}">{{end}}
<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<a href="#main-content" class="skip-link">Skip to main content</a>
<header>
<nav aria-label="Sections">
<ul>
{{range .Sections}}<li><a href="/{{.}}/"{{if eq . $.Section}} aria-current="true"{{end}}>{{.}}</a></li>
{{end}}</ul>
</nav>
</header>
<main id="main-content">
<h1>{{.Title}}</h1>
{{if not .Reviewed.IsZero}}<p>Reviewed <time datetime="{{.Reviewed.Format "2006-01-02"}}">{{.Reviewed.Format "2 January 2006"}}</time></p>{{end}}
{{with .Tags}}<ul class="tags">{{range .}}<li><a href="/tags/{{.}}/">{{.}}</a></li>{{end}}</ul>{{end}}
<div class="prose">
{{.Content}}
</div>
</main>
<footer><p>A generated site</p></footer>
</body>
</html>
`))

// bare builds the content pages of the site at src into out with the bare
// pipeline and returns how many it wrote.
func bare(ctx context.Context, src, out string) (int, error) {
	var files []string
	sections := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var names []string
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join(src, "content"), f)
		if dir := path.Dir(filepath.ToSlash(rel)); dir != "." && !sections[dir] {
			sections[dir] = true
			names = append(names, dir)
		}
	}
	// Headings get IDs, as Wayfinder's and Hugo's do for their contents
	// lists.
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	var n atomic.Int64
	var next atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range 2 {
		g.Go(func() error {
			var body, page, min bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				f := files[i]
				data, err := os.ReadFile(f)
				if err != nil {
					return err
				}
				var p barePage
				rest, err := frontmatter.Parse(bytes.NewReader(data), &p.bareFront)
				if err != nil {
					return fmt.Errorf("%s: %w", f, err)
				}
				body.Reset()
				if err := md.Convert(rest, &body); err != nil {
					return fmt.Errorf("%s: %w", f, err)
				}
				rel, _ := filepath.Rel(filepath.Join(src, "content"), f)
				rel = filepath.ToSlash(rel)
				p.Section = path.Dir(rel)
				p.Sections = names
				p.Tags = append(append(append(append(p.Tags, p.Topics...), p.Interests...), p.Backgrounds...), p.Audiences...)
				p.Content = template.HTML(body.String()) // #nosec: goldmark output with raw HTML off
				page.Reset()
				if err := bareTemplate.Execute(&page, &p); err != nil {
					return err
				}
				min.Reset()
				if err := m.Minify("text/html", &min, &page); err != nil {
					return err
				}
				dir := strings.TrimSuffix(rel, ".md")
				if base := path.Base(dir); base == "_index" {
					dir = path.Dir(dir)
				}
				target := filepath.Join(out, filepath.FromSlash(dir), "index.html")
				if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(target, min.Bytes(), 0o644); err != nil {
					return err
				}
				n.Add(1)
			}
		})
	}
	err = g.Wait()
	return int(n.Load()), err
}
