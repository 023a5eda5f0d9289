package a11y

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wayfinder-health/wayfinder/internal/browser"
)

// TestFinderScripted walks each finder with JavaScript on. There,
// finder.js draws each question, result and Change page in place rather
// than loading its page, so this checks what it draws: axe-core's WCAG A
// and AA rules and the focus of every focusable element, on every state
// of one walk through each finder (the first answer each time, then a
// Change link).
func TestFinderScripted(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser checks in -short mode")
	}
	need(t, browser.Chromium() != "", "Chromium", "apt-get install chromium")
	axeSrc := readAxe(t)
	dir, base := builtSite(t)
	var starts []string
	for _, p := range pages(t, dir) {
		// The finders in every language: finder.js draws the Welsh one
		// in Welsh.
		p0 := strings.TrimPrefix(p, "cy/")
		if !strings.HasPrefix(p0, "finder/") || strings.Count(p0, "/") > 2 {
			continue
		}
		b, err := os.ReadFile(dir + "/" + p + "index.html")
		if err == nil && strings.Contains(string(b), "data-finder-json") && strings.Contains(string(b), "button--start") {
			starts = append(starts, p)
		}
	}
	if len(starts) == 0 {
		t.Fatal("no finder start pages in the built portal")
	}
	site := browser.Serve(t, os.DirFS(dir), base)
	tab := browser.Tab(t, browser.New(t), browser.Options{JavaScript: true})
	if _, err := chromedp.Call(tab, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	arg, err := json.Marshal(axeTags)
	if err != nil {
		t.Fatal(err)
	}
	drawn := 0
	for _, start := range starts {
		if err := chromedp.Do(tab, chromedp.Navigate(site+start)); err != nil {
			t.Fatal(err)
		}
		// A mark that survives only while finder.js draws the pages.
		if _, err := browser.Eval[chromedp.Void](tab, `window.a11yMark = 1`); err != nil {
			t.Fatal(err)
		}
		next, changed := `document.querySelector('#finder a.button--start')`, false
		for step := 0; step < 12; step++ {
			before, err := browser.Eval[string](tab, `location.pathname`)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := browser.Eval[bool](tab, `(() => { const a = `+next+`; if (a) a.click(); return !!a; })()`); err != nil || !ok {
				break
			}
			if err := browser.Wait(tab, fmt.Sprintf(`location.pathname !== %q && document.readyState === 'complete' && document.querySelector('h1')`, before)); err != nil {
				t.Fatalf("%s: %v", before, err)
			}
			time.Sleep(50 * time.Millisecond) // let the script finish drawing
			where, _ := browser.Eval[string](tab, `location.pathname`)
			if mark, _ := browser.Eval[bool](tab, `window.a11yMark === 1`); !mark {
				t.Logf("%s: loaded as a page, not drawn by finder.js", where)
				if _, err := browser.Eval[chromedp.Void](tab, `window.a11yMark = 1`); err != nil {
					t.Fatal(err)
				}
			} else {
				drawn++
			}
			if ok, _ := browser.Eval[bool](tab, `typeof axe !== 'undefined'`); !ok {
				if _, err := browser.Eval[chromedp.Void](tab, axeSrc); err != nil {
					t.Fatal(err)
				}
			}
			fr, err := browser.Eval[focusResult](tab, focusScript)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range fr.Problems {
				t.Errorf("%s (drawn by finder.js): focus: %s: %s", where, p.Target, p.Msg)
			}
			ar, err := chromedp.Run(tab, chromedp.Evaluate[axeResult]("("+axeRun+")("+string(arg)+")", chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range ar.Violations {
				for _, n := range v.Nodes {
					t.Errorf("%s (drawn by finder.js): axe %s (%s): %s: %s: %s", where, v.ID, v.Impact, v.Help, n.Target, n.Summary)
				}
			}
			switch {
			case changed:
				next = `null`
			case must(browser.Eval[bool](tab, `!!document.querySelector('#finder .finder-answers a')`)):
				next = `document.querySelector('#finder .finder-answers a')`
			default: // a result: follow its first Change link, once
				next, changed = `document.querySelector('#finder a[href*="/change-"]')`, true
			}
		}
	}
	if drawn == 0 {
		t.Fatal("finder.js drew no page: the walk checked only loaded pages")
	}
	t.Logf("checked %d finder states drawn by finder.js, in %d finders", drawn, len(starts))
}

func must[T any](v T, _ error) T { return v }
