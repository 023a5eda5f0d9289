// Package i18n holds the site's interface strings: one table for each
// language, in layouts/i18n/LANG.yaml (en.yaml, cy.yaml), so that no
// layout holds the words of one language.
//
// # Tables
//
// A table is a YAML mapping of keys to messages. A key is a dotted name
// such as "nav.skip" or "pager.status"; a message is plain text, or a
// mapping of plural forms for a message that counts:
//
//	nav.skip: Skip to main content
//	list.count:
//	  one: "{n} guide"
//	  other: "{n} guides"
//
// A message may name arguments in braces, {n} or {title}; the layout
// gives their values. The plural forms are the Unicode CLDR categories of
// the table's language, by golang.org/x/text's plural rules: English has
// one and other; Welsh has zero, one, two, few, many and other (0, 1, 2,
// 3, 6, and every other number). A
// counting message must have "other"; the form is chosen by the argument
// n, which must be a whole number.
//
// # In layouts
//
// Layouts call the function t with a key and, if the message needs them,
// pairs of argument names and values:
//
//	{{t "nav.skip"}}
//	{{t "list.count" "n" (len .Pages)}}
//
// The message is text: its <, > and & are escaped, so a table cannot put
// markup in a page. Argument values are escaped as html/template escapes
// text, except values that are already template.HTML, which are kept.
//
// Tables are decoded strictly: a value that is not text or plural forms,
// a plural form the language does not have and an argument with no name
// are diagnostics at their line and column.
package i18n

import (
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/wayfinder-health/wayfinder/internal/diag"
)

// Dir is the folder of the string tables, under layouts/.
const Dir = "i18n"

// Code names the diagnostics about string tables.
const Code diag.Code = "i18n"

// Message is one interface string.
type Message struct {
	// Forms holds the text by plural category; a message that does not
	// count has only "other".
	Forms map[string]string
	// Plural reports whether the message was written as plural forms.
	Plural bool
	Pos    diag.Pos
}

// Table is the interface strings of one language.
type Table struct {
	Lang string // "en", "cy": the file's name without .yaml
	File string // its path from the site root, "layouts/i18n/en.yaml"
	Msgs map[string]*Message
}

// Tables are the string tables by language.
type Tables map[string]*Table

// IsTable reports whether name, a path under layouts/, is a string table.
func IsTable(name string) bool {
	return path.Dir(name) == Dir && path.Ext(name) == ".yaml" && !strings.HasPrefix(path.Base(name), ".")
}

// Parse decodes the string table at name ("i18n/en.yaml", under
// layouts/) from src.
func Parse(name, src string) (*Table, diag.List) {
	var diags diag.List
	lang := strings.TrimSuffix(path.Base(name), ".yaml")
	t := &Table{Lang: lang, File: "layouts/" + name, Msgs: map[string]*Message{}}
	pos := func(n *yaml.Node) diag.Pos { return diag.Pos{File: t.File, Line: n.Line, Col: n.Column} }
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: t.File}, Code: Code, Msg: "cannot read the string table: " + err.Error(),
			Hint: "each line is key: text"})
		return t, diags
	}
	if len(doc.Content) == 0 {
		return t, diags
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Add(diag.Diagnostic{Pos: pos(root), Code: Code, Msg: "a string table is a list of key: text",
			Hint: "write one string on each line, as nav.skip: Skip to main content"})
		return t, diags
	}
	cats := Categories(lang)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if _, dup := t.Msgs[key]; dup {
			diags.Add(diag.Diagnostic{Pos: pos(k), Code: Code, Msg: fmt.Sprintf("the string %q is in %s twice", key, t.File),
				Hint: "keep one of them"})
			continue
		}
		m := &Message{Forms: map[string]string{}, Pos: pos(k)}
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
			m.Forms["other"] = v.Value
		case v.Kind == yaml.MappingNode:
			m.Plural = true
			for j := 0; j+1 < len(v.Content); j += 2 {
				fk, fv := v.Content[j], v.Content[j+1]
				if !slices.Contains(cats, fk.Value) {
					diags.Add(diag.Diagnostic{Pos: pos(fk), Code: Code,
						Msg:  fmt.Sprintf("%q is not a plural form of %s", fk.Value, lang),
						Hint: "the forms of " + lang + " are " + strings.Join(cats, ", ")})
					continue
				}
				if fv.Kind != yaml.ScalarNode || fv.Tag == "!!null" {
					diags.Add(diag.Diagnostic{Pos: pos(fv), Code: Code, Msg: fmt.Sprintf("the %s form of %q is not text", fk.Value, key)})
					continue
				}
				m.Forms[fk.Value] = fv.Value
			}
			if _, ok := m.Forms["other"]; !ok {
				diags.Add(diag.Diagnostic{Pos: pos(k), Code: Code, Msg: fmt.Sprintf("the string %q has no \"other\" form", key),
					Hint: "every counting string needs other, for the numbers no other form covers"})
			}
		default:
			diags.Add(diag.Diagnostic{Pos: pos(v), Code: Code, Msg: fmt.Sprintf("the string %q is not text", key),
				Hint: "write key: text, or key: with one: and other: forms under it"})
			continue
		}
		for _, f := range m.Forms {
			if bad := badArg(f); bad != "" {
				diags.Add(diag.Diagnostic{Pos: pos(k), Code: Code, Msg: fmt.Sprintf("the string %q has an argument %q that is not a name", key, bad),
					Hint: "arguments are lowercase names in braces, as {n} or {title}"})
			}
		}
		t.Msgs[key] = m
	}
	return t, diags
}

