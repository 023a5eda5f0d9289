package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// The bar of issue 12 for a cold build, on a two-core machine.
const (
	barHugo = 0.5             // Wayfinder's wall time at most this times Hugo's
	barBare = 1.4             // and this times the bare pipeline's
	barRSS  = 100 << 20       // with a peak resident memory of at most this
	bar1k   = time.Second / 2 // and a site of 1,000 pages built in this
)

// report prints each tool's medians and Wayfinder's paired ratios to the
// others, with the bar beside them.
func report(w io.Writer, n int, tools []*tool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "median\twall\tCPU\tpeak RSS\t")
	for _, t := range tools {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", t.name,
			seconds(median(t.runs, func(s sample) float64 { return s.wall.Seconds() })),
			seconds(median(t.runs, func(s sample) float64 { return s.cpu.Seconds() })),
			mebibytes(median(t.runs, func(s sample) float64 { return float64(s.rss) })))
	}
	tw.Flush()
	wf := tools[0]
	for _, t := range tools[1:] {
		wall := pairedRatio(wf.runs, t.runs, func(s sample) float64 { return s.wall.Seconds() })
		cpu := pairedRatio(wf.runs, t.runs, func(s sample) float64 { return s.cpu.Seconds() })
		rss := pairedRatio(wf.runs, t.runs, func(s sample) float64 { return float64(s.rss) })
		bar := ""
		switch t.name {
		case "hugo":
			bar = verdict(wall <= barHugo, fmt.Sprintf("wall ≤ %.1f×", barHugo))
		case "bare":
			bar = verdict(wall <= barBare, fmt.Sprintf("wall ≤ %.1f×", barBare))
		}
		fmt.Fprintf(w, "wayfinder/%s (median of paired ratios): wall %.2f, CPU %.2f, peak RSS %.2f; bar %s\n", t.name, wall, cpu, rss, bar)
	}
	rss := median(wf.runs, func(s sample) float64 { return float64(s.rss) })
	fmt.Fprintf(w, "wayfinder peak RSS %s; bar ≤ %s: %s\n", mebibytes(rss), mebibytes(barRSS), verdict(rss <= barRSS, ""))
	if n == 1000 {
		wall := median(wf.runs, func(s sample) float64 { return s.wall.Seconds() })
		fmt.Fprintf(w, "wayfinder wall at 1,000 pages %s; bar ≤ %s: %s\n", seconds(wall), seconds(bar1k.Seconds()), verdict(wall <= bar1k.Seconds(), ""))
	}
}

func verdict(ok bool, what string) string {
	if what != "" {
		what += " "
	}
	if ok {
		return what + "met"
	}
	return what + "NOT met"
}

// median returns the median of f over runs.
func median(runs []sample, f func(sample) float64) float64 {
	v := make([]float64, len(runs))
	for i, s := range runs {
		v[i] = f(s)
	}
	return medianOf(v)
}

// pairedRatio returns the median over rounds of a's figure over b's.
func pairedRatio(a, b []sample, f func(sample) float64) float64 {
	var v []float64
	for i := range min(len(a), len(b)) {
		if d := f(b[i]); d > 0 {
			v = append(v, f(a[i])/d)
		}
	}
	return medianOf(v)
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func seconds(s float64) string { return fmt.Sprintf("%.2f s", s) }

func mebibytes(b float64) string { return fmt.Sprintf("%.0f MiB", b/(1<<20)) }
