package finder

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/weburl"
)

// model is one finder, checked and ready to rank and generate.
type model struct {
	page    *site.Page
	f       *site.Finder
	cfg     *site.Config
	base    string // the site path of the start page, "finder/"
	noun    string // what one recommended page is, "career pathway"
	items   []*site.Page
	related map[string]*site.Page // related pages by slug
	match   []int                 // the questions related pages must suit
	show    int
	closest int
	// skip holds the paths of answers (as key gives them) after which
	// the next question is not asked: see ask.go.
	skip map[string]bool
	bad  bool // the finder has errors and generates nothing
}

var segmentRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// loadAll checks every finder of the site, then the addresses and page
// counts of all of them together.
func loadAll(x *resolve.Index) ([]*model, diag.List) {
	var diags diag.List
	var models []*model
	for _, p := range x.Pages[site.FinderSection] {
		if p.Finder == nil {
			continue
		}
		m, d := load(x, p)
		diags.Append(d)
		models = append(models, m)
	}
	diags.Append(checkPaths(x, models))
	total := 0
	for _, m := range models {
		if !m.bad {
			total += m.count()
		}
	}
	if limit := x.Config.Finder.MaxPages; limit > 0 && total > limit && len(models) > 1 {
		for _, m := range models {
			if !m.bad {
				diags.Add(diag.Diagnostic{Pos: m.page.Pos("questions"), Code: "finder-pages",
					Msg:  fmt.Sprintf("the finders would generate %d pages between them, more than the %d that finder.max_pages in site.yaml allows (this one makes %d)", total, limit, m.count()),
					Hint: "remove questions or answers, or raise finder.max_pages in site.yaml"})
				m.bad = true
			}
		}
	}
	for _, m := range models {
		if !m.bad {
			diags.Append(m.checkReach())
			diags.Append(m.checkCoverage())
		}
	}
	return models, diags
}

