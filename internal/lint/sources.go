package lint

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// The source rules: every typed page (pathway, route, pathfinder project
// and guide) cites at least one source; each source is a secure web page
// (https) on a site that site.yaml does not refuse; each says when someone
// last checked it (checked:). A source or a page not checked for
// StaleMonths is a warning, and a guide's for ErrorMonths is an error, since
// citizens act on guides. Ages are measured against Context.Now; the zero
// time skips them.
const (
	StaleMonths = 12 // a source or page not checked for this long is a warning
	ErrorMonths = 18 // a guide or its source not checked for this long is an error
)

// The codes of the source rules.
const (
	CodeSources       diag.Code = "sources"        // a typed page lists no sources
	CodeSourceHTTPS   diag.Code = "source-https"   // a source is not an https:// web page
	CodeSourceHost    diag.Code = "source-host"    // a source is on a site that site.yaml refuses
	CodeSourceChecked diag.Code = "source-checked" // a source has no checked date
	CodeSourceAge     diag.Code = "source-age"     // a source was checked too long ago
	CodeReviewed      diag.Code = "reviewed"       // a guide has no reviewed date, or a page was reviewed too long ago
)

// typedNoun names what a typed page is, for messages, or "" for pages the
// source rules leave alone.
func typedNoun(k site.Kind) string {
	switch k {
	case site.KindPathway:
		return "pathway"
	case site.KindRoute:
		return "route"
	case site.KindPathfinder:
		return "pathfinder project"
	case site.KindGuide:
		return "guide"
	}
	return ""
}

// sourcesCited reports a typed page that cites no sources.
func sourcesCited(c *Context, r *render.Result) {
	p := r.Page
	noun := typedNoun(p.Kind)
	if noun == "" || len(p.Sources) > 0 {
		return
	}
	if p.Fields.Has("sources[1]") {
		return // entries that could not be read: content has reported them
	}
	c.Diags.Add(diag.Diagnostic{Pos: p.Pos("sources"), Code: CodeSources,
		Msg: fmt.Sprintf("this %s lists no sources, so readers cannot see where its facts come from", noun),
		Hint: "add sources: with at least one page that says what this one says, each with its label, url " +
			"and the date you checked it; CONTRIBUTING.md shows how"})
}

// sourceLink is one web address a page's front matter cites as evidence.
type sourceLink struct {
	what  string // "source 2, "FEDIP register"", for messages
	field string // its path in Page.Fields: sources[2].url
	url   string
}

func citedLinks(p *site.Page) []sourceLink {
	var out []sourceLink
	for i, s := range p.Sources {
		out = append(out, sourceLink{what: fmt.Sprintf("source %d, %q,", i+1, s.Label), field: fmt.Sprintf("sources[%d].url", i+1), url: s.URL})
	}
	if p.Guide != nil {
		for i, e := range p.Guide.Elsewhere {
			out = append(out, sourceLink{what: fmt.Sprintf("the source for %s, %q,", e.Nation, e.Label), field: fmt.Sprintf("elsewhere[%d].url", i+1), url: e.URL})
		}
	}
	return out
}

// sourceHTTPS reports a source that is not a secure web page.
func sourceHTTPS(c *Context, r *render.Result) {
	p := r.Page
	if typedNoun(p.Kind) == "" {
		return
	}
	for _, s := range citedLinks(p) {
		if s.url == "" {
			continue // missing or invalid: content has reported it
		}
		u, err := url.Parse(s.url)
		switch {
		case err != nil:
			continue
		case strings.EqualFold(u.Scheme, "https"):
			continue
		case strings.EqualFold(u.Scheme, "http"):
			c.Diags.Add(diag.Diagnostic{Pos: p.Pos(s.field), Code: CodeSourceHTTPS,
				Msg: fmt.Sprintf("%s starts http://, which is not a secure address", s.what),
				Hint: "open it in a browser and use the https:// address it shows; if the site has no secure address, " +
					"cite a page that has one"})
		default:
			c.Diags.Add(diag.Diagnostic{Pos: p.Pos(s.field), Code: CodeSourceHTTPS,
				Msg:  fmt.Sprintf("%s is not a web page", s.what),
				Hint: "cite the https:// web page the facts come from; put contact details in the page itself"})
		}
	}
}

// sourceHost reports a source on a site that site.yaml refuses.
func sourceHost(c *Context, r *render.Result) {
	p := r.Page
	if typedNoun(p.Kind) == "" || c.Config == nil {
		return
	}
	for _, s := range citedLinks(p) {
		u, err := url.Parse(s.url)
		if s.url == "" || err != nil || u.Hostname() == "" {
			continue
		}
		host := strings.ToLower(u.Hostname())
		ref, ok := c.Config.Sources.Refused(host)
		if !ok {
			continue
		}
		hint := ref.Instead
		if hint == "" {
			hint = "cite the same page on the site of the body that wrote it; if that page is gone, say so in dated_note"
		}
		c.Diags.Add(diag.Diagnostic{Pos: p.Pos(s.field), Code: CodeSourceHost,
			Msg:  fmt.Sprintf("%s is on %s, which pages may not cite: %s", s.what, host, strings.TrimSuffix(ref.Why, ".")),
			Hint: hint})
	}
}

// sourceChecked reports a source with no checked date.
func sourceChecked(c *Context, r *render.Result) {
	p := r.Page
	if typedNoun(p.Kind) == "" {
		return
	}
	for i, s := range p.Sources {
		if !s.Checked.IsZero() {
			continue
		}
		if p.Fields.Has(fmt.Sprintf("sources[%d].checked", i+1)) {
			continue // written, but not a date: content has reported it
		}
		example := "2026-03-31"
		if !c.Now.IsZero() {
			example = c.Now.Format(site.DateLayout)
		}
		c.Diags.Add(diag.Diagnostic{Pos: p.Pos(fmt.Sprintf("sources[%d]", i+1)), Code: CodeSourceChecked,
			Msg: fmt.Sprintf("source %d, %q, has no checked date", i+1, s.Label),
			Hint: "open it, make sure it still says what this page says, then add checked: with that day's date " +
				"under its url, such as checked: " + example})
	}
}

// sourceAge reports a source not checked for StaleMonths (a warning) or,
// on a guide, ErrorMonths (an error).
func sourceAge(c *Context, r *render.Result) {
	p := r.Page
	if typedNoun(p.Kind) == "" || c.Now.IsZero() {
		return
	}
	for i, s := range p.Sources {
		sev, months := age(c.Now, s.Checked, p.Kind)
		if months == 0 {
			continue
		}
		c.Diags.Add(diag.Diagnostic{Pos: p.Pos(fmt.Sprintf("sources[%d].checked", i+1)), Severity: sev, Code: CodeSourceAge,
			Msg: fmt.Sprintf("source %d, %q, was last checked on %s, more than %d months ago", i+1, s.Label, s.Checked.Human(), months),
			Hint: "open it again: if it still says what this page says, change checked: to that day's date; " +
				"if not, correct the page or cite another source"})
	}
}

// age returns how a date that old is reported: the severity and the
// number of months it is past, or 0 months if it is recent enough (or
// not set). Only guides reach the error.
func age(now time.Time, d site.Date, k site.Kind) (diag.Severity, int) {
	switch {
	case d.IsZero():
		return diag.Warning, 0
	case k == site.KindGuide && now.After(d.AddDate(0, ErrorMonths, 0)):
		return diag.Error, ErrorMonths
	case now.After(d.AddDate(0, StaleMonths, 0)):
		return diag.Warning, StaleMonths
	}
	return diag.Warning, 0
}
