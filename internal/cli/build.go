package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/publish"
)

type buildOptions struct {
	Source  string
	Out     string
	Drafts  bool
	Minify  bool
	BaseURL string
	Cache   string
}

func (o *buildOptions) common(fs *flag.FlagSet) {
	fs.StringVar(&o.Source, "s", ".", "the site's root `folder`")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages marked draft: true")
	fs.StringVar(&o.BaseURL, "base-url", "", "the site's address, replacing baseURL in site.yaml")
}

func buildCmd() *Command {
	o := &buildOptions{Out: "public", Minify: true}
	return &Command{
		Name:      "build",
		UsageLine: "build [-o DIR] [-cache DIR] [-drafts] [-minify=false] [-base-url URL] [-s DIR]",
		Short:     "build the site into public/",
		Long: `
Build reads site.yaml, content/, layouts/ and static/ and writes the whole
site, minified, into the output folder (public/ unless -o says otherwise).

The new site is written beside the output folder and swapped in only when
the build succeeds: a build with any error leaves the existing output
folder exactly as it was. Every problem found is printed as
file:line:col: severity: message, and the command exits with status 1.

With -cache DIR, the build keeps each page it publishes in DIR with a hash
of everything the page read (its file, the pages, layouts and static files
it uses, site.yaml), and the next build takes every page whose inputs are
unchanged from there instead of rendering it again: after an edit to one
page, only that page and the pages that show it are rendered. What is
published is byte for byte what a build without the cache publishes. A
cache made by another version of Wayfinder, for another site or with other
options (-drafts, -minify, -base-url), or one that is damaged or cannot be
read, is ignored with a warning saying why, and written afresh. The cache
is saved only when the build succeeds, written to temporary files that are
renamed into place, so a build that is stopped never leaves a half-written
cache to be trusted. DIR may not be the output folder or inside it. In CI,
keep DIR between runs (GitHub Actions: actions/cache; see README.md).
`,
		Flags: func(fs *flag.FlagSet) {
			o.common(fs)
			fs.StringVar(&o.Out, "o", o.Out, "the output `folder`")
			fs.BoolVar(&o.Minify, "minify", o.Minify, "minify HTML, CSS, JS, SVG, JSON and XML")
			fs.StringVar(&o.Cache, "cache", "", "keep rendered pages in `folder` and take the unchanged ones from it next time")
		},
		Run: func(ctx context.Context, env *Env, args []string) error {
			if len(args) > 0 {
				return usageErrorf(env, "build", "unexpected argument %q", args[0])
			}
			return runBuild(ctx, env, o)
		},
	}
}

