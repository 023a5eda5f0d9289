// Package config reads site.yaml into a site.Config.
//
// Every key is checked: an unknown key or a value of the wrong type is a
// diagnostic with its line and column, and a hint where a known key is
// close. The keys are:
//
//	title, description, baseURL, language, copyright   text
//	menus        map of menu name to a list of {name, url}
//	help         {text, url}: the help link on every page
//	readability  {guides, careers}: UK reading ages that trigger a warning
//	finder       {max_pages}: the most pages the finders may generate
//	limits       {max_file_size}: the largest a content file may be, in
//	             bytes (default 1048576, 1 MiB)
//	sources      {refused_hosts}: the sites pages may not cite as sources,
//	             each {host, why, instead}; host is a site name such as
//	             slideshare.net and also refuses every site under it
//	             (www.slideshare.net); why and instead are plain sentences
//	             shown in the message and its hint
//	vocabularies map of vocabulary name to a list of terms; a term is a
//	             plain value or {value, label, description}
//	nation_services  the health services only some UK nations have, each
//	             {name, also, nations, service, source}: name and also
//	             are how guides write it, nations the values of the
//	             nations vocabulary it serves, service its value in a
//	             guide's services field (if any), source an https page
//	             that says where it is available
//	languages    the site's languages, the default first: each {code,
//	             tag, name, title, description, menus, help}. code is
//	             lowercase letters ("cy"): translations are NAME.CODE.md
//	             beside their pages, published under /CODE/, and their
//	             interface strings are in layouts/i18n/CODE.yaml. tag is
//	             the BCP 47 tag for lang and hreflang (the default
//	             language's is language:, the others' their code); title,
//	             description, menus and help replace the site's on the
//	             language's pages
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/textfile"
	"github.com/wayfinder-health/wayfinder/internal/weburl"
)

// File is the name of the settings file at the site root.
const File = "site.yaml"

// Defaults returns the settings used where site.yaml is silent.
func Defaults() *site.Config {
	return &site.Config{
		Title:       "Wayfinder",
		BaseURL:     "http://localhost/",
		BasePath:    "/",
		Language:    "en-GB",
		Menus:       map[string][]site.MenuItem{},
		Readability: site.Readability{Guides: 11, Careers: 14},
		Finder:      site.FinderConfig{MaxPages: 2000},
		PageSize:    site.DefaultPageSize,
		Limits:      site.Limits{MaxFileSize: site.DefaultMaxFileSize},
		Vocab:       map[string]*site.Vocabulary{},
	}
}

// Load reads site.yaml from fsys. A missing file is a diagnostic, as are
// unknown keys and wrong types. The returned config is usable even when
// there are diagnostics.
func Load(fsys fs.FS) (*site.Config, diag.List) {
	cfg, diags, _ := Read(fsys)
	return cfg, diags
}

// Read is Load, and also reports whether the problem with site.yaml is
// fatal: the file is missing, unreadable, empty, not YAML or not a group
// of settings, so that every later stage would report errors that follow
// only from it. The diagnostic then says why, in the words of the cause:
// "permission denied", "is empty", "a tab in the indentation".
func Read(fsys fs.FS) (*site.Config, diag.List, bool) {
	src, err := fs.ReadFile(fsys, File)
	if err != nil {
		var l diag.List
		d := diag.Diagnostic{Pos: diag.Pos{File: File}, Code: "config", Msg: "there is no site.yaml",
			Hint: "create site.yaml at the site root with at least a title and baseURL"}
		if !errors.Is(err, fs.ErrNotExist) {
			d.Msg, d.Hint = "cannot read site.yaml: "+reason(err), "check the file's permissions, and that it is a file"
		}
		l.Add(d)
		return Defaults(), l, true
	}
	if len(bytes.TrimSpace(src)) == 0 {
		var l diag.List
		l.Add(diag.Diagnostic{Pos: diag.Pos{File: File, Line: 1, Col: 1}, Code: "config", Msg: "site.yaml is empty",
			Hint: "write at least a title and baseURL, such as title: My site"})
		return Defaults(), l, true
	}
	cfg, diags := Parse(src)
	fatal := false
	for _, d := range diags {
		if d.Code == "yaml" || d.Code == "encoding" || (d.Code == "config-type" && d.Pos.Line <= 1 && strings.HasPrefix(d.Msg, "site.yaml should be")) {
			fatal = true
		}
	}
	if fatal {
		tabs(src, diags)
	}
	return cfg, diags, fatal
}

