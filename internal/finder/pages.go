package finder

import (
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

	// On question and Change pages:
	Number   int // the question's number, from 1
	Total    int // how many questions there are
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
// given so far: the next question, or the result once every question has
// an answer. The first question, with no answers yet, is at its id.
func (m *model) pathAfter(answers []int) string {
	if len(answers) == 0 {
		return m.base + m.f.Questions[0].ID + "/"
	}
	var b strings.Builder
	b.WriteString(m.base)
	for qi, ai := range answers {
		b.WriteString(m.seg(qi, ai))
		b.WriteByte('/')
	}
	return b.String()
}

// changePath returns the site path of the Change page for question qi of
// a result.
func (m *model) changePath(answers []int, qi int) string {
	return m.pathAfter(answers) + "change-" + m.f.Questions[qi].ID + "/"
}

// prefixes calls fn with every path of answers to the first k questions,
// for k from 0 to the number of questions less one.
func (m *model) prefixes(fn func(answers []int)) {
	var walk func(answers []int)
	walk = func(answers []int) {
		fn(answers)
		k := len(answers)
		if k+1 >= len(m.f.Questions) {
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

// paths returns the site path of every page the finder generates.
func (m *model) paths() []string {
	out := []string{m.base}
	m.prefixes(func(answers []int) { out = append(out, m.pathAfter(answers)) })
	m.each(func(answers []int) {
		out = append(out, m.pathAfter(answers))
		for qi := range m.f.Questions {
			out = append(out, m.changePath(answers, qi))
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
	return &Data{
		Finder: m.page, Step: step, Noun: m.noun,
		StartURL: m.cfg.URL(m.base), FirstURL: m.cfg.URL(m.pathAfter(nil)), JSONURL: m.cfg.URL(m.base + JSONName),
		Total: len(m.f.Questions),
	}
}

// pages returns every page of the finder, in a fixed order: the start
// page, the questions, then each result and its Change pages.
func (m *model) pages() []site.Generated {
	var out []site.Generated

	start := *m.page
	start.Section, _, _ = strings.Cut(m.base, "/")
	start.Kind, start.Path, start.URL = site.KindFinder, m.base, m.cfg.URL(m.base)
	out = append(out, site.Generated{Page: &start, Layouts: []string{StartLayout}, Data: m.data(StepStart)})

	m.prefixes(func(answers []int) {
		k := len(answers)
		q := &m.f.Questions[k]
		d := m.data(StepQuestion)
		d.Number, d.Question = k+1, q
		if k == 0 {
			d.Back = d.StartURL
		} else {
			d.Back = m.cfg.URL(m.pathAfter(answers[:k-1]))
		}
		for ai, a := range q.Answers {
			next := append(answers[:k:k], ai)
			d.Choices = append(d.Choices, Choice{Label: a.Label, Hint: a.Hint, URL: m.cfg.URL(m.pathAfter(next))})
		}
		out = append(out, site.Generated{Page: m.newPage(m.pathAfter(answers), q.Question), Layouts: []string{QuestionLayout}, Data: d})
	})

	n := len(m.f.Questions)
	m.each(func(answers []int) {
		o := m.outcome(answers)
		d := m.data(StepResult)
		d.Outcome = &o
		d.Back = m.cfg.URL(m.pathAfter(answers[:n-1]))
		for qi := range m.f.Questions {
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
			q := &m.f.Questions[qi]
			c := m.data(StepChange)
			c.Number, c.Question = qi+1, q
			c.Back = m.cfg.URL(m.pathAfter(answers))
			for ai, a := range q.Answers {
				changed := append([]int(nil), answers...)
				changed[qi] = ai
				c.Choices = append(c.Choices, Choice{Label: a.Label, Hint: a.Hint, URL: m.cfg.URL(m.pathAfter(changed)), Current: ai == answers[qi]})
			}
			out = append(out, site.Generated{Page: m.newPage(m.changePath(answers, qi), q.Question), Layouts: []string{QuestionLayout}, Data: c})
		}
	})
	return out
}
