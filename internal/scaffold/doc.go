package scaffold

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// FieldTable returns a Markdown table of the schema's fields for people
// filling them in, as CONTRIBUTING.md shows it: every field in the order a
// new page lists them, whether it is needed, and what to write. A field
// that New asks for but check does not require is "Recommended". Fields
// of list entries follow their list. Vocabulary fields link to the list
// of their values that ValueLists writes.
func FieldTable(s *site.Schema) string {
	var b strings.Builder
	b.WriteString("| Field | Needed | What to write |\n|---|---|---|\n")
	fill, optional := order(s)
	for _, f := range slices.Concat(fill, optional) {
		needed := "No"
		switch {
		case f.Required:
			needed = "Yes"
		case prompted(f):
			needed = "Recommended"
		}
		row(&b, "`"+f.Name+"`", needed, &f)
	}
	return b.String()
}

// row writes the row of a field and the rows of the fields of its entries.
func row(b *strings.Builder, name, needed string, f *site.Field) {
	fmt.Fprintf(b, "| %s | %s | %s |\n", name, needed, cell(what(f)))
	var sub []site.Field
	switch {
	case f.Type == site.List && f.Elem != nil && f.Elem.Type == site.Object:
		sub = f.Elem.Fields
	case f.Type == site.Object:
		sub = f.Fields
	}
	for _, g := range sub {
		needed := "No"
		if g.Required {
			needed = "Yes, in each"
			if f.Type == site.Object {
				needed = "Yes, if " + f.Name + " is given"
			}
		}
		row(b, name+" → `"+g.Name+"`", needed, &g)
	}
}

// what says what to write in a field, in a sentence or two.
func what(f *site.Field) string {
	text := sentence(f.Doc)
	elem, many := f, false
	if f.Type == site.List && f.Elem != nil {
		elem, many = f.Elem, true
	}
	vocab := elem.Vocab
	if vocab == "" {
		vocab = f.Vocab
	}
	switch {
	case vocab != "" && many:
		text += fmt.Sprintf(" A list of [%s](#values-for-%s) values.", vocab, vocab)
	case vocab != "":
		text += fmt.Sprintf(" One of the [%s](#values-for-%s) values.", vocab, vocab)
	case len(elem.Enum) > 0 && many:
		text += " A list of: " + codeList(elem.Enum, " and ") + "."
	case len(elem.Enum) > 0:
		text += " One of: " + codeList(elem.Enum, " or ") + "."
	case elem.Ref != "" && many:
		text += fmt.Sprintf(" A list of file names from `%s/%s/`, without `.md`.", content.Dir, elem.Ref)
	case elem.Ref != "":
		text += fmt.Sprintf(" A file name from `%s/%s/`, without `.md`.", content.Dir, elem.Ref)
	case many && elem.Type == site.Object:
		text += " A list: each entry has the fields below."
	case many:
		text += " A list."
	case f.Type == site.Object:
		text += " A group of the fields below."
	case f.Type == site.ISODate && !strings.Contains(f.Doc, "YYYY-MM-DD"):
		text += " A date written as YYYY-MM-DD."
	case f.Type == site.Bool:
		text += " `true` or `false`."
	case f.Type == site.Int:
		text += " A whole number."
	case f.Type == site.URL:
		text += " A web address starting `https://`, or an email address."
	case f.Type == site.Lang:
		text += " A language code, such as `en` or `cy`."
	}
	return text
}

func codeList(vals []string, conj string) string {
	quoted := make([]string, len(vals))
	for i, v := range vals {
		quoted[i] = "`" + v + "`"
	}
	return join(quoted, conj)
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// ValueLists returns the allowed values of every site.yaml vocabulary that
// the schemas use, as Markdown: a #### heading "Values for NAME" for each,
// naming the fields that use it, then its values with their labels.
func ValueLists(schemas []site.Schema, cfg *site.Config) string {
	var names []string
	users := map[string][]string{}
	for _, s := range schemas {
		for _, f := range s.AllFields() {
			vocab := f.Vocab
			if vocab == "" && f.Elem != nil {
				vocab = f.Elem.Vocab
			}
			if vocab == "" {
				continue
			}
			if users[vocab] == nil {
				names = append(names, vocab)
			}
			users[vocab] = append(users[vocab], fmt.Sprintf("`%s` on %s pages", f.Name, s.Name))
		}
	}
	var b strings.Builder
	for i, name := range names {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "#### Values for %s\n\nUsed by %s.\n\n", name, join(users[name], " and "))
		var v *site.Vocabulary
		if cfg != nil {
			v = cfg.Vocab[name]
		}
		if v == nil || len(v.Terms) == 0 {
			fmt.Fprintf(&b, "site.yaml does not list any yet.\n")
			continue
		}
		for _, t := range v.Terms {
			line := "- `" + t.Value + "`"
			if t.Label != "" && t.Label != t.Value {
				line += ": " + t.Label
			}
			if t.Description != "" {
				line += ". " + sentence(t.Description)
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