// reason returns why a file operation failed, without the operation and
// path the message already names: "permission denied".
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// tabs rewrites a YAML error caused by a tab in the indentation, which
// yaml.v3 reports as a character that cannot start a token, to say so at
// the tab's line and column.
func tabs(src []byte, diags diag.List) {
	for i := range diags {
		d := &diags[i]
		if d.Code != "yaml" || !strings.Contains(d.Msg, "cannot start any token") {
			continue
		}
		for n, line := range bytes.Split(src, []byte("\n")) {
			indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
			if j := bytes.IndexByte(indent, '\t'); j >= 0 {
				d.Pos.Line, d.Pos.Col = n+1, j+1
				d.Msg = fmt.Sprintf("site.yaml is not valid YAML: a tab in the indentation at %d:%d", n+1, j+1)
				d.Hint = "YAML allows only spaces for indentation: replace the tab with spaces"
				break
			}
		}
	}
}

// Parse decodes the contents of site.yaml.
func Parse(src []byte) (*site.Config, diag.List) {
	d := &decoder{cfg: Defaults()}
	// A byte-order mark and CR LF or CR line endings, as Windows and old
	// Mac editors save, change no line or column: take them off first.
	src, err := textfile.Normalize(src)
	if err != nil {
		d.diags.Add(diag.Diagnostic{Pos: diag.Pos{File: File, Line: 1, Col: 1}, Code: "encoding",
			Msg: err.Error(), Hint: textfile.Hint})
		return d.cfg, d.diags
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		d.diags.Add(YAMLError(File, "site.yaml", err, 0))
		return d.cfg, d.diags
	}
	if len(doc.Content) == 0 {
		return d.cfg, d.diags
	}
	root := doc.Content[0]
	// nation_services names values of the nations vocabulary, which may
	// come later in the file: it is read once the rest is.
	var nationServices *yaml.Node
	d.mapping(root, "", map[string]func(*yaml.Node){
		"title":       func(n *yaml.Node) { d.cfg.Title = d.str(n, "title") },
		"description": func(n *yaml.Node) { d.cfg.Description = d.str(n, "description") },
		"baseURL":     func(n *yaml.Node) { d.baseURL(n) },
		"language":    func(n *yaml.Node) { d.cfg.Language = d.str(n, "language") },
		"copyright":   func(n *yaml.Node) { d.cfg.Copyright = d.str(n, "copyright") },
		"menus":       d.menus,
		"help": func(n *yaml.Node) {
			d.mapping(n, "help", map[string]func(*yaml.Node){
				"text": func(n *yaml.Node) { d.cfg.Help.Text = d.str(n, "help.text") },
				"url":  func(n *yaml.Node) { d.cfg.Help.URL = d.link(n, "help.url") },
			})
		},
		"readability": func(n *yaml.Node) {
			d.mapping(n, "readability", map[string]func(*yaml.Node){
				"guides":  func(n *yaml.Node) { d.cfg.Readability.Guides = d.num(n, "readability.guides") },
				"careers": func(n *yaml.Node) { d.cfg.Readability.Careers = d.num(n, "readability.careers") },
			})
		},
		"lists": func(n *yaml.Node) {
			d.mapping(n, "lists", map[string]func(*yaml.Node){
				"page_size": func(n *yaml.Node) {
					d.cfg.PageSize = d.whole(n, "lists.page_size", d.cfg.PageSize, 10_000)
				},
			})
		},
		"finder": func(n *yaml.Node) {
			d.mapping(n, "finder", map[string]func(*yaml.Node){
				"max_pages": func(n *yaml.Node) {
					d.cfg.Finder.MaxPages = d.whole(n, "finder.max_pages", d.cfg.Finder.MaxPages, 1_000_000)
				},
			})
		},
		"limits": func(n *yaml.Node) {
			d.mapping(n, "limits", map[string]func(*yaml.Node){
				"max_file_size": func(n *yaml.Node) {
					d.cfg.Limits.MaxFileSize = d.whole(n, "limits.max_file_size", d.cfg.Limits.MaxFileSize, 1<<30)
				},
			})
		},
		"sources": func(n *yaml.Node) {
			d.mapping(n, "sources", map[string]func(*yaml.Node){
				"refused_hosts": d.refusedHosts,
			})
		},
		"vocabularies":    d.vocabularies,
		"nation_services": func(n *yaml.Node) { nationServices = n },
		"search": func(n *yaml.Node) {
			d.mapping(n, "search", map[string]func(*yaml.Node){"synonyms": d.synonyms})
		},
		"languages": d.languages,
	})
	if nationServices != nil {
		d.nationServices(nationServices)
	}
	// Menu and help URLs are site paths; apply the base path once all is read.
	for name, items := range d.cfg.Menus {
		for i := range items {
			items[i].URL = siteURL(d.cfg, items[i].URL)
		}
		d.cfg.Menus[name] = items
	}
	if d.cfg.Help.URL != "" {
		d.cfg.Help.URL = siteURL(d.cfg, d.cfg.Help.URL)
	}
	for i := range d.cfg.Languages {
		l := &d.cfg.Languages[i]
		if i == 0 {
			if l.Tag == "" {
				l.Tag = d.cfg.Language
			}
			d.cfg.Language = l.Tag
		}
		for _, items := range l.Menus {
			for j := range items {
				items[j].URL = siteURL(d.cfg, items[j].URL)
			}
		}
		if l.Help.URL != "" {
			l.Help.URL = siteURL(d.cfg, l.Help.URL)
		}
	}
	d.cfg.Localize()
	return d.cfg, d.diags
}

