package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Synonyms returns the site's synonym groups as the index holds them:
// each entry cut into terms as a query is. Entries with no term, and
// entries whose terms an earlier entry has already, are left out (Check
// reports them).
func Synonyms(cfg *site.Config) [][][]string {
	var out [][][]string
	seen := map[string]bool{}
	for _, g := range cfg.Search.Synonyms {
		var grp [][]string
		for _, w := range g.Words {
			terms := Terms(w.Text, indexStops().set)
			key := strings.Join(terms, " ")
			if len(terms) == 0 || seen[key] {
				continue
			}
			seen[key] = true
			grp = append(grp, terms)
		}
		if len(grp) > 1 {
			out = append(out, grp)
		}
	}
	return out
}

// Check reports synonyms that search could not use: an entry of only stop
// words or single letters, and an entry that comes to the same terms as
// another (as "tablet" and "tablets" do), which would join two groups or
// repeat one.
func Check(x *resolve.Index) diag.List {
	var diags diag.List
	type first struct {
		text string
		pos  diag.Pos
	}
	seen := map[string]first{}
	for _, g := range x.Config.Search.Synonyms {
		for _, w := range g.Words {
			terms := Terms(w.Text, indexStops().set)
			if len(terms) == 0 {
				diags.Add(diag.Diagnostic{Pos: w.Pos, Code: "search",
					Msg:  fmt.Sprintf("the synonym %q has no word that search looks at: it is all short or common words (%s)", w.Text, strings.Join(commonIn(w.Text), ", ")),
					Hint: "use a word that pages contain, or remove the entry"})
				continue
			}
			key := strings.Join(terms, " ")
			if f, ok := seen[key]; ok {
				diags.Add(diag.Diagnostic{Pos: w.Pos, Code: "search",
					Msg:  fmt.Sprintf("the synonym %q is searched as %q, as %q at line %d already is", w.Text, key, f.text, f.pos.Line),
					Hint: "search finds both forms of a word already: keep one entry"})
				continue
			}
			seen[key] = first{w.Text, w.Pos}
		}
	}
	return diags
}

// commonIn lists the words of text that search leaves out.
func commonIn(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == ' ' || r == ',' }) {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
