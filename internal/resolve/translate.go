package resolve

import (
	"fmt"
	"path"
	"reflect"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// A fact is a front-matter value a translation must share with its
// page: what the page says about the world, or how it connects to other
// pages, as opposed to its words.
type fact struct {
	field string
	get   func(p *site.Page) any // nil when the page has no such value
}

// facts are the values compared between a page and its translations.
var facts = []fact{
	{"level", func(p *site.Page) any { return guide(p, func(g *site.Guide) any { return g.Level }) }},
	{"topics", func(p *site.Page) any { return guide(p, func(g *site.Guide) any { return g.Topics }) }},
	{"prerequisites", func(p *site.Page) any { return guide(p, func(g *site.Guide) any { return g.Prerequisites }) }},
	{"services", func(p *site.Page) any { return guide(p, func(g *site.Guide) any { return g.Services }) }},
	{"nations", func(p *site.Page) any {
		switch {
		case p.Guide != nil:
			return p.Guide.Nations
		case p.Route != nil:
			return p.Route.Nations
		}
		return nil
	}},
	{"elsewhere", func(p *site.Page) any {
		return guide(p, func(g *site.Guide) any {
			var out []string
			for _, e := range g.Elsewhere {
				out = append(out, e.Nation+" "+e.URL)
			}
			return out
		})
	}},
	{"role_family", func(p *site.Page) any { return pathway(p, func(w *site.Pathway) any { return w.RoleFamily }) }},
	{"backgrounds", func(p *site.Page) any { return pathway(p, func(w *site.Pathway) any { return w.Backgrounds }) }},
	{"interests", func(p *site.Page) any { return pathway(p, func(w *site.Pathway) any { return w.Interests }) }},
	{"entry_stages", func(p *site.Page) any { return pathway(p, func(w *site.Pathway) any { return w.EntryStages }) }},
	{"routes", func(p *site.Page) any { return pathway(p, func(w *site.Pathway) any { return w.Routes }) }},
	{"steps", func(p *site.Page) any {
		return pathway(p, func(w *site.Pathway) any { return fmt.Sprintf("%d steps", len(w.Steps)) })
	}},
	{"status", func(p *site.Page) any {
		switch {
		case p.Route != nil:
			return p.Route.Status
		case p.Pathfinder != nil:
			return p.Pathfinder.Status
		}
		return nil
	}},
	{"region", func(p *site.Page) any {
		if p.Pathfinder == nil {
			return nil
		}
		return p.Pathfinder.Region
	}},
	{"audiences", func(p *site.Page) any {
		if p.Pathfinder == nil {
			return nil
		}
		return p.Pathfinder.Audiences
	}},
	{"recommends", func(p *site.Page) any {
		if p.Finder == nil {
			return nil
		}
		return p.Finder.Recommends
	}},
	{"questions", func(p *site.Page) any {
		if p.Finder == nil {
			return nil
		}
		// The questions' count, fields and answers' values and matches:
		// the words may differ, where they lead may not.
		var out []string
		for _, q := range p.Finder.Questions {
			s := q.ID + ":" + q.Field
			for _, a := range q.Answers {
				s += fmt.Sprintf(" %s%v", a.Value, a.Matches)
			}
			out = append(out, s)
		}
		return out
	}},
}

func guide(p *site.Page, f func(*site.Guide) any) any {
	if p.Guide == nil {
		return nil
	}
	return f(p.Guide)
}

func pathway(p *site.Page, f func(*site.Pathway) any) any {
	if p.Pathway == nil {
		return nil
	}
	return f(p.Pathway)
}

// checkTranslations reports a translation without the page it
// translates, one that does not say whether it was reviewed, and one
// whose facts differ from its page's, at the translation's field.
func (x *Index) checkTranslations(all []*site.Page) diag.List {
	var diags diag.List
	for _, p := range all {
		if p.Lang == "" || p.File == "" {
			if p.Lang == "" && p.TranslationReviewed != nil {
				diags.Add(diag.Diagnostic{Pos: p.Pos("translation_reviewed"), Severity: diag.Warning, Code: "translation",
					Msg:  "translation_reviewed is for translations, and this page is in the site's default language",
					Hint: "remove it, or name the file NAME.CODE.md if it is a translation"})
			}
			continue
		}
		var orig *site.Page
		for _, t := range x.trans[p.Key] {
			if t.Lang == "" && t.File != "" {
				orig = t
			}
		}
		if orig == nil {
			want := "content/" + p.Key + ".md"
			if path.Base(p.Key) == "_index" {
				continue // a language may have a home or section page of its own
			}
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File}, Code: "translation",
				Msg:  fmt.Sprintf("this translation has no page to translate: there is no %s", want),
				Hint: "a translation sits beside its page as NAME." + p.Lang + ".md; add the page, or rename the file"})
			continue
		}
		if p.TranslationReviewed == nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.File, Line: 1, Col: 1}, Code: "translation",
				Msg:  "this translation does not say whether a speaker of its language has reviewed it",
				Hint: "add translation_reviewed: false, until someone who speaks it has read it and changed it to true"})
		}
		for _, f := range facts {
			a, b := f.get(orig), f.get(p)
			if a == nil || reflect.DeepEqual(a, b) {
				continue
			}
			diags.Add(diag.Diagnostic{Pos: p.Pos(f.field), Code: "translation",
				Msg:  fmt.Sprintf("%s is %s here but %s in %s, the page this translates", f.field, show(b), show(a), orig.File),
				Hint: "a translation says the same as its page in other words: change both, or make this one match"})
		}
	}
	return diags
}

func show(v any) string {
	switch v := v.(type) {
	case string:
		if v == "" {
			return "nothing"
		}
		return fmt.Sprintf("%q", v)
	case []string:
		if len(v) == 0 {
			return "nothing"
		}
		return "[" + strings.Join(v, ", ") + "]"
	}
	return fmt.Sprint(v)
}