// load checks one finder against the site.
func load(x *resolve.Index, p *site.Page) (*model, diag.List) {
	var diags diag.List
	f := p.Finder
	m := &model{page: p, f: f, cfg: x.Config, show: f.Show, closest: f.Closest}
	errorf := func(field, code, hint, format string, args ...any) {
		diags.Add(diag.Diagnostic{Pos: p.Pos(field), Code: diag.Code(code), Msg: fmt.Sprintf(format, args...), Hint: hint})
	}

	m.base = strings.Trim(f.Path, "/")
	switch {
	case !strings.HasPrefix(f.Path, "/"):
		errorf("path", "finder-path", "write a path on this site, such as /finder/", "path must start with /, got %q", f.Path)
	case m.base == "":
		errorf("path", "finder-path", "write a path below the home page, such as /finder/", "path cannot be the home page")
	default:
		for _, seg := range strings.Split(m.base, "/") {
			if !segmentRE.MatchString(seg) {
				errorf("path", "finder-path", "use lowercase letters, numbers and hyphens between the slashes", "path %q cannot be used as a web address", f.Path)
				break
			}
		}
	}
	m.base += "/"
	if l := x.Config.Lang(p.Lang); l != nil && l.Prefix != "" && !strings.HasPrefix(m.base, l.Prefix) {
		// A translation's finder is published under its language's path.
		m.base = l.Prefix + m.base
	}

	schema := site.SchemaFor(f.Recommends)
	if schema == nil || f.Recommends == site.FinderSection {
		// The content schema already reported a value outside its list.
		m.bad = true
		return m, diags
	}
	m.noun = schema.Name
	// A finder in another language than the default recommends the
	// pages of its language, and the default's that have no translation.
	m.items = x.PagesOrDefault(f.Recommends)
	if len(m.items) == 0 {
		errorf("recommends", "finder", "", "there are no pages in content/%s/ to recommend", f.Recommends)
	}
	switch {
	case m.show == 0:
		m.show = DefaultShow
	case m.show < 0:
		errorf("show", "finder", "", "show must be 1 or more, got %d", m.show)
	}
	switch {
	case m.closest == 0:
		m.closest = DefaultClosest
	case m.closest < 0:
		errorf("closest", "finder", "", "closest must be 1 or more, got %d", m.closest)
	}

	ids := map[string]int{}
	for i, q := range f.Questions {
		qn := fmt.Sprintf("questions[%d]", i+1)
		if first, ok := ids[q.ID]; ok {
			errorf(qn+".id", "finder-duplicate", "give each question its own id", "question %d has the same id %q as question %d", i+1, q.ID, first+1)
		} else {
			ids[q.ID] = i
		}
		if !segmentRE.MatchString(q.ID) {
			errorf(qn+".id", "finder-name", "use lowercase letters, numbers and single hyphens, such as "+slugHint(q.ID), "the question id %q cannot be used in a web address", q.ID)
		}
		if q.Weight < 0 {
			errorf(qn+".weight", "finder", "", "weight must be 1 or more, got %d", q.Weight)
		}
		diags.Append(m.checkField(p, schema, qn, q))
		values := map[string]int{}
		labels := map[string]int{}
		sets := map[string]int{}
		for j, a := range q.Answers {
			an := fmt.Sprintf("%s.answers[%d]", qn, j+1)
			if first, ok := values[a.Value]; ok {
				errorf(an+".value", "finder-duplicate", "give each answer its own value", "answer %d of question %q has the same value %q as answer %d", j+1, q.ID, a.Value, first+1)
			} else {
				values[a.Value] = j
			}
			if first, ok := labels[a.Label]; ok {
				errorf(an+".label", "finder-duplicate", "give each answer its own label", "answer %d of question %q has the same label as answer %d", j+1, q.ID, first+1)
			} else {
				labels[a.Label] = j
			}
			set := slices.Sorted(slices.Values(a.Values()))
			key := strings.Join(set, "\x00")
			if first, ok := sets[key]; ok {
				diags.Add(diag.Diagnostic{Pos: p.Pos(an + ".value"), Severity: diag.Warning, Code: "finder-duplicate",
					Msg:  fmt.Sprintf("answers %d and %d of question %q match the same values, so they lead to the same results", first+1, j+1, q.ID),
					Hint: "merge them, or make them match different values"})
			} else {
				sets[key] = j
			}
			if !segmentRE.MatchString(a.Value) {
				errorf(an+".value", "finder-name", "use lowercase letters, numbers and single hyphens, such as "+slugHint(a.Value), "the answer value %q cannot be used in a web address", a.Value)
			}
		}
	}

	if r := f.Related; r != nil {
		diags.Append(m.checkRelated(x, p, schema, ids))
	}
	for i, l := range f.AdviceLinks {
		// Read as a browser reads it: "/\evil.example" is another site.
		if msg := weburl.SiteLink(l.URL, false); msg != "" {
			errorf(fmt.Sprintf("advice_links[%d].url", i+1), "url", "write a path on this site, such as /about/, or a web address starting https://", "advice_links[%d].url %q %s", i+1, l.URL, msg)
		}
	}
	if diags.Errors() > 0 {
		m.bad = true
		return m, diags
	}
	diags.Append(m.derive())
	if diags.Errors() > 0 {
		m.bad = true
		return m, diags
	}
	if limit := x.Config.Finder.MaxPages; limit > 0 && m.count() > limit {
		errorf("questions", "finder-pages", "remove questions or answers, or raise finder.max_pages in site.yaml",
			"these questions would generate %d pages, more than the %d that finder.max_pages in site.yaml allows", m.count(), limit)
		m.bad = true
	}
	return m, diags
}

// checkField checks that a question's field is one the recommended pages
// have, and that its answers use values the field may take and match at
// least one page.
func (m *model) checkField(p *site.Page, schema *site.Schema, qn string, q site.FinderQuestion) diag.List {
	var diags diag.List
	fd := ownField(schema, q.Field)
	if fd == nil || !stringish(fd) {
		var names []string
		for _, sf := range schema.Fields {
			if stringish(&sf) {
				names = append(names, sf.Name)
			}
		}
		d := diag.Diagnostic{Pos: p.Pos(qn + ".field"), Code: "finder-field",
			Msg: fmt.Sprintf("%s pages have no field %q that answers can match", schema.Name, q.Field)}
		if s := diag.Suggest(q.Field, names); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
		} else {
			d.Hint = "use one of: " + strings.Join(names, ", ")
		}
		diags.Add(d)
		m.bad = true
		return diags
	}
	allowed := fieldValues(m.cfg, fd)
	for j, a := range q.Answers {
		an := fmt.Sprintf("%s.answers[%d]", qn, j+1)
		for k, v := range a.Values() {
			where := an + ".value"
			if len(a.Matches) > 0 {
				where = fmt.Sprintf("%s.matches[%d]", an, k+1)
			}
			if allowed != nil && !slices.Contains(allowed, v) {
				d := diag.Diagnostic{Pos: p.Pos(where), Code: "finder-value",
					Msg: fmt.Sprintf("%s cannot be %q, so this answer can never match", q.Field, v)}
				if s := diag.Suggest(v, allowed); s != "" {
					d.Hint = fmt.Sprintf("did you mean %q?", s)
				} else {
					d.Hint = "use one of: " + strings.Join(allowed, ", ")
					if len(a.Matches) == 0 {
						d.Hint += ", or list the values it matches under matches:"
					}
				}
				diags.Add(d)
			}
		}
		found := false
		for _, it := range m.items {
			if overlaps(it.Values(q.Field), a.Values()) {
				found = true
				break
			}
		}
		if !found && len(m.items) > 0 {
			where := an + ".value"
			if len(a.Matches) > 0 {
				where = an + ".matches"
			}
			diags.Add(diag.Diagnostic{Pos: p.Pos(where), Code: "finder-match",
				Msg:  fmt.Sprintf("the answer %q matches no page: no page in content/%s/ has %s %s", a.Label, m.f.Recommends, q.Field, strings.Join(quote(a.Values()), " or ")),
				Hint: "fix the value, or add a page it matches"})
		}
	}
	return diags
}

