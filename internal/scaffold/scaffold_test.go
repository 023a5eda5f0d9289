package scaffold_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"go.yaml.in/yaml/v3"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/scaffold"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

var update = flag.Bool("update", false, "update golden files")

func testConfig(t *testing.T, file string) (*site.Config, []byte) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := config.Parse(src)
	if diags.Errors() > 0 {
		t.Fatalf("%s: %v", file, diags)
	}
	return cfg, src
}

func newPage(t *testing.T, typ string, cfg *site.Config, title string) scaffold.File {
	t.Helper()
	s, err := scaffold.Lookup(typ)
	if err != nil {
		t.Fatal(err)
	}
	f, err := scaffold.New(s, cfg, title)
	if err != nil {
		t.Fatalf("New(%s, %q): %v", typ, title, err)
	}
	return f
}

// TestGolden compares a new page of each type partners and editors write
// with testdata/TYPE.md. Run go test -update to rewrite them.
func TestGolden(t *testing.T) {
	cfg, _ := testConfig(t, "testdata/site.yaml")
	for _, typ := range []string{"pathway", "route", "pathfinder", "guide"} {
		t.Run(typ, func(t *testing.T) {
			f := newPage(t, typ, cfg, "Leeds Memory Cafe")
			golden := filepath.Join("testdata", typ+".md")
			if *update {
				if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(f.Data, want) {
				t.Errorf("New(%s) differs from %s (-want +got):\n%s", typ, golden, diff.Diff("want", want, "got", f.Data))
			}
		})
	}
}

func TestPath(t *testing.T) {
	f := newPage(t, "pathfinders", nil, "  Leeds Memory Cafe ")
	if want := "content/pathfinders/leeds-memory-cafe.md"; f.Path != want {
		t.Errorf("Path = %q, want %q", f.Path, want)
	}
}

func TestLookup(t *testing.T) {
	for _, name := range []string{"pathfinder", "pathfinders", "Pathfinder", " guide "} {
		if _, err := scaffold.Lookup(name); err != nil {
			t.Errorf("Lookup(%q) = %v, want a schema", name, err)
		}
	}
	for _, tc := range []struct{ name, want string }{
		{"pathfindr", `unknown type "pathfindr" (did you mean "pathfinder"?); the types are pathway, route, pathfinder, guide`},
		{"routs", `unknown type "routes" (did you mean "route"?)`},
		{"guids", `(did you mean "guide"?)`},
		{"blog", `unknown type "blog"; the types are pathway, route, pathfinder, guide`},
	} {
		_, err := scaffold.Lookup(tc.name)
		if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(tc.want, `unknown type "routes" `)) {
			t.Errorf("Lookup(%q) = %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Leeds Memory Cafe", "leeds-memory-cafe"},
		{"Ysgol Llanrŵst: café & hub", "ysgol-llanrwst-cafe-hub"},
		{"St Mary’s Digital Drop-in", "st-marys-digital-drop-in"},
		{"Bradford 2025", "bradford-2025"},
	} {
		got, err := scaffold.Slug(tc.title)
		if err != nil || got != tc.want {
			t.Errorf("Slug(%q) = %q, %v, want %q", tc.title, got, err, tc.want)
		}
	}
	for _, title := range []string{"", "!!!", "   ", "——", "Two\nlines", "tab\there"} {
		if got, err := scaffold.Slug(title); err == nil {
			t.Errorf("Slug(%q) = %q, want an error", title, got)
		}
	}
	s, _ := scaffold.Lookup("pathfinder")
	if _, err := scaffold.New(s, nil, "???"); err == nil || !strings.Contains(err.Error(), "no letters or numbers") {
		t.Errorf(`New("???") = %v, want an error saying it has no letters or numbers`, err)
	}
}

// frontMatter decodes the front matter of a new page.
func frontMatter(t *testing.T, data []byte) *yaml.Node {
	t.Helper()
	fm, _, ok := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
	if !ok || !strings.HasPrefix(string(data), "---\n") {
		t.Fatalf("no front matter in:\n%s", data)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &doc); err != nil {
		t.Fatalf("front matter is not YAML: %v\n%s", err, fm)
	}
	return doc.Content[0]
}

// TestTitles checks that any title reads back as itself.
func TestTitles(t *testing.T) {
	for _, title := range []string{
		"Leeds Memory Cafe", "Leeds: a memory cafe", "True", "No", "2025", "1e3",
		`The "Digital Hub"`, "#1 in Leeds", "Café – Llanrŵst", "50% online", `back\slash`,
		"- dash first", "'quoted'", "a: b # c", "Null",
	} {
		f := newPage(t, "pathfinder", nil, title)
		fm := frontMatter(t, f.Data)
		if fm.Content[0].Value != "title" || fm.Content[1].Value != title || fm.Content[1].Tag != "!!str" {
			t.Errorf("title %q reads back as %q (%s)", title, fm.Content[1].Value, fm.Content[1].Tag)
		}
	}
}

// TestEveryField checks that a new page holds every field of its schema
// but translation_reviewed, which only translations have, once, in the order: fields to fill in, the section's optional fields,
// then the common optional fields.
func TestEveryField(t *testing.T) {
	cfg, _ := testConfig(t, "testdata/site.yaml")
	for _, s := range site.Schemas() {
		f := newPage(t, string(s.Kind), cfg, "A page")
		fm := frontMatter(t, f.Data)
		var got, want []string
		for i := 0; i < len(fm.Content); i += 2 {
			got = append(got, fm.Content[i].Value)
		}
		for _, fld := range s.AllFields() {
			if fld.Name != "translation_reviewed" { // for translations only
				want = append(want, fld.Name)
			}
		}
		slices.Sort(want)
		sorted := slices.Sorted(slices.Values(got))
		if !slices.Equal(sorted, want) {
			t.Errorf("new %s page has fields %v, want %v", s.Kind, got, want)
		}
	}
}

// TestComments checks the comments: every field's Doc, and the values of
// vocabulary and fixed-list fields, read from site.yaml.
func TestComments(t *testing.T) {
	cfg, _ := testConfig(t, "testdata/site.yaml")
	f := newPage(t, "pathfinder", cfg, "Leeds Memory Cafe")
	text := string(f.Data)
	for _, want := range []string{
		"# The town, city or area.\nplace: ",
		"# Optional: other organisations taking part.\npartners:\n",
		"Write one of these values:\n#   North East\n#   Yorkshire and the Humber\n#   Wales\nregion: ",
		"Write one or more of these values, one on each\n# line:\n#   carers (Carers)\n#   dementia (People living with dementia)\naudiences:\n",
		"# Where the project is now. Write one of: planned, active, completed.\nstatus: ",
		"outcomes:\n#  - measure: \"TODO: what was measured\"\n#    value: \"TODO: the result\"\n#    source: # optional: where the result was published\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("new pathfinder page does not contain %q:\n%s", want, text)
		}
	}
	// With no vocabularies, the comment says where to find them.
	f = newPage(t, "pathfinder", nil, "Leeds Memory Cafe")
	for _, want := range []string{
		"# The region, as listed in site.yaml. Use the values listed under regions in\n# site.yaml.\n",
		"region: \"TODO: one of the values listed under regions in site.yaml\"\n",
	} {
		if !strings.Contains(string(f.Data), want) {
			t.Errorf("new pathfinder page with no vocabularies does not contain %q:\n%s", want, f.Data)
		}
	}
}

