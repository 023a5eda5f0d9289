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
	// Towards are the pages that need a professional registration the
	// answers do not claim, which would suit them otherwise: shown apart,
	// with how to get the registration, never as matches.
	Towards []Toward
	// Notes are the notes of the chosen answers, in question order.
	Notes []string
	// Newcomer is true when an answer says the person is new, so each
	// match shows its first step.
	Newcomer bool
}

// Match is one recommended page and why.
type Match struct {
	Page    *site.Page
	Score   int
	Matched []bool // for each question, whether the page matches its answer
	// Reasons say, for each question, the answer given and whether the
	// page matches it.
	Reasons []Reason
	Related []Related // the related pages that suit the answers
	History []History // related pages that no longer run
	// Requires is the registration the page needs, which the answers
	// claim to have: the result still says which one it is.
	Requires *site.Requirement
	// FirstStep is, for a newcomer, what to do first: the page's
	// first_step, or the first of its steps.
	FirstStep *site.Step
	// HasRelated is true when the page has related pages, whether or not
	// any suits the answers.
	HasRelated bool
	// Instead is what the page says to use instead where the person
	// lives, when it is not written for there.
	Instead []Instead
}

// Related is one related page that suits the answers, and why: the
// answers whose field it names and matches. When Why is empty the page
// leaves those fields empty, so it is open to anyone.
type Related struct {
	Page *site.Page
	Why  []Reason
}

// Toward is a page that needs a registration the answers do not claim.
type Toward struct {
	Page     *site.Page
	Requires *site.Requirement
	// Reasons are the answers to the questions other than those asking
	// about registration that the page matches.
	Reasons []Reason
}

// Reason is one line of "why it fits".
type Reason struct {
	Summary string // the question's summary, "Your background"
	Label   string // the answer given
	Matched bool
}

// History is a related page that is not open, what is known of its
// status, and the page that took its place.
type History struct {
	Page      *site.Page
	Status    string     // "closed", "historical" or "merged"
	Note      string     // what is known of its status, "" for none: see StatusNote
	Successor *site.Page // nil if none is known
}

// closedStatuses are the statuses of related pages that are not open.
var closedStatuses = []string{"closed", "historical", "merged"}

// StatusNote returns what is known of the status of a related page that
// is not open, in its own words (its status_note), or "" where it has
// none, and the layout and finder.js say the plain words for its status.
// A route whose last intake was years ago, but which has not been said
// to have ended, is not one that "no longer runs".
func StatusNote(p *site.Page) string {
	if n := p.Values("status_note"); len(n) > 0 {
		return n[0]
	}
	return ""
}

func weight(q *site.FinderQuestion) int {
	if q.Weight > 0 {
		return q.Weight
	}
	return 1
}

// score returns a page's score for the answers, and which questions it
// matches. A question not asked matches nothing.
func (m *model) score(p *site.Page, answers []int) (int, []bool) {
	score := 0
	matched := make([]bool, len(m.f.Questions))
	for i := range m.f.Questions {
		q := &m.f.Questions[i]
		if answers[i] != notAsked && overlaps(p.Values(q.Field), q.Answers[answers[i]].Values()) {
			matched[i] = true
			score += weight(q)
		}
	}
	return score, matched
}

// scored is one page's score for a set of answers: its index in the
// section, its score and which questions it matches.
type scored struct {
	i       int
	score   int
	matched []bool
}

// requirement returns the registration a page needs first, or nil.
func requirement(p *site.Page) *site.Requirement {
	if p.Pathway == nil {
		return nil
	}
	return p.Pathway.Requires
}

// firstStep returns what someone new does first on a page: its
// first_step, or the first of its steps; nil when it has neither.
func firstStep(p *site.Page) *site.Step {
	switch {
	case p.Pathway == nil:
		return nil
	case p.Pathway.FirstStep != "":
		return &site.Step{What: p.Pathway.FirstStep}
	case len(p.Pathway.Steps) > 0:
		return &p.Pathway.Steps[0]
	}
	return nil
}

// registrationQuestion reports whether one of a question's answers says
// the person holds a registration.
func registrationQuestion(q *site.FinderQuestion) bool {
	return slices.ContainsFunc(q.Answers, func(a site.FinderAnswer) bool { return a.Registered })
}

