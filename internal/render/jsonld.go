package render

import (
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// obj is one JSON-LD node: its members in the order they were set, written
// sorted by name, as encoding/json writes a map's keys, so "@context",
// "@id" and "@type" come first and the output is the same on every build.
type obj struct{ m []member }

type member struct {
	k string
	v any // string, int, *obj, []any or []string
}

// node returns a node with the members kv, name then value.
func node(kv ...any) *obj {
	o := &obj{m: make([]member, 0, len(kv)/2+2)}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

// set gives the member k the value v.
func (o *obj) set(k string, v any) {
	for i := range o.m {
		if o.m[i].k == k {
			o.m[i].v = v
			return
		}
	}
	o.m = append(o.m, member{k, v})
}

// get returns the value of the member k, or nil.
func (o *obj) get(k string) any {
	for _, m := range o.m {
		if m.k == k {
			return m.v
		}
	}
	return nil
}

// jsonLD describes a page for search engines as schema.org JSON-LD: a
// graph of the page (a WebPage, CollectionPage or SearchResultsPage, with
// its breadcrumbs) and what the page is about, fitted to its type:
//
//	pathway     Occupation, with its routes as qualifications
//	route       EducationalOccupationalCredential, recognised by its awarding body
//	guide       HowTo, its steps the guide's level-2 headings
//	pathfinder  Project, led by its lead organisation, serving its place and region
//	home        WebSite, with a SearchAction for the search page
//
// It returns the graph encoded once, as template.JS, for a layout to
// write inside <script type="application/ld+json">, where html/template
// writes JS as it is. The encoding is encoding/json's, byte for byte
// (TestJSONLDEncoding holds it to json.Marshal of the same graph as
// maps), written directly rather than through reflection: <, > and & as
// \u003c, \u003e and \u0026, and U+2028 and U+2029 escaped, so nothing
// from content can end the script element, and the text stays valid
// JSON. The not-found page has none ("").
func (r *Renderer) jsonLD(c *Context) (template.JS, error) {
	g := r.graph(c)
	if g == nil {
		return "", nil
	}
	return template.JS(appendJSON(nil, g)), nil // #nosec G203: JSON with <, >, & and U+2028/9 escaped, in a JSON script
}

// appendJSON appends v, a value of an obj's member, as encoding/json
// writes it.
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case *obj:
		if v == nil {
			return append(b, "null"...)
		}
		ms := slices.SortedFunc(slices.Values(v.m), func(a, b member) int { return strings.Compare(a.k, b.k) })
		b = append(b, '{')
		for i, m := range ms {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.k)
			b = append(b, ':')
			b = appendJSON(b, m.v)
		}
		return append(b, '}')
	case []any:
		return appendArray(b, v, appendJSON)
	case []string:
		return appendArray(b, v, appendString)
	}
	panic(fmt.Sprintf("jsonLD: no encoding for %T", v))
}

