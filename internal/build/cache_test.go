package build

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/publish"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// cacheSite is the small test site without its hostile link, so that it
// builds without errors and its cache is saved.
func cacheSite(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := sitetest.FS(t, "testdata/small.txtar")
	f := fsys["content/pathways/analyst.md"]
	f.Data = bytes.Replace(f.Data, []byte("[bad link](javascript:alert(1)) and "), nil, 1)
	return fsys
}

// rendered returns the output paths a cached build rendered rather than
// took from its cache, among those it keeps.
func renderedPaths(c *Cache) []string {
	var out []string
	for p, e := range c.next {
		if c.old[p] != e {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// TestCacheReuse edits one page's body and expects a cached build to
// render that page and the search page only, taking every other page from
// the cache, and to publish what a build without one publishes.
func TestCacheReuse(t *testing.T) {
	fsys := repoSite(t)
	dir := t.TempDir()
	cachedRun(t, fsys, testOpts, dir)
	p := "content/routes/fedip.md"
	fsys[p] = &fstest.MapFile{Data: append(slices.Clone(fsys[p].Data), "\nOne more paragraph, zanzibarish.\n"...)}
	got, gotDiags, c := cachedRun(t, fsys, testOpts, dir)
	want, wantDiags := runFiles(t.Context(), fsys, testOpts)
	compareFiles(t, "body", "a cached Run", want, wantDiags, got, gotDiags)
	if r, want := renderedPaths(c), []string{"routes/fedip/index.html", site.SearchPath + "index.html"}; !slices.Equal(r, want) {
		t.Errorf("the cached build rendered %v, want %v", r, want)
	}
	if c.Hits() < 600 {
		t.Errorf("the cached build took %d pages from the cache, want the portal's other pages", c.Hits())
	}
}

// TestCacheMinified builds with the minifier, as build does, and expects
// a cached build after an edit to publish what a build without a cache
// publishes, byte for byte.
func TestCacheMinified(t *testing.T) {
	m := publish.Minifier()
	opts := testOpts
	opts.Minify = func(name string, data []byte) ([]byte, error) { return publish.Minify(m, publish.TypeOf(name), data) }
	published := func(files map[string]site.File) map[string]site.File {
		out := map[string]site.File{}
		for p, f := range files {
			if !f.Minified {
				typ := f.Type
				if typ == "" {
					typ = publish.TypeOf(f.Path)
				}
				data, err := publish.Minify(m, typ, f.Data)
				if err != nil {
					t.Fatal(err)
				}
				f.Data = data
			}
			out[p] = f
		}
		return out
	}
	fsys := cacheSite(t)
	dir := t.TempDir()
	cachedRun(t, fsys, opts, dir)
	p := "content/guides/online.md"
	fsys[p] = &fstest.MapFile{Data: append(slices.Clone(fsys[p].Data), "\nPress it again.\n"...)}
	got, gotDiags, c := cachedRun(t, fsys, opts, dir)
	want, wantDiags := runFiles(t.Context(), fsys, opts)
	compareFiles(t, "minified", "a cached Run", published(want), wantDiags, published(got), gotDiags)
	if c.Hits() == 0 {
		t.Error("nothing was taken from the cache")
	}
}

// TestCacheIgnored damages a cache, or builds with it for something else,
// and expects a warning naming the cache and why, a build that takes
// nothing from it and publishes what a build without one publishes, and
// a cache written afresh that the next build uses without a warning.
func TestCacheIgnored(t *testing.T) {
	index := func(dir string) string { return filepath.Join(dir, cacheIndex) }
	blobs := func(t *testing.T, dir string) []string {
		names, err := filepath.Glob(filepath.Join(dir, cacheBlobs, "*", "*"))
		if err != nil || len(names) == 0 {
			t.Fatalf("no blobs in the cache: %v", err)
		}
		slices.Sort(names)
		return names
	}
	edit := func(t *testing.T, name string, fn func([]byte) []byte) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, fn(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		// first changes the build that makes the cache; damage changes
		// the cache after it.
		first  func(fsys fstest.MapFS, opts *Options, tool *string)
		damage func(t *testing.T, dir string)
		want   string
		some   bool // only the damaged part is ignored: other pages come from the cache
	}{
		{name: "flipped byte", want: "its index is damaged or truncated", damage: func(t *testing.T, dir string) {
			edit(t, index(dir), func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b })
		}},
		{name: "truncated", want: "its index is damaged or truncated", damage: func(t *testing.T, dir string) {
			edit(t, index(dir), func(b []byte) []byte { return b[:len(b)*2/3] })
		}},
		{name: "cut short", want: "its index is truncated", damage: func(t *testing.T, dir string) {
			edit(t, index(dir), func(b []byte) []byte { return b[:len(cacheMagic)+5] })
		}},
		{name: "empty", want: "its index is not a Wayfinder cache index", damage: func(t *testing.T, dir string) {
			edit(t, index(dir), func(b []byte) []byte { return nil })
		}},
		{name: "not a cache", want: "its index is not a Wayfinder cache index", damage: func(t *testing.T, dir string) {
			edit(t, index(dir), func(b []byte) []byte { return []byte("{\"pages\": []}\n") })
		}},
		{name: "unreadable", want: "cannot read index: is a directory", damage: func(t *testing.T, dir string) {
			if err := os.Remove(index(dir)); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(index(dir), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "another version", want: "it was made by another version of Wayfinder (older; this is test)",
			first: func(_ fstest.MapFS, _ *Options, tool *string) { *tool = "older" }},
		{name: "another site", want: `it was made for another site ("Another site"; this is "Small site")`,
			first: func(fsys fstest.MapFS, _ *Options, _ *string) {
				f := fsys["site.yaml"]
				f.Data = bytes.Replace(f.Data, []byte("title: Small site"), []byte("title: Another site"), 1)
			}},
		{name: "drafts", want: "it was made with -drafts on, and this build has it off",
			first: func(_ fstest.MapFS, opts *Options, _ *string) { opts.Drafts = true }},
		{name: "minify", want: "it was made with -minify on, and this build has it off",
			first: func(_ fstest.MapFS, opts *Options, _ *string) {
				opts.Minify = func(_ string, data []byte) ([]byte, error) { return data, nil }
			}},
		{name: "base URL", want: "it was made for the address https://example.org/other/, and this build is for",
			first: func(_ fstest.MapFS, opts *Options, _ *string) { opts.BaseURL = "https://example.org/other/" }},
		{name: "damaged page", want: "is damaged", some: true, damage: func(t *testing.T, dir string) {
			edit(t, blobs(t, dir)[0], func(b []byte) []byte { b[0] ^= 0x40; return b })
		}},
		{name: "missing page", want: "cannot read the copy of /", some: true, damage: func(t *testing.T, dir string) {
			if err := os.Remove(blobs(t, dir)[0]); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := cacheSite(t)
			dir := t.TempDir()
			opts, tool := testOpts, "test"
			first := fstest.MapFS{}
			for p, f := range fsys {
				first[p] = &fstest.MapFile{Data: slices.Clone(f.Data), Mode: f.Mode}
			}
			if tc.first != nil {
				tc.first(first, &opts, &tool)
			}
			c := OpenCache(dir, tool)
			opts.Cache = c
			if _, diags := runFiles(t.Context(), first, opts); diags.Errors() > 0 {
				t.Fatalf("the first build failed:\n%v", diags)
			}
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			if tc.damage != nil {
				tc.damage(t, dir)
			}

			c = OpenCache(dir, "test")
			opts = testOpts
			opts.Cache = c
			got, gotDiags := runFiles(t.Context(), fsys, opts)
			want, wantDiags := runFiles(t.Context(), fsys, testOpts)
			compareFiles(t, tc.name, "a build with the cache", want, wantDiags, got, gotDiags)
			warnings := strings.Join(c.Warnings(), "\n")
			if !strings.Contains(warnings, "the cache in "+dir+": ") || !strings.Contains(warnings, tc.want) {
				t.Errorf("warnings:\n%s\nwant one naming %s and saying %q", warnings, dir, tc.want)
			}
			if tc.some != (c.Hits() > 0) {
				t.Errorf("the build took %d pages from the cache", c.Hits())
			}
			if tc.name == "unreadable" {
				c.Close()
				return // the index stays a folder, which cannot be replaced
			}
			if err := c.Save(); err != nil {
				t.Fatal(err)
			}
			_, _, c = cachedRun(t, fsys, testOpts, dir)
			if c.Hits() == 0 {
				t.Error("the cache written afresh was not used by the next build")
			}
		})
	}
}

// TestCacheLeftovers checks that what a build killed while writing the
// cache leaves (its temporary files) is removed and never read, that a
// failed build does not save its cache, and that a second build at the
// same time builds without it.
func TestCacheLeftovers(t *testing.T) {
	fsys := cacheSite(t)
	dir := t.TempDir()
	_, _, c := cachedRun(t, fsys, testOpts, dir)
	if c.Hits() != 0 {
		t.Fatalf("a first build took %d pages from an empty cache", c.Hits())
	}
	saved, err := os.ReadFile(filepath.Join(dir, cacheIndex))
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := filepath.Glob(filepath.Join(dir, cacheBlobs, "*"))
	leftovers := []string{filepath.Join(dir, tmpPrefix+"123"), filepath.Join(sub[0], tmpPrefix+"456")}
	// A build marks the cache unsaved before it writes a blob.
	if err := os.WriteFile(filepath.Join(dir, cacheUnsaved), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range leftovers {
		if err := os.WriteFile(l, saved[:len(saved)/2], 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Another build holds the cache: this one builds without it.
	holder := OpenCache(dir, "test")
	holder.open(cacheHeader{}, [32]byte{}, false)
	c = OpenCache(dir, "test")
	opts := testOpts
	opts.Cache = c
	runFiles(t.Context(), fsys, opts)
	if w := c.Warnings(); len(w) != 1 || !strings.Contains(w[0], "another build is using it") {
		t.Errorf("warnings = %q, want one saying another build is using the cache", w)
	}
	holder.lock.Close()

	// A failed build leaves the cache as it was.
	broken := maps.Clone(fsys)
	broken["content/guides/online.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [unclosed\n---\n")}
	_, diags, _ := cachedRun(t, broken, testOpts, dir)
	if diags.Errors() == 0 {
		t.Fatal("the broken site built without errors")
	}
	if now, _ := os.ReadFile(filepath.Join(dir, cacheIndex)); !bytes.Equal(now, saved) {
		t.Error("a failed build changed the cache's index")
	}
	for _, l := range leftovers {
		if _, err := os.Stat(l); err == nil {
			t.Errorf("%s, left by an interrupted build, is still there", l)
		}
	}
	if _, _, c := cachedRun(t, fsys, testOpts, dir); c.Hits() == 0 {
		t.Error("the cache was not used after the failed build")
	}
}

// fill sets every field of the struct v points to, and of the structs in
// it, to a value other than its zero, so that a field the cache's codec
// forgets fails the round trip below.
func fill(t *testing.T, v reflect.Value, seed int) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), seed+i+1)
			}
		}
	case reflect.String:
		v.SetString(fmt.Sprintf("%s-%d-ü", v.Type().Name(), seed))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(-seed * 1000003))
	case reflect.Uint8:
		v.SetUint(uint64(seed % 250))
	case reflect.Float64:
		v.SetFloat(float64(seed) / 3)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Array:
		for i := range v.Len() {
			fill(t, v.Index(i), seed+i)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 3, 3))
		for i := range 3 {
			fill(t, v.Index(i), seed*7+i)
		}
	default:
		t.Fatalf("the cache's codec test cannot fill a %s: teach fill and the codec about it", v.Type())
	}
}

