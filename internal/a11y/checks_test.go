package a11y

// Proof that the browser checks find what they are for, and that the
// suite survives a browser that dies.

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/wayfinder-health/wayfinder/internal/browser"
)

// TestChecksFind proves that each check finds what it is for, on a page
// made to fail every one, and passes a page made to pass them all.
func TestChecksFind(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser checks in -short mode")
	}
	need(t, browser.Chromium() != "", "Chromium", "apt-get install chromium")
	axeSrc := readAxe(t)
	const css = `body { font: 16px/1.5 sans-serif; color: #111; margin: 0; }
.skip:not(:focus) { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
.skip { display: block; background: #fd3; outline: 3px solid #111; }
a:focus-visible { outline: 3px solid #111; }
.bare:focus { outline: none; }
.shadow:focus { outline: none; box-shadow: 0 0 0 4px #111; }
.wide { width: 600px; }
.box { height: 1.5em; overflow: hidden; width: 200px; }
.faint { color: #bbb; }`
	good := `<!DOCTYPE html><html lang="en"><head><title>Good</title><style>` + css + `</style></head><body>
<a class="skip" href="#main-content">Skip to main content</a>
<header><a href="./">Home</a></header><main id="main-content"><h1>Good</h1><p>Text.</p></main>
<footer><a href="/accessibility-statement/">Accessibility statement</a></footer></body></html>`
	bad := `<!DOCTYPE html><html lang="en"><head><title>Bad</title><style>` + css + `</style></head><body>
<header><a class="bare" href="./">Home</a> <a class="shadow" href="./">Shadow</a></header><p><a href="./">Back</a> outside every landmark</p><main id="main-content"><h1>Bad</h1>
<p class="faint">Faint text.</p><div class="wide">Wide</div><p class="box">A box far too short for these many words of text.</p></main>
<footer></footer></body></html>`
	site := browser.Serve(t, fstest.MapFS{
		"good.html": {Data: []byte(good)},
		"bad.html":  {Data: []byte(bad)},
	}, "/")
	// A browser as TestBrowserChecks starts them (one process), so
	// that the checks are proved in the browser they run in.
	tab, closeTab, err := checkTab(browser.Start(t), axeSrc)
	if err != nil {
		t.Fatal(err)
	}
	defer closeTab()
	tab, cancel := context.WithTimeout(tab, browser.Timeout)
	defer cancel()
	for _, js := range []bool{true, false} {
		r := checkPage(tab, site+"good.html", axeSrc, js, true, nil)
		if r.err != nil || r.problems != nil {
			t.Errorf("good page, JavaScript %v: %v %v", js, r.err, r.problems)
		}
		if r.focusables != 9 {
			t.Errorf("good page: %d focusable elements checked, want 9 (3 at each width, and with forced colours)", r.focusables)
		}
	}
	r := checkPage(tab, site+"bad.html", axeSrc, true, true, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := map[string]string{
		"axe":      "color-contrast",
		"keyboard": "not a visible skip link",
		"focus":    "a.bare",
		"reflow":   "div.wide",
		"spacing":  "p.box",
	}
	for _, c := range checks {
		if got := strings.Join(r.problems[c], "\n"); !strings.Contains(got, want[c]) {
			t.Errorf("bad page: %s found %q, want a problem naming %q", c, got, want[c])
		}
	}
	// A best practice beyond WCAG: all content in landmarks, as the
	// finder's back link once was not.
	if got := strings.Join(r.problems["axe"], "\n"); !strings.Contains(got, "region (") {
		t.Errorf("bad page: axe found %q, want the region rule's content outside landmarks", got)
	}
	if got := strings.Join(r.problems["focus"], "\n"); !strings.Contains(got, "with forced colours: a.shadow") || strings.Contains(got, "1280px: a.shadow") {
		t.Errorf("bad page: focus found %q, want a.shadow only with forced colours", got)
	}
	if got := r.problems["keyboard"]; len(got) != 2 || !strings.Contains(got[1], "accessibility statement") {
		t.Errorf("bad page: keyboard found %q, want the missing skip link and footer link", got)
	}

	// A finder page of a shape checked in full elsewhere gets every check
	// but those of each element's focus.
	r = checkPage(tab, site+"bad.html", axeSrc, true, false, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	for _, c := range checks {
		got := strings.Join(r.problems[c], "\n")
		if c == "focus" {
			if got != "" || r.focusables != 0 {
				t.Errorf("bad page, not in full: focus found %q in %d elements, want it not run", got, r.focusables)
			}
		} else if !strings.Contains(got, want[c]) {
			t.Errorf("bad page, not in full: %s found %q, want a problem naming %q", c, got, want[c])
		}
	}
}

// TestBrowserDies proves what TestBrowserChecks relies on when a browser
// run as one process dies mid-run: the dead browser's tab fails, it
// cannot open another, and a browser from browser.Restart checks the
// page.
func TestBrowserDies(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser checks in -short mode")
	}
	need(t, browser.Chromium() != "", "Chromium", "apt-get install chromium")
	axeSrc := readAxe(t)
	const good = `<!DOCTYPE html><html lang="en"><head><title>Good</title></head><body>
<a href="#main-content">Skip to main content</a><main id="main-content"><h1>Good</h1><p>Text.</p></main>
<footer><a href="/accessibility-statement/">Accessibility statement</a></footer></body></html>`
	site := browser.Serve(t, fstest.MapFS{"good.html": {Data: []byte(good)}}, "/")
	b := browser.Start(t)
	tab, closeTab, err := checkTab(b, axeSrc)
	if err != nil {
		t.Fatal(err)
	}
	defer closeTab()
	// Browser.crash ends the browser as a crash would; the call itself
	// gets no answer.
	ctx, cancel := context.WithTimeout(tab, 2*time.Second)
	chromedp.CallBrowser(ctx, cdpbrowser.Crash, cdp.Empty{})
	cancel()
	ctx, cancel = context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	if r := checkPage(ctx, site+"good.html", axeSrc, true, true, nil); r.err == nil {
		t.Fatal("a page in a crashed browser was checked without error")
	}
	if _, closeTab, err := checkTab(b, axeSrc); err == nil {
		closeTab()
		t.Fatal("a crashed browser opened a tab")
	}
	b, err = browser.Restart(t)
	if err != nil {
		t.Fatal(err)
	}
	tab2, closeTab2, err := checkTab(b, axeSrc)
	if err != nil {
		t.Fatal(err)
	}
	defer closeTab2()
	r := checkPage(tab2, site+"good.html", axeSrc, true, true, nil)
	if r.err != nil || r.focusables == 0 {
		t.Errorf("the new browser: %v, %d focusable elements checked, want no error and some", r.err, r.focusables)
	}
}
