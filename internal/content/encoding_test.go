package content

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/diag"
)

// editorSaves returns src as the editors partners use would save it:
// Windows Notepad (a byte-order mark and CR LF), CR LF alone, and old Mac
// editors (lone CR).
func editorSaves(src []byte) map[string][]byte {
	crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
	return map[string][]byte{
		"notepad": append([]byte("\ufeff"), crlf...),
		"crlf":    crlf,
		"cr":      bytes.ReplaceAll(src, []byte("\n"), []byte("\r")),
		"bom":     append([]byte("\ufeff"), src...),
	}
}

func loadOne(t *testing.T, cfgYAML string, file string, src []byte, lazy bool) (*Result, diag.List) {
	t.Helper()
	cfg, _ := config.Parse([]byte(cfgYAML))
	fsys := fstest.MapFS{file: {Data: src}}
	return Load(context.Background(), fsys, cfg, Options{Drafts: true, Lazy: lazy})
}

// TestEditorSaves holds that a file saved by any editor loads exactly as
// the same file with LF endings: the same diagnostics at the same lines
// and columns, and the same body, read again lazily.
func TestEditorSaves(t *testing.T) {
	for _, src := range []string{
		leeds,
		"---\ntitle: x\nregion: Nowhere\nstatus: finished\n---\n## Body\n\nText.\n",
		"\n\n---\r\ntitle: \"unclosed\n---\n",
		"+++\ntitle = \"x\"\nregion = 3\n+++\nbody\n",
	} {
		want, wantDiags := loadOne(t, siteYAML, "content/pathfinders/p.md", []byte(src), true)
		for name, saved := range editorSaves([]byte(src)) {
			got, gotDiags := loadOne(t, siteYAML, "content/pathfinders/p.md", saved, true)
			if !slices.Equal(gotDiags, wantDiags) {
				t.Errorf("%s: Load(%q) diagnostics\n%v\nwant\n%v", name, saved, gotDiags, wantDiags)
			}
			if len(got.Pages) != len(want.Pages) {
				t.Fatalf("%s: Load(%q) = %d pages, want %d", name, saved, len(got.Pages), len(want.Pages))
			}
			for i, p := range got.Pages {
				fsys := fstest.MapFS{p.File: {Data: saved}}
				body, err := Body(fsys, p)
				wantBody, _ := Body(fstest.MapFS{p.File: {Data: []byte(src)}}, want.Pages[i])
				if err != nil || !bytes.Equal(body, wantBody) {
					t.Errorf("%s: Body = %q, %v, want %q", name, body, err, wantBody)
				}
			}
		}
	}
}

// FuzzEditorPositions holds TestEditorSaves for any file: saving it with
// CR LF or CR line endings, or a byte-order mark, changes no diagnostic.
func FuzzEditorPositions(f *testing.F) {
	f.Add([]byte(leeds))
	f.Add([]byte("---\ntitle: x\nregion: Nowhere\n---\n"))
	f.Add([]byte("+++\ntitle = \"x\"\n+++\nbody"))
	f.Add([]byte("---\ntitle: [\n---\n"))
	cfg, _ := config.Parse([]byte(siteYAML))
	f.Fuzz(func(t *testing.T, src []byte) {
		if bytes.IndexByte(src, '\r') >= 0 || bytes.HasPrefix(src, []byte("\ufeff")) {
			return // the LF file is the reference
		}
		load := func(b []byte) diag.List {
			_, d := Load(context.Background(), fstest.MapFS{"content/pathfinders/p.md": {Data: b}}, cfg, Options{Drafts: true})
			return d
		}
		want := load(src)
		// A file that is not UTF-8 text (UTF-16 without a mark looks like
		// ASCII with zero bytes) is not the same text saved another way.
		if slices.ContainsFunc(want, func(d diag.Diagnostic) bool { return d.Code == "encoding" }) {
			return
		}
		for name, saved := range editorSaves(src) {
			if got := load(saved); !slices.Equal(got, want) {
				t.Fatalf("%s: diagnostics of %q\n%v\nwant (LF)\n%v", name, saved, got, want)
			}
		}
	})
}