// TestCacheCodec holds the index's codec to a round trip of an entry with
// every field set, and expects every cut or damaged encoding to be
// refused without a panic.
func TestCacheCodec(t *testing.T) {
	var e cacheEntry
	fill(t, reflect.ValueOf(&e).Elem(), 1)
	e.raw = encodeEntry(&e)
	e.state = entryFull
	h := cacheHeader{Format: cacheFormat, Tool: "test", Site: "Site", BaseURL: "https://example.org/", Drafts: true, Minify: true, Now: "2026-12-07"}
	data := encodeCache(&cacheFile{Header: h, Entries: map[string]*cacheEntry{"a/index.html": &e, "index.html": {raw: encodeEntry(&cacheEntry{})}}})
	f, why := decodeCache(data)
	if why != "" {
		t.Fatalf("decodeCache: %s", why)
	}
	if f.Header != h {
		t.Errorf("header = %+v, want %+v", f.Header, h)
	}
	got := f.Entries["a/index.html"]
	if got == nil || !got.deps() || !got.full() {
		t.Fatalf("the entry did not decode: %+v", got)
	}
	got.raw, got.rest, e.raw = "", nil, ""
	if !reflect.DeepEqual(*got, e) {
		t.Errorf("decoded entry\n%+v\nwant\n%+v", *got, e)
	}
	if z := f.Entries["index.html"]; z == nil || !z.deps() || !z.full() || z.Size != 0 || z.Words != nil {
		t.Errorf("the empty entry decoded as %+v", z)
	}

	// Every cut of an entry is refused, and so is every byte changed,
	// or it decodes to something: never a panic.
	raw := encodeEntry(&e)
	for i := range len(raw) {
		c := &cacheEntry{raw: raw[:i]}
		if c.deps() && c.full() {
			t.Errorf("the entry cut to %d of %d bytes decoded", i, len(raw))
		}
		b := []byte(raw)
		b[i] ^= 0xff
		c = &cacheEntry{raw: string(b)}
		_ = c.deps() && c.full()
	}
}

