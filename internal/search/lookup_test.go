package search_test

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/search"
)

// rankingTable is queries and the page each must find first on the
// sample portal.
var rankingTable = []struct{ q, first string }{
	{"prescripton", "guides/repeat-prescriptions/"},
	{"perscription", "guides/repeat-prescriptions/"},
	{"helping mum online", "guides/helping-someone-else/"},
	{"nhs app", "guides/nhs-app/"},
	{"NHS App", "guides/nhs-app/"},
	{"repeat prescriptions", "guides/repeat-prescriptions/"},
	{"repeat prescribing", "guides/repeat-prescriptions/"},
	{"ordering repeat tablets", "guides/repeat-prescriptions/"},
	{"Topol", "routes/topol-fellowship/"},
	{"clinical safety officer", "pathways/clinical-safety-officer/"},
	{"Leeds", "pathfinders/leeds/"},
	{"book a doctor appointment", "guides/gp-appointments-online/"},
	{"health data analysts", "pathways/health-data-analyst/"},
	{"informatics pharmacists", "pathways/informatics-pharmacist/"},
	{"stay safe on the internet", "guides/staying-safe-online/"},
}

func portalIndex(t *testing.T) *search.Index {
	t.Helper()
	return search.Build(portal(t))
}

func paths(x *search.Index, r search.Result, n int) []string {
	var out []string
	for _, h := range r.Hits[:min(n, len(r.Hits))] {
		out = append(out, x.Pages[h.ID].Path)
	}
	return out
}

// TestRanking checks the first result of each query of rankingTable.
func TestRanking(t *testing.T) {
	x := portalIndex(t)
	for _, c := range rankingTable {
		got := paths(x, search.Lookup(x, c.q, false), 3)
		if len(got) == 0 || got[0] != c.first {
			t.Errorf("%q: first results %v, want %s first", c.q, got, c.first)
		}
	}
}

type tableQuery struct{ q, want string }

// readQueries reads testdata/queries.txt.
func readQueries(t *testing.T) []tableQuery {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "queries.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []tableQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		q, want, ok := strings.Cut(line, "\t|\t")
		if !ok {
			t.Fatalf("queries.txt: %q is not QUERY<tab>|<tab>PATH", line)
		}
		out = append(out, tableQuery{q, want})
	}
	if len(out) != 20 {
		t.Fatalf("queries.txt holds %d queries, want the 20 of issue 15", len(out))
	}
	return out
}

// TestQueries runs the twenty real queries of testdata/queries.txt: each
// must find its page in the top three. -v prints the table.
func TestQueries(t *testing.T) {
	x := portalIndex(t)
	for _, q := range readQueries(t) {
		r := search.Lookup(x, q.q, false)
		top := paths(x, r, 3)
		t.Logf("| %s | %s | %d | %s |", q.q, q.want, len(r.Hits), strings.Join(top, ", "))
		if !slices.Contains(top, q.want) {
			t.Errorf("%q: top three %v, want %s among them", q.q, top, q.want)
		}
	}
}

// TestQueriesHold holds the twenty queries' answers against the kind of
// edit that once moved one out of its top three: a word of the query
// added to the body of one other page (a guide's new step said "Your
// health", and the register of health informatics professionals fell
// to fourth), or a few new pages that have none of its words. Each
// query's page must stay in its top three after any one such edit.
func TestQueriesHold(t *testing.T) {
	x := portalIndex(t)
	for _, q := range readQueries(t) {
		want := slices.IndexFunc(x.Pages, func(p search.Page) bool { return p.Path == q.want })
		if want < 0 {
			t.Fatalf("%q: no page %s", q.q, q.want)
		}
		check := func(y *search.Index, edit string) {
			if top := paths(y, search.Lookup(y, q.q, false), 3); !slices.Contains(top, q.want) {
				t.Errorf("%q, %s: top three %v, want %s among them", q.q, edit, top, q.want)
			}
		}
		for _, w := range search.Lookup(x, q.q, false).Words {
			for _, term := range w.Terms {
				pages, _ := search.Postings(x.Terms[term])
				for id := range x.Pages {
					if id == want || slices.Contains(pages, id) {
						continue
					}
					check(withBodyTerm(x, term, id), fmt.Sprintf("with %q in the body of %s", term, x.Pages[id].Path))
				}
			}
		}
		for n := 1; n <= 8; n++ {
			y := *x
			y.Pages = append(slices.Clip(x.Pages), make([]search.Page, n)...)
			check(&y, fmt.Sprintf("with %d new pages", n))
		}
	}
}

// withBodyTerm returns a copy of x in which page id has term in its body.
func withBodyTerm(x *search.Index, term string, id int) *search.Index {
	y := *x
	y.Terms = maps.Clone(x.Terms)
	pages, fields := search.Postings(x.Terms[term])
	at, _ := slices.BinarySearch(pages, id)
	pages = slices.Insert(pages, at, id)
	fields = slices.Insert(fields, at, search.InBody)
	enc := make([]int, len(pages))
	prev := 0
	for i, p := range pages {
		enc[i] = (p-prev)<<2 | fields[i]
		prev = p
	}
	y.Terms[term] = enc
	return &y
}

