// Package resolve connects a site's pages: it resolves front-matter
// references by slug and relative Markdown links to URLs, builds the
// section lists, the home and section pages, and the reverse links
// ("Pathways that lead to this route").
package resolve

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Index is the resolved site: every page and how pages connect.
type Index struct {
	Config   *site.Config
	Home     *site.Page
	Sections []string                // section names, sorted
	Section  map[string]*site.Page   // section name → its list page
	Pages    map[string][]*site.Page // section name → its pages in order ("" for top-level pages)
	All      []*site.Page            // every page: home, sections, then content pages in file order; finders are only in Pages
	bySlug   map[string]map[string]*site.Page
	byFile   map[string]*site.Page
	assets   map[string]bool
	skipped  map[string]string
	back     map[*site.Page]map[string][]*site.Page

	// Lang is the code of the index's language: "" for the site's
	// default, whose index holds the others in langs.
	Lang   string
	parent *Index            // the default language's index, for another's
	langs  map[string]*Index // by code
	trans  map[string][]*site.Page
}

// Resolve indexes pages and checks their references. assets lists the
// site-root paths of files under content/ that are not Markdown; skipped
// maps content files left out of pages to why ("draft" or "error"), so
// that references to them are reported for what they are.
//
// Pages in other languages than the default (translations, with a Lang)
// are indexed apart, one index for each language, which In returns: a
// language's sections list its own pages only. Its home page is
// content/_index.CODE.md, or one made from its settings; its sections
// have list pages only where content/SECTION/_index.CODE.md exists. A
// reference or link from a translation to a page that has none in its
// language leads to the default language's page. All holds the pages of
// every language.
func Resolve(cfg *site.Config, pages []*site.Page, assets []string, skipped map[string]string) (*Index, diag.List) {
	byLang := map[string][]*site.Page{}
	for _, p := range pages {
		byLang[p.Lang] = append(byLang[p.Lang], p)
	}
	x, diags := resolveLang(cfg, byLang[""], assets, skipped, nil, site.Language{})
	x.trans = map[string][]*site.Page{}
	for _, p := range pages {
		x.byFile[p.File] = p
	}
	langs := cfg.Langs()
	for _, l := range langs[1:] {
		ps := byLang[l.Code]
		if len(ps) == 0 {
			continue
		}
		sub, more := resolveLang(cfg.ForLang(l.Code), ps, assets, skipped, x, l)
		diags.Append(more)
		if x.langs == nil {
			x.langs = map[string]*Index{}
		}
		x.langs[l.Code] = sub
		x.All = append(x.All, sub.All...)
	}
	// Translations, in the order of the languages.
	order := map[string]int{}
	for i, l := range langs {
		if i > 0 {
			order[l.Code] = i
		}
	}
	// Finders are in no All, but are translated too.
	all := slices.Clone(x.All)
	for _, ix := range append([]*Index{x}, x.Langs()...) {
		all = append(all, ix.Pages[site.FinderSection]...)
	}
	for _, p := range all {
		if p.Key != "" {
			x.trans[p.Key] = append(x.trans[p.Key], p)
		}
	}
	for _, list := range x.trans {
		slices.SortStableFunc(list, func(a, b *site.Page) int { return order[a.Lang] - order[b.Lang] })
	}
	diags.Append(x.checkTranslations(all))
	return x, diags
}

// Langs returns the indexes of the languages other than the default
// that have pages, in the order of site.yaml.
func (x *Index) Langs() []*Index {
	root := x
	if x.parent != nil {
		root = x.parent
	}
	var out []*Index
	for _, l := range root.Config.Langs() {
		if sub := root.langs[l.Code]; sub != nil {
			out = append(out, sub)
		}
	}
	return out
}

// PagesOrDefault returns the pages of a section in x's language, with
// the default language's pages that have no translation into it, in
// order: what a reader of the language can be offered. For the default
// language it is x.Pages[section].
func (x *Index) PagesOrDefault(section string) []*site.Page {
	if x.parent == nil {
		return x.Pages[section]
	}
	out := slices.Clone(x.Pages[section])
	for _, p := range x.parent.Pages[section] {
		if !slices.ContainsFunc(x.parent.trans[p.Key], func(t *site.Page) bool { return t.Lang == x.Lang }) {
			out = append(out, p)
		}
	}
	site.SortPages(out)
	return out
}

// In returns the index of a language by its code: x itself for the
// default language, and for a language without pages.
func (x *Index) In(lang string) *Index {
	root := x
	if x.parent != nil {
		root = x.parent
	}
	if sub := root.langs[lang]; sub != nil {
		return sub
	}
	return root
}

