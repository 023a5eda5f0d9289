package a11y

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wayfinder-health/wayfinder/internal/browser"
	"github.com/wayfinder-health/wayfinder/internal/i18n"
)

// TestSiteScriptWords checks that the words site.js writes are in the
// page's language, from the string tables (data-strings), not English:
// on a Welsh guide at a phone's width, the menu button and the print
// button; and, since no pathway is in Welsh yet, the step-by-step
// controls on a page that carries the Welsh table's words as the
// pathway layout gives them, opened and closed with the keyboard.
func TestSiteScriptWords(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser checks in -short mode")
	}
	need(t, browser.Chromium() != "", "Chromium", "apt-get install chromium")
	dir, base := buildSite(t)
	src, err := os.ReadFile(filepath.Join(repoRoot, "layouts", "i18n", "cy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cy, diags := i18n.Parse("i18n/cy.yaml", string(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	word := func(key string) string {
		s, err := cy.Plain(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	steps, err := cy.JSON("sitejs.show", "sitejs.hide", "sitejs.this_step", "sitejs.show_all", "sitejs.hide_all")
	if err != nil {
		t.Fatal(err)
	}
	guide, err := os.ReadFile(filepath.Join(dir, "cy", "guides", "getting-online", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	script := regexp.MustCompile(`src="?([^" >]*js/site\.[^" >]*\.js)`).FindSubmatch(guide)
	if script == nil {
		t.Fatal("the Welsh guide loads no site.js")
	}
	page := `<!DOCTYPE html><html lang="cy"><head><meta charset="utf-8"><title>Camau</title>` +
		`<script type="module" src="` + string(script[1]) + `"></script></head><body><main>` +
		`<div class="step-nav" data-step-nav data-strings="` + html.EscapeString(steps) + `"><ol class="steps">` +
		`<li class="step" id="step-1"><h3 class="step__heading"><span class="step__title">Un</span></h3><div class="step__panel" id="step-1-panel"><p>Cam un.</p></div></li>` +
		`<li class="step" id="step-2"><h3 class="step__heading"><span class="step__title">Dau</span></h3><div class="step__panel" id="step-2-panel"><p>Cam dau.</p></div></li>` +
		`</ol></div></main></body></html>`
	if err := os.MkdirAll(filepath.Join(dir, "test-steps"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "test-steps", "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}

	site := browser.Serve(t, os.DirFS(dir), base)
	tab := browser.Tab(t, browser.New(t), browser.Options{JavaScript: true, Width: 375, Height: 800})
	if err := chromedp.Do(tab, chromedp.Navigate(site+"cy/guides/getting-online/")); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `document.querySelector('.site-nav__toggle') && document.querySelector('[data-print-link] button')`); err != nil {
		t.Fatalf("site.js drew no menu or print button on the Welsh guide: %v", err)
	}
	for sel, key := range map[string]string{".site-nav__toggle": "sitejs.menu", "[data-print-link] button": "sitejs.print"} {
		got, _ := browser.Eval[string](tab, `document.querySelector('`+sel+`').textContent`)
		if want := word(key); got != want {
			t.Errorf("Welsh guide: %s says %q, want %q", sel, got, want)
		}
	}

	if err := chromedp.Do(tab, chromedp.Navigate(site+"test-steps/")); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `document.querySelector('.step-nav__all')`); err != nil {
		t.Fatalf("site.js drew no step controls: %v", err)
	}
	text := func() string {
		s, _ := browser.Eval[string](tab, `document.querySelector('.step-nav').innerText`)
		return s
	}
	all := `document.querySelector('.step-nav__all')`
	if got, _ := browser.Eval[string](tab, all+`.textContent`); got != word("sitejs.show_all") {
		t.Errorf("the show-all control says %q, want %q", got, word("sitejs.show_all"))
	}
	if hidden, _ := browser.Eval[string](tab, `document.querySelector('.step__button .visually-hidden').textContent`); hidden != word("sitejs.this_step") {
		t.Errorf("a step's button says %q to screen readers, want %q", hidden, word("sitejs.this_step"))
	}
	if _, err := browser.Eval[chromedp.Void](tab, all+`.focus()`); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if got, _ := browser.Eval[string](tab, all+`.textContent`); got != word("sitejs.hide_all") {
		t.Errorf("after showing all steps the control says %q, want %q", got, word("sitejs.hide_all"))
	}
	for _, english := range []string{"Show", "Hide", "this step", "Menu", "Print"} {
		if strings.Contains(text(), english) {
			t.Errorf("the Welsh step controls write %q:\n%s", english, text())
		}
	}
}
