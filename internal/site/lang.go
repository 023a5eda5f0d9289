package site

import "strings"

// Language is one language of a multilingual site (site.yaml languages).
// The first is the site's default, published at the root; each other is
// published under its code ("/cy/"), from translations that sit beside
// their pages as NAME.CODE.md.
type Language struct {
	Code   string // "cy": the suffix of its content files and the name of its string table
	Tag    string // the BCP 47 tag for lang and hreflang, "cy", "en-GB"
	Name   string // its own name for itself, "Cymraeg"
	Prefix string // the path it is published under, "" for the default, "cy/"
	// Title, Description, Menus and Help replace the site's on its pages
	// when set.
	Title       string
	Description string
	Menus       map[string][]MenuItem
	Help        Help
}

// Langs returns the site's languages, the default first. A site without
// languages in site.yaml has one, made from its language setting.
func (c *Config) Langs() []Language {
	if len(c.Languages) > 0 {
		return c.Languages
	}
	return []Language{{Code: BaseLang(c.Language), Tag: c.Language}}
}

// DefaultLang returns the code of the site's default language.
func (c *Config) DefaultLang() string { return c.Langs()[0].Code }

// LangAt returns the language of the site's page at u, a link's
// address (relative to the host, as URL makes it), by the prefix its
// path starts with: "/cy/guides/" is in Welsh and "/guides/" in the
// default language. It returns nil for an address outside the site, and
// on a site in one language.
func (c *Config) LangAt(u string) *Language {
	if len(c.Languages) < 2 {
		return nil
	}
	base := c.URL("")
	if !strings.HasPrefix(u, base) {
		return nil
	}
	rest := u[len(base):]
	for i, l := range c.Languages {
		if p := strings.TrimSuffix(l.Prefix, "/"); p != "" && strings.HasPrefix(rest, p) &&
			(len(rest) == len(p) || strings.ContainsRune("/?#", rune(rest[len(p)]))) {
			return &c.Languages[i]
		}
	}
	return &c.Languages[0]
}

// Lang returns the language with the given code, or nil.
func (c *Config) Lang(code string) *Language {
	for i, l := range c.Languages {
		if l.Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

// ForLang returns the settings as pages in the language code see them:
// its title, description, menus, help and tag in place of the site's. It
// returns c itself for the default language and for unknown codes.
func (c *Config) ForLang(code string) *Config {
	if c.local != nil {
		if l := c.local[code]; l != nil {
			return l
		}
	}
	return c
}

// Localize makes the settings of each language other than the default,
// for ForLang. Call it again after changing c.
func (c *Config) Localize() {
	c.local = nil
	for i, l := range c.Languages {
		if i == 0 {
			continue
		}
		lc := *c
		lc.local = nil
		lc.Language = l.Tag
		if l.Title != "" {
			lc.Title = l.Title
		}
		if l.Description != "" {
			lc.Description = l.Description
		}
		if l.Menus != nil {
			lc.Menus = l.Menus
		}
		if l.Help.Text != "" {
			lc.Help = l.Help
		}
		if c.local == nil {
			c.local = map[string]*Config{}
		}
		c.local[l.Code] = &lc
	}
}

// Unreviewed reports whether p is a translation that no speaker of its
// language has reviewed yet (translation_reviewed is not true). A page
// that no content file makes (a search page, a home page made from the
// settings) is no translation.
func (p *Page) Unreviewed() bool {
	return p.Lang != "" && p.File != "" && (p.TranslationReviewed == nil || !*p.TranslationReviewed)
}

// BaseLang returns the language of a tag: "en" for "en-GB".
func BaseLang(tag string) string {
	b, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(b)
}
