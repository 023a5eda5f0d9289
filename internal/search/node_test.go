package search_test

import (
	"bufio"
	"cmp"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/wayfinder-health/wayfinder/internal/search"
)

// runNode runs script in node with static/js/search.js as require('s'),
// giving it in as JSON on standard input and decoding what it prints.
func runNode(t *testing.T, script string, in, out any) {
	t.Helper()
	node := needNode(t)
	js, err := filepath.Abs(filepath.Join("..", "..", "static", "js", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), node, "-e", "const s = require(process.argv[1]);\n"+script, js)
	cmd.Stdin = strings.NewReader(string(data))
	cmd.Stderr = os.Stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	if err := json.Unmarshal(got, out); err != nil {
		t.Fatalf("node printed %.300q: %v", got, err)
	}
}

// readInput is the start of a node script that reads its input.
const readInput = `const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
`

// portalWords returns the distinct words of the sample portal's content
// and site.yaml, as search cuts them.
func portalWords(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	add := func(text string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			seen[w] = true
		}
	}
	root := filepath.Join("..", "..")
	data, _ := os.ReadFile(filepath.Join(root, "site.yaml"))
	add(string(data))
	filepath.WalkDir(filepath.Join(root, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			add(string(data))
		}
		return nil
	})
	return slices.Sorted(func(yield func(string) bool) {
		for w := range seen {
			if !yield(w) {
				return
			}
		}
	})
}

// TestStemAgrees runs search.js's stem beside search.Stem (the Snowball
// library) on a long list of English words and on every word of the
// portal: they must agree on every one.
func TestStemAgrees(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := sc.Text(); w != "" && w[0] != '#' {
			words = append(words, w)
		}
	}
	listed := len(words)
	words = append(words, portalWords(t)...)
	var got []string
	runNode(t, readInput+`process.stdout.write(JSON.stringify(input.map(s.stem)));`, words, &got)
	if len(got) != len(words) {
		t.Fatalf("node stemmed %d words of %d", len(got), len(words))
	}
	bad := 0
	for i, w := range words {
		if want := search.Stem(w); got[i] != want {
			if bad++; bad <= 20 {
				t.Errorf("stem(%q): search.js %q, Go %q", w, got[i], want)
			}
		}
	}
	t.Logf("%d words (%d listed, %d of the portal): %d disagree", len(words), listed, len(words)-listed, bad)
}

// agree is one query's answer, as both sides give it.
type agree struct {
	Hits      [][4]int // id, matched, strong, score
	Words     []agreeWord
	Corrected string
	Loaded    []string `json:",omitempty"` // files the script fetched, manifest aside
}

type agreeWord struct {
	Text, Corrected string
	Terms           []string
	Found           bool
}

func fromResult(r search.Result) agree {
	a := agree{Corrected: r.Corrected, Hits: [][4]int{}, Words: []agreeWord{}}
	for _, h := range r.Hits {
		a.Hits = append(a.Hits, [4]int{h.ID, h.Matched, h.Strong, h.Score})
	}
	for _, w := range r.Words {
		a.Words = append(a.Words, agreeWord{Text: w.Text, Corrected: w.Corrected, Terms: w.Terms, Found: w.Found})
	}
	return a
}

// scriptSearch runs each query through search.js's search on the index
// files, fetching them from a map as the browser would, each query with
// an empty store so that what it fetched is what a first query fetches.
const scriptSearch = readInput + `
(async () => {
  const out = [];
  for (const q of input.queries) {
    const st = s.newStore(JSON.parse(input.files[input.manifest]));
    const loaded = [];
    const load = async (name) => {
      const path = input.manifest.replace(/[^/]*$/, '') + name + '.json';
      if (!(path in input.files)) throw new Error('no file ' + path);
      loaded.push(path);
      st.files[name] = JSON.parse(input.files[path]);
    };
    const r = await s.search(st, q.q, q.typed, load);
    const top = r.hits.slice(0, 20).map(h => h.id);
    await s.details(st, top, load);
    out.push({
      Hits: r.hits.map(h => [h.id, h.matched, h.strong, h.score]),
      Words: r.words.map(w => ({Text: w.text, Corrected: w.corrected, Terms: w.terms, Found: w.found})),
      Corrected: r.corrected, Loaded: loaded.sort(),
    });
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`

