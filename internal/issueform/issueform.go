// Package issueform opens a way into Wayfinder for partners who have never
// used Git: it turns the schema of each type partners write (see Types)
// into a GitHub issue form, and the body of an issue submitted with that
// form back into a content file.
//
// # The forms
//
// Form writes .github/ISSUE_TEMPLATE/SECTION.yml with one question per
// front-matter field, in the order `wayfinder new` lists them: a dropdown
// where the values come from a site.yaml vocabulary, a fixed list or
// true/false, a one-line box for text, dates, numbers and web addresses,
// and a box of lines for lists (one item a line; the parts of an entry,
// such as an outcome's measure and value, separated by " | "). A question
// is required where its field is, or where check requires it of a page
// of the type (see checkRequired), and its help is the field's doc. Last
// comes the page itself, in Markdown, started with the section's headings.
// A test holds the files in .github to what Form makes from the schemas.
//
// # Reading a submitted issue
//
// GitHub writes a submitted form as each question's label in a "### "
// heading, then the answer, with "_No response_" for an empty one. Parse
// takes the first "### " line of each label as that question's heading,
// in whatever order they come (an issue written with an older form, in
// which the questions came in another order, is read the same), so a
// "### " line that repeats a label stays part of the answer it is in, and
// everything after the page's label is the page. Every answer is text from a
// stranger: Page writes it only as YAML values, through the YAML encoder,
// and as the Markdown body, which the build reads as it reads any other
// page (raw HTML left out, unsafe links refused). Nothing from the issue
// chooses where the file goes except through scaffold.Slug.
package issueform

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/wayfinder-health/wayfinder/internal/scaffold"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/textfile"
)

// Dir is where GitHub looks for issue forms.
const Dir = ".github/ISSUE_TEMPLATE"

// Label is the label every form gives its issues; the issue-to-pr
// workflow acts on issues that have it.
const Label = "new page"

// BodyLabel is the label of the question that holds the page itself.
const BodyLabel = "Your page"

// MaxBody is the largest issue body Parse reads. GitHub allows 65,536
// characters.
const MaxBody = 1 << 20

// partnerSections are the sections whose pages local partners write.
var partnerSections = []string{"pathfinders", "guides"}

// checkRequired names, for each partner section, the fields that check
// requires of its pages beyond what the schema requires: the source rules
// of internal/lint (every typed page cites a source, and says when it was
// checked; a guide says when it was reviewed and which UK nations its
// advice is true for). A form that left them optional would let a
// partner submit a page that fails. A test makes a
// page from an issue with only the required answers and checks it, so a
// new rule in check that a form does not ask for fails it.
var checkRequired = map[string]map[string]bool{
	"pathfinders": {"sources": true, "sources.checked": true},
	"guides":      {"sources": true, "sources.checked": true, "reviewed": true, "nations": true},
}

// Types returns the schemas of the types partners write, each of which
// has a form.
func Types() []*site.Schema {
	var out []*site.Schema
	for _, sec := range partnerSections {
		out = append(out, site.SchemaFor(sec))
	}
	return out
}

// FileName is the name of the form of a schema under Dir.
func FileName(s *site.Schema) string { return string(s.Kind) + ".yml" }

// question is one question of a form.
type question struct {
	id, label, help string
	field           *site.Field // nil for the page itself
	kind            string      // "input", "textarea" or "dropdown"
	options         []option
	multiple        bool
	required        bool
	placeholder     string
	value           string
}

type option struct{ label, value string }

