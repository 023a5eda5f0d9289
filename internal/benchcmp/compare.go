package main

import (
	"context"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
	"github.com/wayfinder-health/wayfinder/internal/sitecheck"
)

// hugoSite is the Hugo side's config and layouts.
//
//go:embed all:hugo
var hugoSite embed.FS

// sample is one timed run of one tool.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // peak resident memory, bytes
}

// tool is one of the three builds compared.
type tool struct {
	name string
	argv func(out string) []string
	runs []sample
}

// compare times the three builds on a site of n pages, prints the table,
// and returns how many of Wayfinder's pages are over the page budget.
func (c *config) compare(ctx context.Context, n int, stdout, stderr io.Writer) (int, error) {
	dir := filepath.Join(c.dir, fmt.Sprintf("site-%d", n))
	if err := writeSite(c.repoRoot, dir, n); err != nil {
		return 0, err
	}
	hugoDir := filepath.Join(c.dir, fmt.Sprintf("hugo-%d", n))
	if err := writeHugoSite(hugoDir, filepath.Join(dir, "content")); err != nil {
		return 0, err
	}
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	tools := []*tool{
		{name: "wayfinder", argv: func(out string) []string { return []string{c.wayfind, "build", "-s", dir, "-o", out} }},
		{name: "hugo", argv: func(out string) []string {
			return []string{c.hugo, "--minify", "--quiet", "-s", hugoDir, "-d", out}
		}},
		{name: "bare", argv: func(out string) []string { return []string{self, "bare", dir, out} }},
	}
	if c.hugo == "" {
		tools = slices.Delete(tools, 1, 2)
	}
	fmt.Fprintf(stdout, "\n%d content pages, %d rounds (A B C A B C ...), load average before: %s\n", n, c.rounds, loadavg())
	for round := range c.rounds {
		for _, t := range tools {
			out := filepath.Join(c.dir, fmt.Sprintf("out-%d-%s", n, t.name))
			if err := os.RemoveAll(out); err != nil {
				return 0, err
			}
			s, err := measure(ctx, t.argv(out))
			if err != nil {
				return 0, fmt.Errorf("%s, round %d: %w", t.name, round+1, err)
			}
			t.runs = append(t.runs, s)
		}
	}
	fmt.Fprintf(stdout, "load average after: %s\n", loadavg())
	if c.rounds > 0 {
		report(stdout, n, tools)
	}
	if c.cache > 0 {
		if err := c.cacheFigures(ctx, n, dir, stdout); err != nil {
			return 0, fmt.Errorf("cache: %w", err)
		}
	}
	if c.edits > 0 {
		med, slowest, rss, peak, err := serveFigures(ctx, c.wayfind, dir, c.edits)
		if err != nil {
			return 0, fmt.Errorf("serve: %w", err)
		}
		reportServe(stdout, n, med, slowest, rss, peak)
	}
	if c.rounds == 0 {
		return 0, nil // no output to weigh
	}
	over, err := overBudget(filepath.Join(c.dir, fmt.Sprintf("out-%d-wayfinder", n)))
	if err != nil {
		return 0, err
	}
	if len(over) == 0 {
		fmt.Fprintf(stdout, "page weight: every Wayfinder page is within %d KB with its CSS\n", sitecheck.Budget/1024)
	} else {
		fmt.Fprintf(stdout, "page weight: %d Wayfinder page(s) over %d KB with their CSS:\n", len(over), sitecheck.Budget/1024)
		for i, p := range over {
			if i == 10 {
				fmt.Fprintf(stdout, "  … and %d more\n", len(over)-i)
				break
			}
			fmt.Fprintf(stdout, "  %s\n", p)
		}
	}
	return len(over), nil
}

// writeSite writes a generated site of n pages with the repository's
// layouts and static files, as cmd/gensite does.
func writeSite(root, dir string, n int) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := gensite.Write(dir, n, 1); err != nil {
		return err
	}
	for _, d := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(root, d))); err != nil {
			return err
		}
	}
	return nil
}

// writeHugoSite writes the Hugo side into dir, its contentDir set to
// content.
func writeHugoSite(dir, content string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	sub, err := fs.Sub(hugoSite, "hugo")
	if err != nil {
		return err
	}
	if err := os.CopyFS(dir, sub); err != nil {
		return err
	}
	cfg := filepath.Join(dir, "hugo.toml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		return err
	}
	b = []byte(strings.Replace(string(b), `contentDir = "CONTENT"`, fmt.Sprintf("contentDir = %q", content), 1))
	return os.WriteFile(cfg, b, 0o644)
}

// measure runs argv as a process of its own and returns its wall time,
// CPU time and peak resident memory.
func measure(ctx context.Context, argv []string) (sample, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var errOut tail
	cmd.Stderr = &errOut
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, errOut.String())
	}
	st := cmd.ProcessState
	s := sample{wall: wall, cpu: st.UserTime() + st.SystemTime()}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return s, nil
}

// tail keeps the last few kilobytes written to it, for an error message.
type tail struct{ b []byte }

func (t *tail) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 4096 {
		t.b = t.b[len(t.b)-4096:]
	}
	return len(p), nil
}

func (t *tail) String() string { return string(t.b) }

// loadavg returns the first three fields of /proc/loadavg, or "unknown".
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// overBudget weighs every HTML page under out with the stylesheets it
// loads and returns those over sitecheck.Budget, with their weights.
func overBudget(out string) ([]string, error) {
	var over []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		w := sitecheck.Weigh(filepath.ToSlash(rel), data, "/", func(name string) int {
			fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				return 0
			}
			return int(fi.Size())
		})
		if w > sitecheck.Budget {
			over = append(over, fmt.Sprintf("%s: %d bytes", filepath.ToSlash(rel), w))
		}
		return nil
	})
	return over, err
}
