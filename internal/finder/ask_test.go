package finder_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/finder"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// TestAsksWhereYouLive checks the citizens' finder of the sample portal,
// in English and Welsh, against the guides: where it does not ask where
// the person lives, every guide it shows is true in every nation; where
// it asks, each guide not written for the nation answered shows its own
// elsewhere entry for that nation, and no other. It also checks that the
// question is left out for goals whose guides are all for every nation,
// and asked for urgent help, whose guide is for England only.
func TestAsksWhereYouLive(t *testing.T) {
	res := build.Run(t.Context(), os.DirFS(root), build.Options{NoOutput: true}, nil)
	if n := res.Diags.Errors(); n > 0 {
		t.Fatalf("building the sample portal: %d errors:\n%v", n, res.Diags)
	}
	nations := res.Config.Vocab["nations"].Values()
	checked := 0
	for _, x := range append(res.Index.Langs(), res.Index) {
		for _, p := range x.Pages[site.FinderSection] {
			f := p.Finder
			if f == nil || f.Recommends != "guides" {
				continue
			}
			qi := slices.IndexFunc(f.Questions, func(q site.FinderQuestion) bool { return q.Field == finder.InsteadField })
			goal := slices.IndexFunc(f.Questions, func(q site.FinderQuestion) bool { return q.ID == "goal" })
			if qi < 0 || goal < 0 {
				t.Fatalf("%s asks no question on %s or no goal", p.File, finder.InsteadField)
			}
			combos := finder.Combinations(x)[res.Config.URL(strings.TrimPrefix(f.Path, "/"))+finder.JSONName]
			if p.Lang != "" {
				combos = finder.Combinations(x)[res.Config.URL(strings.Trim(res.Config.Lang(p.Lang).Prefix, "/")+f.Path)+finder.JSONName]
			}
			if len(combos) == 0 {
				t.Fatalf("%s: no results", p.File)
			}
			asked := map[string][]bool{} // by goal
			for _, c := range combos {
				g := f.Questions[goal].Answers[c.Answers[goal]].Value
				ai := c.Answers[qi]
				asked[g] = append(asked[g], ai >= 0)
				for _, m := range c.Outcome.Matches {
					g := m.Page.Guide
					if ai < 0 {
						if !slices.Equal(g.Nations, nations) {
							t.Errorf("%s does not ask where you live, but shows %s, which is for %v only", c.Path, m.Page.File, g.Nations)
						}
						continue
					}
					a := f.Questions[qi].Answers[ai]
					var want []string
					if !slices.Contains(g.Nations, a.Value) {
						for _, e := range g.Elsewhere {
							if e.Nation == a.Value {
								want = append(want, a.Label+": "+e.Use)
							}
						}
						if len(want) == 0 {
							t.Errorf("%s: %s is not for %s and says nothing of what to use there", c.Path, m.Page.File, a.Value)
						}
					}
					var got []string
					for _, in := range m.Instead {
						got = append(got, in.Place+": "+in.Use)
					}
					if !slices.Equal(got, want) {
						t.Errorf("%s: %s shows %q to use instead, want %q", c.Path, m.Page.File, got, want)
					}
				}
				checked++
			}
			for g, want := range map[string]bool{"stay-safe": false, "check-info": false, "urgent": true, "nhs-app": true} {
				if len(asked[g]) == 0 || slices.Contains(asked[g], !want) {
					t.Errorf("%s: for the goal %s the finder asks where you live %v, want always %v", p.File, g, asked[g], want)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no results checked")
	}
	t.Logf("%d results checked", checked)
}
