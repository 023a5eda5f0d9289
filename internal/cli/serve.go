package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/i18n"
	"github.com/wayfinder-health/wayfinder/internal/serve"
	"github.com/wayfinder-health/wayfinder/internal/watch"
)

type serveOptions struct {
	Source string
	Port   int
	Bind   string
	Drafts bool
	// Debounce is how long changes must pause before a rebuild; the
	// watcher's default when zero.
	Debounce time.Duration
}

func serveCmd() *Command {
	o := &serveOptions{Source: ".", Port: 1414, Bind: "127.0.0.1"}
	return &Command{
		Name:      "serve",
		UsageLine: "serve [-port N] [-bind ADDR] [-drafts] [-s DIR]",
		Short:     "preview the site with live reload",
		Long: `
Serve builds the site in memory, serves it at the address it prints, and
rebuilds it whenever a file under content/, layouts/ or static/, or
site.yaml, changes. It never writes public/.

A rebuild does only the work the change needs, through the same engine as
build and check: a page's text renders that page again and the search
index; its front matter also the lists, taxonomy and finder pages, feeds
and backlinks that use it; a layout the pages that use it; a file under
static/ that file; site.yaml everything. The generated pages and files are
brought up to date in the same rebuild. Open pages reload after each
rebuild, or, when only stylesheets changed, swap them without a reload.

When a change breaks the site, serve keeps serving the last good build,
prints every problem as file:line:col: severity: message, and shows the
problems at the top of every page until they are fixed.

The site is served under the path of its baseURL, and links point at the
preview. Stop serve with Ctrl-C.
`,
		Flags: func(fs *flag.FlagSet) {
			fs.StringVar(&o.Source, "s", o.Source, "the site's root `folder`")
			fs.IntVar(&o.Port, "port", o.Port, "the `port` to listen on; 0 picks a free one")
			fs.StringVar(&o.Bind, "bind", o.Bind, "the `address` to listen on")
			fs.BoolVar(&o.Drafts, "drafts", false, "include pages marked draft: true")
		},
		Run: func(ctx context.Context, env *Env, args []string) error {
			if len(args) > 0 {
				return usageErrorf(env, "serve", "unexpected argument %q", args[0])
			}
			if o.Port < 0 || o.Port > 65535 {
				return usageErrorf(env, "serve", "port %d is not between 0 and 65535", o.Port)
			}
			ln, err := net.Listen("tcp", net.JoinHostPort(o.Bind, strconv.Itoa(o.Port)))
			if err != nil {
				return err
			}
			return runServe(ctx, env, o, ln, nil)
		},
	}
}

// runServe previews the site on ln until ctx is done. ready, when not nil,
// is called with the site's URL once the first build is served.
func runServe(ctx context.Context, env *Env, o *serveOptions, ln net.Listener, ready func(url string)) error {
	defer ln.Close()
	src := env.path(o.Source)
	fsys, closeFS, err := siteFS(src)
	if err != nil {
		return err
	}
	defer closeFS()
	// Watch before the first build, so that no change is missed.
	w, err := watch.New(src, []string{"content", "layouts", "static", config.File}, watch.Options{Debounce: o.Debounce, Ignore: editorFile})
	if err != nil {
		return fmt.Errorf("watching %s: %w", src, err)
	}

	// Serve under the path of the site's base URL, at this address.
	cfg, _ := config.Load(fsys)
	base := cfg.BasePath
	if base == "" {
		base = "/"
	}
	url := "http://" + hostPort(ln.Addr()) + base
	fmt.Fprintf(env.Stderr, "serving %s at %s (Ctrl-C stops)\n", rel(env.Dir, src), url)

	srv := serve.New()
	srv.Listen(ln.Addr(), env.Log)
	p := &preview{env: env, srv: srv}
	g, gctx := errgroup.WithContext(ctx)
	batches := make(chan []string)
	g.Go(func() error {
		defer w.Close()
		return w.Run(gctx, batches)
	})
	g.Go(func() error {
		return p.loop(gctx, fsys, src, build.Options{Drafts: o.Drafts, BaseURL: url, Now: env.Now()}, batches,
			func() {
				if ready != nil {
					ready(url)
				}
			})
	})
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(env.Log.Handler(), slog.LevelWarn),
		// Requests end when serve does, event streams included.
		BaseContext: func(net.Listener) context.Context { return gctx },
	}
	g.Go(func() error {
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		srv.Close()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return hs.Shutdown(sctx)
	})
	err = g.Wait()
	if ctx.Err() != nil {
		// Ctrl-C is how serve stops.
		fmt.Fprintln(env.Stderr, "stopped")
		return nil
	}
	return err
}

// preview reports each build: on the terminal, and to open pages.
type preview struct {
	env      *Env
	srv      *serve.Server
	shown    string // the problems last printed
	failed   bool   // the last build failed
	problems string // with these errors
}