// questions returns the questions of the schema's form, in order.
func questions(s *site.Schema, cfg *site.Config) ([]question, error) {
	var qs []question
	for _, f := range ordered(s) {
		rules := checkRequired[s.Section]
		q := question{id: f.Name, label: Title(f.Name), required: f.Required || rules[f.Name], field: &f}
		q.help = sentence(f.Doc)
		vocab := f.Vocab
		if f.Type == site.List && f.Elem != nil && f.Elem.Vocab != "" {
			vocab = f.Elem.Vocab
		}
		enum := f.Enum
		if f.Type == site.List && f.Elem != nil && len(f.Elem.Enum) > 0 {
			enum = f.Elem.Enum
		}
		switch {
		case vocab != "":
			v := cfg.Vocab[vocab]
			if v == nil || len(v.Terms) == 0 {
				return nil, fmt.Errorf("site.yaml has no vocabulary %s for the field %s", vocab, f.Name)
			}
			q.kind, q.multiple = "dropdown", f.Type == site.List
			for _, t := range v.Terms {
				l := t.Label
				if l == "" {
					l = t.Value
				}
				q.options = append(q.options, option{label: l, value: t.Value})
			}
		case len(enum) > 0:
			q.kind, q.multiple = "dropdown", f.Type == site.List
			for _, e := range enum {
				q.options = append(q.options, option{label: e, value: e})
			}
		case f.Type == site.Bool:
			q.kind = "dropdown"
			q.options = []option{{"Yes", "true"}, {"No", "false"}}
		case f.Type == site.List && f.Elem != nil && f.Elem.Type == site.Object:
			q.kind = "textarea"
			var parts []string
			for _, sub := range f.Elem.Fields {
				p := sub.Name
				if !sub.Required && !rules[f.Name+"."+sub.Name] {
					p += " (if you have it)"
				}
				parts = append(parts, p)
			}
			q.help += " Write one on each line, as: " + strings.Join(parts, " | ") + "."
			var docs []string
			for _, sub := range f.Elem.Fields {
				docs = append(docs, sub.Name+" is "+strings.TrimSuffix(sub.Doc, "."))
			}
			q.help += " " + capital(strings.Join(docs, "; ")) + "."
		case f.Type == site.List:
			q.kind = "textarea"
			q.help += " Write one on each line."
			if f.Ref != "" || f.Elem != nil && f.Elem.Ref != "" {
				q.help += " Use the last part of each page's web address, such as first-steps for /guides/first-steps/."
			}
		default:
			q.kind = "input"
			switch f.Type {
			case site.ISODate:
				q.placeholder = "YYYY-MM-DD, such as 2026-03-31"
			case site.Int:
				q.placeholder = "a whole number, such as 12"
			case site.URL:
				q.placeholder = "https://… or name@example.org"
			}
			if f.Ref != "" {
				q.help += " Use the last part of the page's web address."
			}
		}
		qs = append(qs, q)
	}
	body, err := scaffold.Body(s.Section)
	if err != nil {
		return nil, err
	}
	qs = append(qs, question{id: "page", label: BodyLabel, kind: "textarea", required: true, value: body,
		help: "The page itself, in Markdown. Keep the headings that start with ## and replace each TODO with your own words. " +
			"Do not include personal details of the people you worked with."})
	return qs, nil
}

// ordered returns the schema's fields in the order the form asks them:
// the required ones first (those the schema requires, then those check
// does), then the section's own, then the common ones.
func ordered(s *site.Schema) []site.Field {
	var req, checked, own, common []site.Field
	isCommon := map[string]bool{}
	for _, f := range site.CommonFields() {
		isCommon[f.Name] = true
	}
	for _, f := range s.AllFields() {
		switch {
		case f.Name == "translation_reviewed":
			// A form makes a new page in the default language, never a
			// translation.
		case f.Required:
			req = append(req, f)
		case checkRequired[s.Section][f.Name]:
			checked = append(checked, f)
		case isCommon[f.Name]:
			common = append(common, f)
		default:
			own = append(own, f)
		}
	}
	return slices.Concat(req, checked, own, common)
}