// Categories returns the plural categories of a language's whole
// numbers, by the CLDR plural rules (golang.org/x/text/feature/plural),
// in CLDR's order, "other" last: English has one and other; Welsh has
// zero, one, two, few, many and other.
func Categories(lang string) []string {
	seen := map[plural.Form]bool{plural.Other: true}
	tag := tagOf(lang)
	// The rules of whole numbers look at n modulo 10, 100 and 1000, and
	// some at whole millions.
	for n := 0; n < 1100; n++ {
		seen[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)] = true
	}
	seen[plural.Cardinal.MatchPlural(tag, 1000000, 0, 0, 0, 0)] = true
	var out []string
	for _, f := range []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other} {
		if seen[f] {
			out = append(out, formNames[f])
		}
	}
	return out
}

// Category returns the plural category of the whole number n in a
// language, by the CLDR plural rules.
func Category(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	return formNames[plural.Cardinal.MatchPlural(tagOf(lang), n, 0, 0, 0, 0)]
}

// formNames are the CLDR names of the plural forms.
var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// tagOf returns the language tag of a table's name ("cy", "en-GB"); a
// name that is no tag has the rules of no language (every number is
// "other").
func tagOf(lang string) language.Tag {
	t, err := language.Parse(lang)
	if err != nil {
		return language.Und
	}
	return t
}

// base returns the language of a tag: "en" for "en-GB".
func base(lang string) string {
	b, _, _ := strings.Cut(lang, "-")
	return strings.ToLower(b)
}

// Lookup returns the table for a language tag: its own ("en-GB"), or its
// base language's ("en"), or nil.
func (ts Tables) Lookup(lang string) *Table {
	if t := ts[lang]; t != nil {
		return t
	}
	return ts[base(lang)]
}

// Langs returns the languages of the tables, sorted.
func (ts Tables) Langs() []string { return slices.Sorted(maps.Keys(ts)) }

// Format returns the message for key with its arguments, given as pairs
// of a name and a value. A missing key, an odd list of arguments and a
// counting message without a whole number n are errors.
func (t *Table) Format(key string, args ...any) (template.HTML, error) {
	text, vals, err := t.choose(key, args)
	if err != nil {
		return "", err
	}
	return expand(text, func(name string) (string, bool) {
		v, ok := vals[name]
		if !ok {
			return "", false
		}
		if h, ok := v.(template.HTML); ok {
			return string(h), true
		}
		return template.HTMLEscaper(v), true
	}), nil
}

// Plain is Format for text that is not HTML, such as a page's title,
// which its layout escapes: nothing is escaped.
func (t *Table) Plain(key string, args ...any) (string, error) {
	text, vals, err := t.choose(key, args)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		j := strings.IndexByte(text[max(i, 0):], '}')
		if i < 0 || j < 0 {
			break
		}
		name := text[i+1 : i+j]
		if v, ok := vals[name]; ok && isName(name) {
			b.WriteString(text[:i])
			fmt.Fprint(&b, v)
			text = text[i+j+1:]
			continue
		}
		b.WriteString(text[:i+1])
		text = text[i+1:]
	}
	b.WriteString(text)
	return b.String(), nil
}

// choose returns the form of key's message that its arguments call for,
// and the arguments by name.
func (t *Table) choose(key string, args []any) (string, map[string]any, error) {
	if t == nil {
		return "", nil, fmt.Errorf("there is no string table for this page's language in layouts/%s", Dir)
	}
	m := t.Msgs[key]
	if m == nil {
		return "", nil, fmt.Errorf("the string %q is not in %s", key, t.File)
	}
	if len(args)%2 != 0 {
		return "", nil, fmt.Errorf("t %q: arguments come in pairs of a name and a value", key)
	}
	vals := map[string]any{}
	for i := 0; i < len(args); i += 2 {
		name, ok := args[i].(string)
		if !ok {
			return "", nil, fmt.Errorf("t %q: argument %d should be a name", key, i/2+1)
		}
		vals[name] = args[i+1]
	}
	text := m.Forms["other"]
	if m.Plural {
		n, ok := whole(vals["n"])
		if !ok {
			return "", nil, fmt.Errorf("t %q counts, so it needs \"n\" and a whole number", key)
		}
		if f, ok := m.Forms[Category(t.Lang, n)]; ok {
			text = f
		}
	}
	return text, vals, nil
}

