package content

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

func TestURLName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ccio", "ccio"},
		{"first_steps", "first_steps"}, // already fit for a web address: kept
		{"Café ñ project", "cafe-n-project"},
		{"Ynys Môn", "ynys-mon"},
		{"Pen-y-bont ar Ogwr", "pen-y-bont-ar-ogwr"},
		{"Llanfair Pwllgwyngyll", "llanfair-pwllgwyngyll"},
		{"Ŵyl Ddewi", "wyl-ddewi"},
		{"St John’s", "st-johns"},
		{"Straße", "strasse"},
		{"Bærum Ørsta", "baerum-orsta"},
		{"Łódź", "lodz"},
		{"Київ", "kiyiv"},
		{"About Us", "about-us"},
		{"!!!", ""},
	} {
		if got := URLName(tc.in); got != tc.want {
			t.Errorf("URLName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCheckFileName(t *testing.T) {
	for _, ok := range []string{"Café ñ project.md", "Ynys Môn.md", "About Us.md", "con-y-bont.md", "console.md", "com10.md", "photo.JPG", "_index.md"} {
		if msg := CheckFileName(ok); msg != "" {
			t.Errorf("CheckFileName(%q) = %q, want accepted", ok, msg)
		}
	}
	for _, bad := range []string{"", "con.md", "NUL", "aux.txt", "Com1.md", "lpt9.png", "com².md", "con .md", "a\tb.md", "a\nb.md", "a\x00b", `a\b.md`, "a:b.md", "what?.md", "50%.md", "x#y.md", "..", "a..b.md", "notes.", "notes ", "\xff.md"} {
		if CheckFileName(bad) == "" {
			t.Errorf("CheckFileName(%q) accepted it", bad)
		}
	}
}

// TestSuggestName holds that the name offered for a refused one is
// accepted and keeps what it can.
func TestSuggestName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"con.md", "con-page.md"},
		{"AUX.txt", "AUX-page.txt"},
		{"a\tb.md", "a-b.md"},
		{"what?.md", "what.md"},
		{"Ynys: Môn.md", "Ynys- Môn.md"},
		{"notes.", "notes"},
		{"!!!.md", "page.md"},
		{"", "page"},
		{"COM1", "COM1-page"},
		{".md", "md"},
	} {
		got := SuggestName(tc.in)
		if got != tc.want {
			t.Errorf("SuggestName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if msg := checkPageName(got, false); msg != "" {
			t.Errorf("SuggestName(%q) = %q, which is refused: %s", tc.in, got, msg)
		}
	}
}

const pathfinder = "---\ntitle: %s\nplace: Leeds\nregion: Yorkshire and the Humber\nlead_organisation: Org\naudiences: [carers]\nstatus: active\n---\nBody.\n"

func TestNamesInAnyLanguage(t *testing.T) {
	fm := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(strings.Replace(pathfinder, "%s", title, 1))}
	}
	cfg, _ := config.Parse([]byte(siteYAML))
	res, diags := Load(context.Background(), fstest.MapFS{
		"content/pathfinders/Café ñ project.md": fm("Café"),
		"content/pathfinders/Ynys Môn.md":       fm("Ynys Môn"),
		"content/Gwybodaeth Môn/Amdanom ni.md":  {Data: []byte("---\ntitle: Amdanom ni\n---\nBody.\n")},
	}, cfg, Options{})
	if len(diags) != 0 {
		t.Fatalf("Load: %v", diags)
	}
	got := map[string]string{}
	for _, p := range res.Pages {
		got[p.File] = p.Path
	}
	for file, want := range map[string]string{
		"content/pathfinders/Café ñ project.md": "pathfinders/cafe-n-project/",
		"content/pathfinders/Ynys Môn.md":       "pathfinders/ynys-mon/",
		"content/Gwybodaeth Môn/Amdanom ni.md":  "gwybodaeth-mon/amdanom-ni/",
	} {
		if got[file] != want {
			t.Errorf("%s publishes to %q, want %q", file, got[file], want)
		}
	}

	// Two names that make the same web address are the duplicate-URL
	// error, naming both files.
	_, diags = Load(context.Background(), fstest.MapFS{
		"content/pathfinders/Ynys Môn.md": fm("Ynys Môn"),
		"content/pathfinders/ynys-mon.md": fm("Ynys Mon"),
	}, cfg, Options{})
	if want := "content/pathfinders/Ynys Môn.md and content/pathfinders/ynys-mon.md both publish to /pathfinders/ynys-mon/"; len(diags) != 1 || diags[0].Msg != want {
		t.Errorf("Load = %v, want one error %q", diags, want)
	}
}

// FuzzTransliteration holds the name rules for any name: a web address
// made from an accepted name is plain lower-case ASCII that cannot leave
// its folder, and the name offered for a refused one is accepted.
func FuzzTransliteration(f *testing.F) {
	for _, s := range []string{"Café ñ project.md", "Ynys Môn.md", "COM1", "con.md", "a\tb", "Київ.md", "北京.md", "!!!.md", "..", "a..b", "St John’s.md", "x.\u0301md", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		sug := SuggestName(name)
		if msg := checkPageName(sug, false); msg != "" {
			t.Fatalf("SuggestName(%q) = %q, which is refused: %s", name, sug, msg)
		}
		if msg := checkPageName(sug, true); msg != "" {
			t.Fatalf("SuggestName(%q) = %q, which is refused as a folder: %s", name, sug, msg)
		}
		slug := site.Slugify(name)
		for i := 0; i < len(slug); i++ {
			if c := slug[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				t.Fatalf("Slugify(%q) = %q, with %q", name, slug, c)
			}
		}
		if strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") || strings.Contains(slug, "--") {
			t.Fatalf("Slugify(%q) = %q", name, slug)
		}
		if again := site.Slugify(slug); again != slug {
			t.Fatalf("Slugify(Slugify(%q)) = %q, want %q", name, again, slug)
		}
		if CheckFileName(name) != "" {
			return
		}
		if u := URLName(strings.TrimSuffix(name, ".md")); u != "" {
			if msg := CheckName(u); msg != "" {
				t.Fatalf("URLName(%q) = %q, which %s", name, u, msg)
			}
		}
	})
}
