package content

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/adrg/frontmatter"

	"github.com/wayfinder-health/wayfinder/internal/config"
)

func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte(leeds))
	f.Add([]byte("---\ntitle: x\n---\n"))
	f.Add([]byte("+++\ntitle = \"x\"\n+++\nbody"))
	f.Add([]byte("---\n- a\n- b\n---\n"))
	f.Add([]byte("---\na: &x [1]\nb: *x\n---\n"))
	f.Add([]byte("---\ntitle: \"unclosed\n---\n"))
	f.Add([]byte("\n\n---\ntitle: x\n"))
	cfg, _ := config.Parse([]byte(siteYAML))
	f.Fuzz(func(t *testing.T, src []byte) {
		// split stops the library's input where the front matter closes:
		// the body must start where the library, given everything, says.
		if parts, diags := split("p.md", src); diags.Errors() == 0 {
			noop := func([]byte, any) error { return nil }
			rest, err := frontmatter.Parse(bytes.NewReader(src), &struct{}{},
				frontmatter.NewFormat("---", "---", noop), frontmatter.NewFormat("+++", "+++", noop))
			if err == nil && parts.BodyStart != len(src)-len(rest) {
				t.Errorf("body starts at %d, the library says %d", parts.BodyStart, len(src)-len(rest))
			}
		}
		for _, file := range []string{"content/pathfinders/p.md", "content/about.md", "content/guides/_index.md"} {
			fsys := fstest.MapFS{file: {Data: src}}
			res, diags := Load(context.Background(), fsys, cfg, Options{Drafts: true})
			lines := strings.Count(string(src), "\n") + 1
			for _, d := range diags {
				if d.Code == "internal" {
					t.Fatalf("Load panicked: %v", d)
				}
				if d.Pos.File != file || d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 {
					t.Errorf("diagnostic outside the file (%d lines): %v", lines, d)
				}
				if !utf8.ValidString(d.Msg) || !utf8.ValidString(d.Hint) {
					t.Errorf("diagnostic is not valid UTF-8: %q", d.Msg)
				}
			}
			for _, p := range res.Pages {
				if p.Path != "" && !fs.ValidPath(strings.TrimSuffix(p.Path, "/")) {
					t.Errorf("page %s publishes outside the site: %q", file, p.Path)
				}
			}
		}
	})
}

func FuzzOutputPath(f *testing.F) {
	f.Add("pathways/ccio.md", "ccio")
	f.Add("about.md", "../../etc/passwd")
	f.Add("guides/a.md", `..\..\x`)
	f.Add("guides/a.md", "/abs")
	f.Add("a/b/c.md", "x\x00y")
	cfg, _ := config.Parse([]byte(siteYAML))
	f.Fuzz(func(t *testing.T, name, slug string) {
		file := "content/" + name
		if !fs.ValidPath(file) {
			return
		}
		src := "---\ntitle: T\nslug: " + quote(slug) + "\n---\nbody\n"
		fsys := fstest.MapFS{file: {Data: []byte(src)}}
		res, diags := Load(context.Background(), fsys, cfg, Options{})
		for _, d := range diags {
			if d.Code == "internal" {
				t.Fatalf("Load panicked: %v", d)
			}
		}
		for _, p := range res.Pages {
			out := p.Path + "index.html"
			if !fs.ValidPath(out) || strings.Contains(out, `\`) || strings.Contains(out, "\x00") {
				t.Fatalf("%q with slug %q publishes to %q, outside the output folder", name, slug, out)
			}
			for _, seg := range strings.Split(strings.TrimSuffix(p.Path, "/"), "/") {
				if seg == ".." || seg == "." {
					t.Fatalf("%q with slug %q publishes to %q", name, slug, out)
				}
			}
		}
	})
}

// quote writes s as a YAML double-quoted string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
