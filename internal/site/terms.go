package site

import (
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gosimple/unidecode"
)

// The site paths of pages that the discovery stages generate.
const (
	AZPath     = "a-z/"    // the A–Z index of every page
	SearchPath = "search/" // the search page
)

// TermPath is the site path of a vocabulary term's page, such as
// "regions/yorkshire-and-the-humber/".
func TermPath(vocab, value string) string {
	return VocabPath(vocab) + Slugify(value) + "/"
}

// VocabPath is the site path of a vocabulary's index of terms, such as
// "role-families/".
func VocabPath(vocab string) string { return Slugify(vocab) + "/" }

// Slugify turns text in any language into a name fit for a web address:
// its letters transliterated to ASCII by github.com/gosimple/unidecode
// (Café is cafe, Môn is mon, Straße is strasse), lower-cased, apostrophes
// dropped (St John’s is st-johns), and one hyphen for each run of anything
// else.
func Slugify(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = unidecode.Unidecode(s)
			break
		}
	}
	var b strings.Builder
	dash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte(c)
		case c == '\'':
			// St John's is st-johns, not st-john-s.
		default:
			dash = true
		}
	}
	return b.String()
}

// vocabTitles names the vocabularies of site.yaml for people, as the
// headings of their index pages. A vocabulary not listed is named after
// itself.
var vocabTitles = map[string]string{
	"regions":       "Regions",
	"audiences":     "Who projects help",
	"approaches":    "How projects work",
	"interests":     "Interests",
	"topics":        "Guide topics",
	"levels":        "Guide levels",
	"backgrounds":   "Backgrounds",
	"stages":        "Career stages",
	"role_families": "Types of role",
}

// VocabTitle returns a vocabulary's name as people read it: "Guide topics"
// for topics.
func VocabTitle(vocab string) string {
	if t, ok := vocabTitles[vocab]; ok {
		return t
	}
	s := strings.ReplaceAll(vocab, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// PageTerms are the values a page gives one front-matter field whose
// values come from a vocabulary.
type PageTerms struct {
	Field  string // the front-matter field, "entry_stages"
	Vocab  string // its vocabulary, "stages"
	Values []string
}

// Terms returns the vocabulary values a typed page uses, field by field in
// the order of its schema, leaving out fields it leaves empty.
func (p *Page) Terms() []PageTerms {
	var out []PageTerms
	for _, s := range Schemas() {
		if s.Kind != p.Kind {
			continue
		}
		for _, f := range s.Fields {
			vocab := f.Vocab
			if vocab == "" && f.Elem != nil {
				vocab = f.Elem.Vocab
			}
			if vocab == "" {
				continue
			}
			if vs := p.Values(f.Name); len(vs) > 0 {
				out = append(out, PageTerms{Field: f.Name, Vocab: vocab, Values: vs})
			}
		}
	}
	return out
}

// Values returns the values of a typed page's front-matter field, found by
// its YAML name: one value for text, each item for a list of text, and
// nil for an empty field or one the page's type does not have.
func (p *Page) Values(field string) []string {
	for _, typed := range []any{p.Pathway, p.Route, p.Pathfinder, p.Guide} {
		rv := reflect.ValueOf(typed)
		if rv.IsNil() {
			continue
		}
		rv = rv.Elem()
		rt := rv.Type()
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("yaml"), ",")
			if name != field {
				continue
			}
			switch v := rv.Field(i); {
			case v.Kind() == reflect.String && v.String() != "":
				return []string{v.String()}
			case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String:
				return v.Interface().([]string)
			}
			return nil
		}
	}
	return nil
}
