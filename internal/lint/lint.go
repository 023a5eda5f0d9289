// Package lint checks content for the things that make pages hard to use:
// images without alt text, headings out of order, link text that says
// nothing, tables without headers, long sentences, a reading age too high
// for the page's readers, pages without sources, sources that are not
// secure or come from refused sites, pages and sources not checked for
// a year (for guides, 18 months is an error), and guides that do not say
// which UK nations they are for or name a service another nation does
// not have (nations.go).
//
// Each rule is a small value with a name and a stable code; Check runs
// them all over the rendered pages. Build and check both run it.
package lint

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Rule is one content rule.
type Rule struct {
	Code string // stable, printed with each diagnostic
	Doc  string // what the rule asks for
	Run  func(c *Context, r *render.Result)
}

// Context is what rules see besides the page.
type Context struct {
	Config *site.Config
	Now    time.Time
	Diags  diag.List
	Scores []Score
}

// Rules returns every rule, in the order they run.
func Rules() []Rule {
	return []Rule{
		{Code: "alt-text", Doc: "every image has alt text that describes it", Run: altText},
		{Code: "heading-order", Doc: "the body starts at ## and never skips a level; the page title is the only h1", Run: headingOrder},
		{Code: "link-text", Doc: "link text says where the link goes", Run: linkText},
		{Code: "table-header", Doc: "every table has a header row", Run: tableHeader},
		{Code: "readability", Doc: "citizen guides read at a reading age of 11 or under, career pages 14; sentences are 25 words or fewer", Run: readability},
		{Code: string(CodeReviewed), Doc: "guides carry a reviewed date; a typed page reviewed more than 12 months ago is a warning, a guide more than 18 months ago an error", Run: reviewed},
		{Code: string(CodeSources), Doc: "every pathway, route, pathfinder project and guide lists at least one source", Run: sourcesCited},
		{Code: string(CodeSourceHTTPS), Doc: "every source is an https:// web page", Run: sourceHTTPS},
		{Code: string(CodeSourceHost), Doc: "no source is on a site that site.yaml refuses (sources.refused_hosts)", Run: sourceHost},
		{Code: string(CodeSourceChecked), Doc: "every source of a typed page says when it was last checked (checked:)", Run: sourceChecked},
		{Code: string(CodeSourceAge), Doc: "a source checked more than 12 months ago is a warning; on a guide, more than 18 months ago an error", Run: sourceAge},
		{Code: string(CodeNations), Doc: "every guide says in nations which UK nations its advice is true for, and in elsewhere what people in each other nation use instead", Run: nationsListed},
		{Code: string(CodeNationService), Doc: "a guide names no service that site.yaml's nation_services says does not serve a nation in its nations, except in a sentence or section that names the nation it is about", Run: nationServices},
		{Code: "placeholder", Doc: "no TODO prompt from wayfinder new is left in the text", Run: placeholders},
	}
}

// Check runs every rule over the rendered pages. Pages without a content
// file are skipped. only, when not nil, limits the report to those files.
func Check(cfg *site.Config, results []*render.Result, now time.Time) (diag.List, []Score) {
	c := &Context{Config: cfg, Now: now}
	for _, r := range results {
		if r == nil || r.Page == nil || r.Page.File == "" {
			continue
		}
		for _, rule := range Rules() {
			rule.Run(c, r)
		}
	}
	slices.SortFunc(c.Scores, func(a, b Score) int { return strings.Compare(a.File, b.File) })
	return c.Diags, c.Scores
}

func altText(c *Context, r *render.Result) {
	for _, l := range r.Links {
		if l.Image && strings.TrimSpace(l.Text) == "" {
			c.Diags.Add(diag.Diagnostic{Pos: l.Pos, Code: "alt-text", Msg: "image has no alt text",
				Hint: "describe the picture inside the square brackets: ![what the picture shows](" + l.Dest + ")"})
		}
	}
}

