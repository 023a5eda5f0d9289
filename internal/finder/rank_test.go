package finder

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

func pathway(slug string, backgrounds, interests, stages, routes []string) *site.Page {
	return &site.Page{Section: "pathways", Kind: site.KindPathway, Slug: slug, Title: slug, URL: "/pathways/" + slug + "/",
		Pathway: &site.Pathway{Backgrounds: backgrounds, Interests: interests, EntryStages: stages, Routes: routes}}
}

func route(slug, status, successor string, backgrounds, stages []string) *site.Page {
	return &site.Page{Section: "routes", Kind: site.KindRoute, Slug: slug, Title: slug, URL: "/routes/" + slug + "/",
		Route: &site.Route{Status: status, Successor: successor, Backgrounds: backgrounds, EntryStages: stages}}
}

func l(s ...string) []string { return s }

// testModel is a small career finder: background (required), interest
// (required, weight 2) and stage, over five pathways and four routes.
func testModel() *model {
	f := &site.Finder{
		Path: "/finder/", Recommends: "pathways", ResultsTitle: "Results",
		Questions: []site.FinderQuestion{
			{ID: "background", Question: "Background?", Summary: "Your background", Field: "backgrounds", Required: true, Answers: []site.FinderAnswer{
				{Value: "clinical", Label: "Clinician"}, {Value: "technical", Label: "Technical"}, {Value: "neither", Label: "Neither", Note: "Anyone can start."}}},
			{ID: "interest", Question: "Interest?", Summary: "Your interest", Field: "interests", Weight: 2, Required: true, Answers: []site.FinderAnswer{
				{Value: "data", Label: "Data"}, {Value: "leadership", Label: "Leading"}, {Value: "people", Label: "People", Matches: l("inclusion", "teaching")}}},
			{ID: "stage", Question: "Stage?", Summary: "Where you are", Field: "entry_stages", Answers: []site.FinderAnswer{
				{Value: "new", Label: "New"}, {Value: "manager", Label: "Manager"}}},
		},
		Related: &site.FinderRelated{Field: "routes", Heading: "Routes", Match: l("background", "stage")},
	}
	m := &model{
		page: &site.Page{File: "content/finders/careers.md", Slug: "careers", Title: "Find", Finder: f},
		f:    f, cfg: &site.Config{BasePath: "/", BaseURL: "https://example.org/"}, base: "finder/", noun: "pathway",
		items: []*site.Page{
			pathway("analyst", l("technical", "neither", "clinical"), l("data"), l("new"), l("register")),
			pathway("informatician", l("clinical"), l("data", "leadership"), l("new", "manager"), l("faculty", "community", "academy")),
			pathway("cio", l("technical"), l("leadership"), l("manager"), l("register", "academy")),
			pathway("champion", l("clinical", "technical", "neither"), l("inclusion"), l("new"), nil),
			pathway("teacher", l("neither"), l("teaching"), l("manager"), l("missing")),
		},
		related: map[string]*site.Page{
			"register":  route("register", "open", "", l("technical", "neither"), nil),
			"community": route("community", "open", "", l("clinical"), nil),
			"faculty":   route("faculty", "historical", "community", l("clinical"), nil),
			"academy":   route("academy", "open", "", nil, l("manager")),
		},
		match: []int{0, 2}, show: 5, closest: 3,
	}
	return m
}

// answersFor turns answer values into indexes.
func answersFor(t *testing.T, m *model, values ...string) []int {
	t.Helper()
	var out []int
	for qi, v := range values {
		i := slices.IndexFunc(m.f.Questions[qi].Answers, func(a site.FinderAnswer) bool { return a.Value == v })
		if i < 0 {
			t.Fatalf("no answer %q to question %d", v, qi+1)
		}
		out = append(out, i)
	}
	return out
}

func slugs(o Outcome) string {
	var s []string
	for _, mt := range o.Matches {
		s = append(s, fmt.Sprintf("%s:%d", mt.Page.Slug, mt.Score))
	}
	return strings.Join(s, " ")
}

