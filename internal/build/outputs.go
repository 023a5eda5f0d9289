package build

import (
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/feed"
	"github.com/wayfinder-health/wayfinder/internal/finder"
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
	gen generator
	// afterPages marks a stage that uses what rendering the content pages
	// found, such as their search terms: it runs once they are rendered.
	// The others run while the pages render.
	afterPages bool
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
		{gen: finder.Generate},
		{gen: taxonomy.Generate},
		{gen: terms.Generate, afterPages: true},
		{gen: feed.Generate},
		{gen: sitemap.Generate},
		{gen: redirect.Generate},
	}
}

// A checker finds problems in the resolved site that only a later stage
// would otherwise meet. Checkers run on every build, and on check, which
// makes no outputs.
type checker func(x *resolve.Index) diag.List

// checkers lists the checks of the output stages.
func checkers() []checker {
	return []checker{finder.Check, taxonomy.Check, redirect.Check}
}
