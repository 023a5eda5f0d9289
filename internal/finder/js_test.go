package finder_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/finder"
	"github.com/wayfinder-health/wayfinder/internal/publish"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// needNode returns the path of node, skipping the test where it is
// absent, except in CI, where it must be present.
func needNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not installed, and CI is set: install Node.js to test static/js/finder.js")
		}
		t.Skip("skipping: node is not installed, so static/js/finder.js cannot be run (install Node.js to run this test)")
	}
	return node
}

// result is one combination's result in a form both Go and the script
// can give: the items by slug, and related pages by slug.
type result struct {
	Path    string        `json:"path"`
	Closest bool          `json:"closest"`
	Notes   []string      `json:"notes"`
	Matches []resultMatch `json:"matches"`
	Towards []toward      `json:"towards"`
	// Changes holds, for each question asked, where its Change page's
	// answers lead.
	Changes [][]string `json:"changes"`
}

// toward is a page to work towards, and the answers it matches.
type toward struct {
	Slug    string   `json:"slug"`
	Reasons []string `json:"reasons"`
}

type resultMatch struct {
	Slug    string      `json:"slug"`
	Score   int         `json:"score"`
	Matched []bool      `json:"matched"`
	Related []string    `json:"related"`
	History [][2]string `json:"history"`
	// Why holds, for each related page, the labels of the answers it
	// matches.
	Why       [][]string `json:"why"`
	Requires  bool       `json:"requires"`
	FirstStep bool       `json:"firstStep"`
	// Instead holds what the page says to use instead, after the answer
	// it is for.
	Instead []string `json:"instead"`
}

// script runs finder.js in node on a finder's JSON and prints the result
// of every combination of answers, the last question's answer changing
// fastest, as Go's enumeration does.
const script = `
const fs = require('fs');
const f = require(process.argv[2]);
const d = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const out = [];
const n = d.questions.length;
// Every list of answers a person can give, as Go's enumeration walks
// them: the script's own fill leaves out the questions not asked.
const walk = answers => {
  answers = f.fill(d, answers);
  if (answers.length < n) {
    d.questions[answers.length].answers.forEach((_, ai) => walk(answers.concat([ai])));
    return;
  }
  const o = f.outcome(d, answers.slice());
  const state = f.parse(d, f.pathOf(d, answers));
  if (!state || state.step !== 'result' || state.answers.join() !== answers.join()) throw new Error('parse(pathOf(' + answers + ')) = ' + JSON.stringify(state));
  const label = qi => d.questions[qi].answers[answers[qi]].label;
  out.push({
    path: f.pathOf(d, answers), closest: o.closest, notes: o.notes,
    matches: o.matches.map(m => ({slug: d.items[m.item].slug, score: m.score, matched: m.matched, related: m.related, history: m.history,
      why: m.why.map(qis => qis.map(label)),
      requires: !!d.items[m.item].requires, firstStep: o.newcomer && !!d.items[m.item].firstStep,
      instead: m.instead.map(x => label(x.qi) + ': ' + x.e.use)})),
    towards: o.towards.map(t => ({slug: d.items[t.item].slug,
      reasons: t.matched.flatMap((ok, qi) => ok ? [label(qi)] : [])})),
    changes: answers.flatMap((a, qi) => a < 0 ? [] : [d.questions[qi].answers.map((_, ai) => f.pathOf(d, f.changed(d, answers, qi, ai)))]),
  });
};
walk([]);
process.stdout.write(JSON.stringify(out));
`

func goResults(cs []finder.Combination) []result {
	var out []result
	for _, c := range cs {
		r := result{Path: c.Path, Closest: c.Outcome.Closest, Notes: c.Outcome.Notes}
		for _, m := range c.Outcome.Matches {
			rm := resultMatch{Slug: m.Page.Slug, Score: m.Score, Matched: m.Matched, Related: []string{}, History: [][2]string{},
				Why: [][]string{}, Requires: m.Requires != nil, FirstStep: m.FirstStep != nil, Instead: []string{}}
			for _, in := range m.Instead {
				rm.Instead = append(rm.Instead, in.Place+": "+in.Use)
			}
			for _, p := range m.Related {
				rm.Related = append(rm.Related, p.Page.Slug)
				rm.Why = append(rm.Why, labels(p.Why))
			}
			for _, h := range m.History {
				s := ""
				if h.Successor != nil {
					s = h.Successor.Slug
				}
				rm.History = append(rm.History, [2]string{h.Page.Slug, s})
			}
			r.Matches = append(r.Matches, rm)
		}
		if r.Notes == nil {
			r.Notes = []string{}
		}
		r.Changes = c.Changes
		r.Towards = []toward{}
		for _, tw := range c.Outcome.Towards {
			r.Towards = append(r.Towards, toward{Slug: tw.Page.Slug, Reasons: labels(tw.Reasons)})
		}
		out = append(out, r)
	}
	return out
}

