package search_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/search"
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
// by a word of its title, stems words, and leaves out what readers do not
// see.
func TestIndex(t *testing.T) {
	idx := search.Build(small(t))
	for _, c := range []struct {
		word  string
		want  map[string]int
		label string
	}{
		{"pharmacy", map[string]int{"guides/repeat/": search.InBody}, "a word of the body"},
		{"hospital", map[string]int{"pathways/analyst/": search.InBody}, "a word of the body"},
		{"spreadsheets", map[string]int{"pathways/analyst/": search.InBody}, "a word of a pathway's steps"},
		{"townsville", map[string]int{"pathfinders/town/": search.InTitle}, "a word of the title (and the place)"},
		{"prescription", map[string]int{"guides/repeat/": search.InTitle, "topics/prescriptions/": search.InTitle}, "a plural stemmed"},
		{"queries", map[string]int{"pathways/analyst/": search.InBody}, "a verb stemmed as its noun"},
		{"older", map[string]int{"pathfinders/town/": search.InLabel, "audiences/older-people/": search.InTitle}, "a vocabulary label"},
	} {
		if got := pagesWith(idx, search.Stem(c.word)); !mapsEqual(got, c.want) {
			t.Errorf("%s: pages with %q (%q) = %v, want %v", c.label, c.word, search.Stem(c.word), got, c.want)
		}
	}
	for _, term := range []string{"zzlinkonli", "zzlinkonly", "https", "the", "a"} {
		if _, ok := idx.Terms[term]; ok {
			t.Errorf("the index holds %q", term)
		}
	}
	if got := idx.Word("prescript", "prescriptons"); got != "prescriptions" {
		t.Errorf("the word readers see for prescript is %q", got)
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

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"prescriptions": "prescript", "prescription": "prescript", "policies": "polici", "nhs": "nhs",
		"helping": "help", "online": "onlin", "gp": "gp", "111": "111", "café": "café", "covid19": "covid19",
	} {
		if got := search.Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

// generate builds the index files of a resolved site, by path.
func generate(t *testing.T, x *resolve.Index) (files map[string][]byte, manifest string, data *search.Data) {
	t.Helper()
	return generateLang(t, x, "")
}

// generateLang is generate for the index of one language ("" for the
// default): its search page and the files under its search folder.
func generateLang(t *testing.T, x *resolve.Index, lang string) (files map[string][]byte, manifest string, data *search.Data) {
	t.Helper()
	gen, fs, diags := search.Generate(x)
	if len(diags) > 0 || len(gen) != 1+len(x.Langs()) {
		t.Fatalf("Generate = %d pages, %d files, %v", len(gen), len(fs), diags)
	}
	dir := search.Path(x.Config, lang)
	for _, g := range gen {
		if g.Page.Lang == lang {
			data = g.Data.(*search.Data)
			if g.Page.Path != dir {
				t.Errorf("the search page of %q is at %s, want %s", lang, g.Page.Path, dir)
			}
		}
	}
	if data == nil {
		t.Fatalf("no search page in %q", lang)
	}
	files = map[string][]byte{}
	for _, f := range fs {
		if !f.Minified {
			t.Errorf("%s is not marked as published as it is, so publishing could change it under its hash", f.Path)
		}
		if strings.HasPrefix(f.Path, dir) {
			files[f.Path] = f.Data
		}
	}
	manifest = strings.TrimPrefix(data.ManifestURL, x.Config.BasePath)
	if _, ok := files[manifest]; !ok {
		t.Fatalf("the search page names %s, which is not among the files", data.ManifestURL)
	}
	return files, manifest, data
}

// TestGenerate checks the files: each is named by its hash, the search
// page names the manifest with its integrity, and the files put together
// again are the index.
func TestGenerate(t *testing.T) {
	x := small(t)
	files, manifest, d := generate(t, x)
	for p, data := range files {
		sum := sha256.Sum256(data)
		if !strings.Contains(p, "."+hex.EncodeToString(sum[:5])+".") {
			t.Errorf("%s is not named by its hash", p)
		}
	}
	if d.ManifestIntegrity != search.Integrity(files[manifest]) || !strings.HasPrefix(d.ManifestIntegrity, "sha384-") {
		t.Errorf("the manifest's integrity is %q", d.ManifestIntegrity)
	}
	if d.AZ.URL != "/base/a-z/" || !strings.HasPrefix(d.ManifestURL, "/base/search/index.") {
		t.Errorf("search page data = %+v", d)
	}
	m, got, err := search.Read(files, manifest)
	if err != nil {
		t.Fatal(err)
	}
	want := search.Build(x)
	if !reflect.DeepEqual(got.Terms, want.Terms) || !reflect.DeepEqual(got.Pages, want.Pages) ||
		!reflect.DeepEqual(got.Forms, want.Forms) || !reflect.DeepEqual(got.Groups, want.Groups) {
		t.Errorf("the files put together are not the index")
	}
	if m.Base != "/base/" || m.Pages != len(want.Pages) {
		t.Errorf("manifest base %q, %d pages", m.Base, m.Pages)
	}
}

// TestShards cuts a site's index into shards small enough that it needs
// several, and checks each term is in the shard the manifest's order
// names for it.
func TestShards(t *testing.T) {
	files, manifest, _ := generate(t, portal(t))
	m, x, err := search.Read(files, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Shards) < 2 {
		t.Fatalf("the portal's index is %d shard(s); the test wants several", len(m.Shards))
	}
	for i, s := range m.Shards {
		if i > 0 && !search.Less(m.Shards[i-1][0], s[0]) {
			t.Errorf("shard %d's first term %q is not after %q", i, s[0], m.Shards[i-1][0])
		}
	}
	for term := range x.Terms {
		i := 0
		for i+1 < len(m.Shards) && !search.Less(term, m.Shards[i+1][0]) {
			i++
		}
		var shard map[string]json.RawMessage
		json.Unmarshal(files[search.FilePath("t", m.Shards[i][1])], &shard)
		if _, ok := shard[term]; !ok {
			t.Errorf("%q is not in shard %d (%q), where the manifest's order puts it", term, i, m.Shards[i][0])
		}
	}
}

// TestManifestGolden keeps the manifest of the small site in a golden
// file: run go test -update to write it again.
func TestManifestGolden(t *testing.T) {
	files, manifest, _ := generate(t, small(t))
	var out bytes.Buffer
	if err := json.Indent(&out, files[manifest], "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	golden := filepath.Join("testdata", "manifest.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("the manifest differs from %s (run go test -update if the change is meant):\n%s", golden, out.Bytes())
	}
}

var update = flag.Bool("update", false, "write the golden files again")

// gzipped returns the size of data compressed as a web server would.
func gzipped(data []byte) int {
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return z.Len()
}

// TestPortalSize keeps the sample portal's whole index, every file of
// it, under 30 KB gzipped.
func TestPortalSize(t *testing.T) {
	files, _, _ := generate(t, portal(t))
	raw, z := 0, 0
	for _, data := range files {
		raw += len(data)
		z += gzipped(data)
	}
	t.Logf("the sample portal's index is %d files, %d bytes, %d gzipped", len(files), raw, z)
	if z > 30*1024 {
		t.Errorf("the sample portal's index is %d bytes gzipped, over 30 KB", z)
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

// TestGrowth measures the index of generated sites of growing size, as
// gensite writes them: pages of 600 to 1,500 words. Run with -v to see
// the figures. It fails if a file of the index is over twice the shard
// size, or the manifest over 16 KB gzipped. WAYFINDER_GROWTH_10K=1 adds
// 10,000 pages. TestTransfer measures what a query fetches.
func TestGrowth(t *testing.T) {
	for _, n := range growthSizes() {
		files, manifest, _ := generate(t, generated(t, n))
		raw, z, biggest := 0, 0, 0
		for _, data := range files {
			raw += len(data)
			z += gzipped(data)
			biggest = max(biggest, len(data))
		}
		m, _, err := search.Read(files, manifest)
		if err != nil {
			t.Fatal(err)
		}
		mz := gzipped(files[manifest])
		t.Logf("%5d content pages (%d in the index): %d files, %d bytes, %d gzipped; manifest %d bytes, %d gzipped; %d shards, %d chunks, %d word lists; largest file %d bytes",
			n, m.Pages, len(files), raw, z, len(files[manifest]), mz, len(m.Shards), len(m.Chunks), len(m.Words), biggest)
		if mz > 16<<10 {
			t.Errorf("%d pages: the manifest is %d bytes gzipped, over 16 KB", n, mz)
		}
		if biggest > 2*search.ShardSize {
			t.Errorf("%d pages: a file of the index is %d bytes, over twice the shard size", n, biggest)
		}
	}
}

func growthSizes() []int {
	sizes := []int{100, 1000}
	if !testing.Short() && os.Getenv("WAYFINDER_GROWTH_10K") != "" {
		sizes = append(sizes, 10000)
	}
	return sizes
}

// generated resolves a site of n pages as gensite writes it.
func generated(t *testing.T, n int) *resolve.Index {
	t.Helper()
	dir := t.TempDir()
	if err := gensite.Write(dir, n, 1); err != nil {
		t.Fatal(err)
	}
	return sitetest.Resolve(t, os.DirFS(dir))
}
