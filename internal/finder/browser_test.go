package finder_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wayfinder-health/wayfinder/internal/browser"
	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/finder"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// finderData is the part of a finder's JSON the browser test reads to
// know the addresses and labels to expect.
type finderData struct {
	Path         string `json:"path"`
	ResultsTitle string `json:"resultsTitle"`
	Questions    []struct {
		ID       string `json:"id"`
		Question string `json:"question"`
		Answers  []struct {
			Value string `json:"value"`
			Label string `json:"label"`
		} `json:"answers"`
	} `json:"questions"`
	Skip []string `json:"skip"`
}

// asks reports whether the question after the answers so far is asked.
func (d *finderData) asks(answers []int) bool {
	var k []string
	for _, a := range answers {
		k = append(k, fmt.Sprint(a))
	}
	return !slices.Contains(d.Skip, strings.Join(k, "."))
}

// backFrom is the URL of the last question answered before the page
// after answers, or of the start page.
func (d *finderData) backFrom(answers []int) string {
	for k := len(answers) - 1; k >= 0; k-- {
		if answers[k] >= 0 {
			return d.after(answers[:k])
		}
	}
	return d.Path
}

func (d *finderData) index(qi int, value string) int {
	for i, a := range d.Questions[qi].Answers {
		if a.Value == value {
			return i
		}
	}
	panic(fmt.Sprintf("question %d has no answer %q", qi+1, value))
}

// after is the URL of the page after the answers so far.
func (d *finderData) after(answers []int) string {
	if len(answers) == 0 {
		return d.Path + d.Questions[0].ID + "/"
	}
	s := d.Path
	for qi, ai := range answers {
		if ai >= 0 {
			s += d.Questions[qi].ID + "-" + d.Questions[qi].Answers[ai].Value + "/"
		}
	}
	return s
}

// labels returns the answers given, leaving out the questions not asked.
func (d *finderData) labels(answers []int) []string {
	var out []string
	for qi, ai := range answers {
		if ai >= 0 {
			out = append(out, d.Questions[qi].Answers[ai].Label)
		}
	}
	return out
}

// portal is the sample portal, built and served for a browser.
type portal struct {
	base    string // the URL of its home page
	origin  string // scheme, host and port
	finders map[string]*finderData
	// results holds, by result URL, the titles the generated page lists
	// and whether they are the closest rather than good matches.
	results map[string][]string
	closest map[string]bool
	towards map[string][]string // the titles shown as needing a registration first
}

