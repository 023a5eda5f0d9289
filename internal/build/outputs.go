package build

import (
	"fmt"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/feed"
	"github.com/wayfinder-health/wayfinder/internal/finder"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/redirect"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/search"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitemap"
	"github.com/wayfinder-health/wayfinder/internal/taxonomy"
)

// A generator makes outputs beyond the content pages from the resolved
// site: pages to render through the layouts, and files written as they are.
type generator func(x *resolve.Index) ([]site.Generated, []site.File, diag.List)

// A stage is a generator and when it runs.
type stage struct {
	name string // for messages: "taxonomy", "search"
	gen  generator
	// afterPages marks a stage that uses what rendering the content pages
	// found, such as their search terms: it runs once they are rendered.
	// The others run while the pages render.
	afterPages bool
	// dir is the folder a stage that runs after the pages writes under,
	// reserved for it in the plan, since its outputs are known only once
	// it runs.
	dir string
}

// generators lists the stages that make outputs, in the order their
// results are reported. Each is a package with one job; add new ones here.
// terms, when not nil, holds the search terms of the pages already
// rendered.
func generators(terms *search.Collector) []stage {
	if terms == nil {
		terms = search.NewCollector()
	}
	return []stage{
		{name: "lists", gen: eachLang(sectionPages)},
		{name: "finder", gen: eachLang(finder.Generate)},
		{name: "taxonomy", gen: taxonomy.Generate},
		{name: "search", gen: terms.Generate, afterPages: true, dir: site.SearchPath},
		{name: "feed", gen: eachLang(feed.Generate)},
		{name: "sitemap", gen: sitemap.Generate},
		{name: "redirect", gen: redirect.Generate},
	}
}

// eachLang runs a generator on the index of every language, the
// default's first, so that each language has its own lists and finders.
func eachLang(gen generator) generator {
	return func(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
		pages, files, diags := gen(x)
		for _, lx := range x.Langs() {
			p, f, d := gen(lx)
			pages, files = append(pages, p...), append(files, f...)
			diags.Append(d)
		}
		return pages, files, diags
	}
}

// A checker finds problems in the resolved site that only a later stage
// would otherwise meet. Checkers run on every build, and on check, which
// makes no outputs.
type checker func(x *resolve.Index) diag.List

// checkers lists the checks of the output stages.
func checkers() []checker {
	finders := func(x *resolve.Index) diag.List {
		diags := finder.Check(x)
		for _, lx := range x.Langs() {
			diags.Append(finder.Check(lx))
		}
		return diags
	}
	return []checker{finders, taxonomy.Check, redirect.Check, search.Check}
}

// sectionPages makes the second and later pages of each section whose
// pages do not fit on one (site.yaml's lists.page_size): the section's
// own page lists the first of them.
func sectionPages(x *resolve.Index) ([]site.Generated, []site.File, diag.List) {
	var out []site.Generated
	cfg := x.Config
	for _, name := range x.Sections {
		sp, list := x.Section[name], x.Pages[name]
		chunks := site.Chunks(len(list), cfg.PageSize)
		url := func(i int) string { return cfg.URL(site.ListPath(sp.Path, i)) }
		for i, c := range chunks[1:] {
			n := i + 2
			p := &site.Page{Kind: site.KindSection, Section: name, Slug: sp.Slug, Path: site.ListPath(sp.Path, n), URL: url(n), Lang: sp.Lang,
				Title: fmt.Sprintf("%s (page %d of %d)", sp.Title, n, len(chunks)), Description: sp.Description}
			out = append(out, site.Generated{Page: p, Layouts: layout.Names(sp), Pages: list[c[0]:c[1]],
				Title:  &site.Msg{Key: "list.page_title", Args: []any{"title", sp.Title, "n", n, "total", len(chunks)}},
				Crumbs: []site.Crumb{{Title: "Home", URL: x.Home.URL, Key: "nav.home"}, {Title: sp.Title, URL: sp.URL}},
				Pager:  site.NewPager(n, chunks, url)})
		}
	}
	return out, nil, nil
}