func TestOutcome(t *testing.T) {
	m := testModel()
	tests := []struct {
		answers []string
		closest bool
		want    string
	}{
		// Full matches first, then by the section's order.
		{l("clinical", "data", "new"), false, "analyst:4 informatician:4"},
		{l("clinical", "data", "manager"), false, "informatician:4 analyst:3"},
		// An answer that matches several values.
		{l("neither", "people", "new"), false, "champion:4 teacher:3"},
		{l("neither", "people", "manager"), false, "teacher:4 champion:3"},
		// Required questions: the CIO suits technical leaders only.
		{l("technical", "leadership", "manager"), false, "cio:4"},
		// Nothing matches both required answers: the closest, best first.
		{l("neither", "leadership", "manager"), true, "informatician:3 cio:3 teacher:2"},
		{l("clinical", "leadership", "new"), false, "informatician:4"},
	}
	for _, tt := range tests {
		o := m.outcome(answersFor(t, m, tt.answers...))
		if got := slugs(o); got != tt.want || o.Closest != tt.closest {
			t.Errorf("outcome(%v) = %s (closest %v), want %s (closest %v)", tt.answers, got, o.Closest, tt.want, tt.closest)
		}
	}
}

func TestOutcomeLimits(t *testing.T) {
	m := testModel()
	m.show = 1
	if got := slugs(m.outcome(answersFor(t, m, "clinical", "data", "new"))); got != "analyst:4" {
		t.Errorf("with show 1: %s, want analyst:4", got)
	}
	m.closest = 2
	if got := slugs(m.outcome(answersFor(t, m, "neither", "leadership", "manager"))); got != "informatician:3 cio:3" {
		t.Errorf("with closest 2: %s, want informatician:3 cio:3", got)
	}
}

// TestOutcomeNeverEmpty checks that answers matching nothing still give
// the first pages, marked as closest.
func TestOutcomeNeverEmpty(t *testing.T) {
	m := testModel()
	m.items = m.items[2:3] // only the CIO: technical, leadership, manager
	o := m.outcome(answersFor(t, m, "clinical", "data", "new"))
	if !o.Closest || slugs(o) != "cio:0" {
		t.Errorf("outcome = %s (closest %v), want cio:0 (closest true)", slugs(o), o.Closest)
	}
}

func TestReasonsAndNotes(t *testing.T) {
	m := testModel()
	o := m.outcome(answersFor(t, m, "neither", "people", "manager"))
	var got []string
	for _, r := range o.Matches[1].Reasons {
		got = append(got, fmt.Sprintf("%s=%s %v", r.Summary, r.Label, r.Matched))
	}
	want := "Your background=Neither true, Your interest=People true, Where you are=Manager false"
	if strings.Join(got, ", ") != want {
		t.Errorf("reasons = %s, want %s", strings.Join(got, ", "), want)
	}
	if !slices.Equal(o.Notes, l("Anyone can start.")) {
		t.Errorf("notes = %q, want the note of the answer Neither", o.Notes)
	}
}

func TestRelated(t *testing.T) {
	m := testModel()
	names := func(rs []Related) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Page.Slug)
		}
		return strings.Join(s, " ")
	}
	tests := []struct {
		item    string
		answers []string
		want    string // suitable related pages
		history string // historical page > successor
	}{
		// The historical faculty is history; its successor is listed once.
		{"informatician", l("clinical", "data", "new"), "community", "faculty>community"},
		// The academy suits managers of any background.
		{"informatician", l("clinical", "data", "manager"), "community academy", "faculty>community"},
		// Technical people are not pointed to clinical bodies, even as history.
		{"informatician", l("technical", "data", "manager"), "academy", ""},
		{"cio", l("technical", "leadership", "manager"), "register academy", ""},
		{"cio", l("clinical", "leadership", "new"), "", ""},
		// A reference to no page is left out.
		{"teacher", l("neither", "people", "manager"), "", ""},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(m.items, func(p *site.Page) bool { return p.Slug == tt.item })
		rel, hist := m.relatedFor(m.items[i], answersFor(t, m, tt.answers...))
		var h []string
		for _, x := range hist {
			s := x.Page.Slug + ">"
			if x.Successor != nil {
				s += x.Successor.Slug
			}
			h = append(h, s)
		}
		if names(rel) != tt.want || strings.Join(h, " ") != tt.history {
			t.Errorf("relatedFor(%s, %v) = %q, history %q; want %q, history %q", tt.item, tt.answers, names(rel), strings.Join(h, " "), tt.want, tt.history)
		}
	}
}

