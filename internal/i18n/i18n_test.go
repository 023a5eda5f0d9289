package i18n

import (
	"html/template"
	"strings"
	"testing"
)

func TestParseStrict(t *testing.T) {
	src := "ok: Fine\nlist: [a, b]\ncount:\n  one: \"{n} page\"\n  few: \"{n} pages\"\nbad: Hello {Name}\nempty:\nnoother:\n  one: x\nok: again\n"
	_, diags := Parse("i18n/en.yaml", src)
	diags.Sort()
	want := strings.Join([]string{
		`layouts/i18n/en.yaml:2:7: error: the string "list" is not text (write key: text, or key: with one: and other: forms under it) [i18n]`,
		`layouts/i18n/en.yaml:3:1: error: the string "count" has no "other" form (every counting string needs other, for the numbers no other form covers) [i18n]`,
		`layouts/i18n/en.yaml:5:3: error: "few" is not a plural form of en (the forms of en are one, other) [i18n]`,
		`layouts/i18n/en.yaml:6:1: error: the string "bad" has an argument "{Name}" that is not a name (arguments are lowercase names in braces, as {n} or {title}) [i18n]`,
		`layouts/i18n/en.yaml:7:7: error: the string "empty" is not text (write key: text, or key: with one: and other: forms under it) [i18n]`,
		`layouts/i18n/en.yaml:8:1: error: the string "noother" has no "other" form (every counting string needs other, for the numbers no other form covers) [i18n]`,
		`layouts/i18n/en.yaml:10:1: error: the string "ok" is in layouts/i18n/en.yaml twice (keep one of them) [i18n]`,
	}, "\n")
	if got := diags.Error(); got != want {
		t.Errorf("Parse =\n%s\nwant\n%s", got, want)
	}
}

func TestWelshPlurals(t *testing.T) {
	tb, diags := Parse("i18n/cy.yaml", "ci:\n  zero: \"{n} cŵn\"\n  one: \"{n} ci\"\n  two: \"{n} gi\"\n  few: \"{n} chi\"\n  many: \"{n} chi\"\n  other: \"{n} ci\"\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for n, want := range map[int]string{0: "0 cŵn", 1: "1 ci", 2: "2 gi", 3: "3 chi", 4: "4 ci", 6: "6 chi", 7: "7 ci", 11: "11 ci"} {
		got, err := tb.Format("ci", "n", n)
		if err != nil || string(got) != want {
			t.Errorf("Format(ci, %d) = %q, %v, want %q", n, got, err, want)
		}
	}
	if _, err := tb.Format("ci"); err == nil || !strings.Contains(err.Error(), `needs "n"`) {
		t.Errorf("Format(ci) without n = %v, want an error", err)
	}
}

func TestFormatEscapes(t *testing.T) {
	tb, _ := Parse("i18n/en.yaml", "x: \"<b>{a}</b> & {b} {c} {d}\"\n")
	got, err := tb.Format("x", "a", "<i>", "b", template.HTML("<em>ok</em>"), "c", 7)
	want := "&lt;b&gt;&lt;i&gt;&lt;/b&gt; &amp; <em>ok</em> 7 {d}"
	if err != nil || string(got) != want {
		t.Errorf("Format = %q, %v, want %q", got, err, want)
	}
	if _, err := tb.Format("y"); err == nil || err.Error() != `the string "y" is not in layouts/i18n/en.yaml` {
		t.Errorf("Format(missing) = %v", err)
	}
	if _, err := tb.Format("x", "a"); err == nil {
		t.Errorf("Format with an odd argument list gave no error")
	}
}

func TestPlain(t *testing.T) {
	tb, _ := Parse("i18n/cy.yaml", "x: \"<b>{a}</b> & {b} {d}\"\nn:\n  one: \"{n} dudalen\"\n  other: \"{n} tudalen\"\n")
	got, err := tb.Plain("x", "a", "<i>", "b", 7)
	if want := "<b><i></b> & 7 {d}"; err != nil || got != want {
		t.Errorf("Plain = %q, %v, want %q (nothing escaped)", got, err, want)
	}
	if got, _ := tb.Plain("n", "n", 1); got != "1 dudalen" {
		t.Errorf("Plain(n, 1) = %q", got)
	}
	if _, err := tb.Plain("y"); err == nil {
		t.Errorf("Plain(missing) gave no error")
	}
}

func TestJSON(t *testing.T) {
	tb, _ := Parse("i18n/cy.yaml", "a: \"Chwilio {q}\"\nn:\n  one: \"{n} dudalen\"\n  other: \"{n} tudalen\"\n")
	got, err := tb.JSON("n", "a")
	if want := `{"a":"Chwilio {q}","n":{"one":"{n} dudalen","other":"{n} tudalen"}}`; err != nil || got != want {
		t.Errorf("JSON = %s, %v, want %s", got, err, want)
	}
	if _, err := tb.JSON("a", "gone"); err == nil || !strings.Contains(err.Error(), `"gone"`) {
		t.Errorf("JSON with a missing key = %v", err)
	}
}

// TestCategory holds the plural categories to CLDR's for English and
// Welsh, whose six forms a wrong table would mix up.
func TestCategory(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"}, {"en-GB", 1, "one"}, {"en", 21, "other"}, {"en", 101, "other"},
		{"cy", 0, "zero"}, {"cy", 1, "one"}, {"cy", 2, "two"}, {"cy", 3, "few"}, {"cy", 4, "other"}, {"cy", 5, "other"},
		{"cy", 6, "many"}, {"cy", 7, "other"}, {"cy", 10, "other"}, {"cy", 13, "other"}, {"cy", 16, "other"}, {"cy", 22, "other"}, {"cy", 103, "other"},
		{"xx-not-a-tag!", 1, "other"},
	} {
		if got := Category(tc.lang, tc.n); got != tc.want {
			t.Errorf("Category(%q, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	for lang, want := range map[string]string{
		"en": "one other", "en-GB": "one other", "cy": "zero one two few many other",
	} {
		if got := strings.Join(Categories(lang), " "); got != want {
			t.Errorf("Categories(%q) = %q, want %q", lang, got, want)
		}
	}
}
