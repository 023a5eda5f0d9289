package layout

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"golang.org/x/net/html"
)

func TestStrings(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/_default/single.html": {Data: []byte("<p>{{t \"hello\" \"name\" .}}</p>\n<p>{{t \"count\" \"n\" 3}}</p>")},
		"layouts/i18n/en.yaml":         {Data: []byte("hello: Hello, {name} & <friends>\ncount:\n  one: \"{n} page\"\n  other: \"{n} pages\"\n")},
		"layouts/i18n/cy.yaml":         {Data: []byte("hello: Helo, {name}\ncount:\n  zero: \"{n} tudalen\"\n  one: \"{n} dudalen\"\n  two: \"{n} dudalen\"\n  few: \"{n} tudalen\"\n  many: \"{n} thudalen\"\n  other: \"{n} tudalen\"\n")},
	}
	set, diags := Load(fsys, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, tc := range []struct{ lang, want string }{
		{"en-GB", "<p>Hello, &lt;b&gt;Sam&#39;s&lt;/b&gt; &amp; &lt;friends&gt;</p>\n<p>3 pages</p>"},
		{"cy", "<p>Helo, &lt;b&gt;Sam&#39;s&lt;/b&gt;</p>\n<p>3 tudalen</p>"},
	} {
		var buf bytes.Buffer
		if d := set.Execute(t.Context(), &buf, tc.lang, "_default/single.html", "<b>Sam's</b>"); d != nil {
			t.Fatalf("Execute(%s) = %v", tc.lang, d)
		}
		if got := buf.String(); got != tc.want {
			t.Errorf("Execute(%s) = %q, want %q", tc.lang, got, tc.want)
		}
	}
}

func TestStringMissing(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/_default/single.html": {Data: []byte("<p>\n  {{t \"helo\"}} {{t \"bye\"}}</p>")},
		"layouts/i18n/en.yaml":         {Data: []byte("hello: Hello\nbye: Bye\n")},
		"layouts/i18n/cy.yaml":         {Data: []byte("hello: Helo\n")},
	}
	_, diags := Load(fsys, nil)
	diags.Sort()
	want := strings.Join([]string{
		`layouts/_default/single.html:2:7: error: the string "helo" is not in layouts/i18n/cy.yaml (did you mean "hello"? or add helo: to layouts/i18n/cy.yaml) [i18n]`,
		`layouts/_default/single.html:2:7: error: the string "helo" is not in layouts/i18n/en.yaml (did you mean "hello"? or add helo: to layouts/i18n/en.yaml) [i18n]`,
		`layouts/_default/single.html:2:20: error: the string "bye" is not in layouts/i18n/cy.yaml (add bye: with its words to layouts/i18n/cy.yaml) [i18n]`,
		`layouts/i18n/en.yaml:2:1: error: the string "bye" is missing from layouts/i18n/cy.yaml (add bye: with the cy words to layouts/i18n/cy.yaml) [i18n]`,
	}, "\n")
	if got := diags.Error(); got != want {
		t.Errorf("Load =\n%s\nwant\n%s", got, want)
	}
}

// TestNoLiteralText fails when a layout under layouts/ holds words of its
// own, outside template actions: in text, or in an attribute a person
// hears or sees (aria-label, title, alt, placeholder). Every such word
// belongs in the string tables, so that each language has its own.
func TestNoLiteralText(t *testing.T) {
	root := os.DirFS("../..")
	n := 0
	err := fs.WalkDir(root, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		n++
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		for _, w := range literalText(string(b)) {
			t.Errorf("%s: literal %s: put it in layouts/i18n and write {{t \"key\"}}", p, w)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("found %d layouts under ../../layouts, want the site's", n)
	}
}

// TestLiteralTextFound checks that the scan sees planted words.
func TestLiteralTextFound(t *testing.T) {
	src := `<nav aria-label="{{t "x"}}"><a href="{{.URL}}" title="Go home">{{t "y"}}</a> Next
<img src="a.png" alt="A map"><noscript>Turn it on</noscript><script>var a = "b";</script>{{/* Not text */}}© – {{if .X}}{{end}}</nav>`
	got := strings.Join(literalText(src), "|")
	want := `title="Go home"|text "Next"|alt="A map"|text "Turn it on"`
	if got != want {
		t.Errorf("literalText = %s, want %s", got, want)
	}
}

var action = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// literalText returns the words of a layout outside its actions, in text
// and in the attributes people hear or see.
func literalText(src string) []string {
	heard := map[string]bool{"aria-label": true, "title": true, "alt": true, "placeholder": true, "aria-description": true, "aria-roledescription": true}
	src = action.ReplaceAllString(src, "\u2060")
	// The tokenizer reads noscript as raw text; its words count.
	src = strings.NewReplacer("<noscript>", "<div>", "</noscript>", "</div>").Replace(src)
	letters := func(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }
	var found []string
	z := html.NewTokenizer(strings.NewReader(src))
	raw := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return found
		case html.TextToken:
			if txt := strings.TrimSpace(string(z.Text())); !raw && letters(txt) {
				found = append(found, fmt.Sprintf("text %q", txt))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			raw = string(name) == "script" || string(name) == "style"
			for {
				k, v, more := z.TagAttr()
				if heard[string(k)] && letters(string(v)) {
					found = append(found, fmt.Sprintf("%s=%q", k, v))
				}
				if !more {
					break
				}
			}
		case html.EndTagToken:
			raw = false
		}
	}
}
