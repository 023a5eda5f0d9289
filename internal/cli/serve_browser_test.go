package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wayfinder-health/wayfinder/internal/browser"
)

// TestServeBrowser checks the live-reload script in Chromium: a page
// reloads when it changes, not when another page does, and swaps its
// stylesheet without a reload.
func TestServeBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	p := startServe(t, tinySite)
	ctx := browser.New(t)
	tab := browser.Tab(t, ctx, browser.Options{JavaScript: true})
	if err := chromedp.Do(tab, chromedp.Navigate(p.url+"about/")); err != nil {
		t.Fatal(err)
	}
	version := `Number(document.querySelector("script[data-version]").dataset.version)`
	// A mark that a reload would wipe.
	mark := func() {
		t.Helper()
		if _, err := browser.Eval[bool](tab, "window.notReloaded = true"); err != nil {
			t.Fatal(err)
		}
	}
	v0, err := browser.Eval[int](tab, version)
	if err != nil {
		t.Fatal(err)
	}
	mark()

	// Another page changes: this one stays as it is, and is up to date.
	guide := p.read("content/guides/first-steps.md")
	p.write("content/guides/first-steps.md", strings.Replace(guide, "Press the button.", "Press the big button.", 1))
	if err := browser.Wait(tab, version+` > `+itoa(v0)); err != nil {
		t.Fatal(err)
	}
	if ok, _ := browser.Eval[bool](tab, "window.notReloaded === true"); !ok {
		t.Error("the page reloaded when another page changed")
	}

	// This page changes: it reloads.
	p.write("content/about.md", strings.Replace(p.read("content/about.md"), "We are a test.", "We reload.", 1))
	if err := browser.Wait(tab, `document.body.innerText.includes("We reload.")`); err != nil {
		t.Fatal(err)
	}
	if ok, _ := browser.Eval[bool](tab, "window.notReloaded === true"); ok {
		t.Error("the page changed without a reload")
	}
	// Wait for the reload to settle before marking the page, or a busy
	// machine makes the next step see a reload it did not cause.
	settle(t, tab, version)
	mark()

	// A stylesheet changes: it is swapped without a reload.
	p.write("static/css/site.css", "body { color: rgb(1, 2, 3); }\n")
	if err := browser.Wait(tab, `getComputedStyle(document.body).color === "rgb(1, 2, 3)"`); err != nil {
		t.Fatal(err)
	}
	if ok, _ := browser.Eval[bool](tab, "window.notReloaded === true"); !ok {
		t.Error("the page reloaded for a stylesheet")
	}

	// A broken page: every page reloads and shows the problem.
	p.write("content/guides/first-steps.md", "---\ntitle: [unclosed\n---\n")
	if err := browser.Wait(tab, `document.querySelector('#wayfinder-problems [role="alert"]') && document.body.innerText.includes("content/guides/first-steps.md:2:")`); err != nil {
		t.Fatal(err)
	}
	if ok, _ := browser.Eval[bool](tab, `document.body.innerText.includes("We reload.")`); !ok {
		t.Error("the last good page is not shown under the problems")
	}
	checkProblemsWithAxe(t, tab)
	p.write("content/guides/first-steps.md", guide)
	if err := browser.Wait(tab, `!document.querySelector("#wayfinder-problems")`); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkProblemsWithAxe runs axe-core's WCAG 2.2 AA and best-practice rules
// on the box of problems, when axe-core is installed (npm ci --prefix .ci).
func checkProblemsWithAxe(t *testing.T, tab context.Context) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", ".ci", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Logf("not checking the problems with axe-core: %v", err)
		return
	}
	const run = `;axe.run("#wayfinder-problems", {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, resultTypes: ["violations"]})
		.then((r) => r.violations.map((v) => v.id + ": " + v.help + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`
	violations, err := chromedp.Run(tab, chromedp.Evaluate[[]string](string(src)+run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	t.Logf("axe-core found %d problems in the box of problems", len(violations))
	for _, v := range violations {
		t.Errorf("axe-core: %s", v)
	}
}

// settle waits until the live-reload version the page sees has not changed
// for 700 ms, so background rebuilds have finished.
func settle(t *testing.T, tab context.Context, version string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last, since := -1, time.Now()
	for time.Now().Before(deadline) {
		v, err := browser.Eval[int](tab, version)
		if err != nil { // the page is reloading
			last, since = -1, time.Now()
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if v != last {
			last, since = v, time.Now()
		} else if time.Since(since) >= 700*time.Millisecond {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the site kept rebuilding for 20 seconds")
}