// labels returns the answers of reasons, as the script gives them.
func labels(rs []finder.Reason) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Label)
	}
	return out
}

// TestScriptRanksAsGo runs static/js/finder.js on the JSON of every
// finder of the sample portal and of the small test site, and checks
// that it recommends exactly what the generated pages do, for every
// combination of answers.
func TestScriptRanksAsGo(t *testing.T) {
	node := needNode(t)
	js, err := filepath.Abs(filepath.Join(root, "static/js/finder.js"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	prog := filepath.Join(dir, "run.js")
	if err := os.WriteFile(prog, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	sites := map[string]fstest.MapFS{
		"sample portal": nil,
		"small site":    siteFS(t, "testdata/small.txtar", nil),
	}
	for name, fsys := range sites {
		var c sitetest.Collect
		var res *build.Result
		if fsys == nil {
			res = build.Run(t.Context(), os.DirFS(root), build.Options{}, c.Sink)
		} else {
			res = build.Run(t.Context(), fsys, build.Options{}, c.Sink)
		}
		if n := res.Diags.Errors(); n > 0 {
			t.Fatalf("building the %s: %d errors:\n%v", name, n, res.Diags)
		}
		// Every language's finders: the Welsh one has its own JSON.
		combos := finder.Combinations(res.Index)
		for _, lx := range res.Index.Langs() {
			maps.Copy(combos, finder.Combinations(lx))
		}
		if len(combos) == 0 {
			t.Fatalf("the %s has no finders", name)
		}
		for jsonURL, cs := range combos {
			rel := strings.TrimPrefix(jsonURL, res.Config.BasePath)
			data, ok := c.Files[rel]
			if !ok {
				t.Fatalf("%s: the build wrote no %s", name, rel)
			}
			file := filepath.Join(dir, "finder.json")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd := exec.CommandContext(t.Context(), node, prog, js, file)
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s %s: node: %v\n%s", name, rel, err, stderr.String())
			}
			var got []result
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%s %s: reading the script's output: %v", name, rel, err)
			}
			want := goResults(cs)
			if len(got) != len(want) {
				t.Fatalf("%s %s: the script gave %d results, Go %d", name, rel, len(got), len(want))
			}
			for i := range want {
				g, _ := json.Marshal(got[i])
				w, _ := json.Marshal(want[i])
				if !bytes.Equal(g, w) {
					t.Errorf("%s: the script recommends\n%s\nbut the generated page recommends\n%s", want[i].Path, g, w)
				}
			}
			t.Logf("%s %s: %d combinations agree", name, rel, len(want))
		}
	}
}

// TestScriptSize checks that the script stays under 12 KB minified. (It
// was 10 KB until results said why each route fits, showed a newcomer's
// first step and the pathways that need a registration first. Its words
// now come from the page, which made room for leaving out questions that
// would not change the advice and for what to use instead.)
func TestScriptSize(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, "static/js/finder.js"))
	if err != nil {
		t.Fatal(err)
	}
	min, err := publish.Minifier().Bytes("application/javascript", src)
	if err != nil {
		t.Fatalf("minifying finder.js: %v", err)
	}
	const limit = 12 * 1024
	if len(min) >= limit {
		t.Errorf("static/js/finder.js is %d bytes minified, want under %d", len(min), limit)
	}
	t.Logf("static/js/finder.js: %d bytes, %d minified", len(src), len(min))
}

// TestScriptBuildsNoHTML holds finder.js to building its markup with DOM
// calls (createElement, text nodes, setAttribute): no HTML is parsed from
// strings, so no text from the finder's JSON can become markup.
func TestScriptBuildsNoHTML(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, "static/js/finder.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sink := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment", "DOMParser", "srcdoc"} {
		if bytes.Contains(src, []byte(sink)) {
			t.Errorf("static/js/finder.js uses %s: build markup with document.createElement and text nodes", sink)
		}
	}
	if !bytes.Contains(src, []byte("document.createElement(")) || !bytes.Contains(src, []byte("document.createTextNode(")) {
		t.Errorf("static/js/finder.js does not build its markup with createElement and createTextNode")
	}
}
