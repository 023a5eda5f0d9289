package finder

import "github.com/wayfinder-health/wayfinder/internal/resolve"

// Combination is one complete set of answers to a finder, the address of
// its result page and what the finder recommends for it.
type Combination struct {
	Path    string // the result page's URL
	Answers []int
	Outcome Outcome
	// Changes holds, for each question asked, the paths its Change page's
	// answers lead to.
	Changes [][]string
}

// Combinations returns every combination of answers of every finder of
// the site that has no errors, by the URL of the finder's JSON file.
func Combinations(x *resolve.Index) map[string][]Combination {
	models, _ := loadAll(x)
	out := map[string][]Combination{}
	for _, m := range models {
		if m.bad {
			continue
		}
		key := m.cfg.URL(m.base + JSONName)
		m.each(func(answers []int) {
			c := Combination{Path: m.cfg.URL(m.pathAfter(answers)), Answers: answers, Outcome: m.outcome(answers), Changes: [][]string{}}
			for qi, a := range answers {
				if a == notAsked {
					continue
				}
				var to []string
				for ai := range m.f.Questions[qi].Answers {
					to = append(to, m.cfg.URL(m.pathAfter(m.changed(answers, qi, ai))))
				}
				c.Changes = append(c.Changes, to)
			}
			out[key] = append(out[key], c)
		})
	}
	return out
}
