package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/layout"
)

// Memo says which partials the layouts may run once for many pages (see
// layout.Memo): those that read of a page's Context only the site's
// settings, its language and its language switcher, and compare a menu
// item's address with the page only through current, or eq with the
// page's URL. Their output is then the same for every page of one
// language with the same switcher and the same answers to those
// comparisons, which is what chromeKey names: the header and footer of
// most pages are written once per language and menu state, not once per
// page.
func (r *Renderer) Memo() *layout.Memo {
	return &layout.Memo{
		Fields:  []string{"Site", "Lang", "Switch"},
		Page:    "Page",
		Menus:   "Site.Menus",
		Current: "current",
		Pure:    []string{"label", "langOf", "absURL", "relURL", "termURL", "add", "sub", "terms", "date", "isodate", "linkLang"},
		Key:     r.chromeKey,
	}
}

// chromeKey names what a partial that Memo allows can read of data: the
// language switcher, and for each item of each menu, what current says
// of it and whether it is the page's own address. The language and the
// site's settings are the same for every page of one language (the
// layouts' memo is per language, and forgotten when Bind changes them).
func (r *Renderer) chromeKey(data any) (string, bool) {
	c, ok := data.(*Context)
	if !ok || c.Page == nil || c.Site == nil {
		return "", false
	}
	var b strings.Builder
	if len(c.Switch) > 0 {
		fmt.Fprintf(&b, "%#v", c.Switch)
	}
	b.WriteByte(0)
	cfg := r.x.Config
	for _, name := range slices.Sorted(maps.Keys(c.Site.Menus)) {
		b.WriteString(name)
		b.WriteByte(0)
		for _, item := range c.Site.Menus[name] {
			switch Current(cfg, item.URL, c.Page) {
			case "page":
				b.WriteByte('p')
			case "true":
				b.WriteByte('t')
			default:
				b.WriteByte('-')
			}
			if item.URL == c.Page.URL {
				b.WriteByte('=')
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte(0)
	}
	return b.String(), true
}
