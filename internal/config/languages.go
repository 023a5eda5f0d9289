package config

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// languages reads the site's languages.
func (d *decoder) languages(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		d.wrongType(n, "languages", "a list of languages, each {code, name}")
		return
	}
	seen := map[string]bool{}
	for i, it := range n.Content {
		var l site.Language
		key := fmt.Sprintf("languages[%d]", i+1)
		d.mapping(it, key, map[string]func(*yaml.Node){
			"code": func(n *yaml.Node) {
				l.Code = d.str(n, key+".code")
				if !langCode(l.Code) {
					d.diags.Add(diag.Diagnostic{Pos: pos(n), Code: "config", Msg: fmt.Sprintf("%s.code %q is not a language code", key, l.Code),
						Hint: "write the language's two or three lowercase letters, as cy for Welsh"})
					l.Code = ""
				} else if seen[l.Code] {
					d.diags.Add(diag.Diagnostic{Pos: pos(n), Code: "config", Msg: fmt.Sprintf("the language %q is listed twice", l.Code)})
					l.Code = ""
				}
				seen[l.Code] = true
			},
			"tag":         func(n *yaml.Node) { l.Tag = d.str(n, key+".tag") },
			"name":        func(n *yaml.Node) { l.Name = d.str(n, key+".name") },
			"title":       func(n *yaml.Node) { l.Title = d.str(n, key+".title") },
			"description": func(n *yaml.Node) { l.Description = d.str(n, key+".description") },
			"menus": func(n *yaml.Node) {
				save := d.cfg.Menus
				d.cfg.Menus = map[string][]site.MenuItem{}
				d.menus(n)
				l.Menus, d.cfg.Menus = d.cfg.Menus, save
			},
			"help": func(n *yaml.Node) {
				d.mapping(n, key+".help", map[string]func(*yaml.Node){
					"text": func(n *yaml.Node) { l.Help.Text = d.str(n, key+".help.text") },
					"url":  func(n *yaml.Node) { l.Help.URL = d.link(n, key+".help.url") },
				})
			},
		})
		if it.Kind != yaml.MappingNode {
			continue
		}
		if l.Code == "" {
			if !seen[""] {
				d.diags.Add(diag.Diagnostic{Pos: pos(it), Code: "config", Msg: key + " needs a code", Hint: "add code: with the language's letters, as cy"})
			}
			continue
		}
		if i > 0 {
			l.Prefix = l.Code + "/"
			if l.Tag == "" {
				l.Tag = l.Code
			}
		}
		d.cfg.Languages = append(d.cfg.Languages, l)
	}
}

// langCode reports whether s is a language code: two or three lowercase
// letters.
func langCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