// TableFile returns the file of a table, or of the default language's
// table (code def) when t is nil, for diagnostics.
func TableFile(t *Table, def string) string {
	if t != nil {
		return t.File
	}
	return "layouts/" + Dir + "/" + def + ".yaml"
}

// Func returns the t function of layouts for one language.
func (t *Table) Func() func(key string, args ...any) (template.HTML, error) {
	return t.Format
}

// JSON returns the messages of keys for a script to write, as a JSON
// object: each key's text, or for a counting message its forms by plural
// category (the script picks one with Intl.PluralRules of the page's
// lang). Arguments stay as {name}, for the script to fill in. Layouts
// call it as tjson, into an attribute, which html/template escapes.
func (t *Table) JSON(keys ...string) (string, error) {
	if t == nil {
		return "", fmt.Errorf("there is no string table for this page's language in layouts/%s", Dir)
	}
	out := map[string]any{}
	for _, key := range keys {
		m := t.Msgs[key]
		if m == nil {
			return "", fmt.Errorf("the string %q is not in %s", key, t.File)
		}
		if m.Plural {
			out[key] = m.Forms
		} else {
			out[key] = m.Forms["other"]
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// Text returns the message for key as plain text, for strings that Go
// code puts into pages (a breadcrumb's "Home"), or fallback when the
// table or the key is missing.
func (t *Table) Text(key, fallback string) string {
	if t == nil || t.Msgs[key] == nil {
		return fallback
	}
	return t.Msgs[key].Forms["other"]
}

func whole(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case uint:
		return int(n), true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	}
	return 0, false
}

// expand escapes text for HTML and replaces each {name} with arg(name);
// braces around anything else, or around a name with no argument, stay.
func expand(text string, arg func(string) (string, bool)) template.HTML {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		name := text[i+1 : i+j]
		if isName(name) {
			if v, ok := arg(name); ok {
				escape(&b, text[:i])
				b.WriteString(v)
				text = text[i+j+1:]
				continue
			}
		}
		escape(&b, text[:i+1])
		text = text[i+1:]
	}
	escape(&b, text)
	return template.HTML(b.String()) // #nosec: the text is escaped, the arguments escaped or already HTML
}

// escape writes s with the three characters that make markup escaped.
// Quotes stay as they are: a message is text, and html/template escapes
// it again inside an attribute.
func escape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// badArg returns the first {…} in s that looks like an argument but is
// not a name ("{Title}", "{ n }"), or "".
func badArg(s string) string {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return ""
		}
		inner := s[i+1 : i+j]
		if inner != "" && !isName(inner) && !strings.ContainsAny(inner, "{ ") {
			return "{" + inner + "}"
		}
		s = s[i+1:]
	}
}

// VocabPrefix starts the keys that give a vocabulary's labels in a
// language ("vocab.nations.wales"): they are optional, since site.yaml
// gives every label, so a table may have them where another does not.
const VocabPrefix = "vocab."

// GoKeys are the strings that Go code, not a layout, puts into pages:
// the titles, descriptions and breadcrumbs of the pages the build makes
// (site.Msg), the counts of the region map, and the problem box of the
// preview server (package serve). A page in the site's default language
// falls back to the English words where its table lacks one, so a site
// in one language need not have them; the table of every other language
// needs them (render.CheckStrings).
var GoKeys = []string{
	"nav.home",
	"search.title", "search.description",
	"list.page_title",
	"az.title", "az.page_title", "az.description",
	"taxonomy.term_description", "taxonomy.index_description",
	"map.none", "count.projects",
	"serve.problems.title", "serve.problems.intro",
}

// Check reports every key that one table has and another lacks, at the
// key in the table that has it, naming the table that lacks it; keys
// starting with VocabPrefix are optional.
func Check(ts Tables) diag.List {
	var diags diag.List
	langs := ts.Langs()
	for _, a := range langs {
		for _, key := range slices.Sorted(maps.Keys(ts[a].Msgs)) {
			if strings.HasPrefix(key, VocabPrefix) {
				continue
			}
			for _, b := range langs {
				if b == a {
					continue
				}
				if _, ok := ts[b].Msgs[key]; !ok {
					diags.Add(diag.Diagnostic{Pos: ts[a].Msgs[key].Pos, Code: Code,
						Msg:  fmt.Sprintf("the string %q is missing from %s", key, ts[b].File),
						Hint: fmt.Sprintf("add %s: with the %s words to %s", key, b, ts[b].File)})
				}
			}
		}
	}
	return diags
}