// Translations returns the page in every language it is written in, p
// included, the default language first; nil when it has no
// translation.
func (x *Index) Translations(p *site.Page) []*site.Page {
	root := x
	if x.parent != nil {
		root = x.parent
	}
	if p == nil || p.Key == "" {
		return nil
	}
	list := root.trans[p.Key]
	if len(list) < 2 {
		return nil
	}
	return list
}

func resolveLang(cfg *site.Config, pages []*site.Page, assets []string, skipped map[string]string, parent *Index, lang site.Language) (*Index, diag.List) {
	var diags diag.List
	x := &Index{
		Lang:    lang.Code,
		parent:  parent,
		Config:  cfg,
		Section: map[string]*site.Page{},
		Pages:   map[string][]*site.Page{},
		bySlug:  map[string]map[string]*site.Page{},
		byFile:  map[string]*site.Page{},
		assets:  map[string]bool{},
		skipped: skipped,
		back:    map[*site.Page]map[string][]*site.Page{},
	}
	for _, a := range assets {
		x.assets[a] = true
	}
	var content []*site.Page
	for _, p := range pages {
		x.byFile[p.File] = p
		switch p.Kind {
		case site.KindHome:
			x.Home = p
		case site.KindSection:
			x.Section[p.Section] = p
		case site.KindFinder:
			// Finders are listed, for the finder stage and for layouts
			// (section "finders"), but are no pages of their own.
			x.Pages[p.Section] = append(x.Pages[p.Section], p)
		default:
			content = append(content, p)
			x.Pages[p.Section] = append(x.Pages[p.Section], p)
			if x.bySlug[p.Section] == nil {
				x.bySlug[p.Section] = map[string]*site.Page{}
			}
			x.bySlug[p.Section][p.Slug] = p
		}
	}
	if x.Home == nil {
		x.Home = &site.Page{Kind: site.KindHome, Title: cfg.Title, Description: cfg.Description, URL: cfg.URL(lang.Prefix),
			Path: lang.Prefix, Lang: lang.Code, Key: "_index"}
	}
	for name := range x.Pages {
		if name == "" || name == site.FinderSection || (lang.Code != "" && x.Section[name] == nil) {
			continue
		}
		x.Sections = append(x.Sections, name)
		if x.Section[name] == nil {
			x.Section[name] = &site.Page{Kind: site.KindSection, Section: name, Slug: name,
				Title: sectionTitle(name), Path: name + "/", URL: cfg.URL(name + "/"), Key: name + "/_index"}
		}
	}
	for name := range x.Section {
		if name != site.FinderSection && !slices.Contains(x.Sections, name) {
			x.Sections = append(x.Sections, name)
		}
	}
	slices.Sort(x.Sections)
	for _, ps := range x.Pages {
		site.SortPages(ps)
	}

	x.All = append(x.All, x.Home)
	for _, name := range x.Sections {
		x.All = append(x.All, x.Section[name])
	}
	x.All = append(x.All, content...)

	for _, p := range content {
		diags.Append(x.refs(p, true))
	}
	return x, diags
}

// CheckRefs checks the front-matter references of a page that is not
// published, such as one whose front matter has other errors.
func (x *Index) CheckRefs(p *site.Page) diag.List { return x.refs(p, false) }

// refs checks a page's references, recording backlinks when link is set.
func (x *Index) refs(p *site.Page, link bool) diag.List {
	var diags diag.List
	for _, r := range p.Refs {
		target := x.bySlug[r.Section][r.Slug]
		if target == nil && x.parent != nil {
			target = x.parent.bySlug[r.Section][r.Slug]
		}
		if target == nil {
			switch x.skipped["content/"+r.Section+"/"+r.Slug+".md"] {
			case "error":
				continue // reported where it is
			case "draft":
				diags.Add(diag.Diagnostic{Pos: r.Pos, Code: "reference",
					Msg:  fmt.Sprintf("%s: the %s page %q is a draft, so it is not published", r.Field, singular(r.Section), r.Slug),
					Hint: "publish it (remove draft: true) or leave it out of " + r.Field})
				continue
			}
			d := diag.Diagnostic{Pos: r.Pos, Code: "reference",
				Msg: fmt.Sprintf("%s: there is no %s page %q", r.Field, singular(r.Section), r.Slug)}
			if s := diag.Suggest(r.Slug, x.slugs(r.Section)); s != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", s)
			} else {
				d.Hint = fmt.Sprintf("use the file name, without .md, of a page in content/%s/", r.Section)
			}
			diags.Add(d)
			continue
		}
		if link {
			x.addBacklink(target, p)
		}
	}
	return diags
}