type query struct {
	Q     string `json:"q"`
	Typed bool   `json:"typed"`
}

// compareScript runs queries on both sides and fails where they differ.
// It returns the script's answers.
func compareScript(t *testing.T, files map[string][]byte, manifest string, queries []query) []agree {
	t.Helper()
	_, x, err := search.Read(files, manifest)
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	for p, d := range files {
		text[p] = string(d)
	}
	var got []agree
	runNode(t, scriptSearch, map[string]any{"files": text, "manifest": manifest, "queries": queries}, &got)
	for i, q := range queries {
		want := fromResult(search.Lookup(x, q.Q, q.Typed))
		g := got[i]
		g.Loaded = nil
		if !reflect.DeepEqual(g, want) {
			t.Errorf("%q: the script and Go differ:\n script %+v\n Go     %+v", q.Q, head(g), head(want))
		}
	}
	return got
}

func head(a agree) agree {
	if len(a.Hits) > 5 {
		a.Hits = a.Hits[:5]
	}
	return a
}

// TestScriptAgrees runs the queries of the query table and the ranking
// table, and more, through search.js and search.Lookup on the portal's
// index: the two must give the same pages in the same order with the
// same scores, the same corrections and the same words not found.
func TestScriptAgrees(t *testing.T) {
	files, manifest, _ := generate(t, portal(t))
	var queries []query
	for _, q := range readQueries(t) {
		queries = append(queries, query{Q: q.q})
	}
	for _, c := range rankingTable {
		queries = append(queries, query{Q: c.q})
	}
	for _, q := range []string{"", "the and of", "prescripton", "NHS   App!", "someone else", "Ünïcode café 111", "x",
		"prescri", "gp surgery doctor", "zzqqxx", "analysts analysing analysis", "__proto__ constructor"} {
		queries = append(queries, query{Q: q}, query{Q: q, Typed: true})
	}
	compareScript(t, files, manifest, queries)
}

// TestTransfer measures what a first one-word query fetches on generated
// sites (manifest, shards, word lists and the chunks of the first twenty
// results, each gzipped as a server would send it) for the words on most
// pages, which have the largest shards, and holds it to 100 KB. It runs
// the script's own fetching in node, so the files counted are those a
// browser would fetch. WAYFINDER_GROWTH_10K=1 adds 10,000 pages.
func TestTransfer(t *testing.T) {
	for _, n := range growthSizes() {
		files, manifest, _ := generate(t, generated(t, n))
		_, x, err := search.Read(files, manifest)
		if err != nil {
			t.Fatal(err)
		}
		// The ten words on most pages, one that is on few, and a
		// misspelling, which fetches word lists too.
		terms := slices.SortedFunc(func(yield func(string) bool) {
			for t := range x.Terms {
				if !yield(t) {
					return
				}
			}
		}, func(a, b string) int { return cmp.Or(len(x.Terms[b])-len(x.Terms[a]), strings.Compare(a, b)) })
		var queries []query
		for _, term := range terms[:10] {
			queries = append(queries, query{Q: x.Word(term, term)})
		}
		rare := terms[len(terms)-1]
		queries = append(queries, query{Q: x.Word(rare, rare)}, query{Q: x.Word(terms[0], terms[0]) + "xq"})
		got := compareScript(t, files, manifest, queries)
		mz := gzipped(files[manifest])
		worst := 0
		for i, a := range got {
			z := mz
			for _, p := range a.Loaded {
				z += gzipped(files[p])
			}
			worst = max(worst, z)
			t.Logf("%5d pages: %-16q %4d results: %2d files fetched, %6d bytes gzipped with the manifest (%d)", n, queries[i].Q, len(a.Hits), len(a.Loaded)+1, z, mz)
			if z > 100<<10 {
				t.Errorf("%d pages: the query %q fetches %d bytes gzipped, over 100 KB", n, queries[i].Q, z)
			}
		}
		t.Logf("%5d pages: the most a first one-word query fetches is %d bytes gzipped", n, worst)
	}
}
