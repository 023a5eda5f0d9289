package a11y

import (
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wayfinder-health/wayfinder/internal/browser"
	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/publish"
)

// The in-page scripts, each run once per page.
var (
	//go:embed testdata/axe.js
	axeRun string
	//go:embed testdata/focus.js
	focusScript string
	//go:embed testdata/reflow.js
	reflowScript string
	//go:embed testdata/spacing.js
	spacingScript string
)

var only = flag.String("pages", "", "check only the pages whose path contains this text, or any of these texts separated by commas (/ is the home page)")

const (
	repoRoot = "../.."
	// ciTools is where npm ci --prefix .ci installs axe-core and vnu-jar.
	ciTools = repoRoot + "/.ci/node_modules"
	axePath = ciTools + "/axe-core/axe.min.js"
	vnuPath = ciTools + "/vnu-jar/build/dist/vnu.jar"
	// chunk is how many pages one browser checks before the next browser
	// takes over: few enough that a browser stays well inside
	// browser.Timeout on a busy machine, enough that starting browsers
	// costs little.
	chunk = 20
	// narrow is the width reflow is checked at (WCAG 1.4.10); wide is a
	// desktop's.
	narrow = 320
	wide   = 1280
)

// need skips t, saying how to get what is missing, unless CI is set: CI
// installs every tool, so there a missing one fails the test.
func need(t *testing.T, ok bool, what, install string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing, and CI is set: %s", what, install)
	}
	t.Skipf("skipping: %s is missing (%s, or run .ci/a11y)", what, install)
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// readAxe returns the source of axe-core. It skips t, or fails it when
// CI is set, when axe-core is not installed.
func readAxe(t *testing.T) string {
	t.Helper()
	need(t, exists(axePath), "axe-core", "npm ci --prefix .ci")
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// built is the sample portal, built once for all the tests of a run by
// builtSite and removed by TestMain.
var built struct {
	once      sync.Once
	dir, base string
	err       error
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// builtSite returns the folder of the sample portal, built minified as
// wayfinder build publishes it, and the site's base path. The first call
// builds it; the tests that follow share it, and must not change it.
func builtSite(t *testing.T) (dir, basePath string) {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "a11y-portal-")
		if built.err == nil {
			built.base, built.err = buildPortal(filepath.Join(built.dir, "public"))
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return filepath.Join(built.dir, "public"), built.base
}

// buildSite builds the sample portal afresh into a temporary folder of
// t's own, for a test that adds to it, and returns the folder and the
// site's base path. Tests that only read the portal share builtSite's.
func buildSite(t *testing.T) (dir, basePath string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "public")
	base, err := buildPortal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, base
}

// buildPortal builds the sample portal, minified, into out.
func buildPortal(out string) (basePath string, err error) {
	root, err := os.OpenRoot(repoRoot)
	if err != nil {
		return "", err
	}
	defer root.Close()
	st, err := publish.Begin(out, publish.Minifier())
	if err != nil {
		return "", err
	}
	res := build.Run(context.Background(), root.FS(), build.Options{}, st.Write)
	if n := res.Diags.Errors(); n > 0 {
		st.Abort()
		return "", fmt.Errorf("the sample portal has %d errors:\n%v", n, res.Diags)
	}
	if err := st.Commit(); err != nil {
		return "", err
	}
	return res.Config.BasePath, nil
}

// pages lists the site's HTML pages as URL paths relative to its base:
// "", "about/", "404.html".
func pages(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(name) != ".html" {
			return err
		}
		if name == "index.html" {
			name = ""
		} else if rest, ok := strings.CutSuffix(name, "/index.html"); ok {
			name = rest + "/"
		}
		list = append(list, name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(list)
	return list
}

// pageName is how a page is named in reports.
func pageName(p string) string {
	if p == "" {
		return "/ (home)"
	}
	return "/" + p
}

type axeResult struct {
	Rules      int      `json:"rules"`
	Incomplete []string `json:"incomplete"`
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  string `json:"target"`
			Summary string `json:"summary"`
		} `json:"nodes"`
	} `json:"violations"`
}

type focusResult struct {
	Checked  int `json:"checked"`
	Problems []struct {
		Target string `json:"target"`
		Msg    string `json:"msg"`
	} `json:"problems"`
}

