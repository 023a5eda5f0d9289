package lint

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/markdown"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// The nation rules. A guide says in nations which of the UK's nations its
// advice is true for, and in elsewhere what people in each other nation
// use instead. Some services exist in only some nations (nation_services
// in site.yaml): a guide whose own text names one may not list a nation
// the service does not serve, unless the sentence, or the heading of its
// section, names the nation it is about ("In Scotland, call NHS 24 on
// 111."). The elsewhere entries are about the nations they name, so they
// are not read.
const (
	// CodeNations: a guide has no nations, or its elsewhere entries and
	// nations disagree.
	CodeNations diag.Code = "nations"
	// CodeNationService: a guide names a service that does not serve a
	// nation the guide lists.
	CodeNationService diag.Code = "nation-service"
)

// nationsListed reports a guide that does not say which nations it is
// for, an elsewhere entry for a nation the guide says it covers, and a
// nation left out of both.
func nationsListed(c *Context, r *render.Result) {
	p := r.Page
	if p.Kind != site.KindGuide || p.Guide == nil {
		return
	}
	g := p.Guide
	v := c.Config.Vocab["nations"]
	if v == nil {
		return // a site without the nations vocabulary has no nations to list
	}
	if len(g.Nations) == 0 {
		if p.Fields.Has("nations") {
			return // written but unreadable: content has reported it
		}
		c.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: 1, Col: 1}, Severity: diag.Warning, Code: CodeNations,
			Msg: "this guide does not say which UK nations its advice is true for",
			Hint: "add nations: with the nations it is true for, such as nations: [england], " +
				"and for each other nation an elsewhere entry saying what people there use instead"})
		return
	}
	covered := map[string]bool{}
	for _, e := range g.Elsewhere {
		covered[e.Nation] = true
	}
	for i, e := range g.Elsewhere {
		if slices.Contains(g.Nations, e.Nation) {
			c.Diags.Add(diag.Diagnostic{Pos: p.Pos(fmt.Sprintf("elsewhere[%d].nation", i+1)), Code: CodeNations,
				Msg:  fmt.Sprintf("this guide says it is for %s (nations), but also says what people there use instead (elsewhere)", nationLabel(c.Config, e.Nation)),
				Hint: fmt.Sprintf("take %s out of nations or remove this elsewhere entry", e.Nation)})
		}
	}
	var missing []string
	for _, n := range v.Values() {
		if !slices.Contains(g.Nations, n) && !covered[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		c.Diags.Add(diag.Diagnostic{Pos: p.Pos("nations"), Severity: diag.Warning, Code: CodeNations,
			Msg: fmt.Sprintf("this guide is not for %s, and does not say what people there use instead",
				join(labels(c.Config, missing), "or")),
			Hint: "add an elsewhere entry for each, with what to use there and a source, or add them to nations if the guide is true there"})
	}
}

// nationServices reports the places where a guide's own text names a
// service that does not serve every nation the guide lists.
func nationServices(c *Context, r *render.Result) {
	p := r.Page
	if p.Kind != site.KindGuide || p.Guide == nil || len(p.Guide.Nations) == 0 || len(c.Config.NationServices) == 0 {
		return
	}
	g := p.Guide
	nations := nationNames(c.Config)
	check := func(text string, scoped bool, at func(off int) diag.Pos) {
		for _, s := range sentenceSpans(text) {
			ms := mentions(s.Text, c.Config.NationServices)
			if len(ms) == 0 || scoped || namesNation(s.Text, ms, nations) {
				continue
			}
			for _, m := range ms {
				if bad := notServed(g.Nations, m.svc); len(bad) > 0 {
					c.Diags.Add(serviceDiag(c.Config, at(s.Start+m.start), m, g.Nations, bad))
				}
			}
		}
	}
	field := func(name string) func(int) diag.Pos {
		return func(int) diag.Pos { return p.Pos(name) }
	}
	check(p.Title, false, field("title"))
	check(p.Description, false, field("description"))
	check(g.AgeLimits, false, field("age_limits"))
	for i, s := range g.YouNeed {
		check(s, false, field(fmt.Sprintf("you_need[%d]", i+1)))
	}
	for i, v := range g.Services {
		for j := range c.Config.NationServices {
			svc := &c.Config.NationServices[j]
			if svc.Service != "" && svc.Service == v {
				if bad := notServed(g.Nations, svc); len(bad) > 0 {
					c.Diags.Add(serviceDiag(c.Config, p.Pos(fmt.Sprintf("services[%d]", i+1)), mention{svc: svc, name: v}, g.Nations, bad))
				}
			}
		}
	}

	// The body: each paragraph or list item, and each heading, is read
	// with the headings above it, any of which may name the nation.
	lines := diag.NewLineIndex(r.Body)
	type open struct {
		level  int
		scoped bool
	}
	var stack []open
	hs := r.Headings
	scope := func() bool {
		return slices.ContainsFunc(stack, func(o open) bool { return o.scoped })
	}
	enter := func(h markdown.Heading) {
		for len(stack) > 0 && stack[len(stack)-1].level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		ms := mentions(h.Text, c.Config.NationServices)
		named := namesNation(h.Text, ms, nations)
		check(h.Text, scope() || named, func(int) diag.Pos { return h.Pos })
		stack = append(stack, open{h.Level, named})
	}
	for _, pr := range r.Prose {
		at := lines.Pos(p.File, pr.Start)
		for len(hs) > 0 && hs[0].Pos.Line <= at.Line {
			enter(hs[0])
			hs = hs[1:]
		}
		cursor := pr.Start
		check(pr.Text, scope(), func(off int) diag.Pos {
			// The mention's place in the source: the next time its name
			// is written there, which may be inside a link's brackets.
			name := mentionAt(pr.Text, off, c.Config.NationServices)
			if i := findName(r.Body[min(cursor, len(r.Body)):], name); name != "" && i >= 0 {
				cursor += i
				pos := lines.Pos(p.File, cursor)
				cursor += len(name)
				return pos
			}
			return at
		})
	}
	for _, h := range hs {
		enter(h)
	}
}

