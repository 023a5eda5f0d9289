package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
)

// The bar of issue 12 for serve.
const (
	barReload1k  = 50 * time.Millisecond
	barReload10k = 100 * time.Millisecond
	barServeRSS  = 400 << 20
)

// serveFigures runs `wayfinder serve` on the site in dir as a process of
// its own, listens for reload events as an open page does, and times
// edits to one guide's text from the write to the event, as an editor
// waits for them (the watcher's pause included). It returns the median
// and the slowest, and the process's resident memory once the edits are
// done and its peak.
func serveFigures(ctx context.Context, wayfinder, dir string, edits int) (med, slowest time.Duration, rss, peak int64, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, wayfinder, "serve", "-port", "0", "-s", dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return 0, 0, 0, 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, 0, err
	}
	defer cmd.Wait()
	defer cmd.Process.Signal(os.Interrupt)
	// serve prints "serving DIR at URL (Ctrl-C stops)" once the site is
	// built; the rest of what it prints is read and dropped.
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), " at http"); ok && strings.HasPrefix(sc.Text(), "serving ") {
				u, _, _ := strings.Cut(rest, " ")
				select {
				case urls <- "http" + u:
				default:
				}
			}
		}
		close(urls)
	}()
	var url string
	select {
	case u, ok := <-urls:
		if !ok {
			return 0, 0, 0, 0, errors.New("serve stopped before it served the site")
		}
		url = strings.TrimSuffix(u, "/")
	case <-time.After(5 * time.Minute):
		return 0, 0, 0, 0, errors.New("serve did not start within 5 minutes")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_wayfinder/events", nil)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer res.Body.Close()
	// Each reload event's data, which names the pages to reload.
	events := make(chan string)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		reload := false
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				reload = line == "event: reload"
			case reload && strings.HasPrefix(line, "data: "):
				events <- line
			}
		}
	}()
	// serve names its address before it builds: the site is there once
	// the page to edit is.
	rel := strings.TrimSuffix(strings.TrimPrefix(gensite.Path("guide", 7), "content"), ".md") + "/"
	for {
		if res, err := http.Get(url + rel); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-ctx.Done():
			return 0, 0, 0, 0, ctx.Err()
		case <-events: // the first build's
		case <-time.After(50 * time.Millisecond):
		}
	}
	page := filepath.Join(dir, filepath.FromSlash(gensite.Path("guide", 7)))
	orig, err := os.ReadFile(page)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	defer os.WriteFile(page, orig, 0o644)
	var times []time.Duration
	for i := range edits {
		start := time.Now()
		if err := os.WriteFile(page, fmt.Appendf(orig, "\nEdit number %d.\n", i+1), 0o644); err != nil {
			return 0, 0, 0, 0, err
		}
	wait:
		for {
			select {
			case e, ok := <-events:
				if !ok {
					return 0, 0, 0, 0, errors.New("serve stopped sending events")
				}
				if strings.Contains(e, `"`+rel+`"`) {
					break wait
				}
			case <-time.After(time.Minute):
				return 0, 0, 0, 0, errors.New("no reload of the edited page within a minute of an edit")
			}
		}
		times = append(times, time.Since(start))
		time.Sleep(100 * time.Millisecond) // an editor's pace, not a burst
	}
	slices.Sort(times)
	rss, peak, err = memory(cmd.Process.Pid)
	return times[len(times)/2], times[len(times)-1], rss, peak, err
}

// memory returns a process's resident memory and its peak, in bytes,
// from /proc.
func memory(pid int) (rss, peak int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	return parseStatus(f)
}

// parseStatus reads VmRSS and VmHWM from a /proc/PID/status file.
func parseStatus(r io.Reader) (rss, peak int64, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("reading %s: %w", k, err)
		}
		if k == "VmRSS" {
			rss = n << 10
		} else {
			peak = n << 10
		}
	}
	return rss, peak, sc.Err()
}

// reportServe prints serve's figures beside the bar.
func reportServe(w io.Writer, n int, med, slowest time.Duration, rss, peak int64) {
	fmt.Fprintf(w, "serve: edit to reload event, median %s, slowest %s", med.Round(time.Millisecond), slowest.Round(time.Millisecond))
	switch n {
	case 1000:
		fmt.Fprintf(w, "; bar ≤ %s: %s", barReload1k, verdict(med <= barReload1k, ""))
	case 10000:
		fmt.Fprintf(w, "; bar ≤ %s: %s", barReload10k, verdict(med <= barReload10k, ""))
	}
	fmt.Fprintf(w, "\nserve: resident memory %s, peak %s", mebibytes(float64(rss)), mebibytes(float64(peak)))
	if n == 10000 {
		fmt.Fprintf(w, "; bar ≤ %s: %s", mebibytes(barServeRSS), verdict(rss <= barServeRSS, ""))
	}
	fmt.Fprintln(w)
}
