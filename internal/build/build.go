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
// The engine is one Session (session.go: load and classify changes;
// work.go: generators, plan and rendering; claims.go: what is published
// at each path). Run is start with a sink: files go there as they are
// made and are not kept, and nothing records dependencies, since Run is
// never updated. serve keeps a Session and calls Update with each batch
// of changes; check is Run with a sink that keeps nothing. What a page
// read is recorded by package render on a dep.Recorder as it reads it;
// the Session keeps the reverse index (readers) and marks keys dirty
// from each edit. A generator that needs only the resolved site runs
// again when the index is new; one that needs the rendered pages (the
// search index) after any edit to content/. Of the pages a generator
// makes, only those whose hash changed (the page, the pages it lists, its
// trail, pager and data: see generated in hash.go) or that read a dirty
// key are rendered again, so a front-matter edit renders the lists that
// show the page, not every term and A to Z page; only files whose bytes
// changed are reported to open pages.
//
// # The cache
//
// build -cache DIR keeps what no in-memory session outlives: each page
// published, with the hash of everything it read (cachekey.go: its file,
// the value of every key it recorded, and what every page reads
// unrecorded, site.yaml and the skeleton layout and partials), and its
// bytes as published (cachefile.go). The next Run renders only the pages
// whose key changed and takes the others from the cache, with what
// rendering them left besides their file (their warnings, readability
// scores, search words and headings), so that a cached build publishes
// and reports byte for byte what a cold one does; the randomized test
// holds it to that after every batch of edits. It also keeps what each
// content file loaded to (its page and problems) by the hash of its bytes
// (cachesrc.go): every content file is read and hashed, and only those
// whose bytes or settings (site.yaml) changed have their front matter
// decoded again. The files the generators write (feeds, sitemap, search
// index) and static/ are made on every build. The index is written by
// hand (cachecodec.go): an entry is decoded only when the build uses it,
// and written back as it was read. A cache for another version, site or
// options, or a damaged one, is ignored with a warning; it is saved only
// after a build that succeeded, by renaming whole files into place.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/lint"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
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
	// Cache, when set, is the persistent cache Run takes the pages whose
	// inputs have not changed from, and keeps what it renders in (see
	// Cache). Start and check use none.
	Cache *Cache
	// Transient says Run's sink is done with a file's Data when it
	// returns, as publishing's Stage.Write is: the memory of a page sent
	// is then the next page's, instead of a page-sized copy for each. A
	// sink that keeps the files it is sent must leave it unset.
	Transient bool
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

// Run builds the site in fsys, sending every output file to sink as it is
// made: it is Start with the files emitted rather than kept. The result's
// diagnostics are sorted; the build failed if any is an error.
func Run(ctx context.Context, fsys fs.FS, opts Options, sink render.Sink) *Result {
	if sink == nil {
		sink = func(site.File) error { return nil }
		opts.Transient = true
	}
	s := start(ctx, fsys, opts, sink)
	res := &Result{Config: s.cfg, Index: s.x, Diags: s.diags, Suppressed: s.suppressed}
	for _, p := range slices.Sorted(maps.Keys(s.pages)) {
		res.Pages = append(res.Pages, s.pages[p].res)
		res.Scores = append(res.Scores, s.pages[p].scores...)
	}
	for _, r := range s.invalid {
		res.Scores = append(res.Scores, r.scores...)
	}
	slices.SortFunc(res.Scores, func(a, b lint.Score) int { return strings.Compare(a.File, b.File) })
	return res
}

// outputs is what one generator made.
type outputs struct {
	pages []site.Generated
	files []site.File
	diags diag.List
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