// TestSourceCodec holds the codec of what content files load to to a
// round trip of every file of the portal: a field it could not write
// exactly (a map, an interface, an unexported field) would make the page
// unkept, and this test fail.
func TestSourceCodec(t *testing.T) {
	fsys := repoSite(t)
	cfg, diags, fatal := config.Read(fsys)
	if fatal {
		t.Fatalf("site.yaml: %v", diags)
	}
	files, _, _ := content.Walk(fsys)
	kinds := map[site.Kind]bool{}
	for _, f := range files {
		page, invalid, diags := content.LoadFileLazy(fsys, cfg, f)
		want := &loaded{Page: page, Invalid: invalid, Diags: diags}
		raw, ok := encodeLoaded(want)
		if !ok {
			err := encodeValue(&enc{}, reflect.ValueOf(want).Elem())
			t.Errorf("%s: the cache cannot keep what it loads to: %v", f, err)
			continue
		}
		got, ok := decodeLoaded(raw)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decodeLoaded(encodeLoaded(x)) = %+v, %v, want %+v", f, got.Page, ok, want.Page)
		}
		if page != nil {
			kinds[page.Kind] = true
		}
		for i := range len(raw) {
			if _, ok := decodeLoaded(raw[:i]); ok {
				t.Fatalf("%s: its encoding cut to %d of %d bytes decoded", f, i, len(raw))
			}
		}
	}
	if len(kinds) < 6 {
		t.Errorf("the portal's files loaded to pages of %d kinds, want every kind", len(kinds))
	}
}

