package render

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/i18n"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Switch is a link from a page to the same page in another language.
type Switch struct {
	Lang    site.Language
	URL     string
	Missing bool // the page has no translation: URL is the language's home page
}

// Alternate is one address of a page in one language.
type Alternate struct {
	Hreflang string // a BCP 47 tag, or x-default
	URL      string // absolute
}

// LangFuncs returns the template functions whose answers depend on the
// page's language (by its code, as the string tables are named): section,
// sectionPage, sectionList, ref, refs and backlinks read that language's
// index, date writes that language's month names, and linkLang gives the
// language of a link's page where it is not the page's own (see
// Renderer.linkLang).
func (r *Renderer) LangFuncs(code string) template.FuncMap {
	table := code
	if code == r.x.Config.DefaultLang() {
		code = ""
	}

	fm := r.indexFuncs(func() *resolve.Index { return r.x.In(code) })
	maps.Copy(fm, template.FuncMap{
		"label": func(vocab, value string) string {
			label := r.x.Config.Label(vocab, value)
			if r.set == nil {
				return label
			}
			return r.set.Tables()[table].Text(i18n.VocabPrefix+vocab+"."+value, label)
		},
		"date":     func(d any) string { return FormatDate(code, toTime(d)) },
		"linkLang": func(u string) *site.Language { return r.linkLang(table, u) },
		"regionMap": func(pages []*site.Page, highlight string, anchors bool, current ...bool) (template.HTML, error) {
			return r.regionMap(table, pages, highlight, anchors, current...)
		},
	})
	return fm
}

// indexFuncs returns the template functions that read an index, the one
// ix gives when they are called: ref, refs, backlinks, section and
// sectionPage, each recording what it read.
func (r *Renderer) indexFuncs(ix func() *resolve.Index) template.FuncMap {
	return template.FuncMap{
		"ref": func(section, slug string) *site.Page {
			r.rec.Read(dep.Slug, section+"/"+slug)
			return ix().Page(section, slug)
		},
		"refs": func(section string, slugs []string) []*site.Page {
			var out []*site.Page
			for _, s := range slugs {
				r.rec.Read(dep.Slug, section+"/"+s)
				if p := ix().Page(section, s); p != nil {
					out = append(out, p)
				}
			}
			return out
		},
		"backlinks": func(p *site.Page, section string) []*site.Page {
			if p != nil {
				r.rec.Read(dep.Backlinks, p.File)
				r.rec.Read(dep.Slug, p.Section+"/"+p.Slug)
			}
			return ix().Backlinks(p, section)
		},
		"section": func(name string) []*site.Page {
			r.rec.Read(dep.Section, name)
			return ix().Pages[name]
		},
		"sectionPage": func(name string) *site.Page {
			r.rec.Read(dep.SectionPage, name)
			return ix().Section[name]
		},
		// sectionList is the section a link to it leads to: the
		// language's own list page and pages, or where the language has
		// no list page for it, the default language's; nil when neither
		// has one.
		"sectionList": func(name string) *SectionList {
			r.rec.Read(dep.Section, name)
			r.rec.Read(dep.SectionPage, name)
			x := ix()
			if x.Section[name] == nil {
				x = r.x
			}
			if x.Section[name] == nil {
				return nil
			}
			return &SectionList{Page: x.Section[name], Pages: x.Pages[name]}
		},
	}
}

// SectionList is a section's list page and its pages, in one language.
type SectionList struct {
	Page  *site.Page
	Pages []*site.Page
}

// linkLang returns the language of the page at u, a link's address, when
// it is not the language code of the page the link is on, and nil when it
// is or when u leads outside the site. A layout marks such a link with
// hreflang, and says the language's name after it: the vocabulary pages
// and the A to Z, for one, are made in the default language only.
func (r *Renderer) linkLang(code, u string) *site.Language {
	l := r.x.Config.LangAt(u)
	if l == nil || l.Code == code {
		return nil
	}
	out := *l
	out.Tag = cmp.Or(out.Tag, r.x.Config.Language)
	return &out
}

// homeText is the breadcrumb's name for the home page in a language.
func (r *Renderer) homeText(tag string) string {
	if r.set == nil {
		return "Home"
	}
	return r.set.Tables().Lookup(tag).Text("nav.home", "Home")
}

// languages fills in the page's language, its language switcher and its
// alternates, on a site with more than one language.
func (r *Renderer) languages(c *Context, x *resolve.Index) {
	cfg := r.x.Config
	langs := cfg.Langs()
	c.Lang = langs[0]
	if l := cfg.Lang(c.Page.Lang); l != nil {
		c.Lang = *l
	}
	if len(langs) < 2 || c.Page.Kind == site.Kind404 {
		return
	}
	r.rec.Read(dep.Members, "")
	trans := x.Translations(c.Page)
	// The switcher and the alternates show each translation's address.
	for _, t := range trans {
		if t != c.Page && t.File != "" {
			r.rec.Read(dep.FrontMatter, t.File)
		}
	}
	r.switches(c, trans)
}