// siteURL applies the base path to a root-relative URL and leaves absolute
// URLs alone.
func siteURL(cfg *site.Config, u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return cfg.URL(u)
	}
	return u
}

// SetBaseURL replaces the base URL, as the --base-url flag does.
func SetBaseURL(cfg *site.Config, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base URL %q must be an absolute http or https URL", raw)
	}
	old := cfg.BasePath
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	u.Path = p
	u.RawQuery, u.Fragment = "", ""
	cfg.BaseURL = u.String()
	cfg.BasePath = p
	rebase := func(s string) string {
		if strings.HasPrefix(s, old) {
			return p + strings.TrimPrefix(s, old)
		}
		return s
	}
	for _, items := range cfg.Menus {
		for i := range items {
			items[i].URL = rebase(items[i].URL)
		}
	}
	cfg.Help.URL = rebase(cfg.Help.URL)
	for _, l := range cfg.Languages {
		for _, items := range l.Menus {
			for i := range items {
				items[i].URL = rebase(items[i].URL)
			}
		}
	}
	for i := range cfg.Languages {
		cfg.Languages[i].Help.URL = rebase(cfg.Languages[i].Help.URL)
	}
	cfg.Localize()
	return nil
}

type decoder struct {
	cfg   *site.Config
	diags diag.List
}

func pos(n *yaml.Node) diag.Pos { return diag.Pos{File: File, Line: n.Line, Col: n.Column} }

// Kind names a YAML node's kind for messages.
func Kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a group of fields"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true or false"
	case "!!null":
		return "nothing"
	case "!!timestamp":
		return "a date"
	}
	return "text"
}

func (d *decoder) wrongType(n *yaml.Node, key, want string) {
	d.diags.Add(diag.Diagnostic{Pos: pos(n), Code: "config-type",
		Msg: fmt.Sprintf("%s should be %s, got %s", key, want, Kind(n))})
}

// mapping walks a mapping node, calling the handler of each known key and
// reporting unknown and repeated keys.
func (d *decoder) mapping(n *yaml.Node, prefix string, keys map[string]func(*yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		name := prefix
		if name == "" {
			name = "site.yaml"
		}
		d.wrongType(n, name, "a group of fields")
		return
	}
	known := make([]string, 0, len(keys))
	for k := range keys {
		known = append(known, k)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		full := k.Value
		if prefix != "" {
			full = prefix + "." + k.Value
		}
		if seen[k.Value] {
			d.diags.Add(diag.Diagnostic{Pos: pos(k), Code: "config-key", Msg: fmt.Sprintf("%s is set twice", full),
				Hint: "keep one of them"})
			continue
		}
		seen[k.Value] = true
		h, ok := keys[k.Value]
		if !ok {
			dg := diag.Diagnostic{Pos: pos(k), Code: "config-key", Msg: fmt.Sprintf("unknown setting %q", full)}
			if s := diag.Suggest(k.Value, known); s != "" {
				dg.Hint = fmt.Sprintf("did you mean %q?", s)
			}
			d.diags.Add(dg)
			continue
		}
		h(v)
	}
}