func TestPaths(t *testing.T) {
	m := testModel()
	a := answersFor(t, m, "clinical", "data", "manager")
	tests := []struct{ got, want string }{
		{m.pathAfter(nil), "finder/background/"},
		{m.pathAfter(a[:1]), "finder/background-clinical/"},
		{m.pathAfter(a[:2]), "finder/background-clinical/interest-data/"},
		{m.pathAfter(a), "finder/background-clinical/interest-data/stage-manager/"},
		{m.changePath(a, 1), "finder/background-clinical/interest-data/stage-manager/change-interest/"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("path = %s, want %s", tt.got, tt.want)
		}
	}
}

// TestCount checks the page count formula against the pages generated,
// and that every page has an address of its own.
func TestCount(t *testing.T) {
	m := testModel()
	// 1 start + (1 + 3 + 9) questions + 18 results + 18×3 Change pages.
	if got, want := m.count(), 1+13+18+54; got != want {
		t.Errorf("count() = %d, want %d", got, want)
	}
	pages := m.pages()
	if len(pages) != m.count() {
		t.Errorf("pages() made %d pages, count() says %d", len(pages), m.count())
	}
	paths := m.paths()
	seen := map[string]bool{}
	for i, g := range pages {
		if g.Page.Path != paths[i] && !slices.Contains(paths, g.Page.Path) {
			t.Errorf("page %s is not in paths()", g.Page.Path)
		}
		if seen[g.Page.Path] {
			t.Errorf("two pages at %s", g.Page.Path)
		}
		seen[g.Page.Path] = true
	}
}

// TestLinks checks that every link a generated page makes leads to
// another generated page, and that Change pages keep the other answers
// and mark the one given.
func TestLinks(t *testing.T) {
	m := testModel()
	pages := m.pages()
	urls := map[string]bool{}
	for _, g := range pages {
		urls[g.Page.URL] = true
	}
	for _, g := range pages {
		d := g.Data.(*Data)
		links := []string{d.StartURL, d.FirstURL}
		if d.Back != "" {
			links = append(links, d.Back)
		}
		current := 0
		for _, c := range d.Choices {
			links = append(links, c.URL)
			if c.Current {
				current++
			}
		}
		for _, gv := range d.Given {
			links = append(links, gv.ChangeURL)
		}
		for _, u := range links {
			if !urls[u] {
				t.Errorf("%s links to %s, which is not generated", g.Page.URL, u)
			}
		}
		if want := map[string]int{StepChange: 1}[d.Step]; current != want {
			t.Errorf("%s marks %d answers as given, want %d", g.Page.URL, current, want)
		}
	}
	change := "/finder/background-clinical/interest-data/stage-manager/change-interest/"
	for _, g := range pages {
		if g.Page.URL != change {
			continue
		}
		d := g.Data.(*Data)
		if d.Choices[1].URL != "/finder/background-clinical/interest-leadership/stage-manager/" || !d.Choices[0].Current {
			t.Errorf("Change page choices = %+v", d.Choices)
		}
		if d.Back != "/finder/background-clinical/interest-data/stage-manager/" {
			t.Errorf("Change page back = %s, want the result", d.Back)
		}
	}
}

// registeredModel is testModel with the clinician answer claiming a
// registration, the new answer marking a newcomer, and the informatician
// pathway needing a registration.
func registeredModel() *model {
	m := testModel()
	m.f.Questions[0].Answers[0].Registered = true
	m.f.Questions[2].Answers[0].Newcomer = true
	m.items[1].Pathway.Requires = &site.Requirement{Registration: "a registered clinician", How: "Train, then register."}
	m.items[1].Pathway.Steps = []site.Step{{Title: "Join in", What: "Help test a system."}}
	m.items[0].Pathway.FirstStep = "Learn a spreadsheet."
	return m
}

func towardSlugs(o Outcome) string {
	var s []string
	for _, t := range o.Towards {
		var why []string
		for _, r := range t.Reasons {
			why = append(why, r.Label)
		}
		s = append(s, t.Page.Slug+"("+strings.Join(why, ",")+")")
	}
	return strings.Join(s, " ")
}