// switches fills in the language switcher and the alternates of a page
// from its translations (the page itself among them; none when it has
// none).
func (r *Renderer) switches(c *Context, trans []*site.Page) {
	cfg := r.x.Config
	langs := cfg.Langs()
	c.Switch, c.Alternates = nil, nil
	in := map[string]*site.Page{}
	for _, t := range trans {
		code := t.Lang
		if code == "" {
			code = langs[0].Code
		}
		in[code] = t
	}
	for i, l := range langs {
		code := l.Code
		if i == 0 && c.Page.Lang == "" || code == c.Page.Lang {
			continue
		}
		lang := ""
		if i > 0 {
			lang = code
		}
		if t := in[code]; t != nil {
			c.Switch = append(c.Switch, Switch{Lang: l, URL: t.URL})
		} else {
			c.Switch = append(c.Switch, Switch{Lang: l, URL: r.x.In(lang).Home.URL, Missing: true})
		}
	}
	for i, l := range langs {
		if t := in[l.Code]; t != nil {
			c.Alternates = append(c.Alternates, Alternate{Hreflang: l.Tag, URL: cfg.AbsURL(t.Path)})
			if i == 0 {
				c.Alternates = append(c.Alternates, Alternate{Hreflang: "x-default", URL: cfg.AbsURL(t.Path)})
			}
		}
	}
}

func toTime(d any) time.Time {
	switch v := d.(type) {
	case site.Date:
		return v.Time
	case *site.Date:
		if v != nil {
			return v.Time
		}
	case time.Time:
		return v
	}
	return time.Time{}
}

// welshMonths are the months in Welsh, as GOV.UK and NHS Wales write
// dates ("7 Rhagfyr 2026").
var welshMonths = [12]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
	"Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}

// FormatDate writes a date as people read it in a language, by its code:
// "7 December 2026", or in Welsh "7 Rhagfyr 2026". Other languages get
// the English form.
func FormatDate(code string, t time.Time) string {
	if code == "cy" {
		return fmt.Sprintf("%d %s %d", t.Day(), welshMonths[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

// localize puts the words of a generated page's language in place of the
// English ones its stage wrote (site.Msg): its title, description and
// breadcrumbs. A page in the default language keeps the English words
// where its table lacks the string (or there is no table); a page in
// another language whose table lacks it is reported, since it would
// show English.
func (r *Renderer) localize(gp *site.Generated, diags *diag.List) {
	if r.set == nil {
		return
	}
	table := r.set.Tables().Lookup(r.x.Config.ForLang(gp.Page.Lang).Language)
	def := gp.Page.Lang == "" || gp.Page.Lang == r.x.Config.DefaultLang()
	text := func(m *site.Msg, fallback string) string {
		if m == nil {
			return fallback
		}
		s, err := table.Plain(m.Key, m.Args...)
		if err != nil && def {
			return fallback
		}
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: i18n.TableFile(table, r.x.Config.DefaultLang())}, Code: i18n.Code,
				Msg:  fmt.Sprintf("/%s: %v", gp.Page.Path, err),
				Hint: fmt.Sprintf("add %s: with its words to each table in layouts/%s", m.Key, i18n.Dir)})
			return fallback
		}
		return s
	}
	if gp.Title != nil || gp.Description != nil {
		p := *gp.Page
		p.Title = text(gp.Title, p.Title)
		p.Description = text(gp.Description, p.Description)
		gp.Page = &p
	}
	if slices.ContainsFunc(gp.Crumbs, func(c site.Crumb) bool { return c.Key != "" }) {
		crumbs := slices.Clone(gp.Crumbs)
		for i, c := range crumbs {
			if c.Key != "" {
				crumbs[i].Title = text(&site.Msg{Key: c.Key}, c.Title)
			}
		}
		gp.Crumbs = crumbs
	}
}

// CheckStrings reports each string Go code puts into pages
// (i18n.GoKeys) that the table of a language other than the site's
// default lacks: its generated pages would show English. The default
// language's pages fall back to the English words.
func CheckStrings(cfg *site.Config, set *layout.Set) diag.List {
	var diags diag.List
	if set == nil || len(set.Tables()) == 0 {
		return nil
	}
	for _, l := range cfg.Langs()[1:] {
		table := set.Tables().Lookup(l.Code)
		if table == nil {
			continue // the layouts report a language without a table
		}
		for _, key := range i18n.GoKeys {
			if table.Msgs[key] == nil {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: table.File}, Code: i18n.Code,
					Msg:  fmt.Sprintf("the string %q, which the build writes into the pages it makes in %s, is not in %s", key, l.Name, table.File),
					Hint: fmt.Sprintf("add %s: with its %s words to %s", key, l.Code, table.File)})
			}
		}
	}
	return diags
}
