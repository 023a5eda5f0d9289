// Package scaffold makes new content files for `wayfinder new`.
//
// A new file is written from the schema of its section (site.Schemas), so
// that it asks for exactly the fields that check validates, and from the
// vocabularies of site.yaml, so that it lists exactly the values check
// accepts. Its front matter holds every field of the schema, each under a
// comment made from the field's Doc:
//
//   - title is the title given.
//   - A required field, an optional one that declares an Example (such as
//     description), reviewed, which check requires on guides, and one
//     entry of sources with its label, url and checked date, which check
//     requires on every typed page, get a placeholder that starts with content.Placeholder, such as
//     "TODO: the town, city or area". Check reports each placeholder until
//     someone replaces it, so a new file fails check until it is filled in.
//   - Any other optional field is written with no value, which check
//     accepts. A list or a group of fields also gets an example of one
//     entry beneath it, commented out: deleting the # at the start of its
//     lines gives valid YAML.
//   - A field whose values come from a site.yaml vocabulary or a fixed list
//     names the allowed values in its comment.
//
// The fields to fill in come first, then the section's optional fields, then
// the optional fields every page has. The body comes from
// bodies/SECTION.md, embedded in the binary: ## headings, each with a
// one-line prompt that starts with TODO. (Check reads placeholders only in
// front matter, so prompts left in the body are for reviewers to spot.)
//
// FieldTable and ValueLists describe the same fields and values in
// Markdown, for CONTRIBUTING.md.
//
// New only makes the file; Write creates it, and never replaces a file that
// exists.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

//go:embed bodies
var bodies embed.FS

// File is a new content file.
type File struct {
	Path string // relative to the site root, with forward slashes
	Data []byte
}

// Types returns the names of the types of page that New can make, in the
// order of site.Schemas: pathway, route, pathfinder, guide, ...
func Types() []string {
	var names []string
	for _, s := range site.Schemas() {
		names = append(names, string(s.Kind))
	}
	return names
}

// Lookup returns the schema for a type of page, named by its kind
// ("pathfinder") or its section ("pathfinders"). For a name it does not
// know, the error suggests the closest one.
func Lookup(name string) (*site.Schema, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	var names []string
	for _, s := range site.Schemas() {
		if key == string(s.Kind) || key == s.Section {
			return &s, nil
		}
		names = append(names, string(s.Kind), s.Section)
	}
	msg := fmt.Sprintf("unknown type %q", name)
	if sug := diag.Suggest(key, names); sug != "" {
		if s := site.SchemaFor(sug); s != nil {
			sug = string(s.Kind)
		}
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	}
	return nil, errors.New(msg + "; the types are " + strings.Join(Types(), ", "))
}

// Slug returns the file name, without .md, of a page with the given title:
// the title transliterated to lower-case ASCII, with every run of other
// characters made one hyphen (see site.Slugify). It is an error if nothing is left.
func Slug(title string) (string, error) {
	if strings.IndexFunc(title, unicode.IsControl) >= 0 {
		return "", errors.New("the title has a line break or another control character in it")
	}
	slug := site.Slugify(title)
	if slug == "" {
		return "", fmt.Errorf("the title %q has no letters or numbers to make a file name from", title)
	}
	if msg := content.CheckName(slug); msg != "" {
		return "", fmt.Errorf("the file name %q made from the title %s", slug, msg)
	}
	return slug, nil
}

// New makes a new page of the schema's section with the given title, at
// content/SECTION/SLUG.md. cfg gives the vocabularies; it may be nil.
func New(s *site.Schema, cfg *site.Config, title string) (File, error) {
	title = strings.TrimSpace(title)
	slug, err := Slug(title)
	if err != nil {
		return File{}, err
	}
	body, err := body(s.Section)
	if err != nil {
		return File{}, err
	}
	g := &gen{cfg: cfg}
	g.header(s)
	g.fields(s, title)
	g.raw("---\n\n")
	g.raw(body)
	return File{Path: path.Join(content.Dir, s.Section, slug+".md"), Data: []byte(g.b.String())}, nil
}

// body returns the section's body template, or the plain page's.
func body(section string) (string, error) {
	fsys, err := fs.Sub(bodies, "bodies")
	if err != nil {
		return "", err
	}
	b, err := fs.ReadFile(fsys, section+".md")
	if errors.Is(err, fs.ErrNotExist) {
		b, err = fs.ReadFile(fsys, "page.md")
	}
	return string(b), err
}

// Write creates the file under the site root dir, and any folders it needs.
// It never replaces a file: if one exists, the error wraps fs.ErrExist.
func (f File) Write(dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
		return fmt.Errorf("creating the folder for %s: %w", f.Path, err)
	}
	out, err := root.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("creating %s: %w", f.Path, err)
	}
	_, err = out.Write(f.Data)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		root.Remove(f.Path)
		return fmt.Errorf("writing %s: %w", f.Path, err)
	}
	return nil
}