// TestRegistration checks that a pathway needing a registration is a
// match only for answers that claim one, and otherwise is shown apart,
// as one to work towards, when it suits the other answers; and that a
// match still says which registration it needs.
func TestRegistration(t *testing.T) {
	m := registeredModel()
	tests := []struct {
		answers []string
		closest bool
		want    string // matches
		towards string
	}{
		// A clinician: the informatician is a match as before.
		{l("clinical", "data", "new"), false, "analyst:4 informatician:4", ""},
		// Not registered: never a match, not even among the closest.
		{l("technical", "data", "new"), false, "analyst:4", "informatician(Data,New)"},
		{l("neither", "leadership", "manager"), true, "cio:3 teacher:2 analyst:1", "informatician(Leading,Manager)"},
		// The background question asks about registration, so it is left
		// out when deciding what to work towards; the required interest is not.
		{l("technical", "people", "new"), false, "champion:4", ""},
	}
	for _, tt := range tests {
		o := m.outcome(answersFor(t, m, tt.answers...))
		if got := slugs(o); got != tt.want || o.Closest != tt.closest || towardSlugs(o) != tt.towards {
			t.Errorf("outcome(%v) = %s (closest %v), towards %q; want %s (closest %v), towards %q",
				tt.answers, got, o.Closest, towardSlugs(o), tt.want, tt.closest, tt.towards)
		}
		for _, mt := range o.Matches {
			if (mt.Requires != nil) != (mt.Page.Slug == "informatician") {
				t.Errorf("outcome(%v): %s has requires %v", tt.answers, mt.Page.Slug, mt.Requires)
			}
		}
	}
	// With nothing but pages that need a registration, unregistered
	// answers get no match rather than one they cannot start on.
	m.items = m.items[1:2]
	if o := m.outcome(answersFor(t, m, "technical", "data", "new")); len(o.Matches) != 0 || towardSlugs(o) != "informatician(Data,New)" {
		t.Errorf("only the informatician: matches %s, towards %q; want none, towards informatician", slugs(o), towardSlugs(o))
	}
}

// TestFirstStep checks that a newcomer's matches carry their first step:
// first_step, or the first of the steps; and that others' do not.
func TestFirstStep(t *testing.T) {
	m := registeredModel()
	steps := func(o Outcome) string {
		var s []string
		for _, mt := range o.Matches {
			if mt.FirstStep == nil {
				s = append(s, mt.Page.Slug+"=")
				continue
			}
			s = append(s, mt.Page.Slug+"="+mt.FirstStep.Title+"/"+mt.FirstStep.What)
		}
		return strings.Join(s, " ")
	}
	o := m.outcome(answersFor(t, m, "clinical", "data", "new"))
	if got, want := steps(o), "analyst=/Learn a spreadsheet. informatician=Join in/Help test a system."; !o.Newcomer || got != want {
		t.Errorf("a newcomer's first steps: %s (newcomer %v), want %s", got, o.Newcomer, want)
	}
	o = m.outcome(answersFor(t, m, "clinical", "data", "manager"))
	if got, want := steps(o), "informatician= analyst="; o.Newcomer || got != want {
		t.Errorf("a manager's first steps: %s (newcomer %v), want %s", got, o.Newcomer, want)
	}
}

// TestWhy checks that each related page says which answers it suits,
// including questions it need not suit, and nothing for fields it leaves
// empty.
func TestWhy(t *testing.T) {
	m := testModel()
	m.related["academy"].Route.Interests = l("leadership")
	o := m.outcome(answersFor(t, m, "clinical", "leadership", "manager"))
	var got []string
	for _, r := range o.Matches[0].Related {
		var why []string
		for _, w := range r.Why {
			why = append(why, w.Summary+"="+w.Label)
		}
		got = append(got, r.Page.Slug+"("+strings.Join(why, ",")+")")
	}
	want := "community(Your background=Clinician) academy(Your interest=Leading,Where you are=Manager)"
	if o.Matches[0].Page.Slug != "informatician" || strings.Join(got, " ") != want {
		t.Errorf("related of %s: %s, want informatician's %s", o.Matches[0].Page.Slug, strings.Join(got, " "), want)
	}
}
