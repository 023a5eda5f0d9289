package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/gensite"
	"github.com/wayfinder-health/wayfinder/internal/publish"
)

// BenchmarkWarmBuild times what build -cache does after an edit to one
// page's text, on generated sites of 1,000 and 10,000 pages: a minified
// build published to tmpfs that takes every other page from a cache
// filled once before, and saves the cache. Compare it with
// BenchmarkBuild, the cold build; internal/benchcmp's -cache times the
// two as whole processes.
func BenchmarkWarmBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			dir := GenSite(b, n)
			out := filepath.Join(benchDir(b), "public")
			cacheDir := filepath.Join(benchDir(b), "cache")
			root, err := os.OpenRoot(dir)
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			m := publish.Minifier()
			build1 := func() int {
				c := build.OpenCache(cacheDir, "bench")
				stage, err := publish.Begin(out, m)
				if err != nil {
					b.Fatal(err)
				}
				minify := func(name string, data []byte) ([]byte, error) { return publish.Minify(m, publish.TypeOf(name), data) }
				res := build.Run(b.Context(), root.FS(), build.Options{Minify: minify, Cache: c}, stage.Write)
				if res.Diags.Errors() > 0 {
					stage.Abort()
					b.Fatalf("build failed:\n%v", res.Diags)
				}
				if err := stage.Commit(); err != nil {
					b.Fatal(err)
				}
				if err := c.Save(); err != nil {
					b.Fatal(err)
				}
				if w := c.Warnings(); len(w) > 0 {
					b.Fatalf("cache: %v", w)
				}
				return c.Hits()
			}
			build1()
			page := filepath.Join(dir, filepath.FromSlash(gensite.Path("guide", 7)))
			orig, err := os.ReadFile(page)
			if err != nil {
				b.Fatal(err)
			}
			i, hits := 0, 0
			b.ResetTimer()
			cpu := cpuTime(b)
			for b.Loop() {
				i++
				if err := os.WriteFile(page, fmt.Appendf(bytes.Clone(orig), "\nEdit number %d.\n", i), 0o644); err != nil {
					b.Fatal(err)
				}
				hits = build1()
			}
			b.ReportMetric(float64(hits), "cache-hits")
			// The process's CPU time per build, which the load of a
			// shared machine moves less than the wall time.
			b.ReportMetric(float64((cpuTime(b)-cpu).Milliseconds())/float64(i), "cpu-ms/op")
		})
	}
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