func (d *decoder) str(n *yaml.Node, key string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.wrongType(n, key, "text")
		return ""
	}
	if r, ok := ControlChar(n.Value); ok {
		d.diags.Add(diag.Diagnostic{Pos: pos(n), Code: "config-type",
			Msg:  fmt.Sprintf("%s contains the control character %U, which would reach the pages' markup", key, r),
			Hint: "remove it; write text only"})
		return ""
	}
	return n.Value
}

// ControlChar returns the first control character in s other than a tab
// or a line break: text never needs one, and html/template writes it into
// attributes as it is.
func ControlChar(s string) (rune, bool) {
	for _, r := range s {
		if (r < ' ' && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r < 0xa0) {
			return r, true
		}
	}
	return 0, false
}

// link reads a link of every page, such as a menu item's: a path on this
// site or an http or https address, read as a browser reads it, or mailto:.
// Anything else (javascript:, "/\evil.example") is an error at its
// position.
func (d *decoder) link(n *yaml.Node, key string) string {
	s := d.str(n, key)
	if s == "" {
		return ""
	}
	if msg := weburl.SiteLink(s, true); msg != "" {
		d.diags.Add(diag.Diagnostic{Pos: pos(n), Code: "config-url", Msg: fmt.Sprintf("%s %q %s", key, s, msg),
			Hint: "write a path on this site, such as /about/, or a web address starting https://"})
	}
	return s
}

func (d *decoder) num(n *yaml.Node, key string) float64 {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		f, err := strconv.ParseFloat(n.Value, 64)
		if err == nil && f >= 0 {
			return f
		}
	}
	d.wrongType(n, key, "a positive number")
	return 0
}

// whole reads a whole number from 1 to most, and reports anything else,
// keeping def: a number too large for an int must not wrap round and turn
// a limit off.
func (d *decoder) whole(n *yaml.Node, key string, def, most int) int {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err == nil && f >= 1 && f <= float64(most) && f == float64(int(f)) {
			return int(f)
		}
	}
	d.diags.Add(diag.Diagnostic{Pos: pos(n), Code: "config-type",
		Msg: fmt.Sprintf("%s should be a whole number from 1 to %s, got %s", key, thousands(most), quoted(n))})
	return def
}

// thousands writes n with thousands separators: 1,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// quoted shows a scalar's value, or names the kind of anything else.
func quoted(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return strconv.Quote(n.Value)
	}
	return Kind(n)
}

func (d *decoder) baseURL(n *yaml.Node) {
	s := d.str(n, "baseURL")
	if s == "" {
		return
	}
	if err := SetBaseURL(d.cfg, s); err != nil {
		d.diags.Add(diag.Diagnostic{Pos: pos(n), Code: "config-type", Msg: err.Error(),
			Hint: "write the full address, such as https://example.org/"})
	}
}

func (d *decoder) menus(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.wrongType(n, "menus", "a group of menus")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, v := n.Content[i].Value, n.Content[i+1]
		key := "menus." + name
		if v.Kind != yaml.SequenceNode {
			d.wrongType(v, key, "a list of {name, url}")
			continue
		}
		var items []site.MenuItem
		for _, it := range v.Content {
			var m site.MenuItem
			d.mapping(it, key, map[string]func(*yaml.Node){
				"name": func(n *yaml.Node) { m.Name = d.str(n, key+".name") },
				"url":  func(n *yaml.Node) { m.URL = d.link(n, key+".url") },
			})
			if it.Kind == yaml.MappingNode && (m.Name == "" || m.URL == "") {
				d.diags.Add(diag.Diagnostic{Pos: pos(it), Code: "config-type", Msg: "a menu item needs both a name and a url"})
				continue
			}
			items = append(items, m)
		}
		d.cfg.Menus[name] = items
	}
}

