package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/gensite"
	"github.com/wayfinder-health/wayfinder/internal/publish"
)

// benchDir returns a folder on tmpfs when there is one, so that disk speed
// does not drift the figures.
func benchDir(b *testing.B) string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "wayfinder-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		return d
	}
	return b.TempDir()
}

// GenSite writes a generated site of n pages with the repository's own
// layouts and static files into a new folder.
func GenSite(b *testing.B, n int) string {
	dir := benchDir(b)
	if err := gensite.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	for _, d := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkBuild times a full minified build, published to tmpfs, of
// generated sites of 1,000 and 10,000 pages.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			dir := GenSite(b, n)
			out := filepath.Join(benchDir(b), "public")
			root, err := os.OpenRoot(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			m := publish.Minifier()
			pages := 0
			b.ResetTimer()
			for b.Loop() {
				stage, err := publish.Begin(out, m)
				if err != nil {
					b.Fatal(err)
				}
				res := build.Run(context.Background(), root.FS(), build.Options{Transient: true}, stage.Write)
				if res.Diags.Errors() > 0 {
					stage.Abort()
					b.Fatalf("build failed:\n%v", res.Diags)
				}
				if err := stage.Commit(); err != nil {
					b.Fatal(err)
				}
				pages = len(res.Pages)
			}
			b.StopTimer()
			perPage := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(pages)
			b.ReportMetric(perPage, "ns/page")
			b.ReportMetric(1e9/perPage, "pages/s")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapSys)/(1<<20), "MiB-heap-sys")
		})
	}
}
