package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/weburl"
)

// validator checks one page's front matter against its schema.
type validator struct {
	file   string
	cfg    *site.Config
	schema *site.Schema
	diags  diag.List
	refs   []site.Ref
	nested map[string]diag.Pos // positions of values below the top level, by path

	unknown int // unknown keys found so far
}

// maxUnknown is how many unknown keys are reported one by one; the rest are
// counted in one more line, so a file of 40,000 stray keys reads as a few
// lines, not 40,000.
const maxUnknown = 10

// record keeps the position of a value below the top level of the front
// matter, such as questions[1].answers[2].value.
func (v *validator) record(name string, n *yaml.Node) {
	if v.nested == nil {
		v.nested = map[string]diag.Pos{}
	}
	v.nested[name] = v.pos(n)
}

func (v *validator) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: v.file, Line: n.Line, Col: n.Column}
}

func (v *validator) errorf(n *yaml.Node, code, hint, format string, args ...any) {
	v.diags.Add(diag.Diagnostic{Pos: v.pos(n), Severity: diag.Error, Code: diag.Code(code),
		Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// page validates the top-level mapping and returns the positions of the
// values of its keys.
func (v *validator) page(n *yaml.Node) map[string]diag.Pos {
	fields := v.schema.AllFields()
	return v.mapping(n, "", fields, true)
}

// mapping validates a mapping against fields. Unknown keys get a hint: the
// closest known key, or the kind of page the key belongs to.
func (v *validator) mapping(n *yaml.Node, path string, fields []site.Field, top bool) map[string]diag.Pos {
	positions := map[string]diag.Pos{}
	if n.Kind != yaml.MappingNode {
		what := "the front matter"
		if path != "" {
			what = path
		}
		v.errorf(n, "type", "", "%s should be a group of fields (name: value), got %s", what, config.Kind(n))
		return positions
	}
	seen := map[string]*yaml.Node{}
	var more *yaml.Node // the first unknown key past maxUnknown
	before := v.unknown
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := qualify(path, k.Value)
		if prev, ok := seen[k.Value]; ok {
			v.errorf(k, "duplicate-key", "keep one of them", "%s is set twice (first on line %d)", name, prev.Line)
			continue
		}
		seen[k.Value] = k
		idx := slices.Index(names, k.Value)
		if idx < 0 {
			if v.unknown++; v.unknown <= maxUnknown {
				v.unknownKey(k, name, names, top)
			} else if v.unknown == maxUnknown+1 {
				more = k
			}
			continue
		}
		positions[k.Value] = v.pos(val)
		if !top {
			v.record(name, val)
		}
		v.value(val, &fields[idx], name)
	}
	if more != nil {
		n := v.unknown - max(before, maxUnknown)
		v.errorf(more, "unknown-key", "remove the fields Wayfinder does not know; the first ten are listed above",
			"%s more unknown %s from here on", plural(n), map[bool]string{true: "field", false: "fields"}[n == 1])
	}
	for _, f := range fields {
		if f.Required && seen[f.Name] == nil {
			where := "the front matter"
			if path != "" {
				where = path
			}
			hint := fmt.Sprintf("add %s: with %s", f.Name, f.Noun())
			if f.Doc != "" {
				hint = fmt.Sprintf("add %s: %s", f.Name, f.Doc)
			}
			v.diags.Add(diag.Diagnostic{Pos: v.pos(n), Code: "required",
				Msg: fmt.Sprintf("%s is missing %s", where, f.Name), Hint: hint})
		}
	}
	return positions
}

// pageKind names the pages of a schema for a message: "a pathway page",
// and for plain pages "a page", never "a page page".
func pageKind(name string) string {
	if name == "" || name == "page" {
		return "a page"
	}
	return "a " + name + " page"
}

// plural writes a count with thousands separators: 3,249.
func plural(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func qualify(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (v *validator) unknownKey(k *yaml.Node, name string, names []string, top bool) {
	hint := ""
	if s := diag.Suggest(k.Value, names); s != "" {
		hint = fmt.Sprintf("did you mean %q?", s)
	} else if top {
		for _, other := range site.Schemas() {
			if other.Section != v.schema.Section && other.Field(k.Value) != nil {
				this := v.schema.Name + " pages"
				if v.schema.Name == "page" {
					this = "plain pages"
				}
				hint = fmt.Sprintf("%s is a field of %s pages, not %s", k.Value, other.Name, this)
				break
			}
		}
	}
	if hint == "" {
		hint = "the fields of " + pageKind(v.schema.Name) + " are listed in CONTRIBUTING.md"
	}
	v.errorf(k, "unknown-key", hint, "unknown field %q", name)
}

// value checks one value against its field.
func (v *validator) value(n *yaml.Node, f *site.Field, name string) {
	if n.Kind == yaml.AliasNode {
		v.errorf(n, "type", "write the value out in full", "%s uses a YAML alias, which Wayfinder does not read", name)
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		if f.Required {
			v.errorf(n, "required", "fill it in, or remove the line", "%s is empty", name)
		}
		return
	}
	switch f.Type {
	case site.List:
		v.list(n, f, name)
	case site.Object:
		v.mapping(n, name, f.Fields, false)
	default:
		v.scalar(n, f, name)
	}
}

func (v *validator) list(n *yaml.Node, f *site.Field, name string) {
	if n.Kind != yaml.SequenceNode {
		hint := ""
		if n.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf("write it as a list: %s: [%s]", lastPart(name), n.Value)
		}
		v.errorf(n, "type", hint, "%s should be %s, got %s", name, f.Noun(), config.Kind(n))
		return
	}
	if len(n.Content) < f.MinItems {
		v.errorf(n, "required", "", "%s needs at least %d item(s)", name, f.MinItems)
	}
	seen := map[string]bool{}
	for i, el := range n.Content {
		if f.Elem == nil {
			continue
		}
		if el.Kind == yaml.ScalarNode && f.Elem.Type != site.Object {
			if seen[el.Value] {
				v.errorf(el, "duplicate-value", "remove the repeat", "%s lists %q twice", name, el.Value)
				continue
			}
			seen[el.Value] = true
		}
		at := name + "[" + strconv.Itoa(i+1) + "]"
		v.record(at, el)
		v.value(el, f.Elem, at)
	}
}

func lastPart(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func (v *validator) scalar(n *yaml.Node, f *site.Field, name string) {
	if n.Kind != yaml.ScalarNode {
		v.errorf(n, "type", "", "%s should be %s, got %s", name, f.Noun(), config.Kind(n))
		return
	}
	s := n.Value
	if IsPlaceholder(s) {
		v.errorf(n, "placeholder", "replace it with the real value", "%s still has its placeholder %q", name, s)
		return
	}
	if r, ok := config.ControlChar(s); ok {
		v.errorf(n, "control-character", "remove it; write text only", "%s contains the control character %U, which would reach the page's markup", name, r)
		return
	}
	switch f.Type {
	case site.Int:
		if n.Tag != "!!int" {
			v.errorf(n, "type", "", "%s should be a whole number, got %q", name, s)
		}
		return
	case site.Bool:
		if n.Tag != "!!bool" {
			v.errorf(n, "type", "write true or false", "%s should be true or false, got %q", name, s)
		}
		return
	case site.ISODate:
		if _, err := site.ParseDate(s); err != nil {
			v.errorf(n, "date", "write the date as YYYY-MM-DD, such as 2026-03-31", "%s should be a date written as YYYY-MM-DD, got %q", name, s)
		}
		return
	case site.URL:
		if msg, hint := checkURL(s); msg != "" {
			v.errorf(n, "url", hint, "%s %s", name, msg)
		}
		return
	case site.Lang:
		if hint := checkLang(s); hint != "" {
			v.errorf(n, "lang", hint, "%s should be a language code, such as en or cy, got %q", name, s)
		}
		return
	}
	if strings.TrimSpace(s) == "" {
		if f.Required {
			v.errorf(n, "required", "fill it in", "%s is empty", name)
		}
		return
	}
	switch {
	case f.Vocab != "":
		v.vocab(n, f.Vocab, lastPart(strings.TrimSuffix(name, bracket(name))), s)
	case len(f.Enum) > 0:
		if !slices.Contains(f.Enum, s) {
			hint := "use one of: " + strings.Join(f.Enum, ", ")
			if sug := diag.Suggest(s, f.Enum); sug != "" {
				hint = fmt.Sprintf("did you mean %q?", sug)
			}
			v.errorf(n, "enum", hint, "%s cannot be %q", name, s)
		}
	case f.Ref != "":
		v.refs = append(v.refs, site.Ref{Field: baseName(name), Section: f.Ref, Slug: s, Pos: v.pos(n)})
	}
}

func bracket(name string) string {
	if i := strings.LastIndexByte(name, '['); i >= 0 && strings.HasSuffix(name, "]") {
		return name[i:]
	}
	return ""
}

func baseName(name string) string {
	if i := strings.IndexAny(name, ".["); i >= 0 {
		return name[:i]
	}
	return name
}

// vocab checks a value against a site.yaml vocabulary.
func (v *validator) vocab(n *yaml.Node, vocab, field, s string) {
	voc := v.cfg.Vocab[vocab]
	if voc == nil {
		v.errorf(n, "vocabulary", fmt.Sprintf("add a vocabulary %q to site.yaml", vocab), "site.yaml has no list of %s to check %q against", vocab, s)
		return
	}
	if _, ok := voc.Term(s); ok {
		return
	}
	candidates := voc.Values()
	for _, t := range voc.Terms {
		if t.Label != "" {
			candidates = append(candidates, t.Label)
		}
	}
	hint := ""
	if sug := diag.Suggest(s, candidates); sug != "" {
		for _, t := range voc.Terms {
			if t.Label == sug {
				sug = t.Value
			}
		}
		hint = fmt.Sprintf("did you mean %q?", sug)
	} else {
		vals := voc.Values()
		if len(vals) > 12 {
			vals = append(vals[:12:12], "…")
		}
		hint = "use one of: " + strings.Join(vals, ", ")
	}
	v.errorf(n, "vocabulary", hint, "unknown %s %q", singularField(field), s)
}

func singularField(field string) string {
	switch {
	case strings.HasSuffix(field, "ies"):
		return field[:len(field)-3] + "y"
	case strings.HasSuffix(field, "s"):
		return field[:len(field)-1]
	}
	return field
}

// Placeholder starts every value that `wayfinder new` writes for a
// person to fill in; check reports any that are left.
const Placeholder = "TODO"

// IsPlaceholder reports whether a value is a placeholder left to fill in.
func IsPlaceholder(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), Placeholder) }

// checkLang returns what to do about a language code that is not one,
// or "": a BCP 47 tag as HTML's lang attribute takes it, written the
// usual way ("en", "en-GB", "cy").
func checkLang(s string) (hint string) {
	tag, err := language.Parse(s)
	if err != nil {
		return "write a language code such as en (English) or cy (Welsh)"
	}
	if c := tag.String(); c != s {
		return fmt.Sprintf("write it as %s", c)
	}
	return ""
}

// checkURL reports what is wrong with a URL written in front matter. It
// accepts http and https URLs, mailto: links and bare email addresses.
func checkURL(s string) (msg, hint string) {
	if strings.ContainsAny(s, "\x00\n\r") {
		return "contains a control character", "write the address on one line"
	}
	// Read as a browser reads it: "https:\\evil.example" is evil.example.
	if msg := weburl.Suspicious(s); msg != "" {
		return msg, "write the full address, starting https://, with / not \\"
	}
	if !strings.Contains(s, ":") && strings.Contains(s, "@") {
		if _, err := mail.ParseAddress(s); err == nil {
			return "", ""
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Sprintf("is not a valid web address: %q", s), "write the full address, starting https://"
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "http":
		if u.Host == "" {
			return fmt.Sprintf("has no site name: %q", s), "write the full address, starting https://"
		}
		return "", ""
	case "mailto":
		return "", ""
	case "":
		return fmt.Sprintf("is not a full web address: %q", s), "write the full address, starting https://"
	}
	return fmt.Sprintf("uses a link type that is not allowed: %q", u.Scheme+":"), "use an https:// web address or an email address"
}
