package finder

import (
	"cmp"
	"slices"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Outcome is what a finder recommends for one set of answers.
type Outcome struct {
	// Closest is true when nothing matched well and Matches holds the
	// closest pages instead.
	Closest bool
	Matches []Match
	// Notes are the notes of the chosen answers, in question order.
	Notes []string
}

// Match is one recommended page and why.
type Match struct {
	Page    *site.Page
	Score   int
	Matched []bool // for each question, whether the page matches its answer
	// Reasons say, for each question, the answer given and whether the
	// page matches it.
	Reasons []Reason
	Related []*site.Page // the related pages that suit the answers
	History []History    // related pages that no longer run
	// HasRelated is true when the page has related pages, whether or not
	// any suits the answers.
	HasRelated bool
}

// Reason is one line of "why it fits".
type Reason struct {
	Summary string // the question's summary, "Your background"
	Label   string // the answer given
	Matched bool
}

// History is a related page that no longer runs, and the page that took
// its place.
type History struct {
	Page      *site.Page
	Status    string     // "closed", "historical" or "merged"
	Successor *site.Page // nil if none is known
}

// closedStatuses are the statuses of related pages that no longer run.
var closedStatuses = []string{"closed", "historical", "merged"}

func weight(q *site.FinderQuestion) int {
	if q.Weight > 0 {
		return q.Weight
	}
	return 1
}

// score returns a page's score for the answers, and which questions it
// matches.
func (m *model) score(p *site.Page, answers []int) (int, []bool) {
	score := 0
	matched := make([]bool, len(m.f.Questions))
	for i := range m.f.Questions {
		q := &m.f.Questions[i]
		if overlaps(p.Values(q.Field), q.Answers[answers[i]].Values()) {
			matched[i] = true
			score += weight(q)
		}
	}
	return score, matched
}

// outcome ranks the finder's pages for one answer to each question, given
// as the index of the answer.
func (m *model) outcome(answers []int) Outcome {
	type scored struct {
		i       int
		score   int
		matched []bool
	}
	all := make([]scored, len(m.items))
	for i, p := range m.items {
		s, matched := m.score(p, answers)
		all[i] = scored{i, s, matched}
	}
	slices.SortStableFunc(all, func(a, b scored) int { return cmp.Or(b.score-a.score, a.i-b.i) })
	good := func(s scored) bool {
		if s.score == 0 {
			return false
		}
		for qi, q := range m.f.Questions {
			if q.Required && !s.matched[qi] {
				return false
			}
		}
		return true
	}
	var out Outcome
	var picked []scored
	for _, s := range all {
		if good(s) && len(picked) < m.show {
			picked = append(picked, s)
		}
	}
	if len(picked) == 0 {
		out.Closest = true
		for _, s := range all {
			if s.score > 0 && len(picked) < m.closest {
				picked = append(picked, s)
			}
		}
		if len(picked) == 0 {
			picked = all[:min(m.closest, len(all))] // all score 0, so in the section's order
		}
	}
	for _, s := range picked {
		mt := Match{Page: m.items[s.i], Score: s.score, Matched: s.matched}
		for qi := range m.f.Questions {
			q := &m.f.Questions[qi]
			mt.Reasons = append(mt.Reasons, Reason{Summary: q.Summary, Label: q.Answers[answers[qi]].Label, Matched: s.matched[qi]})
		}
		mt.Related, mt.History = m.relatedFor(mt.Page, answers)
		mt.HasRelated = m.f.Related != nil && len(mt.Page.Values(m.f.Related.Field)) > 0
		out.Matches = append(out.Matches, mt)
	}
	for qi := range m.f.Questions {
		if n := m.f.Questions[qi].Answers[answers[qi]].Note; n != "" {
			out.Notes = append(out.Notes, n)
		}
	}
	return out
}

// relatedFor returns the related pages of p that suit the answers, and
// those that no longer run.
func (m *model) relatedFor(p *site.Page, answers []int) ([]*site.Page, []History) {
	if m.f.Related == nil || m.related == nil {
		return nil, nil
	}
	var current []*site.Page
	var history []History
	add := func(r *site.Page) {
		if !slices.Contains(current, r) {
			current = append(current, r)
		}
	}
	for _, slug := range p.Values(m.f.Related.Field) {
		r := m.related[slug]
		if r == nil || !m.suits(r, answers) {
			continue
		}
		if !closed(r) {
			add(r)
			continue
		}
		h := History{Page: r, Status: r.Values("status")[0]}
		if s := r.Values("successor"); len(s) > 0 {
			h.Successor = m.related[s[0]]
		}
		history = append(history, h)
		if h.Successor != nil && !closed(h.Successor) && m.suits(h.Successor, answers) {
			add(h.Successor)
		}
	}
	return current, history
}

// suits reports whether a related page suits the answers to the related
// questions: for each, the page leaves the field empty or matches it.
func (m *model) suits(r *site.Page, answers []int) bool {
	for _, qi := range m.match {
		q := &m.f.Questions[qi]
		vals := r.Values(q.Field)
		if len(vals) > 0 && !overlaps(vals, q.Answers[answers[qi]].Values()) {
			return false
		}
	}
	return true
}

func closed(p *site.Page) bool {
	s := p.Values("status")
	return len(s) > 0 && slices.Contains(closedStatuses, s[0])
}

// each calls fn with every complete combination of answers, in order:
// the last question's answers change fastest.
func (m *model) each(fn func(answers []int)) {
	n := len(m.f.Questions)
	if n == 0 {
		return
	}
	answers := make([]int, n)
	for {
		fn(slices.Clone(answers))
		i := n - 1
		for i >= 0 {
			answers[i]++
			if answers[i] < len(m.f.Questions[i].Answers) {
				break
			}
			answers[i] = 0
			i--
		}
		if i < 0 {
			return
		}
	}
}

// count returns how many pages the finder generates: the start page, the
// question pages, the result pages and their Change pages.
func (m *model) count() int {
	n := len(m.f.Questions)
	total, paths := 1, 1 // the start page; the paths of answers so far
	for _, q := range m.f.Questions {
		total += paths // this question, once for each path to it
		paths *= len(q.Answers)
		if paths > 1<<30 {
			return 1 << 30
		}
	}
	return total + paths*(1+n)
}
