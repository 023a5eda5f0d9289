package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
	"github.com/wayfinder-health/wayfinder/internal/serve"
)

// BenchmarkServeReload times what an editor waits for: from writing one
// content file (a page's text) to the reload event reaching the page, on
// generated sites of 1,000 and 10,000 pages with the repository's layouts.
// It includes the watcher's debounce, the rebuild and the swap. Sites are
// written to /dev/shm when there is one, so that disk speed does not
// drift the figures. Besides ns/op (the mean) it reports the median.
func BenchmarkServeReload(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			dir := benchSite(b, n)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			env := &Env{Stdout: io.Discard, Stderr: io.Discard, Log: slog.New(slog.DiscardHandler),
				Dir: dir, Now: time.Now, Getenv: func(string) string { return "" }}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ready := make(chan string, 1)
			done := make(chan error, 1)
			go func() {
				done <- runServe(ctx, env, &serveOptions{Source: ".", Bind: "127.0.0.1"}, ln, func(url string) { ready <- url })
			}()
			var url string
			select {
			case url = <-ready:
			case err := <-done:
				b.Fatalf("serve stopped: %v", err)
			}
			defer func() {
				cancel()
				if err := <-done; err != nil {
					b.Error(err)
				}
			}()
			root := strings.TrimSuffix(url, "/") // the base path is /
			res, err := http.Get(root + serve.EventsPath)
			if err != nil {
				b.Fatal(err)
			}
			defer res.Body.Close()
			events := make(chan string)
			go func() {
				defer close(events)
				sc := bufio.NewScanner(res.Body)
				for sc.Scan() {
					if v, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
						events <- v
					}
				}
			}()
			<-events // the current version

			page := filepath.Join(dir, filepath.FromSlash(gensite.Path("guide", 7)))
			orig, err := os.ReadFile(page)
			if err != nil {
				b.Fatal(err)
			}
			var times []time.Duration
			i := 0
			for b.Loop() {
				i++
				start := time.Now()
				if err := os.WriteFile(page, fmt.Appendf(orig, "\nEdit number %d.\n", i), 0o644); err != nil {
					b.Fatal(err)
				}
				if e := <-events; e != "reload" {
					b.Fatalf("event %q, want reload", e)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns")
		})
	}
}

// benchSite writes a generated site of n pages, with the repository's
// layouts and static files, on tmpfs when there is one.
func benchSite(b *testing.B, n int) string {
	b.Helper()
	parent := ""
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		parent = "/dev/shm"
	}
	dir, err := os.MkdirTemp(parent, "wayfinder-serve-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
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
