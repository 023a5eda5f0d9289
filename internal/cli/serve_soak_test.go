package cli

import (
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

var soak = flag.Int("soak", 0, "run TestServeSoak with this many rounds of edits (1000 for the figures in the notes)")

// TestServeSoak edits a page and site.yaml, good and broken in turn, for
// -soak rounds, each a little longer apart than the debounce, so that
// rebuilds start all the time and edits land while they run; then checks that serve shows
// the last good edit of both, and that it holds no more goroutines and
// about the same memory as before. It is skipped without -soak:
//
//	go test ./internal/cli -run TestServeSoak -soak 1000 -v
func TestServeSoak(t *testing.T) {
	if *soak == 0 {
		t.Skip("skipping the soak test: run it with -soak 1000")
	}
	p := startServe(t, tinySite, func(o *serveOptions) { o.Debounce = 5 * time.Millisecond })
	// A page listening for reloads, as a browser tab would, reading every
	// event.
	ev := p.events()
	go func() {
		for range ev {
		}
	}()
	page := p.read("content/about.md")
	config := p.read("site.yaml")
	brokenPage := "---\ntitle: [unclosed\n---\nBroken.\n"
	brokenConfig := "title: [unclosed\n"

	edit := func(round int, good bool) {
		if good {
			p.write("content/about.md", strings.Replace(page, "We are a test.", fmt.Sprintf("Edit %d.", round), 1))
			p.write("site.yaml", strings.Replace(config, "title: Test site", fmt.Sprintf("title: Site %d", round), 1))
		} else {
			p.write("content/about.md", brokenPage)
			p.write("site.yaml", brokenConfig)
		}
	}
	// settle waits for serve to show a round's good edit of both files.
	settle := func(round int) {
		t.Helper()
		wants := []string{fmt.Sprintf("Edit %d.", round), fmt.Sprintf("– Site %d</title>", round), `<main id="main-content">`}
		deadline := time.Now().Add(60 * time.Second)
		for {
			_, body := p.get("/wayfinder/about/")
			if !strings.Contains(body, "wayfinder-problems") && !slices.ContainsFunc(wants, func(w string) bool { return !strings.Contains(body, w) }) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("after a minute, /wayfinder/about/ = %q, want %q and no problems\n%s", body, wants, p.stderr)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	measure := func() (goroutines int, heap uint64) {
		p.client.CloseIdleConnections()
		time.Sleep(200 * time.Millisecond)
		var m runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m)
		// The test keeps serve's log to count rebuilds: that is not
		// serve's memory.
		p.stderr.mu.Lock()
		logged := uint64(p.stderr.b.Cap())
		p.stderr.mu.Unlock()
		return runtime.NumGoroutine(), m.HeapAlloc - min(logged, m.HeapAlloc)
	}

	// Warm up: the first rebuilds fill caches that stay.
	for i := range 20 {
		edit(i, i%2 == 0)
	}
	edit(-1, true)
	settle(-1)
	g0, h0 := measure()
	rebuilds0 := strings.Count(p.stderr.String(), "msg=rebuilt")

	start := time.Now()
	for i := range *soak {
		edit(i, i%2 == 0)
		// A pause just over the debounce, so that most rounds start a
		// rebuild, and the next edits land while it runs.
		time.Sleep(6 * time.Millisecond)
	}
	final := *soak
	edit(final, true)
	settle(final)
	elapsed := time.Since(start)
	p.want("/wayfinder/about/", 200, fmt.Sprintf("Edit %d.", final))
	p.want("/wayfinder/", 200, fmt.Sprintf("Site %d", final))
	g1, h1 := measure()
	rebuilds := strings.Count(p.stderr.String(), "msg=rebuilt") - rebuilds0

	t.Logf("%d rounds (page and site.yaml, good and broken in turn) in %v, %d rebuilds", *soak, elapsed.Round(time.Millisecond), rebuilds)
	if rebuilds < *soak/10 {
		t.Errorf("%d rounds made only %d rebuilds: the soak did not exercise serve", *soak, rebuilds)
	}
	t.Logf("goroutines %d before, %d after; heap (less the test's copy of the log) %.2f MiB before, %.2f MiB after", g0, g1, float64(h0)/(1<<20), float64(h1)/(1<<20))
	if g1 > g0 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
	if h1 > h0+h0/2+4<<20 {
		t.Errorf("heap grew from %d to %d bytes", h0, h1)
	}
}