var placeholderValue = regexp.MustCompile(`(?m)^[^#\n]*"TODO\b`)

// exampleLine matches a commented-out example line under a list or group
// of fields: # and an even number of spaces (the allowed values of a field
// are listed after # and three spaces).
var exampleLine = regexp.MustCompile(`^#((?:  )+)(\S)`)

var emptyKey = regexp.MustCompile(`^\w+:$`)

// uncomment deletes the # from the example lines under each empty field,
// as a partner filling in a list would.
func uncomment(data []byte) []byte {
	lines := strings.Split(string(data), "\n")
	in := false
	for i, l := range lines {
		switch {
		case emptyKey.MatchString(l):
			in = true
		case in && exampleLine.MatchString(l):
			lines[i] = exampleLine.ReplaceAllString(l, "$1$2")
		default:
			in = false
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// TestChecks loads a new page of every type, as check does, and expects
// exactly one diagnostic per placeholder, each saying so, at the
// placeholder. With the examples of its lists uncommented, as a partner
// would, the page still reads, with more placeholders to fill in.
func TestChecks(t *testing.T) {
	cfg, siteYAML := testConfig(t, "testdata/site.yaml")
	for _, s := range site.Schemas() {
		t.Run(string(s.Kind), func(t *testing.T) {
			f := newPage(t, string(s.Kind), cfg, "A page")
			checkPlaceholders(t, cfg, siteYAML, f.Path, f.Data)
			uncommented := uncomment(f.Data)
			if n, m := len(placeholderValue.FindAll(f.Data, -1)), len(placeholderValue.FindAll(uncommented, -1)); m <= n {
				t.Fatalf("uncommenting the examples gave %d placeholders, want more than %d", m, n)
			}
			checkPlaceholders(t, cfg, siteYAML, f.Path, uncommented)
		})
	}
}

func checkPlaceholders(t *testing.T, cfg *site.Config, siteYAML []byte, path string, data []byte) {
	t.Helper()
	fsys := fstest.MapFS{
		"site.yaml": {Data: siteYAML},
		path:        {Data: data},
	}
	_, diags := content.Load(t.Context(), fsys, cfg, content.Options{})
	lines := strings.Split(string(data), "\n")
	want := len(placeholderValue.FindAll(data, -1))
	if len(diags) != want {
		t.Errorf("Load found %d problems, want %d placeholders:\n%v\n%s", len(diags), want, diags, data)
	}
	for _, d := range diags {
		line := lines[d.Pos.Line-1]
		if d.Code != "placeholder" || d.Pos.File != path || !strings.HasPrefix(line[d.Pos.Col-1:], `"TODO`) {
			t.Errorf("%v: want a placeholder diagnostic at a TODO value; the line is %q", d, line)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	f := newPage(t, "pathfinder", nil, "Leeds Memory Cafe")
	if err := f.Write(dir); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, filepath.FromSlash(f.Path))
	got, err := os.ReadFile(file)
	if err != nil || !bytes.Equal(got, f.Data) {
		t.Fatalf("Write wrote %q, %v, want the page", got, err)
	}

	// It never replaces a file.
	if err := os.WriteFile(file, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = f.Write(dir)
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Write = %v, want an error wrapping fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(file); string(got) != "mine" {
		t.Errorf("second Write changed the file to %q", got)
	}

	// A section folder that leads outside the site is refused.
	outside := t.TempDir()
	site2 := t.TempDir()
	if err := os.Mkdir(filepath.Join(site2, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(site2, "content", "pathfinders")); err != nil {
		t.Skip(err)
	}
	if err := f.Write(site2); err == nil {
		t.Errorf("Write through a link out of the site succeeded")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("Write wrote outside the site: %v", entries)
	}
}