// loop builds the site, then updates it after each batch of changes,
// until ctx is done. An update renders the pages an edit affects and runs
// the generators that read what it changed, and serves them at once.
func (p *preview) loop(ctx context.Context, fsys fs.FS, src string, opts build.Options, batches <-chan []string, ready func()) error {
	start := p.env.Now()
	st := build.Start(ctx, fsys, opts)
	if ctx.Err() != nil {
		return nil
	}
	p.publish(st, nil, nil, p.env.Now().Sub(start))
	ready()
	for {
		select {
		case <-ctx.Done():
			return nil
		case batch, ok := <-batches:
			if !ok {
				return nil
			}
			inputs := relPaths(src, batch)
			if len(inputs) == 0 {
				continue
			}
			start := p.env.Now()
			changed := st.Update(ctx, inputs)
			if ctx.Err() != nil {
				return nil
			}
			p.publish(st, inputs, changed, p.env.Now().Sub(start))
		}
	}
}

// publish serves a build that succeeded, or shows the problems of one that
// failed over the last good one, and tells open pages. inputs is nil for
// the first build.
func (p *preview) publish(st *build.Session, inputs, changed []string, took time.Duration) {
	diags := st.Diags()
	var errs diag.List
	for _, d := range diags {
		if d.Severity == diag.Error {
			errs = append(errs, d)
		}
	}
	// Print the errors whenever they change, and the warnings of the
	// files just changed (all of them after the first build).
	var show diag.List
	show = append(show, errs...)
	for _, d := range diags {
		if d.Severity == diag.Warning && (inputs == nil || containsFile(inputs, d.Pos.File)) {
			show = append(show, d)
		}
	}
	if s := show.Error(); s != p.shown || len(inputs) > 0 && show.Warnings() > 0 {
		show.Print(p.env.Stderr)
		p.shown = s
	}
	if len(errs) > 0 {
		// The last good build is still served: pages reload only to
		// show other problems.
		if s := errs.Error(); !p.failed || s != p.problems {
			p.srv.SetProblems(errs)
			p.srv.Reload(serve.Pages, nil)
			p.problems = s
		}
		p.failed = true
		p.env.Log.Error("build failed; serving the last good build", "errors", len(errs), "took", took.Round(time.Millisecond))
		return
	}
	p.srv.Swap(st.Files(), st.Config().BasePath)
	p.srv.SetWords(problemWords(st.Tables()))
	if inputs == nil {
		p.env.Log.Info("built", "files", len(st.Files()), "warnings", diags.Warnings(), "took", took.Round(time.Millisecond))
		return
	}
	switch {
	case p.failed:
		p.srv.Reload(serve.Pages, nil) // every page shows the problems
	case len(inputs) > 0 && stylesOnly(inputs):
		p.srv.Reload(serve.Styles, nil)
	case len(changed) > 0:
		p.srv.Reload(serve.Pages, changed)
	}
	p.failed = false
	p.env.Log.Info("rebuilt", "inputs", len(inputs), "files", len(changed), "took", took.Round(time.Millisecond))
}

func containsFile(paths []string, file string) bool {
	for _, p := range paths {
		if file == p || strings.HasPrefix(file, p+"/") {
			return true
		}
	}
	return false
}

// stylesOnly reports whether only stylesheets under static/ changed.
func stylesOnly(inputs []string) bool {
	for _, p := range inputs {
		if !strings.HasPrefix(p, build.StaticDir+"/") || !strings.HasSuffix(p, ".css") {
			return false
		}
	}
	return true
}

// relPaths turns the watcher's absolute paths into paths relative to the
// site root, with forward slashes.
func relPaths(root string, paths []string) []string {
	var out []string
	for _, p := range paths {
		r, err := filepath.Rel(root, p)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			continue
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

// editorFile reports the files that editors make beside the one being
// saved and remove again: swap files, backups, and the files of atomic
// saves. The build leaves out names starting with a dot anyway.
func editorFile(p string) bool {
	name := filepath.Base(p)
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.Contains(name, "___jb_"), name == "4913":
		return true
	}
	return false
}

// hostPort returns the address to put in URLs for a listener: a listener
// on every interface is reached at localhost.
func hostPort(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// problemWords gives serve's problem box its words from the site's
// string tables: serve.problems.title, counting the errors, and
// serve.problems.intro, in the table for a page's language.
func problemWords(ts i18n.Tables) serve.Words {
	if ts == nil {
		return nil
	}
	return func(lang string, n int) (string, string, bool) {
		t := ts.Lookup(lang)
		if t == nil {
			return "", "", false
		}
		title, err1 := t.Plain("serve.problems.title", "n", n)
		intro, err2 := t.Plain("serve.problems.intro")
		return title, intro, err1 == nil && err2 == nil
	}
}
