package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
)

// barWarm is the warm build's bar: a build with -cache after a one-page
// body edit takes at most this times a cold build.
const barWarm = 0.1

// cacheFigures times, round after round, an edit to one guide's text
// followed by a cold build and a build with -cache (each into an empty
// folder), after one build that fills the cache, and prints the medians
// and the median of the paired ratios.
func (c *config) cacheFigures(ctx context.Context, n int, dir string, stdout io.Writer) error {
	cache := filepath.Join(c.dir, fmt.Sprintf("cache-%d", n))
	if err := os.RemoveAll(cache); err != nil {
		return err
	}
	out := func(name string) (string, error) {
		p := filepath.Join(c.dir, fmt.Sprintf("out-%d-%s", n, name))
		return p, os.RemoveAll(p)
	}
	warmOut, err := out("warm")
	if err != nil {
		return err
	}
	if _, err := measure(ctx, []string{c.wayfind, "build", "-s", dir, "-o", warmOut, "-cache", cache}); err != nil {
		return fmt.Errorf("filling the cache: %w", err)
	}
	page := filepath.Join(dir, filepath.FromSlash(gensite.Path("guide", 7)))
	orig, err := os.ReadFile(page)
	if err != nil {
		return err
	}
	defer os.WriteFile(page, orig, 0o644)
	var cold, warm []sample
	for i := range c.cache {
		if err := os.WriteFile(page, fmt.Appendf(orig, "\nCache edit number %d.\n", i+1), 0o644); err != nil {
			return err
		}
		coldOut, err := out("cold")
		if err != nil {
			return err
		}
		s, err := measure(ctx, []string{c.wayfind, "build", "-s", dir, "-o", coldOut})
		if err != nil {
			return err
		}
		cold = append(cold, s)
		if warmOut, err = out("warm"); err != nil {
			return err
		}
		if s, err = measure(ctx, []string{c.wayfind, "build", "-s", dir, "-o", warmOut, "-cache", cache}); err != nil {
			return err
		}
		warm = append(warm, s)
	}
	wall := func(s sample) float64 { return s.wall.Seconds() }
	cpu := func(s sample) float64 { return s.cpu.Seconds() }
	ratio := pairedRatio(warm, cold, wall)
	fmt.Fprintf(stdout, "build -cache after a one-page body edit, %d rounds: warm %s wall %s CPU, cold %s wall %s CPU; warm/cold (median of paired ratios) wall %.2f, CPU %.2f; bar ≤ %.1f×: %s\n",
		len(warm), seconds(median(warm, wall)), seconds(median(warm, cpu)), seconds(median(cold, wall)), seconds(median(cold, cpu)),
		ratio, pairedRatio(warm, cold, cpu), barWarm, verdict(ratio <= barWarm, ""))
	return nil
}