// serviceDiag is the diagnostic for a mention of svc on a guide for
// nations, bad being those it does not serve.
func serviceDiag(cfg *site.Config, pos diag.Pos, m mention, nations, bad []string) diag.Diagnostic {
	return diag.Diagnostic{Pos: pos, Code: CodeNationService,
		Msg: fmt.Sprintf("%s is for %s only, but this guide says it is for %s too (nations), and this text does not say which nation it is about",
			m.svc.Name, join(labels(cfg, m.svc.Nations), "and"), join(labels(cfg, bad), "and")),
		Hint: fmt.Sprintf("name the nation in the sentence or its heading, such as \"In %s, ...\", "+
			"or take %s out of nations and say in elsewhere what people there use instead",
			nationLabel(cfg, m.svc.Nations[0]), strings.Join(bad, ", "))}
}

// notServed returns the nations of the guide that svc does not serve.
func notServed(nations []string, svc *site.NationService) []string {
	var out []string
	for _, n := range nations {
		if !slices.Contains(svc.Nations, n) {
			out = append(out, n)
		}
	}
	return out
}

// A mention is where a text names a nation service.
type mention struct {
	svc        *site.NationService
	name       string // the name as written
	start, end int    // byte offsets in the text
}

// mentions finds the names of services in text, whole words only, the
// longest name first where two start at the same place.
func mentions(text string, svcs []site.NationService) []mention {
	var out []mention
	for i := 0; i < len(text); {
		best := mention{start: -1}
		if !wordBefore(text, i) {
			for j := range svcs {
				for _, name := range svcs[j].Names() {
					if len(name) > len(best.name) && strings.HasPrefix(text[i:], name) && !wordAt(text, i+len(name)) {
						best = mention{svc: &svcs[j], name: name, start: i, end: i + len(name)}
					}
				}
			}
		}
		if best.start >= 0 {
			out = append(out, best)
			i = best.end
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return out
}

// mentionAt returns the name of the service mentioned at off in text.
func mentionAt(text string, off int, svcs []site.NationService) string {
	for _, m := range mentions(text, svcs) {
		if m.start == off {
			return m.name
		}
	}
	return ""
}

// findName returns where name is first written in src as whole words, or -1.
func findName(src []byte, name string) int {
	s := string(src)
	for from := 0; ; {
		i := strings.Index(s[from:], name)
		if i < 0 {
			return -1
		}
		i += from
		if !wordBefore(s, i) && !wordAt(s, i+len(name)) {
			return i
		}
		from = i + 1
	}
}

// namesNation reports whether text names a nation other than inside a
// service's name: "NHS Wales App" names no nation, "in Wales" does.
func namesNation(text string, ms []mention, nations []string) bool {
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(text[last:m.start])
		b.WriteString(" ")
		last = m.end
	}
	b.WriteString(text[last:])
	rest := b.String()
	for _, n := range nations {
		if findName([]byte(rest), n) >= 0 {
			return true
		}
	}
	return false
}

// wordBefore reports whether the character before byte i of s is part
// of a word.
func wordBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// wordAt reports whether the character at byte i of s is part of a word.
func wordAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// A span is a sentence and where it starts in its text.
type span struct {
	Text  string
	Start int
}

// sentenceSpans splits text into sentences as Sentences does, with where
// each starts.
func sentenceSpans(text string) []span {
	var out []span
	at := 0
	for _, s := range Sentences(text) {
		i := strings.Index(text[at:], s)
		if i < 0 {
			i = 0 // cannot happen: sentences are trimmed parts of text, in order
		}
		out = append(out, span{Text: s, Start: at + i})
		at += i + len(s)
	}
	return out
}

// nationNames returns the nations as people write them: the labels of the
// nations vocabulary.
func nationNames(cfg *site.Config) []string {
	v := cfg.Vocab["nations"]
	if v == nil {
		return nil
	}
	var out []string
	for _, n := range v.Values() {
		out = append(out, nationLabel(cfg, n))
	}
	return out
}

func nationLabel(cfg *site.Config, v string) string { return cfg.Label("nations", v) }

func labels(cfg *site.Config, vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = nationLabel(cfg, v)
	}
	return out
}

// join lists items as a sentence does: "a", "a and b", "a, b and c".
func join(items []string, and string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}
