// Package build runs the pipeline: config, load and validate, resolve,
// plan, render and the other outputs. It writes nothing itself: every file
// it produces goes to a sink, which publishing writes to disk and the
// preview server keeps in memory.
//
// # The plan
//
// One engine builds the site, whatever asks for it: a full build is a
// session with no changes, build is that session emitting its files,
// serve is a session fed batches of changed paths, and check is a session
// that emits nothing. Its steps:
//
//  1. Load: site.yaml, content/ (front matter, bodies read again when a
//     page renders), static/ and layouts/. Problems in the user's files
//     are diagnostics with typed codes (diag.Code); failures of the tool
//     (I/O, cancellation) are errors.
//  2. Resolve: sections, references, links and backlinks (package resolve),
//     and the checks of the output stages.
//  3. Plan: every output path is assigned to what publishes it (pages,
//     lists, generators' pages and files, aliases, static files, content
//     assets) before anything renders; a stage that runs after the pages
//     (the search index) reserves its folder. Two inputs at one path are
//     a positioned diagnostic (diag.OutputCollision) at each file
//     involved, so check, build and serve report them alike, and nothing
//     is sent to the sink there (see plan.go).
//  4. Render: pages in parallel, each recording what it reads as it reads
//     it, as typed keys; generators' pages alongside; then the stages
//     that need what rendering found.
//  5. Emit: each file to the sink, once.
//
// An edit dirties the keys of what it changed; the engine re-runs only
// the work that read a dirty key, generators included, inside the same
// reload, and a randomized property test holds every rebuild to a full
// build over many seeds.
//
// Where this stands: steps 1 to 3 and 5 are shared by Run and by State,
// the in-memory session serve uses (rebuild.go), which still keeps its
// own copy of steps 4's bookkeeping; folding State's dependency tracking
// into the renderer's recorder, so that Run is Start plus emitting, is
// the next step (issue 12). Pagination of list pages and a persistent
// cache follow.
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
	// Suppressed counts the errors left out because they follow from a
	// fatal problem reported in Diags: a site.yaml that cannot be read as
	// settings, or a content folder that cannot be read.
	Suppressed int
}

// Run builds the site in fsys, sending every output file to sink. The
// result's diagnostics are sorted; the build failed if any is an error.
func Run(ctx context.Context, fsys fs.FS, opts Options, sink render.Sink) *Result {
	res := &Result{}
	cfg, diags, fatal := config.Read(fsys)
	res.Diags.Append(diags)
	cause := diags
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
	if !fatal && loaded.Unreadable != nil {
		fatal, cause = true, loaded.Unreadable
	}
	if fatal {
		// Every later stage would report only what follows from the
		// cause: check what it would say, to count it, but render and
		// publish nothing, and report the cause alone.
		opts.NoOutput = true
	}
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
	if fatal {
		res.Diags, res.Suppressed = causeFirst(res.Diags, cause)
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

	// The plan: every output path is assigned before anything renders,
	// so that two inputs publishing to one path are reported here, the
	// same in check as in build, and nothing is sent to the sink there.
	// The generators that need only the resolved site run now; the one
	// that needs what rendering finds (the search index) reserves its
	// folder.
	stages := generators(terms)
	made := make([]outputs, len(stages))
	pl := newPlan()
	for _, p := range x.All {
		pl.page(p)
	}
	pl.page(render.NotFoundPage(cfg))
	for i, st := range stages {
		if st.afterPages {
			pl.reserve(st.name, st.dir)
			continue
		}
		made[i].pages, made[i].files, made[i].diags = st.gen(x)
		pl.generated(st.name, made[i].pages, made[i].files)
	}
	for _, f := range statics {
		pl.file(ownStatic, f)
	}
	for _, a := range loaded.Assets {
		pl.file(ownAsset, site.File{Path: a.Path, Src: a.Src})
	}
	res.Diags.Append(pl.collisions())
	sink = pl.sink(sink)

	if diags.Errors() == 0 {
		r.SetLayouts(set)
		// The generators' pages render while the content pages do; a
		// stage that uses what rendering found (the search index) runs
		// once they are done.
		var others sync.WaitGroup
		others.Go(func() {
			for i, st := range stages {
				if !st.afterPages {
					made[i].diags.Append(made[i].emit(ctx, r, sink))
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
				made[i].pages, made[i].files, made[i].diags = st.gen(x)
				made[i].diags.Append(made[i].emit(ctx, r, sink))
			}
			res.Diags.Append(made[i].diags)
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
	res.Diags.Append(pl.problems())
	res.Diags.Sort()
	return res
}

// outputs is what one generator made.
type outputs struct {
	pages []site.Generated
	files []site.File
	diags diag.List
}

// emit renders the pages a generator made and sends them and its files
// to sink.
func (o *outputs) emit(ctx context.Context, r *render.Renderer, sink render.Sink) diag.List {
	diags := r.Generated(ctx, o.pages, sink)
	for _, f := range o.files {
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

// independent are the codes of problems a file has whatever the settings
// and the other files say: how it is saved, named and written. They are
// kept beside a fatal cause; the rest follow from it.
var independent = map[diag.Code]bool{
	"encoding": true, "file-name": true, "file-size": true, "symlink": true, "read": true,
	"front-matter": true, "yaml": true, "toml": true, "nesting": true,
}

// causeFirst returns the cause and the problems that do not follow from
// it, and how many errors it left out.
func causeFirst(all, cause diag.List) (diag.List, int) {
	kept := slices.Clone(cause)
	left := 0
	for _, d := range all {
		switch {
		case slices.Contains(cause, d):
		case independent[d.Code]:
			kept = append(kept, d)
		case d.Severity == diag.Error:
			left++
		}
	}
	return kept, left
}