// TestCorrect checks corrections: the nearest term, one edit for a short
// word and two for a longer, the more common of two as near, none for a
// word asked for as typed, and the query written again with the word.
func TestCorrect(t *testing.T) {
	x := &search.Index{
		Pages: make([]search.Page, 9),
		Terms: map[string][]int{
			"prescript": {7, 4, 4, 4}, "descript": {7}, "tablet": {5}, "cat": {4}, "car": {4, 4}, "help": {7},
		},
		Forms:  map[string][]string{"prescript": {"prescriptions", "prescription"}, "tablet": {"tablets"}},
		Groups: []search.Group{{First: 0, Weight: 1}},
	}
	for _, c := range []struct{ in, want string }{
		{"prescripton", "prescript"}, // two deletions
		{"perscript", "prescript"},   // a swap is one edit
		{"prescriptxyz", ""},         // three edits
		{"cax", "car"},               // car and cat are one edit away: car is on more pages
		{"cxx", ""},                  // two edits, in a short word
		{"tablt", "tablet"},          // one insertion
		{"gp", ""},                   // too short to correct
		{"descripton", "descript"},   // nearer than prescript
		{"xprescriptionx", ""},       // too far from any length
	} {
		if got := search.Correct(x, c.in); got != c.want {
			t.Errorf("Correct(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	r := search.Lookup(x, "Prescripton help", false)
	if r.Corrected != "prescription help" || len(r.Hits) == 0 || r.Words[0].Corrected != "prescription" {
		t.Errorf("Lookup(Prescripton help) corrected to %q, words %+v", r.Corrected, r.Words)
	}
	r = search.Lookup(x, "Prescripton", true)
	if r.Corrected != "" || len(r.Hits) != 0 || r.Words[0].Found {
		t.Errorf("Lookup(Prescripton) as typed = %+v", r)
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b    string
		k, want int
	}{
		{"kitten", "sitting", 3, 3}, {"kitten", "sitting", 2, 3}, {"ab", "ba", 2, 1}, {"", "abc", 3, 3},
		{"abc", "abc", 0, 0}, {"café", "cafe", 1, 1}, {"ca", "abc", 3, 3},
	} {
		if got := search.Distance([]rune(c.a), []rune(c.b), c.k); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.k, got, c.want)
		}
	}
}

// TestSynonyms checks that a query finds a page by a synonym, a phrase
// of several words by all of them, that the word itself outranks its
// synonym, and the partial matches: pages with most words first, and
// the words no page has named.
func TestSynonyms(t *testing.T) {
	x := &search.Index{
		Pages:    make([]search.Page, 4),
		Groups:   []search.Group{{First: 0, Weight: 1}},
		Synonyms: [][][]string{{{"mum"}, {"parent"}, {"someon", "els"}}},
		Terms: map[string][]int{
			"parent": {0<<2 | search.InTitle},                      // page 0
			"someon": {1<<2 | search.InBody, 1<<2 | search.InBody}, // pages 1, 2
			"els":    {2<<2 | search.InBody},                       // page 2
			"mum":    {3<<2 | search.InBody},                       // page 3
			"help":   {0<<2 | search.InBody, 3<<2 | search.InBody}, // pages 0, 3
		},
	}
	r := search.Lookup(x, "mum", false)
	var ids []int
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	// Page 0 has the synonym "parent" in its title (16), page 3 "mum" in
	// its body (1 × 2), page 2 "someone else" in its body (1); page 1 has
	// "someone" only. (Each times (4 + its rarity)².)
	if !slices.Equal(ids, []int{0, 3, 2}) {
		t.Errorf("mum: pages %v, want [0 3 2]", ids)
	}
	r = search.Lookup(x, "someone else", false)
	ids = nil
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	// Page 2 has both words in its body, "someone" at rarity 4 (2 × 64);
	// page 1 only one; pages 0 and 3 synonyms, page 0 "parent" in its
	// title, "mum" in page 3's body at rarity 8 (1 × 144).
	if len(r.Words) != 1 || r.Words[0].Text != "someone else" || !slices.Equal(ids, []int{0, 3, 2}) {
		t.Errorf("someone else: words %+v, hits %+v", r.Words, r.Hits)
	}
	r = search.Lookup(x, "help mum zzz", true)
	if len(r.Hits) == 0 || r.Hits[0].Matched != 2 || r.Words[2].Found || !r.Words[0].Found {
		t.Errorf("help mum zzz: hits %+v, words %+v", r.Hits, r.Words)
	}
}

// TestCheck reports the synonyms search could not use, where they are.
func TestCheck(t *testing.T) {
	cfg, diags := config.Parse([]byte("search:\n  synonyms:\n    - [tablets, medicine]\n    - [the and, tablet]\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got := search.Check(&resolve.Index{Config: cfg}).Error()
	for _, want := range []string{
		`site.yaml:4:8: error: the synonym "the and" has no word that search looks at`,
		`site.yaml:4:17: error: the synonym "tablet" is searched as "tablet", as "tablets" at line 3 already is`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Check = %q, want it to contain %q", got, want)
		}
	}
	if d := search.Check(portal(t)); len(d) > 0 {
		t.Errorf("the portal's synonyms: %v", d)
	}
}

// TestRarity checks rarity in quarters of a doubling: one page more
// moves it a quarter step, not a whole doubling.
func TestRarity(t *testing.T) {
	for _, c := range []struct{ pages, n, want int }{
		{126, 126, 0}, {0, 126, 0}, {106, 126, 0}, {105, 126, 1},
		{63, 126, 4}, {64, 126, 3}, {32, 126, 7}, {1, 8, 12}, {1, 1 << 20, 80},
	} {
		if got := search.Rarity(c.pages, c.n); got != c.want {
			t.Errorf("Rarity(%d, %d) = %d, want %d", c.pages, c.n, got, c.want)
		}
	}
}