// TestCacheSources edits one page and expects a cached build to load
// only that file afresh, the others from the cache, and every file afresh
// after an edit to site.yaml, publishing what a cold build does each time.
func TestCacheSources(t *testing.T) {
	fsys := cacheSite(t)
	dir := t.TempDir()
	_, _, c := cachedRun(t, fsys, testOpts, dir)
	files := len(c.nextSrcs)
	if c.srcHits != 0 || files == 0 {
		t.Fatalf("a first build loaded %d of %d files from the cache", c.srcHits, files)
	}
	p := "content/guides/online.md"
	fsys[p] = &fstest.MapFile{Data: append(slices.Clone(fsys[p].Data), "\nPress it once more.\n"...)}
	got, gotDiags, c := cachedRun(t, fsys, testOpts, dir)
	want, wantDiags := runFiles(t.Context(), fsys, testOpts)
	compareFiles(t, "body", "a cached Run", want, wantDiags, got, gotDiags)
	if c.srcHits != files-1 || len(c.nextSrcs) != files {
		t.Errorf("after an edit to one file, the cached build loaded %d of %d files from the cache, want %d", c.srcHits, len(c.nextSrcs), files-1)
	}
	y := fsys["site.yaml"]
	y.Data = append(slices.Clone(y.Data), "\n# a comment\n"...)
	got, gotDiags, c = cachedRun(t, fsys, testOpts, dir)
	want, wantDiags = runFiles(t.Context(), fsys, testOpts)
	compareFiles(t, "site.yaml", "a cached Run", want, wantDiags, got, gotDiags)
	if c.srcHits != 0 {
		t.Errorf("after an edit to site.yaml, the cached build loaded %d files from the cache, want none", c.srcHits)
	}
}

