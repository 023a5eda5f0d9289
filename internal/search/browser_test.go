package search_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wayfinder-health/wayfinder/internal/browser"
	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/publish"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// servePortal builds the sample portal minified, as build publishes it
// (so the integrity of its scripts is checked by the browser too), and
// serves it under its base path.
func servePortal(t *testing.T) (base, basePath string) {
	t.Helper()
	m := publish.Minifier()
	opts := build.Options{Minify: func(name string, data []byte) ([]byte, error) {
		return publish.Minify(m, publish.TypeOf(name), data)
	}}
	var mu sync.Mutex
	files := fstest.MapFS{}
	res := build.Run(t.Context(), os.DirFS("../.."), opts, func(f site.File) error {
		data := f.Data
		if !f.Minified {
			typ := f.Type
			if typ == "" {
				typ = publish.TypeOf(f.Path)
			}
			var err error
			if data, err = publish.Minify(m, typ, data); err != nil {
				return err
			}
		}
		mu.Lock()
		defer mu.Unlock()
		files[f.Path] = &fstest.MapFile{Data: data}
		return nil
	})
	if n := res.Diags.Errors(); n > 0 {
		t.Fatalf("building the sample portal: %d errors:\n%v", n, res.Diags)
	}
	return browser.Serve(t, files, res.Config.BasePath), res.Config.BasePath
}

// focus presses Tab until the element with the id has focus.
func focus(ctx context.Context, id string) error {
	for range 60 {
		if err := browser.Press(ctx, kb.Tab); err != nil {
			return err
		}
		if got, err := browser.Eval[string](ctx, `document.activeElement ? document.activeElement.id : ''`); err != nil || got == id {
			return err
		}
	}
	return context.DeadlineExceeded
}

// TestBrowserKeyboard searches the sample portal in Chromium with the
// keyboard only: Tab to the box, type, press Enter, hear the count in the
// status region, Tab to the first result and follow it.
func TestBrowserKeyboard(t *testing.T) {
	ctx := browser.New(t)
	base, basePath := servePortal(t)
	tab := browser.Tab(t, ctx, browser.Options{JavaScript: true})
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/")); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `!document.getElementById('search').hidden`); err != nil {
		t.Fatalf("the search form is still hidden with JavaScript on: %v", err)
	}
	if err := focus(tab, "search-q"); err != nil {
		t.Fatalf("cannot Tab to the search box: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent("repeat prescriptions"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `/found for/.test(document.getElementById('search-status').textContent)`); err != nil {
		status, _ := browser.Eval[string](tab, `document.getElementById('search-status').textContent`)
		t.Fatalf("no results announced: %v (status %q)", err, status)
	}
	role, _ := browser.Eval[string](tab, `document.getElementById('search-status').getAttribute('role') + ' ' + document.getElementById('search-status').getAttribute('aria-live')`)
	if role != "status polite" {
		t.Errorf("the status region is %q, want role status, aria-live polite", role)
	}
	want := basePath + "guides/repeat-prescriptions/"
	first, _ := browser.Eval[string](tab, `(document.querySelector('#search-results a') || {}).getAttribute ? document.querySelector('#search-results a').getAttribute('href') : ''`)
	if first != want {
		t.Fatalf("first result %q, want %q", first, want)
	}
	if u, _ := browser.Eval[string](tab, `location.search`); u != "?q=repeat+prescriptions" {
		t.Errorf("the address holds %q, want ?q=repeat+prescriptions so it can be shared", u)
	}
	if err := browser.TabTo(tab, want); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `location.pathname === '`+want+`'`); err != nil {
		t.Fatalf("Enter on the first result did not open it: %v", err)
	}

	// A shared address searches at once.
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/?q=Topol")); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `document.querySelector('#search-results a') && document.querySelector('#search-results a').getAttribute('href') === '`+basePath+`routes/topol-fellowship/'`); err != nil {
		t.Errorf("?q=Topol: %v", err)
	}
	if v, _ := browser.Eval[string](tab, `document.getElementById('search-q').value`); v != "Topol" {
		t.Errorf("?q=Topol: the box holds %q", v)
	}
}

// TestBrowserNoScript opens the search page with JavaScript off: no form
// that goes nowhere, and a keyboard path to the A–Z index.
func TestBrowserNoScript(t *testing.T) {
	ctx := browser.New(t)
	base, basePath := servePortal(t)
	tab := browser.Tab(t, ctx, browser.Options{JavaScript: false})
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/")); err != nil {
		t.Fatal(err)
	}
	visible, err := browser.Eval[bool](tab, `!!document.getElementById('search').offsetParent`)
	if err != nil || visible {
		t.Errorf("the search form is visible with JavaScript off (%v)", err)
	}
	text, _ := browser.Eval[string](tab, `document.querySelector('main').innerText`)
	if !strings.Contains(text, "Search needs JavaScript") {
		t.Errorf("the page does not say search needs JavaScript:\n%s", text)
	}
	az := basePath + "a-z/"
	if err := browser.TabTo(tab, az); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `location.pathname === '`+az+`' && document.querySelector('h1').textContent === 'A to Z'`); err != nil {
		t.Fatalf("Enter on the A to Z link: %v", err)
	}
}

