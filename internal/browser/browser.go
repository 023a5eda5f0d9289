// Package browser is the project's test support for browser tests: it
// finds Debian's Chromium, starts it headless with a fresh profile under
// chromedp, and serves a built site over HTTP on 127.0.0.1.
//
// Every browser test in the project uses it, so they all skip the same
// way: where Chromium is absent, New skips the test with a message saying
// so, except when the environment variable CI is set, where it fails,
// because CI installs Chromium (apt-get install chromium) and a browser
// test that silently skips there proves nothing.
//
//	ctx := browser.New(t)                 // the browser, closed when t ends
//	base := browser.Serve(t, files, "/")  // the site, at base
//	tab := browser.Tab(t, ctx, browser.Options{JavaScript: false})
//	err := chromedp.Do(tab, chromedp.Navigate(base+"finder/"))
package browser

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Timeout bounds each browser, so that a hung page fails the test rather
// than the whole test binary.
//
// Ten minutes, not two: in CI the finder's keyboard test shares the two
// cores with the accessibility suite's browsers, and at 13:52 on
// 7 December its JavaScript-on half ran out of two minutes (121 s) while
// every check passed until then.
const Timeout = 10 * time.Minute

// candidates are the names Chromium goes by, tried in order on PATH after
// Debian's own path.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Chromium returns the path of the Chromium binary, or "" if there is
// none.
func Chromium() string {
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// Flags are the flags Chromium is started with, besides a fresh
// --user-data-dir: headless, with nothing that reaches the network on
// its own. A flag written name=value is given that value.
var Flags = []string{
	"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
	"disable-background-networking", "disable-component-update", "disable-sync",
}

// New starts a headless Chromium for t and returns its context. It skips
// t when Chromium is absent, or fails it when CI is set. The browser is
// closed when t ends, or after Timeout, whichever is first.
func New(t testing.TB) context.Context {
	t.Helper()
	return start(t, Timeout, false)
}

// Start is New for a browser that checks many pages, one after another,
// for as long as t runs: it has no bound of its own, so its caller must
// bound each step, as with context.WithTimeout on a tab's context.
//
// It runs Chromium as one process (--single-process), without the
// separate browser, renderer, GPU and utility processes, which costs
// less CPU for each page: in the accessibility suite, 58 and 62 CPU
// seconds against 60 to 73 for the same pages (December 2026, two
// browsers). Chromium does not support that mode, and a browser in it
// can die, so a caller of Start must be ready to replace a browser that
// no longer answers with Restart, and to check its page again.
func Start(t testing.TB) context.Context {
	t.Helper()
	return start(t, 0, true)
}

// Restart starts a browser as Start does, for a goroutine other than the
// test's, such as one that replaces a browser that died: it returns an
// error instead of failing t.
func Restart(t testing.TB) (context.Context, error) {
	bin := Chromium()
	if bin == "" {
		return nil, errors.New("chromium is not installed")
	}
	return launchTries(t, bin, 0, true)
}

func start(t testing.TB, bound time.Duration, single bool) context.Context {
	t.Helper()
	bin := Chromium()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed, and CI is set: install it with apt-get install chromium")
		}
		t.Skip("skipping browser test: Chromium is not installed (apt-get install chromium, or put chromium on PATH)")
	}
	bctx, err := launchTries(t, bin, bound, single)
	if err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	return bctx
}

// launchTries starts Chromium. Chromium now and then dies as it starts
// (a segmentation fault was seen once in CI's accessibility run, with
// --single-process, on a loaded machine): a browser that fails to start
// is started again, twice at most, with a fresh profile, before it gives
// up.
func launchTries(t testing.TB, bin string, bound time.Duration, single bool) (context.Context, error) {
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800)}
	flags := Flags
	if single {
		flags = append(slices.Clip(flags), "single-process")
	}
	for _, f := range flags {
		if name, value, ok := strings.Cut(f, "="); ok {
			opts = append(opts, chromedp.Flag(name, value))
		} else {
			opts = append(opts, chromedp.Flag(f, true))
		}
	}
	var err error
	for try := 1; try <= startTries; try++ {
		var bctx context.Context
		if bctx, err = launch(t, opts, bound, try); err == nil {
			return bctx, nil
		}
		t.Logf("starting %s (try %d of %d): %v", bin, try, startTries, err)
	}
	return nil, err
}

// startTries is how many times start tries to start Chromium.
const startTries = 3