// outcome ranks the finder's pages for one answer to each question, given
// as the index of the answer, or notAsked.
func (m *model) outcome(answers []int) Outcome {
	var out Outcome
	registered := false
	for qi := range m.f.Questions {
		if answers[qi] == notAsked {
			continue
		}
		a := &m.f.Questions[qi].Answers[answers[qi]]
		registered = registered || a.Registered
		out.Newcomer = out.Newcomer || a.Newcomer
	}
	// Pages that need a registration the answers do not claim are never
	// matches; they are ranked apart, as pages to work towards.
	var all, gated []scored
	for i, p := range m.items {
		s, matched := m.score(p, answers)
		if !registered && requirement(p) != nil {
			gated = append(gated, scored{i, s, matched})
		} else {
			all = append(all, scored{i, s, matched})
		}
	}
	slices.SortStableFunc(all, func(a, b scored) int { return cmp.Or(b.score-a.score, a.i-b.i) })
	good := func(s scored) bool {
		if s.score == 0 {
			return false
		}
		for qi, q := range m.f.Questions {
			if q.Required && answers[qi] != notAsked && !s.matched[qi] {
				return false
			}
		}
		return true
	}
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
		p := m.items[s.i]
		mt := Match{Page: p, Score: s.score, Matched: s.matched, Requires: requirement(p)}
		if out.Newcomer {
			mt.FirstStep = firstStep(p)
		}
		for qi := range m.f.Questions {
			if answers[qi] == notAsked {
				continue
			}
			q := &m.f.Questions[qi]
			a := &q.Answers[answers[qi]]
			mt.Reasons = append(mt.Reasons, Reason{Summary: q.Summary, Label: a.Label, Matched: s.matched[qi]})
			if !s.matched[qi] {
				mt.Instead = append(mt.Instead, insteadFor(p, q, a)...)
			}
		}
		mt.Related, mt.History = m.relatedFor(mt.Page, answers)
		mt.HasRelated = m.f.Related != nil && len(mt.Page.Values(m.f.Related.Field)) > 0
		out.Matches = append(out.Matches, mt)
	}
	out.Towards = m.towards(gated, answers)
	for qi := range m.f.Questions {
		if answers[qi] == notAsked {
			continue
		}
		if n := m.f.Questions[qi].Answers[answers[qi]].Note; n != "" {
			out.Notes = append(out.Notes, n)
		}
	}
	return out
}

// towards returns the pages, of those that need a registration, that
// would be good matches if the questions about registration were left
// out: they score above 0 on the other questions and match every other
// required one. Best first, at most closest of them.
func (m *model) towards(gated []scored, answers []int) []Toward {
	var rs []scored
	for _, g := range gated {
		score, ok := 0, true
		for qi := range m.f.Questions {
			q := &m.f.Questions[qi]
			switch {
			case registrationQuestion(q):
			case g.matched[qi]:
				score += weight(q)
			case q.Required && answers[qi] != notAsked:
				ok = false
			}
		}
		if ok && score > 0 {
			rs = append(rs, scored{g.i, score, g.matched})
		}
	}
	slices.SortStableFunc(rs, func(a, b scored) int { return cmp.Or(b.score-a.score, a.i-b.i) })
	var out []Toward
	for _, r := range rs[:min(m.closest, len(rs))] {
		p := m.items[r.i]
		t := Toward{Page: p, Requires: requirement(p)}
		for qi := range m.f.Questions {
			q := &m.f.Questions[qi]
			if r.matched[qi] && !registrationQuestion(q) {
				t.Reasons = append(t.Reasons, Reason{Summary: q.Summary, Label: q.Answers[answers[qi]].Label, Matched: true})
			}
		}
		out = append(out, t)
	}
	return out
}

// relatedFor returns the related pages of p that suit the answers, and
// those that no longer run.
func (m *model) relatedFor(p *site.Page, answers []int) ([]Related, []History) {
	if m.f.Related == nil || m.related == nil {
		return nil, nil
	}
	var current []Related
	var history []History
	add := func(r *site.Page) {
		if !slices.ContainsFunc(current, func(c Related) bool { return c.Page == r }) {
			current = append(current, Related{Page: r, Why: m.why(r, answers)})
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
		h := History{Page: r, Status: r.Values("status")[0], Note: StatusNote(r)}
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
		if answers[qi] == notAsked {
			continue
		}
		q := &m.f.Questions[qi]
		vals := r.Values(q.Field)
		if len(vals) > 0 && !overlaps(vals, q.Answers[answers[qi]].Values()) {
			return false
		}
	}
	return true
}

// why returns the answers a related page names and matches, in question
// order: those of every question whose field the page has, not only the
// questions it must suit.
func (m *model) why(r *site.Page, answers []int) []Reason {
	var out []Reason
	for qi := range m.f.Questions {
		if answers[qi] == notAsked {
			continue
		}
		q := &m.f.Questions[qi]
		a := &q.Answers[answers[qi]]
		if overlaps(r.Values(q.Field), a.Values()) {
			out = append(out, Reason{Summary: q.Summary, Label: a.Label, Matched: true})
		}
	}
	return out
}

func closed(p *site.Page) bool {
	s := p.Values("status")
	return len(s) > 0 && slices.Contains(closedStatuses, s[0])
}

// each calls fn with every complete list of answers a person can give,
// in order: the last question's answers change fastest. A question not
// asked on a path holds notAsked.
func (m *model) each(fn func(answers []int)) {
	var walk func(answers []int)
	walk = func(answers []int) {
		answers = m.fill(answers)
		k := len(answers)
		if k == len(m.f.Questions) {
			fn(slices.Clone(answers))
			return
		}
		for ai := range m.f.Questions[k].Answers {
			walk(append(answers[:k:k], ai))
		}
	}
	if len(m.f.Questions) > 0 {
		walk(nil)
	}
}

// count returns how many pages the finder generates: the start page, the
// question pages, the result pages and their Change pages.
func (m *model) count() int {
	total := 1 // the start page
	m.prefixes(func([]int) { total++ })
	m.each(func(answers []int) {
		total++ // the result
		for _, a := range answers {
			if a != notAsked {
				total++ // its Change page
			}
		}
	})
	return total
}