// TestBrowserCorrection opens a shared address with a misspelt word:
// the status region announces the correction and the count, the
// correction's link and the link to search as typed are reached with
// Tab and followed with Enter, and the address keeps the query.
func TestBrowserCorrection(t *testing.T) {
	ctx := browser.New(t)
	base, basePath := servePortal(t)
	tab := browser.Tab(t, ctx, browser.Options{JavaScript: true})
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/?q=prescripton")); err != nil {
		t.Fatal(err)
	}
	status := `document.getElementById('search-status').textContent`
	if err := browser.Wait(tab, `/Showing results for prescription\. Search instead for prescripton\./.test(`+status+`) && /\d+ pages? found for “prescription”/.test(`+status+`)`); err != nil {
		got, _ := browser.Eval[string](tab, status)
		t.Fatalf("no correction announced: %v (status %q)", err, got)
	}
	live, _ := browser.Eval[string](tab, `(e => e.getAttribute('role') + ' ' + e.getAttribute('aria-live') + ' ' + e.getAttribute('aria-atomic'))(document.getElementById('search-status'))`)
	if live != "status polite true" {
		t.Errorf("the status region is %q, want role status, aria-live polite, aria-atomic true", live)
	}
	want := basePath + "guides/repeat-prescriptions/"
	if first, _ := browser.Eval[string](tab, `document.querySelector('#search-results a').getAttribute('href')`); first != want {
		t.Errorf("first result for prescripton %q, want %q", first, want)
	}

	// Search as typed: the link is reached with Tab, and finds nothing.
	typed := basePath + "search/?q=prescripton&typed=1"
	if err := browser.TabTo(tab, typed); err != nil {
		t.Fatalf("cannot Tab to the link to search as typed: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `location.search === '?q=prescripton&typed=1' && /No pages found for “prescripton”/.test(`+status+`)`); err != nil {
		got, _ := browser.Eval[string](tab, status)
		t.Fatalf("searching as typed: %v (status %q)", err, got)
	}

	// A partial match names the word no page has.
	if err := chromedp.Do(tab, chromedp.Navigate(base+"search/?q=nhs+app+zqxjv&typed=1")); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `/found with some of your words\. No page has all of them: no page has “zqxjv”\./.test(`+status+`)`); err != nil {
		got, _ := browser.Eval[string](tab, status)
		t.Errorf("partial match: %v (status %q)", err, got)
	}
}

// TestBrowserWelsh searches the Welsh index from the Welsh search page:
// the script reads /cy/search/'s own index, finds the Welsh guide, and
// announces the count and the correction in Welsh, from the page's
// string table.
func TestBrowserWelsh(t *testing.T) {
	ctx := browser.New(t)
	base, basePath := servePortal(t)
	tab := browser.Tab(t, ctx, browser.Options{JavaScript: true})
	if err := chromedp.Do(tab, chromedp.Navigate(base+"cy/search/?q=presgripsiwn")); err != nil {
		t.Fatal(err)
	}
	status := `document.getElementById('search-status').textContent`
	if err := browser.Wait(tab, `/\d+ (dudalen|tudalen) ar gyfer “presgripsiwn”\./.test(`+status+`)`); err != nil {
		got, _ := browser.Eval[string](tab, status)
		t.Fatalf("no Welsh count announced: %v (status %q)", err, got)
	}
	want := basePath + "cy/guides/repeat-prescriptions/"
	if first, _ := browser.Eval[string](tab, `document.querySelector('#search-results a').getAttribute('href')`); first != want {
		t.Errorf("first result for presgripsiwn %q, want %q", first, want)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(base+"cy/search/?q=presgripsiwm")); err != nil {
		t.Fatal(err)
	}
	if err := browser.Wait(tab, `/Yn dangos canlyniadau ar gyfer presgripsiwn\. Chwilio am presgripsiwm yn lle hynny\./.test(`+status+`)`); err != nil {
		got, _ := browser.Eval[string](tab, status)
		t.Errorf("no Welsh correction announced: %v (status %q)", err, got)
	}
	text, _ := browser.Eval[string](tab, `document.querySelector('main').innerText`)
	if strings.Contains(text, "found") || strings.Contains(text, "Showing") {
		t.Errorf("the Welsh search page writes English:\n%s", text)
	}
}