type reflowResult struct {
	Width       float64  `json:"width"`
	ScrollWidth float64  `json:"scrollWidth"`
	Wide        []string `json:"wide"`
}

// result is what the checks found on one page: each problem one line,
// filed under its check.
type result struct {
	problems   map[string][]string // by check: axe, keyboard, focus, reflow, spacing
	incomplete []string            // axe rules that could not decide
	focusables int
	err        error
}

func (r *result) add(check, format string, args ...any) {
	if r.problems == nil {
		r.problems = map[string][]string{}
	}
	r.problems[check] = append(r.problems[check], fmt.Sprintf(format, args...))
}

// checks are the names results file problems under, in report order.
var checks = []string{"axe", "keyboard", "focus", "reflow", "spacing"}

// TestBrowserChecks opens every page of the built sample portal in
// headless Chromium, with JavaScript on as most readers have it, and
// runs every check on it. Pages outside the finder are checked again
// with JavaScript off, since site.js changes them as they load (it
// collapses the steps of a step-by-step); a finder page loads the same
// either way.
//
// The pages are shared out among -tabs browsers, each checking one page
// at a time in its own tab. A browser that dies is replaced, and the
// page it was checking checked again (see TestBrowserDies).
func TestBrowserChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser checks in -short mode")
	}
	need(t, browser.Chromium() != "", "Chromium", "apt-get install chromium")
	axeSrc := readAxe(t)
	start := time.Now()
	dir, base := builtSite(t)
	list := pages(t, dir)
	if *only != "" {
		list = slices.DeleteFunc(list, func(p string) bool { return !matchesAny(p, *only) })
	}
	site := browser.Serve(t, os.DirFS(dir), base)

	// A job is one page, with JavaScript on or off. The pages checked
	// twice go first, so that no browser is left with a long page at the
	// end while the others wait.
	full := sampleFinder(t, dir, list)
	off := jsOffPages(t, dir, list, full)
	type job struct {
		i  int
		js bool
	}
	var jobs []job
	for i := range list {
		if off[i] {
			jobs = append(jobs, job{i, false})
		}
	}
	for i := range list {
		jobs = append(jobs, job{i, true})
	}
	queue := make(chan job, len(jobs))
	for _, j := range jobs {
		queue <- j
	}
	close(queue)

	type both struct {
		js, noJS     result
		done, noJSed bool
	}
	results := make([]both, len(list))
	times := newStepTimes()
	n := max(1, min(*tabs, len(jobs)))
	browsers := make([]context.Context, n)
	for w := range browsers {
		browsers[w] = browser.Start(t)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	retried := 0
	for w := range n {
		wg.Go(func() {
			var tab context.Context
			closeTab := func() {}
			defer func() { closeTab() }()
			// open opens a tab in this worker's browser; when that
			// browser no longer answers (in one process, it can die),
			// it starts another in its place.
			open := func() error {
				var err error
				if tab, closeTab, err = checkTab(browsers[w], axeSrc); err == nil {
					return nil
				}
				t.Logf("browser %d: opening a tab: %v; starting a new browser", w, err)
				if browsers[w], err = browser.Restart(t); err != nil {
					return err
				}
				tab, closeTab, err = checkTab(browsers[w], axeSrc)
				return err
			}
			for j := range queue {
				var r result
				// A page whose checks fail to run (the tab or the browser
				// stopped answering) is checked once more in a new tab,
				// and if need be a new browser; what the checks find is
				// never checked again.
				for try := 1; ; try++ {
					if tab == nil {
						if err := open(); err != nil {
							tab, closeTab = nil, func() {}
							t.Errorf("browser %d: %v", w, err)
							return // the other browsers take the pages left
						}
					}
					ctx, cancel := context.WithTimeout(tab, pageTimeout)
					r = checkPage(ctx, site+list[j.i], axeSrc, j.js, full[j.i], times)
					cancel()
					if r.err != nil {
						// The tab may be stuck: the next page gets a new one.
						closeTab()
						tab, closeTab = nil, func() {}
					}
					if r.err == nil || try == 2 {
						break
					}
					t.Logf("%s (JavaScript %v): %v; checking it again", pageName(list[j.i]), j.js, r.err)
					mu.Lock()
					retried++
					mu.Unlock()
				}
				mu.Lock()
				if j.js {
					results[j.i].js, results[j.i].done = r, true
				} else {
					results[j.i].noJS, results[j.i].noJSed = r, true
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	count := map[string]int{}
	rules, undecided := map[string]int{}, map[string]int{}
	focusables, noJS, sampled := 0, 0, 0
	for _, f := range full {
		if f {
			sampled++
		}
	}
	for i, b := range results {
		name := pageName(list[i])
		if !b.done {
			t.Errorf("%s: not checked: every browser failed", name)
		}
		for _, r := range []*result{&b.js, &b.noJS} {
			how := ""
			if r == &b.noJS {
				if !b.noJSed {
					continue // checked with JavaScript on only
				}
				how = " (JavaScript off)"
				noJS++
			}
			if r.err != nil {
				t.Errorf("%s%s: %v", name, how, r.err)
			}
			for _, c := range checks {
				for _, line := range r.problems[c] {
					t.Errorf("%s%s: %s: %s", name, how, c, line)
					count[c]++
					if c == "axe" {
						id, _, _ := strings.Cut(line, " ")
						rules[id]++
					}
				}
			}
			for _, id := range r.incomplete {
				undecided[id]++
			}
			focusables += r.focusables
		}
	}
	if *summary != "" {
		writeSummary(t, *summary, list, func(i int) []result { return []result{results[i].js, results[i].noJS} })
	}
	t.Logf("checked %d pages with JavaScript on and %d of them again with it off, in %d browsers, in %.1fs; %d pages got every check, the %d others (finder pages of a shape checked in full on another) all but the focus of each element and axe at 320px", len(list), noJS, n, time.Since(start).Seconds(), sampled, len(list)-sampled)
	t.Logf("found %d axe violations, %d skip-link or footer failures, %d of %d focus checks (each focusable element at 320px, at 1280px and with forced colours) without visible focus, %d reflow failures, %d text-spacing failures",
		count["axe"], count["keyboard"], count["focus"], focusables, count["reflow"], count["spacing"])
	if len(rules) > 0 {
		t.Logf("axe violations by rule: %v", rules)
	}
	if len(undecided) > 0 {
		t.Logf("axe rules that needed a person to decide, by pages: %v", undecided)
	}
	if retried > 0 {
		t.Logf("%d checks failed to run and ran again, in a new tab or browser", retried)
	}
	t.Logf("time per page, by step:\n%s", times)
}

// pageTimeout bounds the checks of one page, so that a page that hangs
// fails the test, naming the page, rather than the whole test binary.
const pageTimeout = time.Minute

// tabs is how many pages are checked at once, each in its own browser:
// one for each core. One more, as before December 2026, took the same
// time and more CPU: 85 and 88 CPU seconds for a sample of 55 checks on
// two cores, against 64 to 73 with two browsers.
var tabs = flag.Int("tabs", runtime.GOMAXPROCS(0), "check this many pages at once, each in its own browser")

// checkTab opens a tab for checkPage in browser b: axe-core is put into
// every page it loads before the page's own scripts run (rather than
// sent to each page once loaded, which took longer than loading the
// page), and the tab has focus as a window would, though headless has
// none.
func checkTab(b context.Context, axeSrc string) (context.Context, context.CancelFunc, error) {
	tab, cancel, err := browser.OpenTab(b, browser.Options{JavaScript: true, Width: narrow, Height: 800})
	if err != nil {
		return nil, nil, err
	}
	_, err = chromedp.Call(tab, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	if err == nil {
		_, err = chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axeSrc})
	}
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return tab, cancel, nil
}

// axeTags are the rule sets axe-core runs at 1280 pixels wide: WCAG 2.0,
// 2.1 and 2.2, levels A and AA, and axe's best practices (content in
// landmarks, one main landmark, headings in order, and the like), which
// go beyond WCAG but catch what assistive technology users trip on.
var axeTags = map[string]any{"type": "tag", "values": []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}}

// axeNarrow are the rules it runs again at 320 pixels, those whose
// outcome depends on the layout. Colour contrast could too, as text is
// smaller on a narrow screen, but the stylesheet gives text only colours
// that pass 4.5:1, the ratio for text of any size, and the rule costs as
// much as all the others together.
var axeNarrow = map[string]any{"type": "rule", "values": []string{"target-size", "scrollable-region-focusable"}}

// widthScript is the checks run at one width, in one call to the page:
// what the first Tab focused and the footer (at 320, where the page
// opens), reflow, the focus of every focusable element (if focus), then
// axe-core with the rules given (none if null). Without preload axe does
// not first read the stylesheets, which only css-orientation-lock (run
// at 1280) needs.
func widthScript(first, focus bool) string {
	var b strings.Builder
	b.WriteString("(async (runOnly, preload) => ({\n")
	if first {
		b.WriteString(`first: (() => {
	const a = document.activeElement;
	if (!a || a === document.body) return 'nothing';
	const r = a.getBoundingClientRect();
	if (a.getAttribute('href') === '#main-content' && r.width >= 10 && r.height >= 10) return 'ok';
	return a.outerHTML.slice(0, 120) + ' (' + Math.round(r.width) + '×' + Math.round(r.height) + ' px)';
})(),
footer: !!document.querySelector('footer a[href$="/accessibility-statement/"]'),
`)
	}
	b.WriteString("reflow: " + reflowScript + ",\n")
	if focus {
		b.WriteString("focus: " + focusScript + ",\n")
	}
	b.WriteString("axe: runOnly && await (" + axeRun + ")(runOnly, preload),\n}))")
	return b.String()
}

type widthResult struct {
	First  string       `json:"first"`
	Footer bool         `json:"footer"`
	Reflow reflowResult `json:"reflow"`
	Focus  focusResult  `json:"focus"`
	Axe    axeResult    `json:"axe"`
}

// checkPage runs every check on the page at url, in a tab from checkTab.
// It loads the page once, at 320 pixels wide, and checks: the first Tab,
// the footer, reflow, the focus of every focusable element and the
// axe-core rules that depend on the layout. Then at 1280: reflow, focus
// again, all of axe-core's WCAG A and AA rules and best practices, focus
// with forced colours, and last the text spacing of WCAG 1.4.12, which
// changes the page. With full false it leaves out the checks of each
// focusable element's focus and axe at 320 (see sampleFinder). It adds
// how long each step took to times, if not nil.
//
// With js false the page loads with JavaScript off, so its own scripts
// never run; JavaScript is turned back on once it has loaded, because
// the checks' scripts need timers.
func checkPage(tab context.Context, url, axeSrc string, js, full bool, times *stepTimes) (r result) {
	mode := "JavaScript on"
	if !js {
		mode = "JavaScript off"
	}
	t0, last := time.Now(), time.Now()
	step := func(name string) {
		now := time.Now()
		times.add(mode, name, now.Sub(last))
		last = now
	}
	defer func() { times.add(mode, "page", time.Since(t0)) }()
	fail := func(step string, err error) result {
		r.err = fmt.Errorf("%s: %w", step, err)
		return r
	}
	setJS := func(on bool) error {
		_, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}
	if err := setJS(js); err != nil {
		return fail("turning JavaScript on or off", err)
	}
	if err := chromedp.Do(tab, chromedp.EmulateViewport(narrow, 800), chromedp.Navigate(url)); err != nil {
		return fail("loading at 320px", err)
	}
	step("load")
	if !js {
		if err := setJS(true); err != nil {
			return fail("turning JavaScript on for the checks", err)
		}
		if ran, err := browser.Eval[bool](tab, `document.body.classList.contains('js-enabled')`); err != nil || ran {
			return fail("loading with JavaScript off", fmt.Errorf("site.js ran (%v)", err))
		}
	}
	// With JavaScript off the page was loaded without axe-core too.
	if ok, err := browser.Eval[bool](tab, `typeof axe === 'object'`); err != nil {
		return fail("looking for axe-core", err)
	} else if !ok {
		if _, err := browser.Eval[chromedp.Void](tab, axeSrc); err != nil {
			return fail("injecting axe-core", err)
		}
		step("inject axe")
	}

	// The first Tab from the top of a freshly loaded page.
	if err := browser.Press(tab, kb.Tab); err != nil {
		return fail("pressing Tab", err)
	}
	step("Tab")
	ws := [...]struct {
		width   int64
		runOnly map[string]any
		preload bool
	}{{narrow, axeNarrow, false}, {wide, axeTags, true}}
	if !full {
		ws[0].runOnly = nil
	}
	for k, w := range ws {
		if k > 0 {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(w.width, 800)); err != nil {
				return fail("resizing", err)
			}
			step("resize")
		}
		arg, err := json.Marshal(w.runOnly)
		if err != nil {
			return fail("running axe-core", err)
		}
		script := widthScript(k == 0, full)
		wr, err := chromedp.Run(tab, chromedp.Evaluate[widthResult]("("+script+")("+string(arg)+", "+fmt.Sprint(w.preload)+")", chromedp.EvalAwaitPromise))
		if err != nil {
			return fail(fmt.Sprintf("checking at %dpx", w.width), err)
		}
		step(fmt.Sprintf("checks at %d", w.width))
		if w.width == narrow {
			if wr.First != "ok" {
				r.add("keyboard", "the first Tab focuses %s, not a visible skip link to #main-content", wr.First)
			}
			if !wr.Footer {
				r.add("keyboard", "the footer has no link to the accessibility statement")
			}
		}
		if rf := wr.Reflow; rf.ScrollWidth > rf.Width {
			msg := fmt.Sprintf("at %dpx wide the page scrolls sideways (scrollWidth %.0f)", w.width, rf.ScrollWidth)
			if len(rf.Wide) > 0 {
				msg += ": " + strings.Join(rf.Wide, "; ")
			}
			r.add("reflow", "%s", msg)
		}
		r.focusables += wr.Focus.Checked
		for _, p := range wr.Focus.Problems {
			r.add("focus", "at %dpx: %s: %s", w.width, p.Target, p.Msg)
		}
		if w.runOnly == nil {
			continue
		}
		if wr.Axe.Rules == 0 {
			return fail("running axe-core", fmt.Errorf("no rules ran at %dpx", w.width))
		}
		r.incomplete = append(r.incomplete, wr.Axe.Incomplete...)
		for _, v := range wr.Axe.Violations {
			for _, n := range v.Nodes {
				r.add("axe", "%s (%s) at %dpx: %s: %s: %s", v.ID, v.Impact, w.width, v.Help, n.Target, n.Summary)
			}
		}
	}

	if full {
		// With forced colours (Windows High Contrast) the browser drops
		// shadows and backgrounds, so focus must show as an outline.
		forced := func(on bool) error {
			p := emulation.SetEmulatedMediaParams{}
			if on {
				p.Features = []*emulation.MediaFeature{{Name: "forced-colors", Value: "active"}}
			}
			_, err := chromedp.Call(tab, emulation.SetEmulatedMedia, p)
			return err
		}
		if err := forced(true); err != nil {
			return fail("emulating forced colours", err)
		}
		fr, err := browser.Eval[focusResult](tab, focusScript)
		if err != nil {
			return fail("checking focus with forced colours", err)
		}
		if err := forced(false); err != nil {
			return fail("emulating forced colours", err)
		}
		step("focus with forced colours")
		r.focusables += fr.Checked
		for _, p := range fr.Problems {
			r.add("focus", "at %dpx with forced colours: %s: %s", wide, p.Target, p.Msg)
		}
	}

	sp, err := browser.Eval[[]string](tab, spacingScript)
	if err != nil {
		return fail("checking text spacing", err)
	}
	step("text spacing")
	for _, p := range sp {
		r.add("spacing", "with WCAG 1.4.12 text spacing, %s", p)
	}
	return r
}

// stepTimes collects how long each step of checkPage took, for the log:
// where the time goes is what to look at first when the checks get slow.
type stepTimes struct {
	mu    sync.Mutex
	order []string
	by    map[string][]time.Duration
}

func newStepTimes() *stepTimes { return &stepTimes{by: map[string][]time.Duration{}} }

func (s *stepTimes) add(mode, step string, d time.Duration) {
	if s == nil {
		return
	}
	key := mode + ": " + step
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.by[key]; !ok {
		s.order = append(s.order, key)
	}
	s.by[key] = append(s.by[key], d)
}

// String gives each step's median, 90th percentile and total.
func (s *stepTimes) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, k := range s.order {
		ds := slices.Sorted(slices.Values(s.by[k]))
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		fmt.Fprintf(&b, "  %-40s %5d× median %7.1f ms, p90 %7.1f ms, total %6.1f s\n", k, len(ds), ms(ds[len(ds)/2]), ms(ds[len(ds)*9/10]), sum.Seconds())
	}
	return b.String()
}