func runBuild(ctx context.Context, env *Env, o *buildOptions) error {
	start := env.Now()
	src := env.path(o.Source)
	out := env.path(o.Out)
	if err := publish.CheckDir(out, src, o.Out); err != nil {
		return usageErrorf(env, "build", "%v", err)
	}
	var cache *build.Cache
	if o.Cache != "" {
		dir := env.path(o.Cache)
		if err := checkCacheDir(dir, out, o.Cache, o.Out); err != nil {
			return usageErrorf(env, "build", "%v", err)
		}
		cache = build.OpenCache(dir, toolID())
		defer cache.Close()
	}
	fsys, closeFS, err := siteFS(src)
	if err != nil {
		return err
	}
	defer closeFS()

	var m = publish.Minifier()
	if !o.Minify {
		m = nil
	}
	stage, err := publish.Begin(out, m)
	if err != nil {
		return err
	}
	defer stage.Abort()
	// Warnings from publishing (a leftover it could not remove) are
	// printed however the build ends.
	defer func() {
		for _, w := range stage.Warnings() {
			fmt.Fprintf(env.Stderr, "warning: %s\n", w)
		}
	}()
	// Transient: the stage writes each file as it is sent and keeps none.
	opts := build.Options{Drafts: o.Drafts, BaseURL: o.BaseURL, Cache: cache, Transient: true}
	if m != nil {
		opts.Minify = func(name string, data []byte) ([]byte, error) { return publish.Minify(m, publish.TypeOf(name), data) }
	}
	if cache != nil {
		defer func() {
			for _, w := range cache.Warnings() {
				fmt.Fprintf(env.Stderr, "warning: %s\n", w)
			}
		}()
	}
	res, err := runStoppable(ctx, func() *build.Result { return build.Run(ctx, fsys, opts, stage.Write) })
	if err != nil {
		// The deferred Abort removes the staging folder.
		return err
	}
	if err := stage.Full(); err != nil {
		// One full disk is one problem, named by the output folder, not
		// one for each file that could not be written.
		res.Diags = slices.DeleteFunc(res.Diags, func(d diag.Diagnostic) bool { return d.Code == "write" })
		res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: rel(env.Dir, out)}, Code: "write",
			Msg:  "the disk is full: the site cannot be written beside " + rel(env.Dir, out) + " (" + cause(err) + ")",
			Hint: "free some space on the disk that holds it, then build again"})
	}
	res.Diags.Print(env.Stderr)
	suppressed(env.Stderr, res.Suppressed)
	if n := res.Diags.Errors(); n > 0 {
		fmt.Fprintf(env.Stderr, "build failed: %s; %s was not changed\n", count(n, "error"), rel(env.Dir, out))
		return errFailed
	}
	if err := stage.Commit(); err != nil {
		return err
	}
	fromCache := ""
	if cache != nil {
		if err := cache.Save(); err != nil {
			fmt.Fprintf(env.Stderr, "warning: %v\n", err)
		}
		fromCache = fmt.Sprintf(", %s of them from the cache,", thousands(cache.Hits()))
	}
	files, pages, size := stage.Files()
	fmt.Fprintf(env.Stderr, "built %s%s and %s (%s) into %s in %s%s\n",
		count(pages, "page"), fromCache, count(files-pages, "other file"), humanSize(size), rel(env.Dir, out),
		env.Now().Sub(start).Round(time.Millisecond), warnings(res.Diags))
	return nil
}

// checkCacheDir refuses a cache folder that is the output folder, inside
// it, or holds it: the cache is never written into what is published,
// and publishing never replaces the cache.
func checkCacheDir(dir, out, shown, shownOut string) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	out, err = filepath.Abs(out)
	if err != nil {
		return err
	}
	if dir == out || strings.HasPrefix(dir, out+string(filepath.Separator)) {
		return fmt.Errorf("refusing to keep the cache in %s: it is inside the output folder %s, which each build replaces", shown, shownOut)
	}
	if strings.HasPrefix(out, dir+string(filepath.Separator)) {
		return fmt.Errorf("refusing to keep the cache in %s: it holds the output folder %s", shown, shownOut)
	}
	return nil
}

// stopGrace is how long an interrupted build is waited for before the
// command returns without it. Rendering stops within moments of being
// asked, inside a long page too; the rest (reading one very large file,
// say) is not waited for, so that Ctrl-C or SIGTERM ends a build within a
// second whatever it was doing.
const stopGrace = 100 * time.Millisecond

// runStoppable runs f, a build, and returns what it returns, or ctx's
// error once ctx is done. f gets stopGrace to notice; if it has not
// returned by then, runStoppable returns without it, and f runs on until
// it notices, unwatched: the command is about to exit, which ends it. What
// it then writes, the stage refuses (see publish.Stage.Abort).
func runStoppable(ctx context.Context, f func() *build.Result) (*build.Result, error) {
	done := make(chan *build.Result, 1)
	go func() { done <- f() }()
	select {
	case res := <-done:
		return res, ctx.Err()
	case <-ctx.Done():
	}
	t := time.NewTimer(stopGrace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
	return nil, ctx.Err()
}

// cause returns the innermost reason of an error: "no space left on
// device".
func cause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// suppressed says how many errors were left out because they follow from
// a fatal problem printed above them.
func suppressed(w io.Writer, n int) {
	switch {
	case n == 1:
		fmt.Fprintln(w, "… and 1 error that follows from it (fix the problem above first)")
	case n > 1:
		fmt.Fprintf(w, "… and %s errors that follow from it (fix the problem above first)\n", thousands(n))
	}
}

// thousands writes n with thousands separators: 3,249.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func warnings(l diag.List) string {
	if n := l.Warnings(); n > 0 {
		return ", with " + count(n, "warning")
	}
	return ""
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func rel(base, p string) string {
	if r, err := filepath.Rel(base, p); err == nil && !filepath.IsAbs(r) && len(r) < len(p) {
		return filepath.ToSlash(r)
	}
	return p
}