// gen writes the front matter.
type gen struct {
	b   strings.Builder
	cfg *site.Config
}

func (g *gen) raw(s string) { g.b.WriteString(s) }

func (g *gen) line(parts ...string) {
	for _, p := range parts {
		g.b.WriteString(p)
	}
	g.b.WriteByte('\n')
}

// comment writes text as # comment lines, wrapped to fit a narrow editor.
// The lines of a numbered step after its first are indented to its text.
func (g *gen) comment(text string) {
	const width = 76
	cont := "#"
	if n, _, ok := strings.Cut(text, ". "); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		cont += strings.Repeat(" ", len(n)+2)
	}
	cur := "#"
	for _, w := range strings.Fields(text) {
		if len(cur) > len(cont) && len(cur)+1+len(w) > width {
			g.line(cur)
			cur = cont
		}
		cur += " " + w
	}
	g.line(cur)
}

func (g *gen) header(s *site.Schema) {
	g.line("---")
	g.comment(fmt.Sprintf("This is a new %s page for Wayfinder.", s.Name))
	g.line("#")
	g.comment("1. Replace everything that starts with TODO, both here and in the page below the second --- line.")
	g.comment("2. Fill in the optional fields that you can. Leave the others empty.")
	g.comment("3. Lines that start with # are notes for you. They do not appear on the site, and you can leave them in.")
	g.line("#")
	g.comment("To fill in a list, delete the # at the start of each of its example lines. For more items, copy those lines again. CONTRIBUTING.md explains every field.")
}

// order returns the fields of the schema in the order a new page lists
// them: the fields to fill in, with reviewed last, then the optional
// ones, the section's own before the common ones.
func order(s *site.Schema) (fill, optional []site.Field) {
	var asked, common []site.Field
	for i, f := range s.AllFields() {
		switch {
		case f.Name == "translation_reviewed":
			// new makes a page in the default language, never a
			// translation.
		case f.Name == reviewed || f.Name == sources:
			asked = append(asked, f)
		case prompted(f):
			fill = append(fill, f)
		case i < len(site.CommonFields()):
			common = append(common, f)
		default:
			optional = append(optional, f)
		}
	}
	return append(fill, asked...), append(optional, common...)
}

// fields writes every field of the schema.
func (g *gen) fields(s *site.Schema, title string) {
	fill, optional := order(s)
	for _, f := range fill {
		g.line()
		g.doc(f)
		if f.Name == "title" {
			g.line("title: ", yamlString(title))
			continue
		}
		g.field(&f, "", "", "", true)
	}
	g.line()
	g.line("# ---------------------------------------------------------------------------")
	g.comment("Optional fields. Fill in the ones you can, and leave the others empty.")
	g.line("# ---------------------------------------------------------------------------")
	for _, f := range optional {
		g.line()
		g.doc(f)
		g.line(f.Name, ":")
		switch {
		case f.Type == site.List && f.Elem != nil:
			g.item(f.Elem, &f, "#", "  ")
		case f.Type == site.Object:
			for _, sub := range f.Fields {
				g.field(&sub, "#", "  ", "  ", false)
			}
		}
	}
}

// reviewed and sources are the optional fields that New asks for on every
// page, as if they were required: check reports a guide with no reviewed
// date, and a typed page with no sources or a source with no checked date.
const (
	reviewed = "reviewed"
	sources  = "sources"
	checked  = "checked" // the date a source was last checked
)

// prompted reports whether a top-level field gets a value to fill in.
func prompted(f site.Field) bool {
	return f.Required || f.Example != "" || f.Name == reviewed || f.Name == sources
}

// doc writes the comment above a top-level field: its Doc, and the values
// it may take.
func (g *gen) doc(f site.Field) {
	text := sentence(f.Doc)
	if !prompted(f) {
		text = "Optional: " + f.Doc + "."
	}
	switch {
	case f.Type == site.ISODate && !strings.Contains(f.Doc, "YYYY-MM-DD"):
		text += " Write it as YYYY-MM-DD."
	case f.Type == site.Bool:
		text += " Write true or false."
	case f.Type == site.Int:
		text += " Write a whole number."
	case f.Type == site.List && f.Elem != nil && f.Elem.Type == site.Object:
		text += " For each one, fill in " + names(f.Elem.Fields) + "."
	}
	elem := &f
	many := f.Type == site.List && f.Elem != nil
	if many {
		elem = f.Elem
	}
	switch {
	case elem.Vocab != "" || f.Vocab != "":
		vocab := elem.Vocab
		if vocab == "" {
			vocab = f.Vocab
		}
		terms := g.terms(vocab)
		if terms == nil {
			text += fmt.Sprintf(" Use the values listed under %s in site.yaml.", vocab)
			g.comment(text)
			return
		}
		if many {
			text += " Write one or more of these values, one on each line:"
		} else {
			text += " Write one of these values:"
		}
		g.comment(text)
		for _, t := range terms {
			if t.Label != "" && t.Label != t.Value {
				g.line("#   ", t.Value, " (", t.Label, ")")
			} else {
				g.line("#   ", t.Value)
			}
		}
		return
	case len(elem.Enum) > 0 && many:
		text += " Write one or more of: " + strings.Join(elem.Enum, ", ") + "."
	case len(elem.Enum) > 0:
		text += " Write one of: " + strings.Join(elem.Enum, ", ") + "."
	}
	g.comment(text)
}

