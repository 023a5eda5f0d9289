package build

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// TestPlanCollisions gives the small site inputs that publish to one
// path and checks that the plan reports each, at each file involved,
// before anything is written: in a build with no sink (as check runs
// it), in a build with one, and in a State (as serve runs it). Nothing
// at a colliding path reaches the sink.
func TestPlanCollisions(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]string
		path  string   // the output path that collides
		want  []string // "file:line:col" of each diagnostic
		names []string // what every message names
		msg   string   // what every message says
	}{{
		name:  "static file beside a page",
		extra: map[string]string{"static/pathways/analyst/index.html": "<p>old</p>"},
		path:  "pathways/analyst/index.html",
		want:  []string{"content/pathways/analyst.md:1:1", "static/pathways/analyst/index.html"},
		names: []string{"content/pathways/analyst.md", "static/pathways/analyst/index.html"},
		msg:   " both publish to /pathways/analyst/index.html, so the site cannot be built",
	}, {
		name:  "alias onto robots.txt",
		extra: map[string]string{"content/about.md": "---\ntitle: About\ndescription: About us.\naliases:\n  - /robots.txt\n---\nAbout us.\n"},
		path:  "robots.txt",
		want:  []string{"content/about.md:5:5"},
		msg:   "the alias in content/about.md and the sitemap's /robots.txt both publish to /robots.txt",
	}, {
		name:  "alias onto the feed",
		extra: map[string]string{"content/about.md": "---\ntitle: About\ndescription: About us.\naliases: [/feed.xml]\n---\nAbout us.\n"},
		path:  "feed.xml",
		want:  []string{"content/about.md:4:11"},
		msg:   "the alias in content/about.md and the feed's /feed.xml both publish to /feed.xml",
	}, {
		name:  "static file in the search index's folder",
		extra: map[string]string{"static/search/index.json": "{}"},
		path:  "search/index.json",
		want:  []string{"static/search/index.json"},
		msg:   "static/search/index.json and the search's /search/index.json both publish to /search/index.json",
	}, {
		name:  "content asset and static file",
		extra: map[string]string{"static/pathways/chart.png": "PNG"},
		path:  "pathways/chart.png",
		want:  []string{"content/pathways/chart.png", "static/pathways/chart.png"},
		names: []string{"content/pathways/chart.png", "static/pathways/chart.png"},
		msg:   "both publish to /pathways/chart.png",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := sitetest.FS(t, "testdata/small.txtar")
			for p, data := range tt.extra {
				fsys[p] = &fstest.MapFile{Data: []byte(data)}
			}
			check := func(what string, diags diag.List) {
				t.Helper()
				var at []string
				for _, d := range diags {
					if d.Code != diag.OutputCollision {
						continue
					}
					at = append(at, d.Pos.String())
					if d.Severity != diag.Error || !strings.Contains(d.Msg, tt.msg) || d.Hint == "" {
						t.Errorf("%s: %v, want an error saying %q, with a hint", what, d, tt.msg)
					}
					for _, n := range tt.names {
						if !strings.Contains(d.Msg, n) {
							t.Errorf("%s: %v does not name %s", what, d, n)
						}
					}
				}
				if !slices.Equal(at, tt.want) {
					t.Errorf("%s: collisions reported at %q, want %q\n%v", what, at, tt.want, diags)
				}
			}
			check("check", Run(t.Context(), fsys, Options{}, nil).Diags)

			var c sitetest.Collect
			check("build", Run(t.Context(), fsys, Options{}, c.Sink).Diags)
			if _, ok := c.Files[tt.path]; ok {
				t.Errorf("build: the sink was sent %s, which two inputs publish to", tt.path)
			}
			for _, d := range Run(t.Context(), fsys, Options{}, c.Sink).Diags {
				if d.Code == diag.Internal {
					t.Errorf("build: %v", d)
				}
			}

			check("serve", Start(t.Context(), fsys, Options{}).Diags())
		})
	}
}

// TestPlanAssignsEveryOutput builds the repository's site and checks that
// every file sent to the sink was assigned by the plan: nothing is
// published that the plan, and so check, did not see.
func TestPlanAssignsEveryOutput(t *testing.T) {
	fsys := repoSite(t)
	res := Run(t.Context(), fsys, testOpts, func(site.File) error { return nil })
	for _, d := range res.Diags {
		if d.Code == diag.Internal || d.Code == diag.OutputCollision {
			t.Error(d)
		}
	}
}