// TestCacheBlobsRemoved expects the blob of a page rendered again to be
// removed once the cache is saved, and so a blob that a build stopped
// before saving left, which no index names: the cache holds the blobs
// its index names and no others.
func TestCacheBlobsRemoved(t *testing.T) {
	fsys := cacheSite(t)
	dir := t.TempDir()
	blobs := func() []string {
		names, err := filepath.Glob(filepath.Join(dir, cacheBlobs, "*", "*"))
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(names)
		return names
	}
	named := func(c *Cache) []string {
		var names []string
		for _, e := range c.next {
			if p := c.blobPath(e.Blob); !slices.Contains(names, p) {
				names = append(names, p)
			}
		}
		slices.Sort(names)
		return names
	}
	_, _, c := cachedRun(t, fsys, testOpts, dir)
	if got, want := blobs(), named(c); !slices.Equal(got, want) {
		t.Fatalf("after a first build the cache holds %d blobs, want the %d its index names", len(got), len(want))
	}
	p := "content/guides/online.md"
	fsys[p] = &fstest.MapFile{Data: append(slices.Clone(fsys[p].Data), "\nPress it again.\n"...)}
	_, _, c = cachedRun(t, fsys, testOpts, dir)
	if got, want := blobs(), named(c); !slices.Equal(got, want) {
		t.Errorf("after an edit the cache holds blobs\n%q\nwant the ones its index names\n%q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, cacheUnsaved)); err == nil {
		t.Error("the saved cache is still marked unsaved")
	}

	// A build that wrote a blob and was stopped before saving.
	stray := filepath.Join(dir, cacheBlobs, "00", strings.Repeat("0", 64))
	if err := os.MkdirAll(filepath.Dir(stray), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{stray, filepath.Join(dir, cacheUnsaved)} {
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, _, c = cachedRun(t, fsys, testOpts, dir)
	if got, want := blobs(), named(c); !slices.Equal(got, want) {
		t.Errorf("after a build stopped before saving, the next saved cache holds blobs\n%q\nwant the ones its index names\n%q", got, want)
	}
}

// TestCacheTransient builds with a cache for a sink that is done with a
// file's bytes when it returns (Options.Transient, as publishing is),
// whose pages taken from the cache are read into the memory of the page
// before, and expects what a cold build publishes.
func TestCacheTransient(t *testing.T) {
	fsys := cacheSite(t)
	dir := t.TempDir()
	cachedRun(t, fsys, testOpts, dir)
	p := "content/guides/online.md"
	fsys[p] = &fstest.MapFile{Data: append(slices.Clone(fsys[p].Data), "\nPress it again.\n"...)}
	c := OpenCache(dir, "test")
	opts := testOpts
	opts.Cache, opts.Transient = c, true
	var mu sync.Mutex
	got := map[string]site.File{}
	res := Run(t.Context(), fsys, opts, func(f site.File) error {
		mu.Lock()
		defer mu.Unlock()
		f.Data = bytes.Clone(f.Data)
		got[f.Path] = f
		return nil
	})
	c.Close()
	want, wantDiags := runFiles(t.Context(), fsys, testOpts)
	compareFiles(t, "body", "a transient cached Run", want, wantDiags, got, res.Diags)
	if c.Hits() < 10 {
		t.Errorf("the transient build took %d pages from the cache", c.Hits())
	}
}
