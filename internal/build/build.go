// Package build runs the pipeline: config, load and validate, resolve,
// render and the other outputs. It writes nothing itself: every file it
// produces goes to a sink, which publishing writes to disk and the preview
// server keeps in memory.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/lint"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/search"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// StaticDir is the folder of files copied as they are.
const StaticDir = "static"

// Options controls a build.
type Options struct {
	Drafts  bool   // include draft pages
	BaseURL string // replaces site.yaml's baseURL when set
	// NoOutput skips rendering and writing: load, validate and resolve
	// only.
	NoOutput bool
	// Now is the date content checks measure ages against, such as a
	// guide's last review. The zero time skips those checks.
	Now time.Time
	// Minify, when set, minifies a file by its name's media type. The
	// build minifies stylesheets and scripts itself, before naming them
	// after a hash of their bytes (see fingerprint); publishing minifies
	// the rest.
	Minify func(name string, data []byte) ([]byte, error)
}

// Result is what a build found and made.
type Result struct {
	Config *site.Config
	Index  *resolve.Index
	Pages  []*render.Result // what each rendered page held, for the content checks
	Scores []lint.Score     // readability of guides and career pages
	Diags  diag.List
}

// Run builds the site in fsys, sending every output file to sink. The
// result's diagnostics are sorted; the build failed if any is an error.
func Run(ctx context.Context, fsys fs.FS, opts Options, sink render.Sink) *Result {
	res := &Result{}
	cfg, diags := config.Load(fsys)
	res.Diags.Append(diags)
	if opts.BaseURL != "" {
		if err := config.SetBaseURL(cfg, opts.BaseURL); err != nil {
			res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: config.File}, Code: "config", Msg: err.Error()})
		}
	}
	res.Config = cfg

	// Pages' bodies are read again as each is rendered, so that the
	// build never holds every page's text at once.
	loaded, diags := content.Load(ctx, fsys, cfg, content.Options{Drafts: opts.Drafts, Lazy: !opts.NoOutput})
	res.Diags.Append(diags)
	assetSrcs := make([]string, len(loaded.Assets))
	for i, a := range loaded.Assets {
		assetSrcs[i] = a.Src
	}
	x, diags := resolve.Resolve(cfg, loaded.Pages, assetSrcs, loaded.Skipped)
	res.Diags.Append(diags)
	res.Index = x
	for _, check := range checkers() {
		res.Diags.Append(check(x))
	}
	if opts.NoOutput {
		res.Diags.Sort()
		return res
	}
	if sink == nil {
		sink = func(site.File) error { return nil }
	}

	statics, assets, diags := readStatic(fsys, cfg)
	res.Diags.Append(diags)
	statics, assets, integrity, diags := fingerprint(statics, assets, cfg, opts.Minify)
	res.Diags.Append(diags)
	// The content rules and the search terms take each page's text as the
	// page is rendered, so the text need not be kept for the whole build.
	var mu sync.Mutex
	terms := search.NewCollector()
	lintPage := func(pr *render.Result) {
		diags, scores := lint.Check(cfg, []*render.Result{pr}, opts.Now)
		pr.Diags.Append(diags)
		pr.Prose = nil
		if len(scores) > 0 {
			mu.Lock()
			res.Scores = append(res.Scores, scores...)
			mu.Unlock()
		}
	}
	r := render.New(x, render.Options{Assets: assets, Integrity: integrity,
		Body: func(p *site.Page) ([]byte, error) { return content.Body(fsys, p) },
		Done: func(pr *render.Result) {
			lintPage(pr)
			terms.Add(pr.Page, pr.Body)
			// What is left is what the fragment checks need.
			pr.Body, pr.Links, pr.Tables = nil, nil, nil
		}})
	set, diags := layout.Load(fsys, r.Funcs())
	res.Diags.Append(diags)
	if diags.Errors() == 0 {
		r.SetLayouts(set)
		// The other outputs need only the resolved site, so they are made
		// while the content pages render; a stage that uses what rendering
		// found (the search index) waits for it.
		stages := generators(terms)
		made := make([]diag.List, len(stages))
		var others sync.WaitGroup
		others.Go(func() {
			for i, st := range stages {
				if !st.afterPages {
					made[i] = output(ctx, r, x, st.gen, sink)
				}
			}
		})
		pages, diags := r.All(ctx, sink)
		res.Pages = pages
		res.Diags.Append(diags)
		checked := pages
		for _, p := range loaded.Invalid {
			c := r.Check(p)
			lintPage(c)
			res.Diags.Append(c.Diags)
			res.Diags.Append(x.CheckRefs(p))
			checked = append(checked, c)
		}
		if len(loaded.Invalid) > 0 {
			// Repeats of what All found are removed when sorting.
			res.Diags.Append(r.CheckFragments(checked))
		}
		slices.SortFunc(res.Scores, func(a, b lint.Score) int { return strings.Compare(a.File, b.File) })
		others.Wait()
		for i, st := range stages {
			if st.afterPages {
				made[i] = output(ctx, r, x, st.gen, sink)
			}
			res.Diags.Append(made[i])
		}
	}
	for _, f := range statics {
		if err := sink(f); err != nil {
			res.Diags.Add(writeDiag(f, err))
		}
	}
	for _, a := range loaded.Assets {
		data, err := fs.ReadFile(fsys, a.Src)
		if err != nil {
			res.Diags.Add(diag.Diagnostic{Pos: diag.Pos{File: a.Src}, Code: "read", Msg: "cannot read: " + err.Error()})
			continue
		}
		f := site.File{Path: a.Path, Data: data, Src: a.Src}
		if err := sink(f); err != nil {
			res.Diags.Add(writeDiag(f, err))
		}
	}
	res.Diags.Sort()
	return res
}

// output runs one generator, renders the pages it made and sends them and
// its files to sink.
func output(ctx context.Context, r *render.Renderer, x *resolve.Index, gen generator, sink render.Sink) diag.List {
	pages, files, diags := gen(x)
	diags.Append(r.Generated(ctx, pages, sink))
	for _, f := range files {
		if err := sink(f); err != nil {
			diags.Add(writeDiag(f, err))
		}
	}
	return diags
}

func writeDiag(f site.File, err error) diag.Diagnostic {
	file := f.Src
	if file == "" {
		file = f.Path
	}
	return diag.Diagnostic{Pos: diag.Pos{File: file}, Code: "write", Msg: err.Error()}
}

// readStatic reads every file under static/ and returns them with the URL
// each is published at.
func readStatic(fsys fs.FS, cfg *site.Config) ([]site.File, map[string]string, diag.List) {
	var diags diag.List
	var files []site.File
	assets := map[string]string{}
	err := fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == StaticDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "read", Msg: "cannot read: " + err.Error()})
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != StaticDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		// The names in static/ follow the rules of content/.
		if msg := content.CheckFileName(d.Name()); msg != "" && p != StaticDir {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "file-name",
				Msg: fmt.Sprintf("the name %q %s", d.Name(), msg), Hint: "rename it to " + content.SuggestName(d.Name())})
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "symlink", Msg: "symbolic links in static/ are not copied",
				Hint: "copy the file into static/ instead"})
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "read", Msg: "cannot read: " + err.Error()})
			return nil
		}
		rel := strings.TrimPrefix(p, StaticDir+"/")
		files = append(files, site.File{Path: rel, Data: data, Src: p})
		assets[rel] = cfg.URL(path.Clean(rel))
		return nil
	})
	if err != nil && !errors.Is(err, fs.SkipAll) {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: StaticDir}, Code: "read", Msg: err.Error()})
	}
	return files, assets, diags
}
