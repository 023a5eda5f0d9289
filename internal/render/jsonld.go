package render

import (
	"encoding/json"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// obj is one JSON-LD node. encoding/json writes a map's keys sorted, so
// "@context", "@id" and "@type" come first and the output is the same on
// every build.
type obj = map[string]any

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
// writes JS as it is: encoding/json writes <, > and & as \u003c, \u003e
// and \u0026, and U+2028 and U+2029 escaped, so nothing from content can
// end the script element, and the text stays valid JSON. These are the
// bytes html/template's own escaper wrote when it was handed the graph
// to marshal, without a second pass over them through reflection. The
// not-found page has none ("").
func (r *Renderer) jsonLD(c *Context) (template.JS, error) {
	g := r.graph(c)
	if g == nil {
		return "", nil
	}
	b, err := json.Marshal(g)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil // #nosec G203: JSON with <, >, & and U+2028/9 escaped, in a JSON script
}

// graph is the JSON-LD of jsonLD as a Go value, or nil for none.
func (r *Renderer) graph(c *Context) obj {
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
	page := obj{
		"@type":      "WebPage",
		"@id":        url,
		"url":        url,
		"name":       p.Title,
		"isPartOf":   obj{"@id": home + "#website"},
		"inLanguage": c.Site.Language,
	}
	if desc != "" {
		page["description"] = desc
	}
	if !p.Date.IsZero() {
		page["datePublished"] = p.Date.Format(site.DateLayout)
	}
	if !p.Reviewed.IsZero() {
		page["dateModified"] = p.Reviewed.Format(site.DateLayout)
	}
	if len(c.Breadcrumbs) > 0 {
		var items []any
		for i, b := range c.Breadcrumbs {
			items = append(items, obj{"@type": "ListItem", "position": i + 1, "name": b.Title, "item": r.absURL(b.URL)})
		}
		items = append(items, obj{"@type": "ListItem", "position": len(items) + 1, "name": p.Title, "item": url})
		page["breadcrumb"] = obj{"@type": "BreadcrumbList", "itemListElement": items}
	}
	graph := []any{page}
	about := func(typ string) obj {
		o := obj{"@type": typ, "@id": url + "#" + strings.ToLower(typ), "name": p.Title, "url": url}
		if p.Description != "" {
			o["description"] = p.Description
		}
		page["mainEntity"] = obj{"@id": o["@id"]}
		graph = append(graph, o)
		return o
	}

	switch p.Kind {
	case site.KindHome:
		ws := obj{
			"@type": "WebSite", "@id": home + "#website", "url": home, "name": cfg.Title,
			"inLanguage": c.Site.Language,
			"potentialAction": obj{
				"@type":       "SearchAction",
				"target":      obj{"@type": "EntryPoint", "urlTemplate": cfg.AbsURL(site.SearchPath) + "?q={search_term_string}"},
				"query-input": "required name=search_term_string",
			},
		}
		if cfg.Description != "" {
			ws["description"] = cfg.Description
		}
		graph = append(graph, ws)
	case site.KindSection, site.KindTaxonomy, site.KindTerm:
		page["@type"] = "CollectionPage"
	case site.KindSearch:
		page["@type"] = "SearchResultsPage"
	case site.KindPathway:
		o := about("Occupation")
		if pw := p.Pathway; pw != nil {
			if pw.RoleFamily != "" {
				o["occupationalCategory"] = cfg.Label("role_families", pw.RoleFamily)
			}
			var quals []any
			for _, slug := range pw.Routes {
				r.rec.Read(dep.Slug, "routes/"+slug)
				if q := r.x.Page("routes", slug); q != nil {
					quals = append(quals, obj{"@type": "EducationalOccupationalCredential", "@id": cfg.AbsURL(q.Path) + "#educationaloccupationalcredential", "name": q.Title, "url": cfg.AbsURL(q.Path)})
				}
			}
			if quals != nil {
				o["qualifications"] = quals
			}
			if labels := labels(cfg, "interests", pw.Interests); labels != nil {
				o["skills"] = labels
			}
		}
	case site.KindRoute:
		o := about("EducationalOccupationalCredential")
		if rt := p.Route; rt != nil {
			if rt.AwardingBody != "" {
				o["recognizedBy"] = obj{"@type": "Organization", "name": rt.AwardingBody}
			}
			if cat := credentialCategory[rt.RouteKind]; cat != "" {
				o["credentialCategory"] = cat
			}
			if in := validIn(cfg, rt.Nations); in != nil {
				o["validIn"] = in
			}
			var levels []string
			for _, l := range rt.Levels {
				levels = append(levels, l.Name)
			}
			if levels != nil {
				o["educationalLevel"] = levels
			}
		}
	case site.KindGuide:
		o := about("HowTo")
		if g := p.Guide; g != nil {
			if d := isoDuration(g.TimeToComplete); d != "" {
				o["totalTime"] = d
			}
			if g.Level != "" {
				o["educationalLevel"] = cfg.Label("levels", g.Level)
			}
			if labels := labels(cfg, "topics", g.Topics); labels != nil {
				o["keywords"] = labels
			}
			var supplies []any
			for _, s := range g.YouNeed {
				supplies = append(supplies, obj{"@type": "HowToSupply", "name": s})
			}
			if supplies != nil {
				o["supply"] = supplies
			}
		}
		var steps []any
		for _, h := range c.TOC {
			if h.Level == 2 {
				steps = append(steps, obj{"@type": "HowToStep", "position": len(steps) + 1, "name": h.Text, "url": url + "#" + h.ID})
			}
		}
		if steps != nil {
			o["step"] = steps
		}
	case site.KindPathfinder:
		o := about("Project")
		if f := p.Pathfinder; f != nil {
			if f.LeadOrganisation != "" {
				o["parentOrganization"] = obj{"@type": "Organization", "name": f.LeadOrganisation}
			}
			var members []any
			for _, m := range f.Partners {
				members = append(members, obj{"@type": "Organization", "name": m})
			}
			if members != nil {
				o["member"] = members
			}
			if f.Place != "" {
				area := obj{"@type": "Place", "name": f.Place}
				if f.Region != "" {
					area["containedInPlace"] = obj{"@type": "AdministrativeArea", "name": cfg.Label("regions", f.Region)}
				}
				o["areaServed"] = area
			}
			if !f.StartDate.IsZero() {
				o["foundingDate"] = f.StartDate.Format(site.DateLayout)
			}
			if !f.EndDate.IsZero() && f.Status == "completed" {
				o["dissolutionDate"] = f.EndDate.Format(site.DateLayout)
			}
			kw := append(labels(cfg, "audiences", f.Audiences), labels(cfg, "approaches", f.Approaches)...)
			if kw != nil {
				o["keywords"] = kw
			}
		}
	}
	return obj{"@context": "https://schema.org", "@graph": graph}
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
		return obj{"@type": "Country", "name": "United Kingdom"}
	}
	var areas []any
	for _, n := range labels(cfg, "nations", nations) {
		areas = append(areas, obj{"@type": "AdministrativeArea", "name": n})
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
