package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/gensite"
)

// BenchmarkUpdate times updating generated sites of 1,000 and 10,000
// pages in memory after one page's text changed (edit=body) or its
// description (edit=front, which runs the taxonomy, the A to Z, the lists
// and the finders again): Session.Update, the generators included,
// without the watcher or serving. BenchmarkServeReload in internal/cli
// times the body edit from the write to the reload event.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, edit := range []string{"body", "front"} {
			b.Run(fmt.Sprintf("pages=%d/edit=%s", n, edit), func(b *testing.B) {
				dir := GenSite(b, n)
				root, err := os.OpenRoot(dir)
				if err != nil {
					b.Fatal(err)
				}
				defer root.Close()
				opts := build.Options{BaseURL: "http://127.0.0.1:1414/", Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}
				st := build.Start(b.Context(), root.FS(), opts)
				if n := st.Diags().Errors(); n > 0 {
					b.Fatalf("the generated site has %d errors:\n%v", n, st.Diags())
				}
				page := gensite.Path("guide", 7)
				orig, err := os.ReadFile(filepath.Join(dir, page))
				if err != nil {
					b.Fatal(err)
				}
				i := 0
				for b.Loop() {
					i++
					data := fmt.Appendf(bytes.Clone(orig), "\nEdit number %d.\n", i)
					if edit == "front" {
						data = bytes.Replace(orig, []byte("description: \""), fmt.Appendf(nil, "description: \"Edit %d. ", i), 1)
					}
					if err := os.WriteFile(filepath.Join(dir, page), data, 0o644); err != nil {
						b.Fatal(err)
					}
					st.Update(b.Context(), []string{page})
				}
			})
		}
	}
}