func headingOrder(c *Context, r *render.Result) {
	prev := 1 // the layout's h1
	for _, h := range r.Headings {
		switch {
		case h.Level == 1:
			c.Diags.Add(diag.Diagnostic{Pos: h.Pos, Code: "heading-order",
				Msg:  fmt.Sprintf("the heading %q is a top-level heading, but the page title is already the only one", h.Text),
				Hint: "start it with ## instead of #"})
		case h.Level > prev+1:
			c.Diags.Add(diag.Diagnostic{Pos: h.Pos, Code: "heading-order",
				Msg:  fmt.Sprintf("the heading %q skips from level %d to level %d", h.Text, prev, h.Level),
				Hint: fmt.Sprintf("use %s for it", strings.Repeat("#", prev+1))})
		}
		prev = max(h.Level, 1)
	}
}

// vague link texts say nothing about where a link goes.
var vague = []string{"click here", "here", "read more", "more", "this", "link", "this link", "click", "go", "find out more", "learn more", "this page", "page"}

func linkText(c *Context, r *render.Result) {
	for _, l := range r.Links {
		if l.Image {
			continue
		}
		t := strings.ToLower(strings.Trim(strings.TrimSpace(l.Text), ".:!"))
		switch {
		case t == "":
			c.Diags.Add(diag.Diagnostic{Pos: l.Pos, Code: "link-text", Msg: "a link has no text",
				Hint: "write the name of the page it leads to inside the square brackets"})
		case slices.Contains(vague, t):
			c.Diags.Add(diag.Diagnostic{Pos: l.Pos, Severity: diag.Warning, Code: "link-text",
				Msg:  fmt.Sprintf("the link text %q does not say where it goes", l.Text),
				Hint: "use the name of the page or what it helps people do, such as [set up NHS login](nhs-login.md)"})
		case isEmail(t):
			// An email address is what people need to see to use it.
		case t == strings.ToLower(l.Dest) || strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "www."):
			c.Diags.Add(diag.Diagnostic{Pos: l.Pos, Severity: diag.Warning, Code: "link-text",
				Msg:  "the link text is a bare web address",
				Hint: "write what the page is, such as [the NHS website](https://www.nhs.uk/)"})
		}
	}
}

func tableHeader(c *Context, r *render.Result) {
	for _, t := range r.Tables {
		if !t.HasHeader {
			c.Diags.Add(diag.Diagnostic{Pos: t.Pos, Severity: diag.Warning, Code: "table-header",
				Msg: "the table has no header row", Hint: "put a name for each column in the first row"})
		}
	}
}

func reviewed(c *Context, r *render.Result) {
	p := r.Page
	noun := typedNoun(p.Kind)
	if noun == "" {
		return
	}
	if p.Reviewed.IsZero() && p.Kind == site.KindGuide {
		c.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: 1, Col: 1}, Code: CodeReviewed,
			Msg:  "this guide has no reviewed date",
			Hint: "add reviewed: with the date someone last checked it is still true, such as reviewed: " + c.Now.Format(site.DateLayout)})
		return
	}
	if c.Now.IsZero() {
		return
	}
	if sev, months := age(c.Now, p.Reviewed, p.Kind); months > 0 {
		c.Diags.Add(diag.Diagnostic{Pos: p.Pos("reviewed"), Severity: sev, Code: CodeReviewed,
			Msg:  fmt.Sprintf("this %s was last reviewed on %s, more than %d months ago", noun, p.Reviewed.Human(), months),
			Hint: "check that everything in it is still true, then change reviewed: to that day's date"})
	}
}

func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && !strings.ContainsAny(s, "/ ") && strings.Contains(s[at:], ".")
}

// placeholders reports the TODO prompts that wayfinder new writes into a
// page's body and that are still there.
func placeholders(c *Context, r *render.Result) {
	var lines *diag.LineIndex // made when a prompt is found
	for _, pr := range r.Prose {
		if strings.HasPrefix(strings.TrimSpace(pr.Text), "TODO") {
			if lines == nil {
				lines = diag.NewLineIndex(r.Body)
			}
			c.Diags.Add(diag.Diagnostic{Pos: lines.Pos(r.Page.File, pr.Start), Code: "placeholder",
				Msg: "this paragraph is still a TODO prompt", Hint: "write the text it asks for, or delete it"})
		}
	}
}