// Title makes a field's name a label: lead_organisation is "Lead
// organisation".
func Title(name string) string { return capital(strings.ReplaceAll(name, "_", " ")) }

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func sentence(s string) string {
	s = capital(strings.TrimSpace(s))
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// The issue form's YAML, as GitHub reads it.
type formDoc struct {
	Name        string    `yaml:"name"`
	Description string    `yaml:"description"`
	Title       string    `yaml:"title"`
	Labels      []string  `yaml:"labels"`
	Body        []element `yaml:"body"`
}

type element struct {
	Type        string       `yaml:"type"`
	ID          string       `yaml:"id,omitempty"`
	Attributes  attributes   `yaml:"attributes"`
	Validations *validations `yaml:"validations,omitempty"`
}

type attributes struct {
	Label       string   `yaml:"label,omitempty"`
	Description string   `yaml:"description,omitempty"`
	Placeholder string   `yaml:"placeholder,omitempty"`
	Value       string   `yaml:"value,omitempty"`
	Multiple    bool     `yaml:"multiple,omitempty"`
	Options     []string `yaml:"options,omitempty"`
}

type validations struct {
	Required bool `yaml:"required"`
}

// Form returns the issue form of a schema, as YAML for Dir.
func Form(s *site.Schema, cfg *site.Config) ([]byte, error) {
	qs, err := questions(s, cfg)
	if err != nil {
		return nil, err
	}
	doc := formDoc{
		Name:        "Add a " + s.Name + " page",
		Description: "Fill in this form to add a " + s.Name + " page to Wayfinder. You do not need to know Git.",
		Title:       "New " + s.Name + " page: ",
		Labels:      []string{Label, string(s.Kind)},
	}
	doc.Body = append(doc.Body, element{Type: "markdown", Attributes: attributes{Value: "" +
		"Thank you for adding your page. Fill in each box below, then select **Submit new issue**.\n\n" +
		"Wayfinder turns your answers into a page and checks it. If something needs fixing, it replies on this issue " +
		"and says which answer to change: select **Edit** on your issue, change it, and save. " +
		"When the check passes, the Wayfinder team reviews your page before it is published.\n\n" +
		"Boxes marked with a red star must be filled in. Leave out anything you do not know."}})
	for _, q := range qs {
		e := element{Type: q.kind, ID: q.id, Attributes: attributes{Label: q.label, Description: q.help,
			Placeholder: q.placeholder, Value: q.value, Multiple: q.multiple}}
		for _, o := range q.options {
			e.Attributes.Options = append(e.Attributes.Options, o.label)
		}
		if q.required {
			e.Validations = &validations{Required: true}
		}
		doc.Body = append(doc.Body, e)
	}
	var b bytes.Buffer
	b.WriteString("# This file is made from the " + s.Name + " schema in internal/site/schema.go and the\n" +
		"# vocabularies in site.yaml. Do not edit it: change those, then run\n" +
		"#   go test ./internal/issueform -update\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	enc.Close()
	return b.Bytes(), nil
}

// Answers is a submitted form: each question's answer, "" where it was
// left empty.
type Answers struct {
	schema    *site.Schema
	questions []question
	answers   map[string]string // by question id
}

// ErrNotForm reports an issue body that was not written by the form.
var ErrNotForm = errors.New("not written by the form")

var noResponse = "_No response_"

// Parse reads the body of an issue submitted with the schema's form.
func Parse(s *site.Schema, cfg *site.Config, body []byte) (*Answers, error) {
	if len(body) > MaxBody {
		return nil, fmt.Errorf("the issue is %d bytes long, more than the %d this reads", len(body), MaxBody)
	}
	body, err := textfile.Normalize(body)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(body) {
		return nil, errors.New("the issue is not UTF-8 text")
	}
	qs, err := questions(s, cfg)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(body), "\n")
	type found struct{ q, line int }
	var at []found
	byLabel := map[string]int{}
	for qi, q := range qs {
		byLabel["### "+q.label] = qi
	}
	page := len(qs) - 1 // the page is the last question
	for li, line := range lines {
		qi, ok := byLabel[strings.TrimRight(line, " \t")]
		if !ok {
			continue
		}
		at = append(at, found{qi, li})
		delete(byLabel, "### "+qs[qi].label)
		if qi == page {
			break
		}
	}
	if len(at) == 0 {
		return nil, fmt.Errorf("%w: it has none of the form's headings, such as \"### %s\"", ErrNotForm, qs[0].label)
	}
	a := &Answers{schema: s, questions: qs, answers: map[string]string{}}
	for i, f := range at {
		end := len(lines)
		if i+1 < len(at) {
			end = at[i+1].line
		}
		text := strings.Join(lines[f.line+1:end], "\n")
		if qs[f.q].id == "page" {
			text = strings.Trim(text, "\n")
		} else {
			text = strings.TrimSpace(text)
		}
		if text == noResponse {
			text = ""
		}
		a.answers[qs[f.q].id] = text
	}
	return a, nil
}

// Get returns the answer to the question with the given label.
func (a *Answers) Get(label string) string {
	for _, q := range a.questions {
		if q.label == label {
			return a.answers[q.id]
		}
	}
	return ""
}

// Page is a content file made from a submitted form, and where each
// answer went in it.
type Page struct {
	File     scaffold.File
	lines    []lineLabel // the first line of each field, in order
	bodyLine int         // the line the page's body starts on
}

type lineLabel struct {
	line  int
	label string
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Page writes the content file of the answers. Its name comes from the
// title, as `wayfinder new` makes it.
func (a *Answers) Page() (*Page, error) {
	title := a.answers["title"]
	if title == "" {
		return nil, errors.New("the Title answer is empty: give the page a title")
	}
	slug, err := scaffold.Slug(title)
	if err != nil {
		return nil, err
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	var keys []string
	for _, q := range a.questions {
		ans := a.answers[q.id]
		if q.field == nil || ans == "" {
			continue
		}
		root.Content = append(root.Content, str(q.field.Name), value(q, ans))
		keys = append(keys, q.label)
	}
	var fm bytes.Buffer
	enc := yaml.NewEncoder(&fm)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	enc.Close()
	if len(root.Content) == 0 {
		fm.Reset()
	}
	p := &Page{}
	// Find where each field went: decode what was written.
	var doc yaml.Node
	if err := yaml.Unmarshal(fm.Bytes(), &doc); err == nil && len(doc.Content) > 0 {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			p.lines = append(p.lines, lineLabel{line: m.Content[i].Line + 1, label: keys[i/2]})
		}
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(fm.Bytes())
	b.WriteString("---\n")
	p.bodyLine = bytes.Count(b.Bytes(), []byte("\n")) + 1
	if body := a.answers["page"]; body != "" {
		b.WriteString(body)
		b.WriteString("\n")
	}
	p.File = scaffold.File{Path: "content/" + a.schema.Section + "/" + slug + ".md", Data: b.Bytes()}
	return p, nil
}

// Where names the answer that a line of the page came from: a question's
// label, or the page with the line within it.
func (p *Page) Where(line int) string {
	if line >= p.bodyLine {
		return fmt.Sprintf("%s, line %d", BodyLabel, line-p.bodyLine+1)
	}
	where := ""
	for _, l := range p.lines {
		if l.line <= line {
			where = l.label
		}
	}
	if where == "" {
		return "the form"
	}
	return where
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// value turns an answer into the YAML value of its field. An answer that
// does not fit its type is written as text, for check to report.
func value(q question, ans string) *yaml.Node {
	f := q.field
	switch {
	case q.kind == "dropdown" && q.multiple:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, v := range splitChoices(ans, q.options) {
			seq.Content = append(seq.Content, str(v))
		}
		return seq
	case q.kind == "dropdown":
		v := choice(ans, q.options)
		if f.Type == site.Bool && (v == "true" || v == "false") {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v}
		}
		return str(v)
	case f.Type == site.List && f.Elem != nil && f.Elem.Type == site.Object:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, line := range nonEmptyLines(ans) {
			m := &yaml.Node{Kind: yaml.MappingNode}
			parts := strings.Split(line, "|")
			for i, sub := range f.Elem.Fields {
				if i >= len(parts) {
					break
				}
				v := strings.TrimSpace(parts[i])
				if i == len(f.Elem.Fields)-1 && len(parts) > len(f.Elem.Fields) {
					v = strings.TrimSpace(strings.Join(parts[i:], "|"))
				}
				if v != "" {
					m.Content = append(m.Content, str(sub.Name), scalar(sub.Type, v))
				}
			}
			seq.Content = append(seq.Content, m)
		}
		return seq
	case f.Type == site.List:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, line := range nonEmptyLines(ans) {
			seq.Content = append(seq.Content, str(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))))
		}
		return seq
	}
	return scalar(f.Type, ans)
}

func scalar(t site.Type, v string) *yaml.Node {
	switch t {
	case site.Int:
		if _, err := strconv.Atoi(v); err == nil {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v}
		}
	case site.ISODate:
		if isoDate.MatchString(v) {
			return &yaml.Node{Kind: yaml.ScalarNode, Value: v}
		}
	}
	return str(v)
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// choice maps a dropdown's label to its value; an unknown one is kept, for
// check to report.
func choice(label string, opts []option) string {
	for _, o := range opts {
		if o.label == label {
			return o.value
		}
	}
	return label
}

// splitChoices splits the answer of a multiple-choice dropdown, which
// GitHub joins with ", ", into values. Labels may hold ", " themselves,
// so pieces are joined again until they make a known label.
func splitChoices(ans string, opts []option) []string {
	known := map[string]string{}
	for _, o := range opts {
		known[o.label] = o.value
	}
	var out []string
	cur := ""
	for _, piece := range strings.Split(ans, ", ") {
		if cur != "" {
			cur += ", "
		}
		cur += piece
		if v, ok := known[strings.TrimSpace(cur)]; ok {
			out = append(out, v)
			cur = ""
		}
	}
	if strings.TrimSpace(cur) != "" {
		for _, piece := range strings.Split(cur, ", ") {
			if p := strings.TrimSpace(piece); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