func (d *decoder) refusedHosts(n *yaml.Node) {
	const key = "sources.refused_hosts"
	if n.Kind != yaml.SequenceNode {
		d.wrongType(n, key, "a list of {host, why, instead}")
		return
	}
	seen := map[string]int{}
	for _, it := range n.Content {
		var r site.RefusedHost
		var hostNode *yaml.Node
		d.mapping(it, key, map[string]func(*yaml.Node){
			"host":    func(n *yaml.Node) { hostNode = n; r.Host = d.str(n, key+".host") },
			"why":     func(n *yaml.Node) { r.Why = d.str(n, key+".why") },
			"instead": func(n *yaml.Node) { r.Instead = d.str(n, key+".instead") },
		})
		if it.Kind != yaml.MappingNode {
			continue
		}
		if hostNode == nil || r.Why == "" {
			d.diags.Add(diag.Diagnostic{Pos: pos(it), Code: "config-type", Msg: "a refused host needs both a host and a why",
				Hint: "write the site name as host, such as slideshare.net, and in why say in plain words why pages may not cite it"})
			continue
		}
		if r.Host == "" {
			continue
		}
		if msg := checkHost(r.Host); msg != "" {
			d.diags.Add(diag.Diagnostic{Pos: pos(hostNode), Code: "config-type",
				Msg:  fmt.Sprintf("%s.host %q %s", key, r.Host, msg),
				Hint: "write the site name only, in lowercase, such as slideshare.net"})
			continue
		}
		if line, ok := seen[r.Host]; ok {
			d.diags.Add(diag.Diagnostic{Pos: pos(hostNode), Code: "config-key",
				Msg: fmt.Sprintf("%s lists %q twice (first on line %d)", key, r.Host, line), Hint: "keep one of them"})
			continue
		}
		seen[r.Host] = hostNode.Line
		d.cfg.Sources.RefusedHosts = append(d.cfg.Sources.RefusedHosts, r)
	}
}

// checkHost reports what is wrong with a site name written in site.yaml,
// or "" if nothing is.
func checkHost(h string) string {
	switch {
	case strings.Contains(h, "://"):
		return "is a web address, not a site name"
	case strings.ContainsAny(h, "/:?#@ "):
		return "is not a site name"
	case h != strings.ToLower(h):
		return "has capital letters"
	case !strings.Contains(h, ".") || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || strings.Contains(h, ".."):
		return "is not a full site name"
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return "is not a site name"
		}
	}
	return ""
}

func (d *decoder) vocabularies(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.wrongType(n, "vocabularies", "a group of vocabularies")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, v := n.Content[i].Value, n.Content[i+1]
		key := "vocabularies." + name
		if v.Kind != yaml.SequenceNode {
			d.wrongType(v, key, "a list of terms")
			continue
		}
		voc := &site.Vocabulary{Name: name}
		seen := map[string]bool{}
		for _, it := range v.Content {
			var t site.Term
			if it.Kind == yaml.ScalarNode {
				t.Value = d.str(it, key)
			} else {
				d.mapping(it, key, map[string]func(*yaml.Node){
					"value":       func(n *yaml.Node) { t.Value = d.str(n, key+".value") },
					"label":       func(n *yaml.Node) { t.Label = d.str(n, key+".label") },
					"description": func(n *yaml.Node) { t.Description = d.str(n, key+".description") },
				})
			}
			if t.Value == "" {
				if it.Kind == yaml.MappingNode {
					d.diags.Add(diag.Diagnostic{Pos: pos(it), Code: "config-type", Msg: "a vocabulary term needs a value"})
				}
				continue
			}
			if seen[t.Value] {
				d.diags.Add(diag.Diagnostic{Pos: pos(it), Code: "config-key", Msg: fmt.Sprintf("%s lists %q twice", key, t.Value)})
				continue
			}
			seen[t.Value] = true
			voc.Terms = append(voc.Terms, t)
		}
		d.cfg.Vocab[name] = voc
	}
}

// list returns the items of a sequence node, reporting anything else.
func (d *decoder) list(n *yaml.Node, key string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.wrongType(n, key, "a list")
		return nil
	}
	return n.Content
}

