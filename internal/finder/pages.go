package finder

import (
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// The steps of a finder, as Data.Step names them.
const (
	StepStart    = "start"
	StepQuestion = "question"
	StepChange   = "change"
	StepResult   = "result"
)

// Data is what every finder layout receives as .Data.
type Data struct {
	Finder   *site.Page // the finder's content page
	Step     string     // StepStart, StepQuestion, StepChange or StepResult
	StartURL string     // the start page
	FirstURL string     // the first question
	JSONURL  string     // the data the script reads
	Back     string     // where the back link leads; "" on the start page
	Noun     string     // what one recommended page is, "career pathway"
	// Counts are the numbers of pages a result may count, 1 to the most
	// it shows.
	Counts []int
	// Gated, History, FirstSteps and Instead say what the finder may
	// show: pages that need a registration first, closed pages among the
	// related ones, first steps, and what to use instead where a guide is
	// not for the nation answered; the layouts give finder.js the words
	// for those it may show only.
	Gated, History, FirstSteps, Instead bool

	// On question and Change pages, and Total on the start page:
	Number int // the question's number, from 1
	// Total is how many questions the person is asked in all; when that
	// depends on answers still to give, UpTo is true and Total is the
	// most they may be asked.
	Total    int
	UpTo     bool
	Question *site.FinderQuestion
	Choices  []Choice

	// On result pages:
	Given   []Given
	Outcome *Outcome
	Advice  []site.Link // the finder's advice links, ready to use
}

// Choice is one answer on a question page: a link to the next page.
type Choice struct {
	Label   string
	Hint    string
	URL     string
	Current bool // on a Change page, the answer given before
}

// Given is one answer in the "Your answers" list of a result page.
type Given struct {
	Question  string // the question, "What is your background?"
	Summary   string // the question's summary, "Your background"
	Label     string // the answer given
	ChangeURL string // its Change page
}

func (m *model) seg(qi, ai int) string {
	q := &m.f.Questions[qi]
	return q.ID + "-" + q.Answers[ai].Value
}

// pathAfter returns the site path of the page that follows the answers
// given so far: the next question, or the result once every question is
// answered or not asked. A question not asked has no segment. The first
// question, with no answers yet, is at its id.
func (m *model) pathAfter(answers []int) string {
	var b strings.Builder
	b.WriteString(m.base)
	for qi, ai := range answers {
		if ai != notAsked {
			b.WriteString(m.seg(qi, ai))
			b.WriteByte('/')
		}
	}
	if len(answers) == 0 {
		b.WriteString(m.f.Questions[0].ID + "/")
	}
	return b.String()
}

// changePath returns the site path of the Change page for question qi of
// a result.
func (m *model) changePath(answers []int, qi int) string {
	return m.pathAfter(answers) + "change-" + m.f.Questions[qi].ID + "/"
}

// changed returns the answers of a result with question qi's answer
// changed to ai: the later answers are kept where their question is
// still asked and dropped where it no longer is, up to the first
// question that is now asked and had no answer, whose page comes next.
func (m *model) changed(answers []int, qi, ai int) []int {
	out := append(slices.Clone(answers[:qi]), ai)
	for j := qi + 1; j < len(answers); j++ {
		switch {
		case !m.asks(out):
			out = append(out, notAsked)
		case answers[j] != notAsked:
			out = append(out, answers[j])
		default:
			return out
		}
	}
	return out
}

// backFrom returns the site path of the question before the page after
// answers: the last question answered, or the start page.
func (m *model) backFrom(answers []int) string {
	for k := len(answers) - 1; k >= 0; k-- {
		if answers[k] != notAsked {
			return m.pathAfter(answers[:k])
		}
	}
	return m.base
}

// asked returns how many questions the answers answer.
func asked(answers []int) int {
	n := 0
	for _, a := range answers {
		if a != notAsked {
			n++
		}
	}
	return n
}

// prefixes calls fn with every path of answers after which a question is
// asked: one for each question page.
func (m *model) prefixes(fn func(answers []int)) {
	var walk func(answers []int)
	walk = func(answers []int) {
		answers = m.fill(answers)
		k := len(answers)
		if k == len(m.f.Questions) {
			return
		}
		fn(answers)
		for ai := range m.f.Questions[k].Answers {
			walk(append(answers[:k:k], ai))
		}
	}
	if len(m.f.Questions) > 0 {
		walk(nil)
	}
}

// paths returns the site path of every page the finder generates.
func (m *model) paths() []string {
	out := []string{m.base}
	m.prefixes(func(answers []int) { out = append(out, m.pathAfter(answers)) })
	m.each(func(answers []int) {
		out = append(out, m.pathAfter(answers))
		for qi, ai := range answers {
			if ai != notAsked {
				out = append(out, m.changePath(answers, qi))
			}
		}
	})
	return out
}

// newPage returns a generated page of the finder at a site path.
func (m *model) newPage(path, title string) *site.Page {
	section, _, _ := strings.Cut(m.base, "/")
	return &site.Page{
		File: m.page.File, Section: section, Kind: site.KindFinder, Slug: m.page.Slug,
		Path: path, URL: m.cfg.URL(path), Title: title, Description: m.page.Description, Finder: m.f,
		Lang: m.page.Lang,
	}
}

// data returns the data every page of the finder shares.
func (m *model) data(step string) *Data {
	d := &Data{
		Finder: m.page, Step: step, Noun: m.noun,
		StartURL: m.cfg.URL(m.base), FirstURL: m.cfg.URL(m.pathAfter(nil)), JSONURL: m.cfg.URL(m.base + JSONName),
	}
	for n := 1; n <= max(m.show, m.closest); n++ {
		d.Counts = append(d.Counts, n)
	}
	d.Instead = slices.Contains(m.fields(), InsteadField)
	for _, p := range m.items {
		d.Gated = d.Gated || requirement(p) != nil
		d.FirstSteps = d.FirstSteps || firstStep(p) != nil
	}
	for _, p := range m.related {
		d.History = d.History || closed(p)
	}
	return d
}

// pages returns every page of the finder, in a fixed order: the start
// page, the questions, then each result and its Change pages.
func (m *model) pages() []site.Generated {
	var out []site.Generated

	start := *m.page
	start.Section, _, _ = strings.Cut(m.base, "/")
	start.Kind, start.Path, start.URL = site.KindFinder, m.base, m.cfg.URL(m.base)
	sd := m.data(StepStart)
	lo, hi := m.span(nil)
	sd.Total, sd.UpTo = hi, lo != hi
	out = append(out, site.Generated{Page: &start, Layouts: []string{StartLayout}, Data: sd})

	m.prefixes(func(answers []int) {
		k := len(answers)
		q := &m.f.Questions[k]
		d := m.data(StepQuestion)
		d.Number, d.Question = asked(answers)+1, q
		lo, hi := m.span(answers)
		d.Total, d.UpTo = hi, lo != hi
		d.Back = m.cfg.URL(m.backFrom(answers))
		for ai, a := range q.Answers {
			next := append(answers[:k:k], ai)
			d.Choices = append(d.Choices, Choice{Label: a.Label, Hint: a.Hint, URL: m.cfg.URL(m.pathAfter(next))})
		}
		out = append(out, site.Generated{Page: m.newPage(m.pathAfter(answers), q.Question), Layouts: []string{QuestionLayout}, Data: d})
	})

	m.each(func(answers []int) {
		o := m.outcome(answers)
		d := m.data(StepResult)
		d.Outcome = &o
		d.Back = m.cfg.URL(m.backFrom(answers))
		for qi := range m.f.Questions {
			if answers[qi] == notAsked {
				continue
			}
			q := &m.f.Questions[qi]
			d.Given = append(d.Given, Given{Question: q.Question, Summary: q.Summary, Label: q.Answers[answers[qi]].Label,
				ChangeURL: m.cfg.URL(m.changePath(answers, qi))})
		}
		for _, l := range m.f.AdviceLinks {
			if strings.HasPrefix(l.URL, "/") {
				l.URL = m.cfg.URL(l.URL)
			}
			d.Advice = append(d.Advice, l)
		}
		out = append(out, site.Generated{Page: m.newPage(m.pathAfter(answers), m.f.ResultsTitle), Layouts: []string{ResultLayout}, Data: d})

		for qi := range m.f.Questions {
			if answers[qi] == notAsked {
				continue
			}
			q := &m.f.Questions[qi]
			c := m.data(StepChange)
			c.Number, c.Question = asked(answers[:qi])+1, q
			c.Back = m.cfg.URL(m.pathAfter(answers))
			for ai, a := range q.Answers {
				c.Choices = append(c.Choices, Choice{Label: a.Label, Hint: a.Hint, URL: m.cfg.URL(m.pathAfter(m.changed(answers, qi, ai))), Current: ai == answers[qi]})
			}
			out = append(out, site.Generated{Page: m.newPage(m.changePath(answers, qi), q.Question), Layouts: []string{QuestionLayout}, Data: c})
		}
	})
	return out
}