// terms returns the terms of a vocabulary, or nil if site.yaml has none.
func (g *gen) terms(vocab string) []site.Term {
	if g.cfg == nil || g.cfg.Vocab[vocab] == nil {
		return nil
	}
	return g.cfg.Vocab[vocab].Terms
}

// field writes one field of a mapping with its value. pre starts every
// line ("#" to comment it out); first goes before the name on the first
// line (an indent, or an indent and "- " for the first field of a list
// entry); indent is the indent of the mapping's other lines. A field left
// optional inside an entry is written with no value and an "optional"
// comment.
func (g *gen) field(f *site.Field, pre, first, indent string, top bool) {
	if !top && !f.Required {
		note := "# optional"
		if f.Doc != "" {
			note += ": " + f.Doc
		}
		g.line(pre, first, f.Name, ": ", note)
		return
	}
	switch {
	case f.Type == site.List && f.Elem != nil:
		g.line(pre, first, f.Name, ":")
		for range max(f.MinItems, 1) {
			g.item(f.Elem, f, pre, indent+"  ")
		}
	case f.Type == site.Object:
		g.line(pre, first, f.Name, ":")
		for _, sub := range f.Fields {
			g.field(&sub, pre, indent+"  ", indent+"  ", false)
		}
	default:
		g.line(pre, first, f.Name, ": ", yamlString(g.placeholder(f, f, top)))
	}
}

// item writes one entry of a list field at indent.
func (g *gen) item(elem, list *site.Field, pre, indent string) {
	if elem.Type != site.Object {
		g.line(pre, indent, "- ", yamlString(g.placeholder(elem, list, true)))
		return
	}
	for i, sub := range elem.Fields {
		first := indent + "  "
		if i == 0 {
			first = indent + "- "
		}
		if list.Name == sources && sub.Name == checked {
			sub.Required = true // check asks for it on every typed page
		}
		g.field(&sub, pre, first, indent+"  ", false)
	}
}

// placeholder returns the value written for a person to replace: f is the
// field or list element, doc the field that documents it. At the top level
// the allowed values are listed in the comment above.
func (g *gen) placeholder(f, doc *site.Field, top bool) string {
	text := doc.Doc
	switch {
	case len(f.Enum) > 0:
		text = orList(f.Enum)
	case f.Vocab != "" && top && g.terms(f.Vocab) != nil:
		text = "one of the values listed above"
	case f.Vocab != "" && g.terms(f.Vocab) != nil:
		var vals []string
		for _, t := range g.terms(f.Vocab) {
			vals = append(vals, t.Value)
		}
		text = orList(vals)
	case f.Vocab != "":
		text = "one of the values listed under " + f.Vocab + " in site.yaml"
	case f.Ref != "":
		text = "the file name of a page in " + content.Dir + "/" + f.Ref + "/, without .md"
	}
	if text == "" {
		return content.Placeholder
	}
	return content.Placeholder + ": " + text
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func orList(vals []string) string { return join(vals, " or ") }

func names(fs []site.Field) string {
	var ns []string
	for _, f := range fs {
		ns = append(ns, f.Name)
	}
	return join(ns, " and ")
}

// join joins "a, b" and the last with conj: "a, b or c".
func join(vals []string, conj string) string {
	switch len(vals) {
	case 0:
		return ""
	case 1:
		return vals[0]
	}
	return strings.Join(vals[:len(vals)-1], ", ") + conj + vals[len(vals)-1]
}

// yamlString writes s as a YAML string: plain when that reads back as the
// same text, double-quoted otherwise.
func yamlString(s string) string {
	if plain(s) {
		return s
	}
	return strconv.Quote(s)
}

func plain(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	first := []rune(s)[0]
	if !unicode.IsLetter(first) && !unicode.IsDigit(first) {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" .,'’()&!?/–—-", r) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return false
	}
	return true
}

// Body returns the page that a new file of the section starts with: its
// headings, each with a TODO prompt.
func Body(section string) (string, error) { return body(section) }