// vocabValue checks a value against a vocabulary of site.yaml and returns
// what is wrong with it, with a hint, or "" if nothing is.
func (d *decoder) vocabValue(vocab, v string) (msg, hint string) {
	voc := d.cfg.Vocab[vocab]
	if voc == nil {
		return fmt.Sprintf("site.yaml has no vocabulary %s to check %q against", vocab, v), "add vocabularies." + vocab + " to site.yaml"
	}
	if _, ok := voc.Term(v); ok || v == "" {
		return "", ""
	}
	hint = "use one of: " + strings.Join(voc.Values(), ", ")
	if sug := diag.Suggest(v, voc.Values()); sug != "" {
		hint = fmt.Sprintf("did you mean %q?", sug)
	}
	return fmt.Sprintf("unknown %s %q", vocab, v), hint
}

// synonyms reads search.synonyms: a list of groups, each a list of two or
// more words or phrases, none of them in two places.
func (d *decoder) synonyms(n *yaml.Node) {
	const key = "search.synonyms"
	if n.Kind != yaml.SequenceNode {
		d.wrongType(n, key, "a list of groups of words, such as [[GP, doctor], [app, phone]]")
		return
	}
	first := map[string]diag.Pos{}
	for _, g := range n.Content {
		if g.Kind != yaml.SequenceNode {
			d.wrongType(g, key, "a list of groups of words, such as [[GP, doctor], [app, phone]]")
			continue
		}
		grp := site.SynonymGroup{Pos: pos(g)}
		for _, w := range g.Content {
			text := strings.Join(strings.Fields(d.str(w, key)), " ")
			if w.Kind == yaml.ScalarNode && w.Tag != "!!null" && text == "" {
				d.diags.Add(diag.Diagnostic{Pos: pos(w), Code: "config-type", Msg: key + " has an empty entry",
					Hint: "write a word or a phrase, or remove the entry"})
			}
			if text == "" {
				continue
			}
			lower := strings.ToLower(text)
			if at, ok := first[lower]; ok {
				d.diags.Add(diag.Diagnostic{Pos: pos(w), Code: "config-key",
					Msg:  fmt.Sprintf("%s lists %q twice (first at line %d)", key, text, at.Line),
					Hint: "keep it in one group: a word in two groups would join them"})
				continue
			}
			first[lower] = pos(w)
			grp.Words = append(grp.Words, site.Synonym{Text: text, Pos: pos(w)})
		}
		if len(grp.Words) < 2 {
			d.diags.Add(diag.Diagnostic{Pos: pos(g), Code: "config-type",
				Msg:  fmt.Sprintf("a group of %s needs two or more different words, has %d", key, len(grp.Words)),
				Hint: "add the words that mean the same, or remove the group"})
			continue
		}
		d.cfg.Search.Synonyms = append(d.cfg.Search.Synonyms, grp)
	}
}

// YAMLError turns an error from the YAML decoder into a diagnostic at the
// line it names, plus lineOffset (the line before the YAML starts).
func YAMLError(file, what string, err error, lineOffset int) diag.Diagnostic {
	msg := err.Error()
	line := 0
	// yaml.v3 errors read "yaml: line N: message" or "yaml: message".
	msg = strings.TrimPrefix(msg, "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line = n
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	if line == 0 {
		line = 1
	}
	hint := "check the indentation and that text with a colon is in quotes"
	switch {
	case strings.Contains(msg, "unexpected end of stream"):
		msg, hint = "a quoted value is not closed", "check that every opening quote has a closing quote on the same line"
	case strings.Contains(msg, "mapping values are not allowed"):
		msg = "a line is indented differently from the lines around it, or a value with a colon needs quotes"
		hint = "line fields up at the left, and put quotes around values that contain \": \""
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"):
		msg = "a line is indented differently from the lines around it"
		hint = "line fields up with the ones above them"
	case strings.Contains(msg, "found character that cannot start any token"):
		hint = "YAML does not allow tab characters for indentation: use spaces"
	}
	return diag.Diagnostic{
		Pos:  diag.Pos{File: file, Line: line + lineOffset, Col: 1},
		Code: "yaml",
		Msg:  what + " is not valid YAML: " + msg,
		Hint: hint,
	}
}