func servePortal(t *testing.T) *portal {
	t.Helper()
	var c sitetest.Collect
	res := build.Run(t.Context(), os.DirFS(root), build.Options{}, c.Sink)
	if n := res.Diags.Errors(); n > 0 {
		t.Fatalf("building the sample portal: %d errors:\n%v", n, res.Diags)
	}
	fsys := fstest.MapFS{}
	for name, data := range c.Files {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	p := &portal{finders: map[string]*finderData{}, results: map[string][]string{}, closest: map[string]bool{}, towards: map[string][]string{}}
	p.base = browser.Serve(t, fsys, res.Config.BasePath)
	p.origin = strings.TrimSuffix(p.base, res.Config.BasePath)
	all := finder.Combinations(res.Index)
	for _, lx := range res.Index.Langs() {
		maps.Copy(all, finder.Combinations(lx))
	}
	for jsonURL, combos := range all {
		var d finderData
		if err := json.Unmarshal(c.Files[strings.TrimPrefix(jsonURL, res.Config.BasePath)], &d); err != nil {
			t.Fatalf("reading %s: %v", jsonURL, err)
		}
		p.finders[d.Path] = &d
		for _, cb := range combos {
			var titles []string
			for _, m := range cb.Outcome.Matches {
				titles = append(titles, m.Page.Title)
			}
			p.results[cb.Path] = titles
			for _, tw := range cb.Outcome.Towards {
				p.towards[cb.Path] = append(p.towards[cb.Path], tw.Page.Title)
			}
			p.closest[cb.Path] = cb.Outcome.Closest
		}
	}
	return p
}

// journey is one way through a finder, and a question whose answer is
// then changed.
type journey struct {
	finder  string   // the finder's start page, below the base path
	answers []string // an answer value for each question, "" where it is not asked
	change  int      // the question to change on the result page
	to      string   // the answer to change it to
	// then answers the question that the change makes the finder ask;
	// "" when it asks none.
	then string
}

var journeys = []journey{
	{"finder/", []string{"clinical", "data", "manager"}, 1, "leadership", ""},
	{"finder/", []string{"technical", "systems", "senior-leader"}, 2, "practitioner", ""},
	{"finder/", []string{"neither", "medicines", "starting-out"}, 0, "clinical", ""}, // nothing fits: the closest
	// Where you live is asked only where it changes the advice: a change
	// of goal adds the question, or drops it.
	{"finder/start-here/", []string{"first-steps", "get-online", ""}, 1, "nhs-app", "wales"},
	{"finder/start-here/", []string{"first-steps", "urgent", "england"}, 1, "stay-safe", ""},
	{"finder/start-here/", []string{"getting-confident", "gp-appointment", "wales"}, 0, "confident", ""},
	{"finder/start-here/", []string{"confident", "urgent", "scotland"}, 2, "northern-ireland", ""},
	// The Welsh finder, drawn by the script in Welsh: the word-for-word
	// comparison holds its words to the Welsh string table's.
	{"cy/finder/start-here/", []string{"first-steps", "stay-safe", ""}, 1, "records", "scotland"},
	{"cy/finder/start-here/", []string{"getting-confident", "prescription", "wales"}, 2, "england", ""},
}

// TestBrowser completes each finder by keyboard alone, with JavaScript
// off and on, along three journeys each: it checks each question page,
// the result against the generated one, the Change page (other answers
// kept, the earlier answer marked), the browser's Back button and the
// page's back link.
func TestBrowser(t *testing.T) {
	ctx := browser.New(t)
	p := servePortal(t)
	for _, js := range []bool{false, true} {
		name := "javascript off"
		if js {
			name = "javascript on"
		}
		t.Run(name, func(t *testing.T) {
			tab := browser.Tab(t, ctx, browser.Options{JavaScript: js})
			for _, j := range journeys {
				p.walk(t, tab, js, j)
			}
		})
	}
}

// page waits until the tab shows path, then returns its h1.
func (p *portal) page(t *testing.T, tab context.Context, path string) string {
	t.Helper()
	if err := browser.Wait(tab, fmt.Sprintf(`location.pathname === %q && document.readyState === 'complete' && document.querySelector('h1')`, path)); err != nil {
		got, _ := browser.Eval[string](tab, `location.pathname`)
		t.Fatalf("at %s: %v", got, err)
	}
	h1, err := browser.Eval[string](tab, `document.querySelector('h1').textContent.trim()`)
	if err != nil {
		t.Fatal(err)
	}
	return h1
}

// follow presses Tab until the link to href has focus, then Enter, and
// waits for the page at href.
func (p *portal) follow(t *testing.T, tab context.Context, js bool, href string) string {
	t.Helper()
	if err := browser.TabTo(tab, href); err != nil {
		t.Fatal(err)
	}
	if err := browser.Press(tab, kb.Enter); err != nil {
		t.Fatal(err)
	}
	h1 := p.page(t, tab, href)
	if js {
		p.enhanced(t, tab, h1)
	}
	return h1
}

// back presses the browser's Back button and waits for the page at href.
func (p *portal) back(t *testing.T, tab context.Context, href string) string {
	t.Helper()
	if _, err := browser.Eval[any](tab, `history.back()`); err != nil {
		t.Fatal(err)
	}
	return p.page(t, tab, href)
}

// enhanced checks that the script, not a page load, showed the page:
// the marker set on load is still there, focus is on the new h1, and the
// change was announced.
func (p *portal) enhanced(t *testing.T, tab context.Context, h1 string) {
	t.Helper()
	if ok, _ := browser.Eval[bool](tab, `window.wayfinderTest === 1`); !ok {
		t.Errorf("%s: the page was loaded again; the script should have shown it", h1)
	}
	if focus, _ := browser.Eval[string](tab, `document.activeElement.tagName`); focus != "H1" {
		t.Errorf("%s: focus is on %s, want the h1", h1, focus)
	}
	if err := browser.Wait(tab, `document.getElementById('finder-status').textContent !== ''`); err != nil {
		t.Errorf("%s: nothing was announced: %v", h1, err)
	}
}

func (p *portal) start(t *testing.T, tab context.Context, js bool, url string) {
	t.Helper()
	if _, err := browser.Eval[any](tab, fmt.Sprintf(`location.assign(%q)`, url)); err != nil {
		t.Fatal(err)
	}
	p.page(t, tab, strings.TrimPrefix(url, p.origin))
	if js {
		if err := browser.Wait(tab, `document.querySelector('#finder.finder--js')`); err != nil {
			t.Fatalf("the finder script did not start: %v", err)
		}
		if _, err := browser.Eval[any](tab, `window.wayfinderTest = 1`); err != nil {
			t.Fatal(err)
		}
	}
}

func (p *portal) walk(t *testing.T, tab context.Context, js bool, j journey) {
	t.Helper()
	d := p.finders[strings.TrimSuffix(p.base, "/")[len(p.origin):]+"/"+j.finder]
	if d == nil {
		t.Fatalf("no finder at %s", j.finder)
	}
	var answers []int
	for qi, v := range j.answers {
		if d.asks(answers) != (v != "") {
			t.Fatalf("%s: the journey answers question %d with %q, but the finder asks it: %v", j.finder, qi+1, v, d.asks(answers))
		}
		if v == "" {
			answers = append(answers, -1)
		} else {
			answers = append(answers, d.index(qi, v))
		}
	}
	p.start(t, tab, js, p.origin+d.Path)

	// The start page's "Start now", then one question per page, for the
	// questions asked.
	h1 := p.follow(t, tab, js, d.after(nil))
	for qi := range d.Questions {
		if answers[qi] < 0 {
			continue
		}
		if h1 != d.Questions[qi].Question {
			t.Fatalf("%s: h1 is %q, want %q", d.after(answers[:qi]), h1, d.Questions[qi].Question)
		}
		if title, _ := browser.Eval[string](tab, `document.title`); !strings.HasPrefix(title, h1+" – ") {
			t.Errorf("%s: title %q does not start with the question", d.after(answers[:qi]), title)
		}
		if got, _ := browser.Eval[string](tab, `document.querySelector('.back-link').getAttribute('href')`); got != d.backFrom(answers[:qi]) {
			t.Errorf("%s: back link leads to %s, want %s", d.after(answers[:qi]), got, d.backFrom(answers[:qi]))
		}
		h1 = p.follow(t, tab, js, d.after(answers[:qi+1]))
	}

	// The result.
	result := d.after(answers)
	p.checkResult(t, tab, d, result, d.labels(answers))

	// Change one answer: the Change page marks the answer given, and its
	// links keep the other answers, adding or dropping the questions
	// the new answer makes the finder ask or not.
	change := result + "change-" + d.Questions[j.change].ID + "/"
	if h1 := p.follow(t, tab, js, change); h1 != d.Questions[j.change].Question {
		t.Errorf("%s: h1 is %q, want %q", change, h1, d.Questions[j.change].Question)
	}
	old := d.Questions[j.change].Answers[answers[j.change]].Label
	p.checkMarked(t, tab, change, old)
	changed := slices.Clone(answers[:j.change])
	changed = append(changed, d.index(j.change, j.to))
	for k := j.change + 1; k < len(answers); k++ {
		switch {
		case !d.asks(changed):
			changed = append(changed, -1)
		case answers[k] >= 0:
			changed = append(changed, answers[k])
		}
		if len(changed) == k { // a question now asked that had no answer
			break
		}
	}
	h1 = p.follow(t, tab, js, d.after(changed))
	if len(changed) < len(answers) {
		k := len(changed)
		if j.then == "" || h1 != d.Questions[k].Question {
			t.Fatalf("%s: after the change the page is %q; the journey expects the finder to ask %q", d.after(changed), h1, j.then)
		}
		changed = append(changed, d.index(k, j.then))
		for len(changed) < len(answers) {
			changed = append(changed, -1)
		}
		p.follow(t, tab, js, d.after(changed))
	} else if j.then != "" {
		t.Fatalf("%s: the change asked no question, but the journey expects %q", d.after(changed), j.then)
	}
	p.checkResult(t, tab, d, d.after(changed), d.labels(changed))

	// Back to the Change page, then to the first result, answers intact.
	if j.then != "" {
		p.back(t, tab, d.after(changed[:len(changed)-1]))
	}
	p.back(t, tab, change)
	p.checkMarked(t, tab, change, old)
	p.back(t, tab, result)
	p.checkResult(t, tab, d, result, d.labels(answers))

	// The page's own back link leads to the last question answered.
	last := d.backFrom(answers)
	lastQ := len(answers) - 1
	for answers[lastQ] < 0 {
		lastQ--
	}
	if h1 := p.follow(t, tab, js, last); h1 != d.Questions[lastQ].Question {
		t.Errorf("%s: h1 is %q, want the last question asked", last, h1)
	}
}

// checkResult checks a result page against the generated one: the same
// pages in the same order, and "Your answers" holding every answer.
func (p *portal) checkResult(t *testing.T, tab context.Context, d *finderData, path string, labels []string) {
	t.Helper()
	if h1 := p.page(t, tab, path); h1 != d.ResultsTitle {
		t.Errorf("%s: h1 is %q, want %q", path, h1, d.ResultsTitle)
	}
	titles, err := browser.Eval[[]string](tab, `[...document.querySelectorAll('.finder-result__title a')].map(a => a.textContent.trim())`)
	if err != nil {
		t.Fatal(err)
	}
	if want := p.results[path]; !slices.Equal(titles, want) || len(titles) == 0 {
		t.Errorf("%s lists %q, want %q", path, titles, want)
	}
	towards, err := browser.Eval[[]string](tab, `[...document.querySelectorAll('.finder-toward__title a')].map(a => a.textContent.trim())`)
	if err != nil {
		t.Fatal(err)
	}
	if want := p.towards[path]; !slices.Equal(towards, want) {
		t.Errorf("%s lists %q as needing a registration first, want %q", path, towards, want)
	}
	closest, _ := browser.Eval[bool](tab, `!!document.querySelector('.finder-closest')`)
	if closest != p.closest[path] {
		t.Errorf("%s: shows the closest matches %v, want %v", path, closest, p.closest[path])
	}
	given, err := browser.Eval[[]string](tab, `[...document.querySelectorAll('.finder-given__row')].map(r => r.querySelector('dd').textContent.trim())`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(given, labels) {
		t.Errorf("%s: your answers are %q, want %q", path, given, labels)
	}
	// What the page shows is word for word the generated page, whether
	// the script drew it or not.
	same, err := chromedp.Run(tab, chromedp.Evaluate[string](`(async () => {
		// Each text node apart, as the layout puts line breaks between
		// elements where the script puts none.
		const norm = el => {
			const w = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT), out = [];
			while (w.nextNode()) out.push(w.currentNode.data);
			return out.join(' ').replace(/\s+/g, ' ').trim();
		};
		const html = await (await fetch(location.pathname, {cache: 'no-store'})).text();
		const doc = new DOMParser().parseFromString(html, 'text/html');
		const want = norm(doc.getElementById('finder')), got = norm(document.getElementById('finder'));
		if (want === got) return 'ok';
		let i = 0;
		while (i < want.length && want[i] === got[i]) i++;
		return 'differs at ' + i + ': page ' + JSON.stringify(want.slice(Math.max(0, i - 40), i + 80)) + ', shown ' + JSON.stringify(got.slice(Math.max(0, i - 40), i + 80));
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if same != "ok" {
		t.Errorf("%s: the text shown is not the generated page's: %s", path, same)
	}
	hidden, _ := browser.Eval[[]string](tab, `[...document.querySelectorAll('.finder-given__change a .visually-hidden')].map(s => s.textContent.trim())`)
	if len(hidden) != len(labels) {
		t.Errorf("%s: %d Change links name their question, want %d", path, len(hidden), len(labels))
	}
}

// checkMarked checks that a Change page marks the earlier answer, and
// only that one.
func (p *portal) checkMarked(t *testing.T, tab context.Context, path, label string) {
	t.Helper()
	marked, err := browser.Eval[[]string](tab, `[...document.querySelectorAll('.finder-answer[aria-current="true"] .finder-answer__label')].map(s => s.textContent.trim())`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(marked, []string{label}) {
		t.Errorf("%s marks %q, want %q", path, marked, label)
	}
}

// TestBrowserLayout measures the answer links at 320 and 1280 pixels
// wide: full width and at least 44 pixels tall, with no sideways scroll.
// It also checks that finder pages have no form, and that an unknown
// finder address gets the not-found page with a "Start again" link.
func TestBrowserLayout(t *testing.T) {
	ctx := browser.New(t)
	p := servePortal(t)
	for _, width := range []int64{320, 1280} {
		tab := browser.Tab(t, ctx, browser.Options{Width: width})
		for _, path := range []string{"finder/background/", "finder/start-here/confidence/", "finder/background-technical/interest-data/stage-manager/change-interest/"} {
			url := p.base + path
			p.start(t, tab, false, url)
			type box struct{ W, H, Parent float64 }
			boxes, err := browser.Eval[[]box](tab, `[...document.querySelectorAll('.finder-answer')].map(a => {
				const r = a.getBoundingClientRect(), pr = a.parentElement.parentElement.getBoundingClientRect();
				return {W: r.width, H: r.height, Parent: pr.width};
			})`)
			if err != nil || len(boxes) < 2 {
				t.Fatalf("%s at %dpx: measuring answers: %v (%d answers)", path, width, err, len(boxes))
			}
			for i, b := range boxes {
				if b.H < 44 || b.W < b.Parent-1 {
					t.Errorf("%s at %dpx: answer %d is %.0f×%.0f px, want full width (%.0f) and at least 44 tall", path, width, i+1, b.W, b.H, b.Parent)
				}
			}
			if over, _ := browser.Eval[bool](tab, `document.documentElement.scrollWidth > window.innerWidth`); over {
				t.Errorf("%s at %dpx: the page scrolls sideways", path, width)
			}
			if forms, _ := browser.Eval[int](tab, `document.forms.length + document.querySelectorAll('nav[aria-label="Breadcrumb"]').length`); forms != 0 {
				t.Errorf("%s has a form or breadcrumbs", path)
			}
			// The back link is inside <main>, so in a landmark (axe's
			// region rule), and comes before the heading.
			if where, _ := browser.Eval[string](tab, `(() => {
				const b = document.querySelector('.back-link'), h = document.querySelector('main h1');
				if (!b) return 'missing';
				if (!b.closest('main')) return 'outside <main>';
				if (!h || !(b.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)) return 'after the heading';
				return 'ok';
			})()`); where != "ok" {
				t.Errorf("%s: the back link is %s, want inside <main> before the heading", path, where)
			}
		}
	}

	tab := browser.Tab(t, ctx, browser.Options{})
	p.start(t, tab, false, p.base+"finder/background-nurse/interest-data/")
	h1, _ := browser.Eval[string](tab, `document.querySelector('h1').textContent`)
	again, _ := browser.Eval[string](tab, `[...document.querySelectorAll('main a')].filter(a => a.textContent.startsWith('Start again')).map(a => a.getAttribute('href')).join(' ')`)
	if h1 != "Page not found" || !strings.Contains(again, "/finder/") {
		t.Errorf("an unknown finder address shows %q with Start again links %q, want the not-found page with one to the finder", h1, again)
	}
}