func (x *Index) addBacklink(target, from *site.Page) {
	if x.back[target] == nil {
		x.back[target] = map[string][]*site.Page{}
	}
	list := x.back[target][from.Section]
	if !slices.Contains(list, from) {
		list = append(list, from)
		site.SortPages(list)
		x.back[target][from.Section] = list
	}
}

func (x *Index) slugs(section string) []string {
	var out []string
	for s := range x.bySlug[section] {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func singular(section string) string { return strings.TrimSuffix(section, "s") }

func sectionTitle(name string) string {
	s := strings.ReplaceAll(name, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Page returns the page with a slug in a section, or nil. In a
// language's index, a slug without a page in that language is the
// default language's page.
func (x *Index) Page(section, slug string) *site.Page {
	if p := x.bySlug[section][slug]; p != nil || x.parent == nil {
		return p
	}
	return x.parent.bySlug[section][slug]
}

// Backlinks returns the pages of a section that refer to p, in order.
func (x *Index) Backlinks(p *site.Page, section string) []*site.Page { return x.back[p][section] }

// ByFile returns the page made from a content file, or nil.
func (x *Index) ByFile(file string) *site.Page {
	if x.parent != nil {
		return x.parent.byFile[file]
	}
	return x.byFile[file]
}

// Target is where a link in a page's Markdown leads.
type Target struct {
	URL      string
	Page     *site.Page // the page linked to, nil for other files and external links
	Fragment string     // the #fragment, without "#"
}

// Link resolves a link destination written in the Markdown of from. A
// relative link to a .md file becomes that page's URL; a relative link to
// another file under content/ becomes that file's URL; a path starting
// with / is a path on this site. Problems are returned as text.
func (x *Index) Link(from *site.Page, dest string) (Target, string) {
	p, frag, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	if strings.Contains(p, `\`) {
		return Target{}, fmt.Sprintf("the link %q uses a backslash", dest) + "; use / between folders"
	}
	if p == "" {
		return Target{URL: "#" + frag, Page: from, Fragment: frag}, ""
	}
	if strings.HasPrefix(p, "/") {
		u := x.Config.URL(p)
		if frag != "" {
			u += "#" + frag
		}
		return Target{URL: u, Fragment: frag}, ""
	}
	dir := path.Dir(from.File)
	file := path.Join(dir, p)
	if file != "content" && !strings.HasPrefix(file, "content/") {
		return Target{}, fmt.Sprintf("the link %q leads outside the site's content", dest)
	}
	if strings.HasSuffix(p, ".md") {
		t := x.byFile[file]
		if t == nil && x.parent != nil {
			t = x.parent.byFile[file]
		}
		if t == nil {
			switch x.skipped[file] {
			case "error":
				return Target{}, "" // reported where it is
			case "draft":
				return Target{}, fmt.Sprintf("the link %q leads to %s, which is a draft and not published", dest, file)
			}
			msg := fmt.Sprintf("the link %q leads to %s, which does not exist", dest, file)
			var files []string
			for f := range x.byFile {
				files = append(files, f)
			}
			slices.Sort(files)
			if s := diag.Suggest(file, files); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", relTo(dir, s))
			}
			return Target{}, msg
		}
		u := t.URL
		if frag != "" {
			u += "#" + frag
		}
		return Target{URL: u, Page: t, Fragment: frag}, ""
	}
	if x.assets[file] {
		u := x.Config.URL(strings.TrimPrefix(file, "content/"))
		if frag != "" {
			u += "#" + frag
		}
		return Target{URL: u, Fragment: frag}, ""
	}
	if strings.HasSuffix(p, "/") || path.Ext(p) == "" {
		return Target{}, fmt.Sprintf("the link %q is not a file; link to the page's .md file, such as ../routes/fedip.md", dest)
	}
	return Target{}, fmt.Sprintf("the link %q leads to %s, which does not exist", dest, file)
}

func relTo(dir, file string) string {
	if strings.HasPrefix(file, dir+"/") {
		return strings.TrimPrefix(file, dir+"/")
	}
	up := ""
	for d := dir; d != "." && d != "/" && !strings.HasPrefix(file, d+"/"); d = path.Dir(d) {
		up += "../"
		if strings.HasPrefix(file, path.Dir(d)+"/") {
			return up + strings.TrimPrefix(file, path.Dir(d)+"/")
		}
	}
	return file
}
