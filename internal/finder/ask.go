package finder

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// # Asking only when the answer changes the advice
//
// A question after the first is asked only on the paths of earlier
// answers where some answer to it changes the advice: the pages
// recommended and their order, what each shows (its related pages, first
// step, registration, and what to use instead where the person lives),
// the pages to work towards and the answers' notes. The reasons a page
// gives ("Why it might suit you") name the answers, so they are not
// advice. Whether a question changes the advice is worked out from the
// content, for every later answer or none: the question is left out when
// each of its answers gives the advice that leaving it out gives, under
// any answers to the questions after it. So a person who is not asked
// gets the advice that every answer would have given them.
//
// In an answer list a question that is not asked holds -1 (notAsked).

// notAsked marks a question that is not asked on a path.
const notAsked = -1

// maxDerive bounds the combinations of answers (each question answered
// or not asked) that working out which questions to ask may look at.
const maxDerive = 1 << 18

// key returns an answer list as the JSON's skip list and the model's
// table name it: the indexes joined by dots, "0.-1.2".
func key(answers []int) string {
	var b strings.Builder
	for i, a := range answers {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(a))
	}
	return b.String()
}

// asks reports whether the question after the answers so far is asked.
// The first question always is.
func (m *model) asks(answers []int) bool {
	if len(answers) == 0 {
		return true
	}
	return !m.skip[key(answers)]
}

// fill appends notAsked for each next question that is not asked, up to
// the next question that is or the end.
func (m *model) fill(answers []int) []int {
	for len(answers) < len(m.f.Questions) && !m.asks(answers) {
		answers = append(answers, notAsked)
	}
	return answers
}

// derive works out, for every path of answers a person can give, whether
// the next question is asked, and fills m.skip.
func (m *model) derive() diag.List {
	m.skip = map[string]bool{}
	n := len(m.f.Questions)
	if n == 0 {
		return nil
	}
	total := 1
	for _, q := range m.f.Questions {
		total *= len(q.Answers) + 1
		if total > maxDerive {
			return diag.List{{Pos: m.page.Pos("questions"), Code: "finder-pages",
				Msg:  fmt.Sprintf("these questions have too many combinations of answers (more than %d) to work out which to ask", maxDerive),
				Hint: "remove questions or answers"}}
		}
	}
	advice := map[string]string{} // memo: the advice for a complete answer list
	adviceOf := func(answers []int) string {
		k := key(answers)
		a, ok := advice[k]
		if !ok {
			a = m.advice(m.outcome(answers), answers)
			advice[k] = a
		}
		return a
	}
	asked := make([]bool, n)
	asked[0] = true
	var walk func(prefix []int)
	walk = func(prefix []int) {
		k := len(prefix)
		if k == n {
			return
		}
		if k > 0 && !m.changes(prefix, adviceOf) {
			m.skip[key(prefix)] = true
			walk(append(prefix[:k:k], notAsked))
			return
		}
		asked[k] = true
		for ai := range m.f.Questions[k].Answers {
			walk(append(prefix[:k:k], ai))
		}
	}
	walk(nil)
	var diags diag.List
	for qi, ok := range asked {
		if !ok {
			diags.Add(diag.Diagnostic{Pos: m.page.Pos(fmt.Sprintf("questions[%d].id", qi+1)), Severity: diag.Warning, Code: "finder-ask",
				Msg:  fmt.Sprintf("no answer to question %q changes the advice after any earlier answers, so it is never asked", m.f.Questions[qi].ID),
				Hint: "remove it, or give the pages values its answers match differently"})
		}
	}
	return diags
}

// changes reports whether some answer to the question after prefix gives
// other advice than leaving the question out, under any answers (or
// none) to the questions after it.
func (m *model) changes(prefix []int, adviceOf func([]int) string) bool {
	n, k := len(m.f.Questions), len(prefix)
	answers := append(slices.Clone(prefix), make([]int, n-k)...)
	// Each later question runs from notAsked to its last answer.
	for j := k + 1; j < n; j++ {
		answers[j] = notAsked
	}
	for {
		answers[k] = notAsked
		without := adviceOf(answers)
		for ai := range m.f.Questions[k].Answers {
			answers[k] = ai
			if adviceOf(answers) != without {
				return true
			}
		}
		j := n - 1
		for ; j > k; j-- {
			if answers[j]++; answers[j] < len(m.f.Questions[j].Answers) {
				break
			}
			answers[j] = notAsked
		}
		if j == k {
			return false
		}
	}
}

// advice returns what an outcome advises, as a string to compare: all
// of it but the reasons, which name the answers.
func (m *model) advice(o Outcome, answers []int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %v %q\n", o.Closest, o.Newcomer, o.Notes)
	for _, mt := range o.Matches {
		fmt.Fprintf(&b, "m %s %v %v %v", mt.Page.Slug, mt.Requires != nil, mt.FirstStep != nil, mt.HasRelated)
		for _, r := range mt.Related {
			fmt.Fprintf(&b, " r:%s", r.Page.Slug)
		}
		for _, h := range mt.History {
			s := ""
			if h.Successor != nil {
				s = h.Successor.Slug
			}
			fmt.Fprintf(&b, " h:%s>%s", h.Page.Slug, s)
		}
		for _, in := range mt.Instead {
			fmt.Fprintf(&b, " i:%q", in.Use)
		}
		b.WriteByte('\n')
	}
	for _, t := range o.Towards {
		fmt.Fprintf(&b, "t %s\n", t.Page.Slug)
	}
	return b.String()
}

// InsteadField is the field of recommended pages a question must ask
// about for each result to show what the page says to use instead where
// the person lives: a guide's elsewhere entry for the nation answered.
const InsteadField = "nations"

// Instead is what a recommended page says people who gave an answer use
// instead: a guide's elsewhere entry for their nation.
type Instead struct {
	Place string // the answer given, "Wales"
	Use   string
	Label string // its source's name
	URL   string // its source
	Lang  string // the language of Label, where it is not its page's
}

// insteadFor returns what page p says to use instead for answer a to a
// question on InsteadField, or nil.
func insteadFor(p *site.Page, q *site.FinderQuestion, a *site.FinderAnswer) []Instead {
	if q.Field != InsteadField || p.Guide == nil {
		return nil
	}
	var out []Instead
	for _, e := range p.Guide.Elsewhere {
		if slices.Contains(a.Values(), e.Nation) {
			out = append(out, Instead{Place: a.Label, Use: e.Use, Label: e.Label, URL: e.URL, Lang: e.Lang})
		}
	}
	return out
}

// span returns the fewest and most questions a person is asked in all,
// from a path of answers so far.
func (m *model) span(answers []int) (lo, hi int) {
	answers = m.fill(answers)
	k := len(answers)
	if k == len(m.f.Questions) {
		n := 0
		for _, a := range answers {
			if a != notAsked {
				n++
			}
		}
		return n, n
	}
	lo = len(m.f.Questions) + 1
	for ai := range m.f.Questions[k].Answers {
		l, h := m.span(append(answers[:k:k], ai))
		lo, hi = min(lo, l), max(hi, h)
	}
	return lo, hi
}
