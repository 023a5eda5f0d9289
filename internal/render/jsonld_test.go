package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// TestValidIn checks where a route's JSON-LD says it can be taken: the
// United Kingdom only when its nations are every nation in site.yaml's
// vocabulary, in any order, and otherwise each nation by its label.
func TestValidIn(t *testing.T) {
	cfg := &site.Config{Vocab: map[string]*site.Vocabulary{"nations": {Name: "nations", Terms: []site.Term{
		{Value: "england", Label: "England"}, {Value: "wales", Label: "Wales"},
		{Value: "scotland", Label: "Scotland"}, {Value: "northern-ireland", Label: "Northern Ireland"},
	}}}}
	for _, tc := range []struct {
		nations []string
		want    string
	}{
		{nil, `null`},
		{[]string{"england"}, `{"@type":"AdministrativeArea","name":"England"}`},
		{[]string{"england", "wales"}, `[{"@type":"AdministrativeArea","name":"England"},{"@type":"AdministrativeArea","name":"Wales"}]`},
		{[]string{"wales", "northern-ireland", "england", "scotland"}, `{"@type":"Country","name":"United Kingdom"}`},
		// Four values that are not the four nations are not the UK.
		{[]string{"england", "wales", "scotland", "scotland"}, `[{"@type":"AdministrativeArea","name":"England"},{"@type":"AdministrativeArea","name":"Wales"},{"@type":"AdministrativeArea","name":"Scotland"},{"@type":"AdministrativeArea","name":"Scotland"}]`},
	} {
		got := appendJSON(nil, validIn(cfg, tc.nations))
		if string(got) != tc.want {
			t.Errorf("validIn(%q) = %s, want %s", tc.nations, got, tc.want)
		}
	}
	// A site without a nations vocabulary still gets each nation's value.
	got := appendJSON(nil, validIn(&site.Config{}, []string{"england"}))
	if want := `{"@type":"AdministrativeArea","name":"england"}`; string(got) != want {
		t.Errorf("without a vocabulary: %s, want %s", got, want)
	}
}

// asMaps returns v as the maps and slices encoding/json would be handed
// for the same graph.
func asMaps(v any) any {
	switch v := v.(type) {
	case *obj:
		m := map[string]any{}
		for _, e := range v.m {
			m[e.k] = asMaps(e.v)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = asMaps(e)
		}
		return out
	}
	return v
}

// jsonStrings are strings that encoding/json escapes in every way it has.
func jsonStrings() []string {
	s := []string{"", "plain", `quote " and \ backslash`, "</script><!--", "a & b > c < d",
		"line\u2028para\u2029end", "bad \xff\xfe utf-8 \xe2\x80", "naïve café – 🩺", "tab\tnew\nret\rbs\bff\f", "\x00\x1f\x7f"}
	for c := range 256 {
		s = append(s, "<"+string(rune(c))+">", "["+string([]byte{byte(c)})+"]")
	}
	return s
}

// TestJSONLDEncoding holds the JSON-LD encoder to json.Marshal of the same
// graph as maps, byte for byte: members written sorted by name, every
// escape of encoding/json's HTML-safe strings, numbers, lists and nesting.
func TestJSONLDEncoding(t *testing.T) {
	strs := jsonStrings()
	var list []any
	for i, s := range strs {
		list = append(list, node("@type", "Thing", "name", s, "position", i+1, s, "key"))
	}
	g := node("@context", "https://schema.org", "@graph", list,
		"zeta", []string{"b", "a"}, "alpha", node("@id", "x#y"), "empty", []any{}, "none", []string(nil),
		"neg", -7, "last", node())
	g.set("alpha", node("@id", "replaced"))
	want, err := json.Marshal(asMaps(g))
	if err != nil {
		t.Fatal(err)
	}
	if got := appendJSON(nil, g); string(got) != string(want) {
		t.Errorf("encoded\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(string(want), `"alpha":{"@id":"replaced"}`) {
		t.Errorf("set did not replace a member: %s", want)
	}
}

func FuzzJSONLDString(f *testing.F) {
	for _, s := range jsonStrings() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(map[string]any{s: s})
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSON(nil, node(s, s)); string(got) != string(want) {
			t.Errorf("%q: encoded %s, want %s", s, got, want)
		}
	})
}
