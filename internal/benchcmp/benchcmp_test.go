package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
)

// tinySite writes a generated site of a few pages, with the repository's
// layouts and static files.
func tinySite(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "site")
	if err := writeSite(filepath.Join("..", ".."), dir, 8); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBare(t *testing.T) {
	dir := tinySite(t)
	out := filepath.Join(t.TempDir(), "out")
	n, err := bare(t.Context(), dir, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != 8+5 { // the pages, the home page and four section pages
		t.Errorf("bare wrote %d pages, want 13", n)
	}
	page, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(strings.TrimPrefix(gensite.Path("guide", 1), "content/"), ".md"), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>", `<time datetime="2026-11-01">1 November 2026</time>`, `href="/guides/" aria-current="true"`, `<h2 id="`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the bare page lacks %q:\n%.2000s", want, page)
		}
	}
}

func TestHugoSite(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed (apt-get install hugo): the Hugo side is not tried")
	}
	dir := tinySite(t)
	hugoDir := filepath.Join(t.TempDir(), "hugo")
	if err := writeHugoSite(hugoDir, filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	s, err := measure(t.Context(), []string{hugo, "--minify", "--quiet", "-s", hugoDir, "-d", out})
	if err != nil {
		t.Fatal(err)
	}
	if s.wall <= 0 || s.cpu <= 0 || s.rss <= 0 {
		t.Errorf("measure = %+v, want a wall time, CPU time and peak memory", s)
	}
	page, err := os.ReadFile(filepath.Join(out, "guides", "guide-00001", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>", "1 November 2026", "aria-current=true", "/topics/getting-online/"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("Hugo's page lacks %q:\n%.2000s", want, page)
		}
	}
	over, err := overBudget(out)
	if err != nil || len(over) > 0 {
		t.Errorf("overBudget = %v, %v; want none", over, err)
	}
}

func TestReport(t *testing.T) {
	s := func(wall, cpu float64, mib int64) sample {
		return sample{wall: time.Duration(wall * float64(time.Second)), cpu: time.Duration(cpu * float64(time.Second)), rss: mib << 20}
	}
	tools := []*tool{
		{name: "wayfinder", runs: []sample{s(1, 2, 90), s(3, 6, 90), s(1.2, 2, 90)}},
		{name: "hugo", runs: []sample{s(4, 8, 900), s(4, 8, 900), s(2, 8, 900)}},
		{name: "bare", runs: []sample{s(1, 1, 20), s(2, 1, 20), s(1, 1, 20)}},
	}
	var b bytes.Buffer
	report(&b, 1000, tools)
	got := b.String()
	for _, want := range []string{
		"wayfinder  1.20 s  2.00 s",
		// Paired: 1/4, 3/4, 1.2/2: the median is 0.6, not 1.2/4.
		"wayfinder/hugo (median of paired ratios): wall 0.60, CPU 0.25, peak RSS 0.10; bar wall ≤ 0.5× NOT met",
		"wayfinder/bare (median of paired ratios): wall 1.20, CPU 2.00, peak RSS 4.50; bar wall ≤ 1.4× met",
		"wayfinder peak RSS 90 MiB; bar ≤ 100 MiB: met",
		"wayfinder wall at 1,000 pages 1.20 s; bar ≤ 0.50 s: NOT met",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
}

func TestOverBudget(t *testing.T) {
	out := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	head := `<!DOCTYPE html><html><head><link rel="stylesheet" href="/site.css"></head><body>`
	write("site.css", make([]byte, 20<<10))
	write("light/index.html", []byte(head+strings.Repeat("x", 20<<10)))
	write("heavy/index.html", []byte(head+strings.Repeat("x", 31<<10)))
	over, err := overBudget(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(over) != 1 || !strings.HasPrefix(over[0], "heavy/index.html: ") {
		t.Errorf("overBudget = %q, want heavy/index.html alone (its HTML and CSS are over 50 KB)", over)
	}
}

func TestParseStatus(t *testing.T) {
	status := "Name:\twayfinder\nVmPeak:\t 2000000 kB\nVmHWM:\t  409600 kB\nVmRSS:\t  204800 kB\nThreads:\t8\n"
	rss, peak, err := parseStatus(strings.NewReader(status))
	if err != nil || rss != 200<<20 || peak != 400<<20 {
		t.Errorf("parseStatus = %d, %d, %v; want 200 MiB, 400 MiB", rss, peak, err)
	}
}
