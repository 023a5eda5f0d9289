package search_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/gensite"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/search"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// resolveFS loads and resolves the site in fsys.
func resolveFS(t *testing.T, fsys fstest.MapFS) *resolve.Index {
	t.Helper()
	return sitetest.Resolve(t, fsys)
}

func small(t *testing.T) *resolve.Index {
	t.Helper()
	return sitetest.Resolve(t, sitetest.FS(t, "testdata/site.txtar"))
}

// portal resolves the sample portal at the root of the repository.
func portal(t *testing.T) *resolve.Index {
	t.Helper()
	root := filepath.Join("..", "..")
	fsys := fstest.MapFS{}
	for _, dir := range []string{"content"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fsys["site.yaml"] = &fstest.MapFile{Data: data}
	return resolveFS(t, fsys)
}

// pagesWith returns the paths of the pages a term's postings hold, with
// the field each holds it in.
func pagesWith(idx *search.Index, term string) map[string]int {
	ids, fields := search.Postings(idx.Terms[term])
	out := map[string]int{}
	for i, id := range ids {
		out[idx.Pages[id].Path] = fields[i]
	}
	return out
}

// TestIndex checks that the index finds a page by a word in its body and
// by a word of its title, folds plurals, and leaves out what readers do
// not see.
func TestIndex(t *testing.T) {
	idx := search.Build(small(t))
	for _, c := range []struct {
		term  string
		want  map[string]int
		label string
	}{
		{"pharmacy", map[string]int{"guides/repeat/": search.InBody}, "a word of the body"},
		{"hospital", map[string]int{"pathways/analyst/": search.InBody}, "a word of the body"},
		{"spreadsheet", map[string]int{"pathways/analyst/": search.InBody}, "a word of a pathway's steps"},
		{"townsville", map[string]int{"pathfinders/town/": search.InTitle}, "a word of the title (and the place)"},
		{"prescription", map[string]int{"guides/repeat/": search.InTitle, "topics/prescriptions/": search.InTitle}, "a plural folded"},
		{"older", map[string]int{"pathfinders/town/": search.InSummary, "audiences/older-people/": search.InTitle}, "a vocabulary label"},
	} {
		if got := pagesWith(idx, c.term); !mapsEqual(got, c.want) {
			t.Errorf("%s: pages with %q = %v, want %v", c.label, c.term, got, c.want)
		}
	}
	for _, term := range []string{"zzlinkonly", "https", "the", "a"} {
		if _, ok := idx.Terms[term]; ok {
			t.Errorf("the index holds %q", term)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"prescriptions": "prescription", "policies": "policy", "nhs": "nhs", "access": "access",
		"status": "status", "analysis": "analysis", "guides": "guide", "news": "new", "gp": "gp",
	} {
		if got := search.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGenerate checks the files: the index round-trips through JSON, and
// the search page points at it.
func TestGenerate(t *testing.T) {
	gen, files, diags := search.Generate(small(t))
	if len(diags) > 0 || len(gen) != 1 || len(files) != 1 {
		t.Fatalf("Generate = %d pages, %d files, %v", len(gen), len(files), diags)
	}
	if files[0].Path != site.SearchPath+search.IndexName || gen[0].Page.Path != site.SearchPath {
		t.Errorf("index at %s, page at %s", files[0].Path, gen[0].Page.Path)
	}
	var idx search.Index
	if err := json.Unmarshal(files[0].Data, &idx); err != nil {
		t.Fatalf("the index does not parse: %v", err)
	}
	if idx.Base != "/base/" || len(idx.Pages) == 0 || idx.Pages[0].Title == "" {
		t.Errorf("index = base %q, %d pages", idx.Base, len(idx.Pages))
	}
	if d := gen[0].Data.(*search.Data); d.IndexURL != "/base/search/index.json" || d.AZ.URL != "/base/a-z/" {
		t.Errorf("search page data = %+v", d)
	}
}

// TestPortalSize keeps the sample portal's index under 100 KB.
func TestPortalSize(t *testing.T) {
	_, files, _ := search.Generate(portal(t))
	n := len(files[0].Data)
	t.Logf("the sample portal's index is %d bytes", n)
	if n > 100*1024 {
		t.Errorf("the sample portal's index is %d bytes, over 100 KB", n)
	}
}

// needNode returns the path of node, skipping the test where it is
// absent, except in CI, where it must be present.
func needNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not installed, and CI is set: install Node.js to test static/js/search.js")
		}
		t.Skip("skipping: node is not installed, so static/js/search.js cannot be run (install Node.js to run this test)")
	}
	return node
}

// script runs search.js's lookup on an index for each query, and its
// terms on each text.
const script = `
const fs = require('fs');
const [js, indexFile, inFile] = process.argv.slice(-3);
const s = require(js);
const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
const input = JSON.parse(fs.readFileSync(inFile, 'utf8'));
process.stdout.write(JSON.stringify({
  results: input.queries.map(q => s.lookup(index, q).map(r => r.url)),
  terms: input.texts.map(t => s.terms(t, new Set(index.stop))),
}));
`

// TestScript runs static/js/search.js in node on the sample portal's real
// index: it finds a page by a word of its body and by its title, and
// cuts text into the same terms as the Go index builder.
func TestScript(t *testing.T) {
	node := needNode(t)
	_, files, _ := search.Generate(portal(t))
	dir := t.TempDir()
	indexFile := filepath.Join(dir, "index.json")
	if err := os.WriteFile(indexFile, files[0].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	queries := []struct {
		q, want string
		first   bool // want must be the first result, not just one of them
	}{
		{"bleeding", "/wayfinder/guides/nhs-111-online/", false}, // only in that guide's body
		{"AnalystX", "/wayfinder/pathways/health-data-analyst/", true},
		{"Topol", "/wayfinder/routes/topol-fellowship/", true}, // its title
		{"NHS App", "/wayfinder/guides/nhs-app/", true},
		{"repeat prescriptions", "/wayfinder/guides/repeat-prescriptions/", true},
		{"prescri", "/wayfinder/guides/repeat-prescriptions/", false}, // a word begun
		{"clinical safety officer", "/wayfinder/pathways/clinical-safety-officer/", true},
		{"Leeds", "/wayfinder/pathfinders/leeds/", true},
	}
	texts := []string{
		"The NHS App's repeat prescriptions: policies, analysis & status — café 111",
		"Ünïcode Straße, 2026-11-22, a b c, x2",
	}
	in := map[string]any{"texts": texts}
	var qs []string
	for _, q := range queries {
		qs = append(qs, q.q)
	}
	in["queries"] = qs
	inData, _ := json.Marshal(in)
	inFile := filepath.Join(dir, "in.json")
	if err := os.WriteFile(inFile, inData, 0o644); err != nil {
		t.Fatal(err)
	}
	js, err := filepath.Abs(filepath.Join("..", "..", "static", "js", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), node, "-e", script, "--", js, indexFile, inFile)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got struct {
		Results [][]string
		Terms   [][]string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, q := range queries {
		res := got.Results[i]
		switch {
		case q.first && (len(res) == 0 || res[0] != q.want):
			t.Errorf("lookup(%q) = %v, want %s first", q.q, head(res), q.want)
		case !slices.Contains(res, q.want):
			t.Errorf("lookup(%q) = %v, want it to hold %s", q.q, head(res), q.want)
		}
	}
	stop := map[string]bool{}
	var idx search.Index
	if err := json.Unmarshal(files[0].Data, &idx); err != nil {
		t.Fatal(err)
	}
	for _, w := range idx.Stop {
		stop[w] = true
	}
	for i, text := range texts {
		var want []string
		for _, w := range search.Terms(text, stop) {
			if !slices.Contains(want, w) {
				want = append(want, w)
			}
		}
		if !slices.Equal(got.Terms[i], want) {
			t.Errorf("search.js terms(%q) = %q, want Go's %q", text, got.Terms[i], want)
		}
	}
}

func head(s []string) []string {
	if len(s) > 5 {
		return s[:5]
	}
	return s
}

// TestGrowth measures the index of generated sites of growing size, as
// gensite writes them: pages of 600 to 1,500 words. Run with -v to see
// the figures; the test fails if the index grows faster than 1 KB a page.
func TestGrowth(t *testing.T) {
	sizes := []int{100, 1000}
	if !testing.Short() && os.Getenv("WAYFINDER_GROWTH_10K") != "" {
		sizes = append(sizes, 10000)
	}
	for _, n := range sizes {
		dir := t.TempDir()
		if err := gensite.Write(dir, n, 1); err != nil {
			t.Fatal(err)
		}
		fsys := os.DirFS(dir)
		cfg, diags := config.Load(fsys)
		loaded, d := content.Load(t.Context(), fsys, cfg, content.Options{})
		diags.Append(d)
		x, d := resolve.Resolve(cfg, loaded.Pages, nil, loaded.Skipped)
		diags.Append(d)
		if diags.Errors() > 0 {
			t.Fatalf("the generated site has errors:\n%v", diags)
		}
		_, files, _ := search.Generate(x)
		data := files[0].Data
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		w.Write(data)
		w.Close()
		var idx search.Index
		if err := json.Unmarshal(data, &idx); err != nil {
			t.Fatal(err)
		}
		postings := 0
		for _, p := range idx.Terms {
			postings += len(p)
		}
		t.Logf("%5d content pages (%d in the index): %8d bytes, %6d a page; gzipped %7d bytes, %5d a page; %d terms, %d postings",
			n, len(idx.Pages), len(data), len(data)/len(idx.Pages), z.Len(), z.Len()/len(idx.Pages), len(idx.Terms), postings)
		if len(data) > 1024*len(idx.Pages) {
			t.Errorf("%d pages: the index is %d bytes, over 1 KB a page", n, len(data))
		}
	}
}
