package finder

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// jsonFinder is the data static/js/finder.js reads: the questions, and
// of each page it may recommend what ranking needs and what a result
// shows.
type jsonFinder struct {
	Path         string         `json:"path"` // the start page's URL
	Title        string         `json:"title"`
	ResultsTitle string         `json:"resultsTitle"`
	Noun         string         `json:"noun"`
	Show         int            `json:"show"`
	Closest      int            `json:"closest"`
	Advice       string         `json:"advice"`
	AdviceLinks  []jsonLink     `json:"adviceLinks"`
	Questions    []jsonQuestion `json:"questions"`
	// Skip lists the paths of answers after which the next question is
	// not asked, each as the answers' indexes joined by dots, -1 for a
	// question not asked: "0.3".
	Skip    []string     `json:"skip"`
	Items   []jsonPage   `json:"items"`
	Related *jsonRelated `json:"related,omitempty"`
}

type jsonLink struct {
	Label string `json:"label"`
	URL   string `json:"url"`
	// Hreflang is the language of the page the link leads to, where it
	// is not the finder's own.
	Hreflang string `json:"hreflang,omitempty"`
}

type jsonQuestion struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Hint     string `json:"hint,omitempty"`
	Summary  string `json:"summary"`
	Field    string `json:"field"`
	Weight   int    `json:"weight"`
	Required bool   `json:"required,omitempty"`
	// Instead is true when each result shows what its page says to use
	// instead for the answer given (see InsteadField).
	Instead bool         `json:"instead,omitempty"`
	Answers []jsonAnswer `json:"answers"`
}

type jsonAnswer struct {
	Value   string   `json:"value"`
	Label   string   `json:"label"`
	Hint    string   `json:"hint,omitempty"`
	Matches []string `json:"matches"`
	Note    string   `json:"note,omitempty"`
	// Registered and Newcomer are as site.FinderAnswer's.
	Registered bool `json:"registered,omitempty"`
	Newcomer   bool `json:"newcomer,omitempty"`
}

type jsonPage struct {
	Slug        string              `json:"slug"`
	Title       string              `json:"title"`
	URL         string              `json:"url"`
	Description string              `json:"description,omitempty"`
	Lang        string              `json:"lang,omitempty"` // where not the finder's language
	Fields      map[string][]string `json:"fields"`
	// Instead is what the page says to use instead, each for a value of
	// InsteadField.
	Instead   []jsonInstead    `json:"instead,omitempty"`
	Related   []string         `json:"related,omitempty"`
	Status    string           `json:"status,omitempty"`    // related pages that are not open
	Note      string           `json:"note,omitempty"`      // what is known of their status
	Successor string           `json:"successor,omitempty"` // and what replaced them
	Requires  *jsonRequirement `json:"requires,omitempty"`  // the registration it needs first
	FirstStep *jsonStep        `json:"firstStep,omitempty"` // what someone new does first
}

type jsonRequirement struct {
	Registration string `json:"registration"`
	How          string `json:"how"`
	URL          string `json:"url,omitempty"`
}

type jsonInstead struct {
	Value string `json:"value"`
	Use   string `json:"use"`
	Label string `json:"label"`
	URL   string `json:"url"`
	Lang  string `json:"lang,omitempty"` // the language of Label, where it is not its page's
}

type jsonStep struct {
	Title string `json:"title,omitempty"`
	What  string `json:"what"`
}

type jsonRelated struct {
	Heading string              `json:"heading"`
	None    string              `json:"none,omitempty"`
	Match   []int               `json:"match"` // indexes of questions
	Pages   map[string]jsonPage `json:"pages"` // by slug
}

// json returns the finder's data file.
func (m *model) json() (site.File, error) {
	j := jsonFinder{
		Path: m.cfg.URL(m.base), Title: m.page.Title, ResultsTitle: m.f.ResultsTitle, Noun: m.noun,
		Show: m.show, Closest: m.closest, Advice: m.f.Advice, AdviceLinks: []jsonLink{},
	}
	for _, l := range m.f.AdviceLinks {
		u := l.URL
		if strings.HasPrefix(u, "/") {
			u = m.cfg.URL(u)
		}
		jl := jsonLink{Label: l.Label, URL: u}
		if to := m.cfg.LangAt(u); to != nil && to.Code != cmp.Or(m.page.Lang, m.cfg.DefaultLang()) {
			jl.Hreflang = cmp.Or(to.Tag, m.cfg.Language)
		}
		j.AdviceLinks = append(j.AdviceLinks, jl)
	}
	for _, q := range m.f.Questions {
		jq := jsonQuestion{ID: q.ID, Question: q.Question, Hint: q.Hint, Summary: q.Summary, Field: q.Field, Weight: weight(&q), Required: q.Required,
			Instead: q.Field == InsteadField}
		for _, a := range q.Answers {
			jq.Answers = append(jq.Answers, jsonAnswer{Value: a.Value, Label: a.Label, Hint: a.Hint, Matches: a.Values(), Note: a.Note,
				Registered: a.Registered, Newcomer: a.Newcomer})
		}
		j.Questions = append(j.Questions, jq)
	}
	j.Skip = slices.Sorted(maps.Keys(m.skip))
	if j.Skip == nil {
		j.Skip = []string{}
	}
	fields := m.fields()
	for _, p := range m.items {
		jp := m.jsonPage(p, fields)
		if m.f.Related != nil {
			jp.Related = p.Values(m.f.Related.Field)
		}
		if r := requirement(p); r != nil {
			jp.Requires = &jsonRequirement{Registration: r.Registration, How: r.How, URL: r.URL}
		}
		if s := firstStep(p); s != nil {
			jp.FirstStep = &jsonStep{Title: s.Title, What: s.What}
		}
		if slices.Contains(fields, InsteadField) && p.Guide != nil {
			for _, e := range p.Guide.Elsewhere {
				jp.Instead = append(jp.Instead, jsonInstead{Value: e.Nation, Use: e.Use, Label: e.Label, URL: e.URL, Lang: e.Lang})
			}
		}
		j.Items = append(j.Items, jp)
	}
	if m.f.Related != nil && m.related != nil {
		jr := &jsonRelated{Heading: m.f.Related.Heading, None: m.f.Related.None, Match: append([]int{}, m.match...), Pages: map[string]jsonPage{}}
		// Every question's field, as a related page's "why" names each
		// answer it matches, not only those it must suit.
		for slug, p := range m.related {
			jp := m.jsonPage(p, fields)
			if closed(p) {
				jp.Status = p.Values("status")[0]
				jp.Note = StatusNote(p)
				if s := p.Values("successor"); len(s) > 0 {
					jp.Successor = s[0]
				}
			}
			jr.Pages[slug] = jp
		}
		j.Related = jr
	}
	data, err := json.MarshalIndent(j, "", "\t")
	if err != nil {
		return site.File{}, err
	}
	return site.File{Path: m.base + JSONName, Type: "application/json", Data: append(data, '\n'), Src: m.page.File}, nil
}

func (m *model) jsonPage(p *site.Page, fields []string) jsonPage {
	jp := jsonPage{Slug: p.Slug, Title: p.Title, URL: p.URL, Description: p.Description, Fields: map[string][]string{}}
	if p.Lang != m.page.Lang {
		jp.Lang = m.cfg.Language
		if l := m.cfg.Lang(p.Lang); l != nil {
			jp.Lang = l.Tag
		}
	}
	for _, f := range fields {
		if v := p.Values(f); len(v) > 0 {
			jp.Fields[f] = v
		}
	}
	return jp
}