// checkRelated checks the finder's related: the field must refer to
// another section, and the questions named must be fields of that
// section's pages too.
func (m *model) checkRelated(x *resolve.Index, p *site.Page, schema *site.Schema, ids map[string]int) diag.List {
	var diags diag.List
	r := m.f.Related
	fd := ownField(schema, r.Field)
	section := ""
	if fd != nil {
		section = fd.Ref
		if section == "" && fd.Elem != nil {
			section = fd.Elem.Ref
		}
	}
	if section == "" {
		var names []string
		for _, sf := range schema.Fields {
			if sf.Ref != "" || sf.Elem != nil && sf.Elem.Ref != "" {
				names = append(names, sf.Name)
			}
		}
		d := diag.Diagnostic{Pos: p.Pos("related.field"), Code: "finder-field",
			Msg: fmt.Sprintf("%s pages have no field %q that names other pages", schema.Name, r.Field)}
		if s := diag.Suggest(r.Field, names); s != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", s)
		} else if len(names) > 0 {
			d.Hint = "use one of: " + strings.Join(names, ", ")
		}
		diags.Add(d)
		return diags
	}
	m.related = map[string]*site.Page{}
	for _, rp := range x.Pages[section] {
		m.related[rp.Slug] = rp
	}
	rschema := site.SchemaFor(section)
	var qids []string
	for _, q := range m.f.Questions {
		qids = append(qids, q.ID)
	}
	for i, id := range r.Match {
		where := fmt.Sprintf("related.match[%d]", i+1)
		qi, ok := ids[id]
		if !ok {
			d := diag.Diagnostic{Pos: p.Pos(where), Code: "finder-reference", Msg: fmt.Sprintf("there is no question %q", id)}
			if s := diag.Suggest(id, qids); s != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			diags.Add(d)
			continue
		}
		field := m.f.Questions[qi].Field
		if rschema == nil || ownField(rschema, field) == nil {
			diags.Add(diag.Diagnostic{Pos: p.Pos(where), Code: "finder-field",
				Msg: fmt.Sprintf("question %q matches %s, which %s pages do not have", id, field, section)})
			continue
		}
		m.match = append(m.match, qi)
	}
	return diags
}

// checkReach warns about each page that no combination of answers
// recommends.
func (m *model) checkReach() diag.List {
	seen := map[*site.Page]bool{}
	m.each(func(answers []int) {
		for _, mt := range m.outcome(answers).Matches {
			seen[mt.Page] = true
		}
	})
	var diags diag.List
	for _, it := range m.items {
		if seen[it] {
			continue
		}
		field := ""
		if len(m.f.Questions) > 0 {
			field = m.f.Questions[0].Field
		}
		diags.Add(diag.Diagnostic{Pos: it.Pos(field), Severity: diag.Warning, Code: "finder-reach",
			Msg:  fmt.Sprintf("no answers to %s lead to this %s", m.page.File, m.noun),
			Hint: fmt.Sprintf("give it values the finder's answers match (%s), or add an answer that matches it", strings.Join(m.fields(), ", "))})
	}
	return diags
}

// maxCoverage is how many combinations checkCoverage names one by one;
// one more warning counts the rest.
const maxCoverage = 10