// launch starts one Chromium with opts, its profile in a folder of its
// own, and stops it when t ends or after bound (none when 0).
func launch(t testing.TB, opts []chromedp.ExecAllocatorOption, bound time.Duration, try int) (context.Context, error) {
	if try > 1 {
		opts = append(slices.Clip(opts), chromedp.UserDataDir(t.TempDir()))
	}
	ctx, cancelTime := context.Background(), context.CancelFunc(func() {})
	if bound > 0 {
		ctx, cancelTime = context.WithTimeout(ctx, bound)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	stop := func() {
		cancelBrowser()
		cancelAlloc()
		cancelTime()
	}
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, err
	}
	t.Cleanup(stop)
	return bctx, nil
}

// Options says how to open a tab.
type Options struct {
	JavaScript bool
	Width      int64 // the viewport's width in CSS pixels; 1280 if 0
	Height     int64 // and its height; 800 if 0
}

// Tab opens a new tab in the browser, with JavaScript on or off, and
// closes it when t ends.
func Tab(t testing.TB, browser context.Context, opts Options) context.Context {
	t.Helper()
	ctx, cancel, err := OpenTab(browser, opts)
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(cancel)
	return ctx
}

// OpenTab is Tab for a goroutine other than the test's: it returns an
// error instead of failing a test, and a func that closes the tab.
func OpenTab(browser context.Context, opts Options) (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(browser)
	w, h := opts.Width, opts.Height
	if w == 0 {
		w = 1280
	}
	if h == 0 {
		h = 800
	}
	var err error
	for _, m := range unused {
		if _, err = chromedp.Call(ctx, m, cdp.Empty{}); err != nil {
			break
		}
	}
	if err == nil {
		_, err = chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !opts.JavaScript})
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.EmulateViewport(w, h))
	}
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}

// unused are the DevTools domains that chromedp turns on in every tab
// and no test of ours uses, turned off again in each tab: DOM and CSS
// (for chromedp's queries by selector, and the CSS agent tracks every
// stylesheet), Network (for the response of a navigation; Page.navigate
// reports a failed load by itself) and Log. With them on, the browser
// sends the test every stylesheet, request and console line of every
// page. The accessibility suite took 60 to 67 CPU seconds without them
// and 68 to 70 with them, on the same pages (December 2026).
var unused = []cdp.Command[cdp.Empty, cdp.Empty]{css.Disable, dom.Disable, network.Disable, cdplog.Disable}

// Serve serves the files of a built site over HTTP on 127.0.0.1 under
// the path prefix (the site's base path, "/" or "/wayfinder/") until t
// ends, and returns the URL of its home page. As static hosts do, a
// folder serves its index.html and an unknown path the site's 404.html
// with status 404.
func Serve(t testing.TB, site fs.FS, prefix string) string {
	t.Helper()
	if !strings.HasPrefix(prefix, "/") || !strings.HasSuffix(prefix, "/") {
		t.Fatalf("browser.Serve: the prefix %q must start and end with /", prefix)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on 127.0.0.1: %v", err)
	}
	srv := httptest.NewUnstartedServer(handler(site, prefix))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

func handler(site fs.FS, prefix string) http.Handler {
	files := http.FileServerFS(site)
	notFound := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if b, err := fs.ReadFile(site, "404.html"); err == nil {
			w.Write(b)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			notFound(w)
			return
		}
		name := strings.TrimSuffix(path.Clean("/"+rest), "/")
		name = strings.TrimPrefix(name, "/")
		if name == "" {
			name = "."
		}
		info, err := fs.Stat(site, name)
		if err == nil && info.IsDir() {
			_, err = fs.Stat(site, path.Join(name, "index.html"))
		}
		if errors.Is(err, fs.ErrNotExist) || err != nil {
			notFound(w)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rest
		files.ServeHTTP(w, r2)
	})
}

// Eval evaluates a JavaScript expression in the tab's page and returns
// its value. It works with JavaScript off too: only the page's own
// scripts are disabled.
func Eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// Wait evaluates a JavaScript expression until it is true, across page
// loads, and fails after ten seconds.
func Wait(ctx context.Context, expr string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := Eval[bool](ctx, "!!("+expr+")")
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("waiting for %s: %v", expr, err)
			}
			return fmt.Errorf("waiting for %s: still false after 10s", expr)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TabTo presses Tab until the focused element is a link to href (as
// written in the page), as a keyboard user would, and fails after 100
// presses.
func TabTo(ctx context.Context, href string) error {
	for range 100 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			return err
		}
		got, err := Eval[string](ctx, `(document.activeElement && document.activeElement.getAttribute('href')) || ''`)
		if err != nil {
			return err
		}
		if got == href {
			return nil
		}
	}
	return fmt.Errorf("no link to %s after 100 presses of Tab", href)
}

// Press presses a key, such as kb.Enter, in the tab.
func Press(ctx context.Context, key string) error {
	return chromedp.Do(ctx, chromedp.KeyEvent(key))
}
