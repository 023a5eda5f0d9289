package render

import (
	"encoding/json"
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
		got, err := json.Marshal(validIn(cfg, tc.nations))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("validIn(%q) = %s, want %s", tc.nations, got, tc.want)
		}
	}
	// A site without a nations vocabulary still gets each nation's value.
	got, _ := json.Marshal(validIn(&site.Config{}, []string{"england"}))
	if want := `{"@type":"AdministrativeArea","name":"england"}`; string(got) != want {
		t.Errorf("without a vocabulary: %s, want %s", got, want)
	}
}