// checkCoverage warns about each combination of answers whose result
// offers nothing real now: no page at all, or, when the related pages
// have a status (routes do), no related page still open to join under
// any of the pages recommended. Pages shown only as needing a
// registration first do not count.
func (m *model) checkCoverage() diag.List {
	var diags diag.List
	joinable := m.f.Related != nil && m.related != nil && m.relatedHasStatus()
	missed := 0
	m.each(func(answers []int) {
		o := m.outcome(answers)
		var shown []string
		open := false
		for _, mt := range o.Matches {
			shown = append(shown, mt.Page.Slug)
			open = open || len(mt.Related) > 0
		}
		var what, hint string
		switch {
		case len(o.Matches) == 0:
			what = "are recommended no " + m.noun + " they can start on now"
			hint = fmt.Sprintf("add a %s these answers match that needs no registration", m.noun)
		case joinable && !open:
			what = fmt.Sprintf("are offered nothing under %q that they can join now", m.f.Related.Heading)
			hint = fmt.Sprintf("list an open %s that suits them in the %s of a page they are shown (%s)", singular(m.f.Related.Field), m.f.Related.Field, strings.Join(shown, ", "))
		default:
			return
		}
		if missed++; missed > maxCoverage {
			return
		}
		var given []string
		for qi, ai := range answers {
			given = append(given, fmt.Sprintf("%q", m.f.Questions[qi].Answers[ai].Label))
		}
		diags.Add(diag.Diagnostic{Pos: m.page.Pos("questions"), Severity: diag.Warning, Code: "finder-coverage",
			Msg: fmt.Sprintf("people who answer %s %s", strings.Join(given, ", "), what), Hint: hint})
	})
	if missed > maxCoverage {
		diags.Add(diag.Diagnostic{Pos: m.page.Pos("questions"), Severity: diag.Warning, Code: "finder-coverage",
			Msg:  fmt.Sprintf("and %d more combinations of answers like those", missed-maxCoverage),
			Hint: "fix the ones named, then check again"})
	}
	return diags
}

// relatedHasStatus reports whether the related pages say whether they
// still run: whether their section has a status field.
func (m *model) relatedHasStatus() bool {
	for _, r := range m.related {
		if s := site.SchemaFor(r.Section); s != nil && s.Field("status") != nil {
			return true
		}
	}
	return false
}

// singular turns a section's name into what one of its pages is called
// in a hint: "routes" to "route".
func singular(section string) string {
	return strings.TrimSuffix(section, "s")
}

// checkPaths reports finders whose pages would share an address with
// each other or with content pages.
func checkPaths(x *resolve.Index, models []*model) diag.List {
	var diags diag.List
	owner := map[string]string{}
	for _, p := range x.All {
		owner[p.Path] = p.File
	}
	for _, m := range models {
		if m.bad {
			continue
		}
		for _, path := range m.paths() {
			if other, ok := owner[path]; ok {
				what := other
				if what == "" {
					what = "another page"
				}
				if what == m.page.File {
					what = "another of its own pages"
				}
				diags.Add(diag.Diagnostic{Pos: m.page.Pos("path"), Code: "duplicate-url",
					Msg:  fmt.Sprintf("the finder's page /%s has the same address as %s", path, what),
					Hint: "give the finder a different path, or rename the question or answer"})
				m.bad = true
				break
			}
			owner[path] = m.page.File
		}
	}
	return diags
}

// fields returns the front-matter fields the finder's questions match.
func (m *model) fields() []string {
	var out []string
	for _, q := range m.f.Questions {
		if !slices.Contains(out, q.Field) {
			out = append(out, q.Field)
		}
	}
	return out
}

// ownField returns a section's own field with the given name, or nil.
func ownField(s *site.Schema, name string) *site.Field {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return &s.Fields[i]
		}
	}
	return nil
}

// stringish reports whether answers can match a field: text, or a list
// of text.
func stringish(f *site.Field) bool {
	switch f.Type {
	case site.String:
		return f.Ref == ""
	case site.List:
		return f.Elem != nil && f.Elem.Type == site.String && f.Elem.Ref == ""
	}
	return false
}

// fieldValues returns the values a field may take, or nil when any text
// will do.
func fieldValues(cfg *site.Config, f *site.Field) []string {
	vocab, enum := f.Vocab, f.Enum
	if f.Elem != nil {
		vocab = cmpOr(vocab, f.Elem.Vocab)
		if enum == nil {
			enum = f.Elem.Enum
		}
	}
	if vocab != "" {
		if v := cfg.Vocab[vocab]; v != nil {
			return v.Values()
		}
		return nil
	}
	return enum
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func overlaps(a, b []string) bool {
	for _, s := range a {
		if slices.Contains(b, s) {
			return true
		}
	}
	return false
}

func quote(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// slugHint suggests a web-address-safe form of s.
func slugHint(s string) string {
	if slug := site.Slugify(s); slug != "" {
		return fmt.Sprintf("%q", slug)
	}
	return `"answer-1"`
}