// appendArray appends v as a JSON array, each element by elem, or null
// for a nil slice, as encoding/json writes one.
func appendArray[T any](b []byte, v []T, elem func([]byte, T) []byte) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, e := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, e)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string as encoding/json writes it with
// HTML escaping: ", \ and control characters escaped (\b, \f, \n, \r, \t
// by name, the others as \u00XX), <, > and & as \u003c, \u003e and
// \u0026, U+2028 and U+2029 as \u2028 and \u2029, and each byte that is
// not UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// graph is the JSON-LD of jsonLD, or nil for none.
func (r *Renderer) graph(c *Context) *obj {
	p := c.Page
	if p == nil || p.Kind == site.Kind404 {
		return nil
	}
	cfg := r.x.Config
	home := cfg.AbsURL("")
	url := cfg.AbsURL(p.Path)
	desc := p.Description
	if desc == "" {
		desc = cfg.Description
	}
	page := node(
		"@type", "WebPage",
		"@id", url,
		"url", url,
		"name", p.Title,
		"isPartOf", node("@id", home+"#website"),
		"inLanguage", c.Site.Language,
	)
	if desc != "" {
		page.set("description", desc)
	}
	if !p.Date.IsZero() {
		page.set("datePublished", p.Date.Format(site.DateLayout))
	}
	if !p.Reviewed.IsZero() {
		page.set("dateModified", p.Reviewed.Format(site.DateLayout))
	}
	if len(c.Breadcrumbs) > 0 {
		items := make([]any, 0, len(c.Breadcrumbs)+1)
		for i, b := range c.Breadcrumbs {
			items = append(items, node("@type", "ListItem", "position", i+1, "name", b.Title, "item", r.absURL(b.URL)))
		}
		items = append(items, node("@type", "ListItem", "position", len(items)+1, "name", p.Title, "item", url))
		page.set("breadcrumb", node("@type", "BreadcrumbList", "itemListElement", items))
	}
	graph := []any{page}
	about := func(typ string) *obj {
		o := node("@type", typ, "@id", url+"#"+strings.ToLower(typ), "name", p.Title, "url", url)
		if p.Description != "" {
			o.set("description", p.Description)
		}
		page.set("mainEntity", node("@id", o.get("@id")))
		graph = append(graph, o)
		return o
	}

	switch p.Kind {
	case site.KindHome:
		ws := node(
			"@type", "WebSite", "@id", home+"#website", "url", home, "name", cfg.Title,
			"inLanguage", c.Site.Language,
			"potentialAction", node(
				"@type", "SearchAction",
				"target", node("@type", "EntryPoint", "urlTemplate", cfg.AbsURL(site.SearchPath)+"?q={search_term_string}"),
				"query-input", "required name=search_term_string",
			),
		)
		if cfg.Description != "" {
			ws.set("description", cfg.Description)
		}
		graph = append(graph, ws)
	case site.KindSection, site.KindTaxonomy, site.KindTerm:
		page.set("@type", "CollectionPage")
	case site.KindSearch:
		page.set("@type", "SearchResultsPage")
	case site.KindPathway:
		o := about("Occupation")
		if pw := p.Pathway; pw != nil {
			if pw.RoleFamily != "" {
				o.set("occupationalCategory", cfg.Label("role_families", pw.RoleFamily))
			}
			var quals []any
			for _, slug := range pw.Routes {
				r.rec.Read(dep.Slug, "routes/"+slug)
				if q := r.x.Page("routes", slug); q != nil {
					quals = append(quals, node("@type", "EducationalOccupationalCredential", "@id", cfg.AbsURL(q.Path)+"#educationaloccupationalcredential", "name", q.Title, "url", cfg.AbsURL(q.Path)))
				}
			}
			if quals != nil {
				o.set("qualifications", quals)
			}
			if labels := labels(cfg, "interests", pw.Interests); labels != nil {
				o.set("skills", labels)
			}
		}
	case site.KindRoute:
		o := about("EducationalOccupationalCredential")
		if rt := p.Route; rt != nil {
			if rt.AwardingBody != "" {
				o.set("recognizedBy", node("@type", "Organization", "name", rt.AwardingBody))
			}
			if cat := credentialCategory[rt.RouteKind]; cat != "" {
				o.set("credentialCategory", cat)
			}
			if in := validIn(cfg, rt.Nations); in != nil {
				o.set("validIn", in)
			}
			var levels []string
			for _, l := range rt.Levels {
				levels = append(levels, l.Name)
			}
			if levels != nil {
				o.set("educationalLevel", levels)
			}
		}
	case site.KindGuide:
		o := about("HowTo")
		if g := p.Guide; g != nil {
			if d := isoDuration(g.TimeToComplete); d != "" {
				o.set("totalTime", d)
			}
			if g.Level != "" {
				o.set("educationalLevel", cfg.Label("levels", g.Level))
			}
			if labels := labels(cfg, "topics", g.Topics); labels != nil {
				o.set("keywords", labels)
			}
			var supplies []any
			for _, s := range g.YouNeed {
				supplies = append(supplies, node("@type", "HowToSupply", "name", s))
			}
			if supplies != nil {
				o.set("supply", supplies)
			}
		}
		var steps []any
		for _, h := range c.TOC {
			if h.Level == 2 {
				steps = append(steps, node("@type", "HowToStep", "position", len(steps)+1, "name", h.Text, "url", url+"#"+h.ID))
			}
		}
		if steps != nil {
			o.set("step", steps)
		}
	case site.KindPathfinder:
		o := about("Project")
		if f := p.Pathfinder; f != nil {
			if f.LeadOrganisation != "" {
				o.set("parentOrganization", node("@type", "Organization", "name", f.LeadOrganisation))
			}
			var members []any
			for _, m := range f.Partners {
				members = append(members, node("@type", "Organization", "name", m))
			}
			if members != nil {
				o.set("member", members)
			}
			if f.Place != "" {
				area := node("@type", "Place", "name", f.Place)
				if f.Region != "" {
					area.set("containedInPlace", node("@type", "AdministrativeArea", "name", cfg.Label("regions", f.Region)))
				}
				o.set("areaServed", area)
			}
			if !f.StartDate.IsZero() {
				o.set("foundingDate", f.StartDate.Format(site.DateLayout))
			}
			if !f.EndDate.IsZero() && f.Status == "completed" {
				o.set("dissolutionDate", f.EndDate.Format(site.DateLayout))
			}
			kw := append(labels(cfg, "audiences", f.Audiences), labels(cfg, "approaches", f.Approaches)...)
			if kw != nil {
				o.set("keywords", kw)
			}
		}
	}
	return node("@context", "https://schema.org", "@graph", graph)
}

