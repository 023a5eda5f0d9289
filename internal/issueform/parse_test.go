package issueform

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

const testSite = `title: T
baseURL: https://example.org/
vocabularies:
  regions: [Wales, "North, and East"]
  audiences:
    - value: older-people
      label: Older people
    - value: odd
      label: Carers, and families
  approaches: [co-design]
  levels: [first-steps]
  topics: [getting-online]
  nations: [england, wales]
`

func testConfig(t testing.TB) *site.Config {
	cfg, diags := config.Parse([]byte(testSite))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	return cfg
}

func TestParse(t *testing.T) {
	s := site.SchemaFor("pathfinders")
	body := "### Title\n\nYnys Môn\n\n### Place\n\n_No response_\n\n### Region\n\nNorth, and East\n\n" +
		"### Audiences\n\nCarers, and families, Older people\n\n### Fictional\n\nYes\n\n" +
		"### Your page\n\n## The problem\n\n### Title\n\nStill the page.\n"
	a, err := Parse(s, testConfig(t), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Page()
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: Ynys Môn\nregion: North, and East\naudiences: [odd, older-people]\nfictional: true\n---\n" +
		"## The problem\n\n### Title\n\nStill the page.\n"
	if got := string(p.File.Data); got != want {
		t.Errorf("Page =\n%s\nwant\n%s", got, want)
	}
	if p.File.Path != "content/pathfinders/ynys-mon.md" {
		t.Errorf("Path = %q", p.File.Path)
	}
	for line, want := range map[int]string{1: "the form", 2: "Title", 3: "Region", 4: "Audiences", 5: "Fictional", 7: "Your page, line 1", 9: "Your page, line 3"} {
		if got := p.Where(line); got != want {
			t.Errorf("Where(%d) = %q, want %q", line, got, want)
		}
	}
	if _, err := Parse(s, testConfig(t), []byte("Hello, please add my page.")); err == nil {
		t.Errorf("Parse of a plain issue succeeded")
	}
}

// FuzzIssueBody holds that nothing in an issue body can break out of the
// page it makes: the file is always at content/pathfinders/NAME.md, its
// front matter is always read back as YAML with only the schema's fields,
// and nothing panics.
func FuzzIssueBody(f *testing.F) {
	f.Add("### Title\n\nCafé\n\n### Region\n\nWales\n\n### Your page\n\nBody\n")
	f.Add("### Title\n\n---\n\n### Place\n\n\"; x: [\n\n### Your page\n\n---\ntitle: x\n---\n")
	f.Add("### Title\n\n<script>alert(1)</script>\n\n### Outcomes\n\na | b | c | d\n|||\n\n### Duration months\n\n1e9\n\n### Your page\n\n_No response_")
	f.Add("### Title\r\n\r\nx\r\n### Audiences\r\n\r\n, , Carers, and families,\r\n")
	cfg := testConfig(f)
	s := site.SchemaFor("pathfinders")
	f.Fuzz(func(t *testing.T, body string) {
		a, err := Parse(s, cfg, []byte(body))
		if err != nil {
			return
		}
		p, err := a.Page()
		if err != nil {
			return
		}
		name := strings.TrimPrefix(p.File.Path, "content/pathfinders/")
		if name == p.File.Path || strings.ContainsAny(name, "/\\") || content.CheckName(strings.TrimSuffix(name, ".md")) != "" {
			t.Fatalf("page written to %q", p.File.Path)
		}
		fsys := fstest.MapFS{p.File.Path: {Data: p.File.Data}}
		_, diags := content.Load(context.Background(), fsys, cfg, content.Options{})
		for _, d := range diags {
			switch d.Code {
			case "internal", "front-matter", "yaml", "toml", "encoding", "unknown-key":
				t.Fatalf("the page made from %q is not what was meant: %v\n%s", body, d, p.File.Data)
			}
		}
		for line := 1; line < 50; line++ {
			if w := p.Where(line); w == "" {
				t.Fatalf("Where(%d) is empty", line)
			}
		}
	})
}