// absURL turns a root-relative URL on this site, base path included, into
// an absolute one.
func (r *Renderer) absURL(u string) string {
	cfg := r.x.Config
	if rel, ok := strings.CutPrefix(u, cfg.BasePath); ok && strings.HasPrefix(u, "/") {
		return cfg.AbsURL(rel)
	}
	return u
}

// labels returns the labels of vocabulary values, or nil for none.
func labels(cfg *site.Config, vocab string, values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, cfg.Label(vocab, v))
	}
	return out
}

// credentialCategory names each kind of route as schema.org's
// credentialCategory expects: the kind of credential it is.
var credentialCategory = map[string]string{
	"register":   "professional registration",
	"membership": "professional membership",
	"programme":  "development programme",
	"fellowship": "fellowship",
}

// validIn is where a route with the given nations can be taken: the
// United Kingdom when they are every nation in the vocabulary, else each
// nation by its label. It is nil when nations is empty.
func validIn(cfg *site.Config, nations []string) any {
	if len(nations) == 0 {
		return nil
	}
	var all []string
	if v := cfg.Vocab["nations"]; v != nil {
		all = v.Values()
	}
	if len(all) > 0 && len(nations) == len(all) && !slices.ContainsFunc(all, func(v string) bool { return !slices.Contains(nations, v) }) {
		return node("@type", "Country", "name", "United Kingdom")
	}
	var areas []any
	for _, n := range labels(cfg, "nations", nations) {
		areas = append(areas, node("@type", "AdministrativeArea", "name", n))
	}
	if len(areas) == 1 {
		return areas[0]
	}
	return areas
}

var plainDuration = regexp.MustCompile(`^(?:about )?(\d+) (minute|minutes|hour|hours)$`)

// isoDuration turns a plain duration such as "15 minutes" into ISO 8601
// ("PT15M"), or returns "" for anything less plain.
func isoDuration(s string) string {
	m := plainDuration.FindStringSubmatch(strings.TrimSpace(strings.ToLower(s)))
	if m == nil {
		return ""
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n <= 0 {
		return ""
	}
	if strings.HasPrefix(m[2], "hour") {
		return "PT" + m[1] + "H"
	}
	return "PT" + m[1] + "M"
}
