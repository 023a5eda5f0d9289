package build

// Rebuilding keeps a whole build in memory, as a State, and after an edit
// redoes only the work that the edited files can affect. It makes the same
// files and the same diagnostics as Run; the tests hold it to that.
//
// What each rendered page depends on is recorded while it renders, as a
// set of keys:
//
//	p:FILE          the page's own content file (body and front matter)
//	fm:FILE         another page's front matter (a previous or next page)
//	frag:FILE       the headings of a page that a link's #fragment names
//	slug:SEC/SLUG   whichever page has that slug (ref, refs, jsonLD)
//	sec:SEC         the pages of a section, in order (section, .Pages)
//	secpage:SEC     a section's list page (breadcrumbs, sectionPage)
//	back:FILE       the pages that refer to a page (backlinks)
//	link:FILE       the page or file that a Markdown link leads to
//	members         which content files exist (hints for broken links)
//	asset:PATH      the URL of a file under static/ (asset, integrity)
//	layout:NAME     a layout the page used or looked for
//	index           the front matter of any page, or any asset's URL (a
//	                layout function not known here)
//
// The layout functions that read other pages are wrapped to record what
// they were asked for; a function this file does not know is assumed to
// read any page's front matter, so new functions are safe, if slower to
// rebuild. An edit then marks keys dirty: a page's body marks only p:FILE
// and frag:FILE; its front matter also marks fm:, slug:, sec:, back: and
// link: keys worked out by comparing the old and the new index; a layout
// marks layout:NAME, or every page for the skeleton and the partials; a
// file under static/ marks asset:PATH when its URL changes; site.yaml
// rebuilds everything. Only the pages with a dirty key are rendered again.
// An edit to a page's body alone keeps the page and the index and gives the
// page its new body, unless a Generation may be reading the pages: then,
// as after any other edit, the edited file gives a new page and a new
// index, and the old ones are left as they were for the generators.
//
// Generators see the whole index, bodies included (the search index reads
// them), so they run again after any change to content/. They are the
// slow part of a rebuild, so Update leaves them out, for a Generation to
// run, on another goroutine if need be, and Apply to bring in; Rebuild
// does all three. Their pages are rendered again only when what a
// generator made for a page changed or one of the page's keys is dirty.
//
// Layouts and layout functions are taken to read other pages' front
// matter, never their bodies: a content page whose layout reached another
// page's Body would not be rendered again when only that body changed.

import (
	"bytes"
	"context"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing/fstest"

	"golang.org/x/sync/errgroup"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/lint"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// State is a build held in memory so that it can be rebuilt after edits.
// Start makes one; Rebuild, or Update and then a Generation, bring it up
// to date. A State is not safe for concurrent use, but the map returned by
// Files may be read from any goroutine: a rebuild makes a new map rather
// than change one handed out.
type State struct {
	opts     Options
	cfg      *site.Config
	cfgDiags diag.List

	files     []string        // Markdown files under content/, in the order Walk gave them
	assets    []content.Asset // the other files under content/
	walkDiags diag.List
	srcs      map[string]*source // content file → what it loaded to
	x         *resolve.Index
	idxDiags  diag.List // duplicate URLs and references
	chkDiags  diag.List // the checkers'
	version   int       // counts the changes to content/
	assetDiag map[string]diag.Diagnostic

	statics     []site.File
	assetURLs   map[string]string
	integrity   map[string]string
	assetsV     int // counts changes to assetURLs and integrity
	staticDiags diag.List

	renderX     *resolve.Index    // the index of the last render
	layouts     map[string][]byte // every file under layouts/, by its path in the site
	layoutDiags diag.List
	broken      bool      // the layouts have errors: nothing is rendered
	workers     []*worker // renderers with the layouts parsed
	fresh       bool      // the renderers reported template errors: make new ones

	pages     map[string]*rendered // content, home, section and not-found pages, by output path
	invalid   map[string]*rendered // pages with errors in their front matter, checked but not published, by file
	fragDiags diag.List
	readers   map[string]map[*rendered]bool // key → the rendered pages that depend on it

	genV     int                  // the version the generators' outputs and the checkers' diagnostics are of; -1 for none
	lent     *Generation          // a generation handed out and not yet applied, which may be reading the pages
	genPages map[string]*rendered // generators' pages, by output path
	genFiles []genFile
	genDiags diag.List

	claims   map[string][]claim   // output path → the files that publish to it
	out      map[string]site.File // the site; never changed once handed out
	shared   bool                 // out has been handed out
	touched  map[string]bool      // output paths changed since changes was called
	before   map[string]site.File // their files before
	diags    diag.List
	stale    bool // a rebuild was interrupted: the next one starts afresh
	rendered int  // how many pages the last update rendered
}

type source struct {
	page    *site.Page // nil when the file has errors
	invalid *site.Page // then, the page as far as it could be read
	diags   diag.List
}

// rendered is one page and what rendering it read.
type rendered struct {
	path  string // output path
	page  *site.Page
	gen   *site.Generated // for generators' pages
	res   *render.Result  // nil for generators' pages
	deps  []string
	prev  string // the files of the pages before and after it in its section
	next  string
	frag  bool // it has links with a #fragment
	diags diag.List
	rank  int
}

type genFile struct {
	f    site.File
	rank int
}

type claim struct {
	by   string
	rank int
	f    site.File
}

// The ranks of the kinds of output, in the order Run writes them: when two
// files publish to one path, the later one is the one on disk.
const (
	rankPage   = 0
	rankStatic = 1 << 20
	rankAsset  = rankStatic + 1
)

// genFileBy names a generator's file as the claimant of its path: two
// generators may write the same path, and each claims it.
func genFileBy(rank int, path string) string {
	return "genfile:" + strconv.Itoa(rank) + ":" + path
}

func genRank(i int, file bool) int {
	if file {
		return 2 + 2*i
	}
	return 1 + 2*i
}

// Start builds the site in fsys in memory, as Run does, and keeps what it
// needs to rebuild after edits. Options.NoOutput is ignored.
func Start(ctx context.Context, fsys fs.FS, opts Options) *State {
	s := &State{
		opts:     opts,
		srcs:     map[string]*source{},
		pages:    map[string]*rendered{},
		invalid:  map[string]*rendered{},
		readers:  map[string]map[*rendered]bool{},
		genPages: map[string]*rendered{},
		claims:   map[string][]claim{},
		out:      map[string]site.File{},
		touched:  map[string]bool{},
		before:   map[string]site.File{},
		genV:     -1,
	}
	s.cfg, s.cfgDiags = config.Load(fsys)
	if opts.BaseURL != "" {
		if err := config.SetBaseURL(s.cfg, opts.BaseURL); err != nil {
			s.cfgDiags.Add(diag.Diagnostic{Pos: diag.Pos{File: config.File}, Code: "config", Msg: err.Error()})
		}
	}
	s.files, s.assets, s.walkDiags = content.Walk(fsys)
	s.load(ctx, fsys, s.files)
	for _, a := range s.assets {
		s.readAsset(fsys, a)
	}
	s.reindex(nil, nil)
	s.readStatic(fsys, nil)
	s.readLayouts(fsys)
	s.render(ctx, map[string]bool{})
	s.generate(ctx)
	s.finish(ctx)
	s.changes()
	return s
}

// Config returns the site's settings.
func (s *State) Config() *site.Config { return s.cfg }

// Diags returns every problem of the build, sorted. The build failed if
// any is an error.
func (s *State) Diags() diag.List { return s.diags }

// Files returns the site's files by output path. The map must not be
// changed; a later rebuild leaves it as it is.
func (s *State) Files() map[string]site.File {
	s.shared = true
	return s.out
}

// Rebuild brings s up to date after the files at changed were written,
// created, renamed or removed, as Update does and then the generators. It
// returns the state, which is prev or, after site.yaml changed, a new one,
// and the output paths whose files were added, changed or removed, sorted.
// prev must not be used afterwards.
func Rebuild(ctx context.Context, fsys fs.FS, prev *State, changed []string) (*State, []string) {
	s, paths := Update(ctx, fsys, prev, changed)
	more := s.generate(ctx)
	if len(more) > 0 {
		s.finish(ctx)
		paths = append(paths, more...)
		slices.Sort(paths)
		paths = slices.Compact(paths)
	}
	return s, paths
}

// Update is Rebuild but for the generators: their files and pages stay
// as they were, for a Generation to bring up to date. Paths are relative
// to the site root and use forward slashes; a folder stands for
// everything in it.
func Update(ctx context.Context, fsys fs.FS, prev *State, changed []string) (*State, []string) {
	var contentPaths []string
	var layoutsChanged, staticChanged, all bool
	for _, p := range changed {
		p = path.Clean(strings.TrimPrefix(p, "/"))
		switch {
		case p == config.File || p == ".":
			all = true
		case p == content.Dir || strings.HasPrefix(p, content.Dir+"/"):
			contentPaths = append(contentPaths, p)
		case p == layout.Dir || strings.HasPrefix(p, layout.Dir+"/"):
			layoutsChanged = true
		case p == StaticDir || strings.HasPrefix(p, StaticDir+"/"):
			staticChanged = true
		}
	}
	if all || prev.stale {
		next := Start(ctx, fsys, prev.opts)
		var paths []string
		for p, f := range prev.out {
			if g, ok := next.out[p]; !ok || !sameFile(f, g) {
				paths = append(paths, p)
			}
		}
		for p := range next.out {
			if _, ok := prev.out[p]; !ok {
				paths = append(paths, p)
			}
		}
		slices.Sort(paths)
		return next, paths
	}
	s := prev
	s.rendered = 0
	dirty := map[string]bool{}
	if staticChanged {
		s.readStatic(fsys, dirty)
	}
	if len(contentPaths) > 0 {
		s.version++
		s.reload(ctx, fsys, contentPaths, dirty)
	}
	if layoutsChanged {
		s.reloadLayouts(fsys, dirty)
	}
	if len(dirty) > 0 {
		s.render(ctx, dirty)
	}
	s.finish(ctx)
	return s, s.changes()
}

// load reads content files, in parallel.
func (s *State) load(ctx context.Context, fsys fs.FS, files []string) {
	srcs := make([]source, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			srcs[i].page, srcs[i].invalid, srcs[i].diags = content.LoadFile(fsys, s.cfg, f)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		s.stale = true
	}
	for i, f := range files {
		s.srcs[f] = &srcs[i]
	}
}

// included reports whether a loaded page is part of the site.
func (s *State) included(p *site.Page) bool {
	return p != nil && (!p.Draft || s.opts.Drafts)
}

// skipped says why a content file is not among the site's pages, or "".
func (s *State) skipped(src *source) string {
	switch {
	case src == nil:
		return ""
	case src.page == nil:
		return "error"
	case !s.included(src.page):
		return "draft"
	}
	return ""
}

// reload reads the content files at paths again, and the list of files
// when one was added or removed, and marks what the changes affect.
func (s *State) reload(ctx context.Context, fsys fs.FS, paths []string, dirty map[string]bool) {
	assetAt := map[string]int{}
	for i, a := range s.assets {
		assetAt[a.Src] = i
	}
	// A file that was there and still is a file was only written: the
	// list of files stays as it is.
	var modified []string
	walk := false
	for _, p := range paths {
		_, md := s.srcs[p]
		_, asset := assetAt[p]
		if md || asset {
			if info, err := fs.Lstat(fsys, p); err == nil && info.Mode().IsRegular() {
				modified = append(modified, p)
				continue
			}
		}
		walk = true
	}

	type change struct{ old, new *site.Page }
	var changes []change
	members, bodies := false, false
	oldSrcs := map[string]*source{}
	toLoad := map[string]bool{}
	toRead := map[string]bool{}
	for _, p := range modified {
		if _, ok := s.srcs[p]; ok {
			toLoad[p] = true
		} else {
			toRead[p] = true
		}
	}
	if walk {
		files, assets, diags := content.Walk(fsys)
		s.walkDiags = diags
		// A changed folder stands for everything in it.
		under := func(f string) bool {
			for _, p := range paths {
				if f == p || strings.HasPrefix(f, p+"/") {
					return true
				}
			}
			return false
		}
		now := map[string]bool{}
		for _, f := range files {
			now[f] = true
			if _, ok := s.srcs[f]; !ok || under(f) {
				toLoad[f] = true
			}
		}
		for f, src := range s.srcs {
			if !now[f] {
				oldSrcs[f] = src
				delete(s.srcs, f)
				members = true
				if s.included(src.page) {
					changes = append(changes, change{old: src.page})
				}
				dirty["p:"+f] = true
				dirty["link:"+f] = true
			}
		}
		newAssets := map[string]bool{}
		for _, a := range assets {
			newAssets[a.Src] = true
			if _, ok := assetAt[a.Src]; !ok || under(a.Src) {
				toRead[a.Src] = true
			}
			if _, ok := assetAt[a.Src]; !ok {
				members = true
				dirty["link:"+a.Src] = true
			}
		}
		for _, a := range s.assets {
			if !newAssets[a.Src] {
				s.drop("asset:"+a.Src, a.Path)
				delete(s.assetDiag, a.Src)
				members = true
				dirty["link:"+a.Src] = true
			}
		}
		s.files, s.assets = files, assets
	}
	for _, a := range s.assets {
		if toRead[a.Src] {
			s.readAsset(fsys, a)
		}
	}

	load := slices.Sorted(maps.Keys(toLoad))
	for _, f := range load {
		if old, ok := s.srcs[f]; ok {
			oldSrcs[f] = old
		}
	}
	s.load(ctx, fsys, load)
	for _, f := range load {
		old, src := oldSrcs[f], s.srcs[f]
		dirty["p:"+f] = true
		oldIn := old != nil && s.included(old.page)
		newIn := s.included(src.page)
		if oldIn && newIn && fmEqual(old.page, src.page) {
			// Only the body changed: the page itself, and the links
			// to its headings.
			dirty["frag:"+f] = true
			if s.lent == nil {
				// Nothing else reads the pages: keep the page, and the
				// index, with the new body.
				old.page.Body, old.page.Source = src.page.Body, src.page.Source
				src.page = old.page
				continue
			}
			bodies = true
			continue
		}
		if old == nil || s.skipped(old) != s.skipped(src) {
			members = true
		}
		if oldIn || newIn {
			c := change{}
			if oldIn {
				c.old = old.page
			}
			if newIn {
				c.new = src.page
			}
			changes = append(changes, c)
		}
		dirty["link:"+f] = true
	}
	if len(changes) == 0 && !members && !bodies {
		return // only diagnostics changed
	}
	if len(changes) > 0 || members {
		dirty["index"] = true
	}
	if members {
		dirty["members"] = true
	}
	oldX := s.x
	for _, c := range changes {
		for i, p := range []*site.Page{c.old, c.new} {
			if p == nil {
				continue
			}
			dirty["fm:"+p.File] = true
			dirty["frag:"+p.File] = true
			dirty["back:"+p.File] = true
			dirty["slug:"+p.Section+"/"+p.Slug] = true
			if i == 0 && oldX != nil {
				for _, r := range p.Refs {
					if t := oldX.Page(r.Section, r.Slug); t != nil {
						dirty["back:"+t.File] = true
					}
				}
			}
		}
	}
	s.reindex(oldX, dirty)
	for _, c := range changes {
		if c.new == nil {
			continue
		}
		for _, r := range c.new.Refs {
			if t := s.x.Page(r.Section, r.Slug); t != nil {
				dirty["back:"+t.File] = true
			}
		}
	}
}

// readAsset reads a file under content/ that is copied as it is.
func (s *State) readAsset(fsys fs.FS, a content.Asset) {
	if s.assetDiag == nil {
		s.assetDiag = map[string]diag.Diagnostic{}
	}
	delete(s.assetDiag, a.Src)
	data, err := fs.ReadFile(fsys, a.Src)
	if err != nil {
		s.assetDiag[a.Src] = diag.Diagnostic{Pos: diag.Pos{File: a.Src}, Code: "read", Msg: "cannot read: " + err.Error()}
		s.drop("asset:"+a.Src, a.Path)
		return
	}
	s.put("asset:"+a.Src, rankAsset, site.File{Path: a.Path, Data: data, Src: a.Src})
}

// reindex resolves the site's pages again. With an old index, it marks
// the sections and section pages whose pages' front matter differs, and
// the pages with new neighbours.
func (s *State) reindex(old *resolve.Index, dirty map[string]bool) {
	var pages []*site.Page
	skipped := map[string]string{}
	for _, f := range s.files {
		src := s.srcs[f]
		if why := s.skipped(src); why != "" {
			skipped[f] = why
			continue
		}
		pages = append(pages, src.page)
	}
	assetSrcs := make([]string, len(s.assets))
	for i, a := range s.assets {
		assetSrcs[i] = a.Src
	}
	s.idxDiags = content.CheckPaths(pages)
	x, diags := resolve.Resolve(s.cfg, pages, assetSrcs, skipped)
	s.idxDiags.Append(diags)
	s.x = x
	if old == nil {
		return
	}
	for name := range keys(old.Pages, x.Pages) {
		if slices.EqualFunc(old.Pages[name], x.Pages[name], samePage) {
			continue
		}
		dirty["sec:"+name] = true
		// The pages around an edit may have new neighbours.
		for _, p := range x.Pages[name] {
			if r := s.pages[render.OutputPath(p)]; r != nil && r.page.File == p.File {
				prev, next := neighbours(x, p)
				if prev != r.prev || next != r.next {
					dirty["p:"+p.File] = true
				}
			}
		}
	}
	for name := range keys(old.Section, x.Section) {
		if a, b := old.Section[name], x.Section[name]; !samePage(a, b) {
			dirty["secpage:"+name] = true
		}
	}
}

// samePage reports whether two pages are the same file with the same
// front matter.
func samePage(a, b *site.Page) bool {
	return a == b || a != nil && b != nil && a.File == b.File && fmEqual(a, b)
}

func keys[V any](a, b map[string]V) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// readStatic reads static/ again, marking the assets whose URL or
// integrity value changed.
func (s *State) readStatic(fsys fs.FS, dirty map[string]bool) {
	files, urls, diags := readStatic(fsys, s.cfg)
	s.staticDiags = diags
	files, urls, integrity, diags := fingerprint(files, urls, s.cfg, s.opts.Minify)
	s.staticDiags.Append(diags)
	for _, f := range s.statics {
		s.drop("static:"+f.Src, f.Path)
	}
	for _, f := range files {
		s.put("static:"+f.Src, rankStatic, f)
	}
	s.statics = files
	if dirty != nil && (!maps.Equal(urls, s.assetURLs) || !maps.Equal(integrity, s.integrity)) {
		for k := range keys(urls, s.assetURLs) {
			if urls[k] != s.assetURLs[k] || integrity[k] != s.integrity[k] {
				dirty["asset:"+k] = true
			}
		}
		dirty["index"] = true
		s.assetsV++
	}
	s.assetURLs, s.integrity = urls, integrity
}

// readLayouts reads every file under layouts/ and parses them.
func (s *State) readLayouts(fsys fs.FS) {
	s.layouts = map[string][]byte{}
	fs.WalkDir(fsys, layout.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if data, err := fs.ReadFile(fsys, p); err == nil {
			s.layouts[p] = data
		}
		return nil
	})
	s.workers, s.broken, s.layoutDiags = nil, false, nil
	s.ensureWorkers(1)
}

// reloadLayouts reads layouts/ again and marks the layouts that changed,
// or every page when the skeleton or a partial did.
func (s *State) reloadLayouts(fsys fs.FS, dirty map[string]bool) {
	old, wasBroken := s.layouts, s.broken
	s.readLayouts(fsys)
	if wasBroken || s.broken {
		dirty["layout:*"] = true
		if !s.broken {
			s.genV = -1 // the generators' pages are to be made
		}
		return
	}
	for p := range keys(old, s.layouts) {
		if bytes.Equal(old[p], s.layouts[p]) {
			continue
		}
		name := strings.TrimPrefix(p, layout.Dir+"/")
		if name == layout.Base || strings.HasPrefix(name, "partials/") || path.Ext(name) != ".html" {
			dirty["layout:*"] = true
		}
		dirty["layout:"+name] = true
	}
}

// worker renders pages with layout functions that record what they read.
// Its layouts are parsed once, with functions that call those of its
// current renderer, so that a new index needs only a new renderer.
type worker struct {
	set    *layout.Set
	diags  diag.List
	r      *render.Renderer
	funcs  template.FuncMap // r's functions, which the layouts' call
	x      *resolve.Index   // what r renders
	assets int              // the assetsV of r
	read   []string         // what the layouts read for the page being rendered
}

// bind gives w a renderer for the state's index and assets.
func (w *worker) bind(s *State) {
	w.r = render.New(s.x, render.Options{Assets: s.assetURLs, Integrity: s.integrity})
	w.funcs = w.r.Funcs()
	w.x, w.assets = s.x, s.assetsV
	if w.set != nil {
		w.r.SetLayouts(w.set)
	}
}

// worker returns the first worker, or nil when the layouts have errors.
func (s *State) worker() *worker {
	s.ensureWorkers(1)
	if len(s.workers) == 0 {
		return nil
	}
	return s.workers[0]
}

// ensureWorkers makes sure there are n workers, bound to the current
// index and assets, unless the layouts have errors.
func (s *State) ensureWorkers(n int) {
	if s.broken || s.x == nil {
		return
	}
	for _, w := range s.workers {
		if w.x != s.x || w.assets != s.assetsV || s.fresh {
			w.bind(s)
		}
	}
	s.fresh = false
	if len(s.workers) >= n {
		return
	}
	fsys := fstest.MapFS{}
	for p, data := range s.layouts {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	for len(s.workers) < n {
		w := &worker{}
		w.bind(s)
		w.set, w.diags = layout.Load(fsys, w.track(w.funcs))
		s.layoutDiags = w.diags
		if w.diags.Errors() > 0 {
			s.workers, s.broken = nil, true
			return
		}
		w.r.SetLayouts(w.set)
		s.workers = append(s.workers, w)
	}
}

// track returns layout functions that call w's current renderer's, those
// that read other pages recording what they were asked for.
func (w *worker) track(funcs template.FuncMap) template.FuncMap {
	out := template.FuncMap{}
	for name, fn := range funcs {
		switch name {
		case "label", "terms", "date", "isodate", "absURL", "relURL", "termURL", "add", "sub", "current":
			// These read only their arguments and site.yaml, which a
			// State never changes.
			out[name] = fn
			continue
		case "ref":
			if _, ok := fn.(func(string, string) *site.Page); ok {
				out[name] = func(section, slug string) *site.Page {
					w.read = append(w.read, "slug:"+section+"/"+slug)
					return w.funcs[name].(func(string, string) *site.Page)(section, slug)
				}
				continue
			}
		case "refs":
			if _, ok := fn.(func(string, []string) []*site.Page); ok {
				out[name] = func(section string, slugs []string) []*site.Page {
					for _, slug := range slugs {
						w.read = append(w.read, "slug:"+section+"/"+slug)
					}
					return w.funcs[name].(func(string, []string) []*site.Page)(section, slugs)
				}
				continue
			}
		case "section":
			if _, ok := fn.(func(string) []*site.Page); ok {
				out[name] = func(section string) []*site.Page {
					w.read = append(w.read, "sec:"+section)
					return w.funcs[name].(func(string) []*site.Page)(section)
				}
				continue
			}
		case "sectionPage":
			if _, ok := fn.(func(string) *site.Page); ok {
				out[name] = func(section string) *site.Page {
					w.read = append(w.read, "secpage:"+section)
					return w.funcs[name].(func(string) *site.Page)(section)
				}
				continue
			}
		case "backlinks":
			if _, ok := fn.(func(*site.Page, string) []*site.Page); ok {
				out[name] = func(p *site.Page, section string) []*site.Page {
					if p != nil {
						w.read = append(w.read, "back:"+p.File, "slug:"+p.Section+"/"+p.Slug)
					}
					return w.funcs[name].(func(*site.Page, string) []*site.Page)(p, section)
				}
				continue
			}
		case "asset", "integrity":
			if _, ok := fn.(func(string) (string, error)); ok {
				out[name] = func(p string) (string, error) {
					w.read = append(w.read, "asset:"+strings.TrimPrefix(p, "/"))
					return w.funcs[name].(func(string) (string, error))(p)
				}
				continue
			}
		case "jsonLD":
			// It reads the page, its context and the pages its front
			// matter refers to.
			if _, ok := fn.(func(*render.Context) any); ok {
				out[name] = func(c *render.Context) any {
					if c != nil && c.Page != nil {
						for _, r := range c.Page.Refs {
							w.read = append(w.read, "slug:"+r.Section+"/"+r.Slug)
						}
					}
					return w.funcs[name].(func(*render.Context) any)(c)
				}
				continue
			}
		}
		// A function not known here may read any page's front matter.
		out[name] = w.call(name, fn, []string{"index"})
	}
	return out
}

// call returns a function of fn's type that records keys and calls the
// current renderer's function of that name.
func (w *worker) call(name string, fn any, keys []string) any {
	t := reflect.TypeOf(fn)
	return reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
		w.read = append(w.read, keys...)
		v := reflect.ValueOf(w.funcs[name])
		if t.IsVariadic() {
			return v.CallSlice(args)
		}
		return v.Call(args)
	}).Interface()
}

// job is one page to render.
type job struct {
	path string
	page *site.Page
	gen  *site.Generated
	rank int
}

// render renders the content pages with a dirty key and those that are
// new, and the generators' pages with a dirty key, and checks links to
// fragments again.
func (s *State) render(ctx context.Context, dirty map[string]bool) {
	if s.worker() == nil {
		// Layouts with errors: Run renders nothing, and runs no
		// generators.
		for p, r := range s.pages {
			s.drop("page:"+p, p)
			s.forget(r)
			delete(s.pages, p)
		}
		s.dropGenerated()
		s.fragDiags, s.renderX = nil, nil
		clear(s.invalid)
		return
	}
	all := dirty["layout:*"]
	readers := map[*rendered]bool{}
	for k := range dirty {
		for r := range s.readers[k] {
			readers[r] = true
		}
	}
	nf := render.NotFoundPage(s.cfg)
	if s.x != s.renderX {
		want := map[string]*site.Page{}
		for _, p := range s.x.All {
			want[render.OutputPath(p)] = p
		}
		want[render.OutputPath(nf)] = nf
		for p, r := range s.pages {
			if want[p] == nil {
				s.drop("page:"+p, p)
				s.forget(r)
				delete(s.pages, p)
			}
		}
	}
	var jobs []job
	if s.x == s.renderX && !all {
		// The same pages as before: only those that read a dirty key.
		for r := range readers {
			jobs = append(jobs, job{path: r.path, page: r.page, gen: r.gen, rank: r.rank})
		}
	} else {
		for _, p := range s.x.All {
			jobs = s.check(jobs, render.OutputPath(p), p, nil, rankPage, s.pages, readers, all)
		}
		jobs = s.check(jobs, render.OutputPath(nf), nf, nil, rankPage, s.pages, readers, all)
		for p, r := range s.genPages {
			jobs = s.check(jobs, p, r.page, r.gen, r.rank, s.genPages, readers, all)
		}
	}
	s.renderX = s.x
	s.run(ctx, jobs)
	s.checkInvalid()
	s.checkFragments()
}

// forget removes what a rendered page read from the readers of each key.
func (s *State) forget(r *rendered) {
	for _, k := range r.deps {
		delete(s.readers[k], r)
		if len(s.readers[k]) == 0 {
			delete(s.readers, k)
		}
	}
}

// dropGenerated removes every output of the generators.
func (s *State) dropGenerated() {
	for p, r := range s.genPages {
		s.drop("gen:"+p, p)
		s.forget(r)
		delete(s.genPages, p)
	}
	for _, g := range s.genFiles {
		s.drop(genFileBy(g.rank, g.f.Path), g.f.Path)
	}
	s.genFiles, s.genDiags, s.genV = nil, nil, -1
}

// checkInvalid checks the bodies and references of the pages whose front
// matter has errors, as Run does.
func (s *State) checkInvalid() {
	clear(s.invalid)
	w := s.worker()
	for _, f := range s.files {
		p := s.srcs[f].invalid
		if p == nil {
			continue
		}
		res := w.r.Check(p)
		r := &rendered{page: p, res: res}
		r.diags.Append(res.Diags)
		r.diags.Append(s.x.CheckRefs(p))
		diags, _ := lint.Check(s.cfg, []*render.Result{res}, s.opts.Now)
		r.diags.Append(diags)
		res.Prose = nil
		r.frag = hasFragment(res)
		s.invalid[f] = r
	}
}

func hasFragment(res *render.Result) bool {
	for _, l := range res.Links {
		if strings.Contains(l.Dest, "#") {
			return true
		}
	}
	return false
}

// check adds a job for the page at out if it is new, changed or one of
// readers, which read a dirty key.
func (s *State) check(jobs []job, out string, p *site.Page, g *site.Generated, rank int, recs map[string]*rendered, readers map[*rendered]bool, all bool) []job {
	r := recs[out]
	switch {
	case r == nil || all:
	case g != nil && (r.gen == nil || !sameGenerated(r.gen, g)):
	case g == nil && r.page != p && (p.File != "" || !fmEqual(r.page, p)):
	case readers[r]:
	default:
		if r.page != p {
			// A section or home page made afresh, the same as before.
			r.page = p
			if r.res != nil {
				r.res.Page = p
			}
		}
		if g != nil {
			r.gen = g
		}
		return jobs
	}
	return append(jobs, job{path: out, page: p, gen: g, rank: rank})
}

// run renders jobs on as many workers as there are processors.
func (s *State) run(ctx context.Context, jobs []job) {
	s.rendered += len(jobs)
	if len(jobs) == 0 {
		return
	}
	s.ensureWorkers(min(runtime.GOMAXPROCS(0), len(jobs)))
	recs := make([]*rendered, len(jobs))
	files := make([]*site.File, len(jobs))
	var next atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	for _, w := range s.workers[:min(len(s.workers), len(jobs))] {
		g.Go(func() error {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return nil
				}
				if err := gctx.Err(); err != nil {
					return err
				}
				recs[i], files[i] = s.renderOne(gctx, w, jobs[i])
			}
		})
	}
	if err := g.Wait(); err != nil {
		s.stale = true
		return
	}
	for i, j := range jobs {
		r := recs[i]
		r.rank, r.path = j.rank, j.path
		by, recsMap := "page:"+j.path, s.pages
		if j.gen != nil {
			by, recsMap = "gen:"+j.path, s.genPages
		}
		if old := recsMap[j.path]; old != nil {
			s.forget(old)
		}
		recsMap[j.path] = r
		for _, k := range r.deps {
			if s.readers[k] == nil {
				s.readers[k] = map[*rendered]bool{}
			}
			s.readers[k][r] = true
		}
		if f := files[i]; f != nil {
			s.put(by, j.rank, *f)
		} else {
			s.drop(by, j.path)
		}
		for _, d := range r.diags {
			if d.Code == "template" {
				// A renderer reports each template error once: use
				// new ones, so that the next update reports it again.
				s.fresh = true
			}
		}
	}
}

// renderOne renders one page on w and records what it read.
func (s *State) renderOne(ctx context.Context, w *worker, j job) (*rendered, *site.File) {
	w.read = w.read[:0]
	r := &rendered{page: j.page, gen: j.gen}
	var f *site.File
	names := layout.Names(j.page)
	if j.gen != nil {
		names = j.gen.Layouts
		var one fileSink
		r.diags = w.r.Generated(ctx, []site.Generated{*j.gen}, one.sink)
		f = one.f
		if len(j.page.Body) > 0 {
			// Links in the body may lead anywhere.
			r.deps = append(r.deps, "index")
		}
	} else {
		var res *render.Result
		res, f = w.r.Page(j.page)
		r.res = res
		r.diags = append(r.diags, res.Diags...)
		if j.page.File != "" {
			diags, _ := lint.Check(s.cfg, []*render.Result{res}, s.opts.Now)
			r.diags.Append(diags)
		}
		res.Prose = nil // read by lint only, and large
		r.frag = hasFragment(res)
		for _, l := range res.Links {
			d := strings.TrimSpace(l.Dest)
			p, frag, _ := strings.Cut(d, "#")
			p, _, _ = strings.Cut(p, "?")
			if strings.HasPrefix(p, "/") || strings.Contains(p, ":") {
				continue
			}
			file := j.page.File
			if p != "" {
				file = path.Join(path.Dir(j.page.File), p)
				r.deps = append(r.deps, "link:"+file)
			}
			if frag != "" {
				r.deps = append(r.deps, "frag:"+file)
			}
		}
		for _, d := range res.Diags {
			if d.Code == "broken-link" {
				r.deps = append(r.deps, "members")
				break
			}
		}
	}
	for _, n := range names {
		r.deps = append(r.deps, "layout:"+n)
		if w.set.Has(n) {
			break
		}
	}
	p := j.page
	if p.File != "" && j.gen == nil {
		r.deps = append(r.deps, "p:"+p.File)
	}
	switch p.Kind {
	case site.KindHome, site.Kind404:
	case site.KindSection:
		r.deps = append(r.deps, "sec:"+p.Section)
	default:
		if p.Section != "" {
			r.deps = append(r.deps, "secpage:"+p.Section)
		}
		r.prev, r.next = neighbours(s.x, p)
		if r.prev != "" {
			r.deps = append(r.deps, "fm:"+r.prev)
		}
		if r.next != "" {
			r.deps = append(r.deps, "fm:"+r.next)
		}
	}
	r.deps = append(r.deps, w.read...)
	slices.Sort(r.deps)
	r.deps = slices.Compact(r.deps)
	return r, f
}

// fileSink keeps the one file of a generated page.
type fileSink struct{ f *site.File }

func (c *fileSink) sink(f site.File) error {
	c.f = &f
	return nil
}

// neighbours returns the files of the pages before and after p in its
// section, as the previous and next links show them.
func neighbours(x *resolve.Index, p *site.Page) (prev, next string) {
	list := x.Pages[p.Section]
	for i, q := range list {
		if q == p {
			if i > 0 {
				prev = list[i-1].File
			}
			if i+1 < len(list) {
				next = list[i+1].File
			}
			break
		}
	}
	return prev, next
}

// checkFragments checks the links to #fragments of every page that has
// them, against the headings of the pages they lead to.
func (s *State) checkFragments() {
	s.fragDiags = nil
	w := s.worker()
	if w == nil {
		return
	}
	var results []*render.Result
	seen := map[*render.Result]bool{}
	add := func(r *render.Result) {
		if r != nil && !seen[r] {
			seen[r] = true
			results = append(results, r)
		}
	}
	check := func(r *rendered) {
		if !r.frag || r.res == nil {
			return
		}
		add(r.res)
		for _, l := range r.res.Links {
			if !strings.Contains(l.Dest, "#") {
				continue
			}
			t, _ := s.x.Link(r.page, strings.TrimSpace(l.Dest))
			if t.Page == nil {
				continue
			}
			if tr := s.pages[render.OutputPath(t.Page)]; tr != nil && tr.page == t.Page {
				add(tr.res)
			}
		}
	}
	for _, r := range s.pages {
		check(r)
	}
	for _, r := range s.invalid {
		check(r)
	}
	if len(results) > 0 {
		s.fragDiags = w.r.CheckFragments(results)
	}
}

// A Generation is one run of the generators over the site as it was when
// the Generation was made. Its Run may be called on another goroutine
// while the State is updated: it reads the site's pages, which updates
// never change, and nothing else of the State.
type Generation struct {
	x      *resolve.Index
	v      int
	pages  [][]site.Generated // by generator
	files  [][]site.File
	diags  diag.List
	checks diag.List // the checkers'
	done   bool      // it ran to the end
}

// Generation returns the run of the generators that s needs, or nil when
// their outputs are up to date. The checkers of the output stages run
// with them: they too read the whole site. Every Generation returned must
// be given to Apply once it has run, or has been stopped, so that s knows
// that nothing reads its pages any more.
func (s *State) Generation() *Generation {
	if s.genV == s.version {
		return nil
	}
	s.lent = &Generation{x: s.x, v: s.version}
	return s.lent
}

// Run runs the checkers and the generators. When ctx is done it stops
// after the one running, and Apply drops g.
func (g *Generation) Run(ctx context.Context) {
	for _, check := range checkers() {
		if ctx.Err() != nil {
			return
		}
		g.checks.Append(check(g.x))
	}
	for _, st := range generators(nil) {
		if ctx.Err() != nil {
			return
		}
		pages, files, diags := st.gen(g.x)
		g.pages = append(g.pages, pages)
		g.files = append(g.files, files)
		g.diags.Append(diags)
	}
	g.done = true
}

// Apply renders the pages of a Generation that has run and that differ
// from those served, and publishes its files. It returns the output paths
// that changed, and false, doing nothing, when s was updated since g was
// made, or g did not run to the end: g is then out of date, and s needs
// another.
func (s *State) Apply(ctx context.Context, g *Generation) ([]string, bool) {
	if s.lent == g {
		s.lent = nil
	}
	if g.v != s.version || g.x != s.x || !g.done {
		return nil, false
	}
	s.chkDiags = g.checks
	if s.worker() == nil {
		// Layouts with errors: Run runs no generators.
		s.genV = g.v
		s.finish(ctx)
		return s.changes(), true
	}
	want := map[string]bool{}
	var jobs []job
	for i, pages := range g.pages {
		for k := range pages {
			gp := &pages[k]
			p := render.OutputPath(gp.Page)
			want[p] = true
			jobs = s.check(jobs, p, gp.Page, gp, genRank(i, false), s.genPages, nil, false)
		}
	}
	for p, r := range s.genPages {
		if !want[p] {
			s.drop("gen:"+p, p)
			s.forget(r)
			delete(s.genPages, p)
		}
	}
	for _, f := range s.genFiles {
		s.drop(genFileBy(f.rank, f.f.Path), f.f.Path)
	}
	s.genFiles = nil
	for i, files := range g.files {
		for _, f := range files {
			s.genFiles = append(s.genFiles, genFile{f: f, rank: genRank(i, true)})
			s.put(genFileBy(genRank(i, true), f.Path), genRank(i, true), f)
		}
	}
	s.genDiags = g.diags
	s.run(ctx, jobs)
	s.genV = g.v
	s.finish(ctx)
	return s.changes(), true
}

// generate runs the generators if need be, on this goroutine, and
// returns the output paths that changed.
func (s *State) generate(ctx context.Context) []string {
	g := s.Generation()
	if g == nil {
		return nil
	}
	g.Run(ctx)
	paths, _ := s.Apply(ctx, g)
	return paths
}

// put records that by publishes f.
func (s *State) put(by string, rank int, f site.File) {
	cs := s.claims[f.Path]
	i := slices.IndexFunc(cs, func(c claim) bool { return c.by == by })
	if i >= 0 {
		cs[i] = claim{by: by, rank: rank, f: f}
	} else {
		cs = append(cs, claim{by: by, rank: rank, f: f})
	}
	s.claims[f.Path] = cs
	s.settle(f.Path)
}

// drop records that by no longer publishes anything at p.
func (s *State) drop(by, p string) {
	cs := s.claims[p]
	i := slices.IndexFunc(cs, func(c claim) bool { return c.by == by })
	if i < 0 {
		return
	}
	cs = slices.Delete(cs, i, i+1)
	if len(cs) == 0 {
		delete(s.claims, p)
	} else {
		s.claims[p] = cs
	}
	s.settle(p)
}

// settle sets the file at p to the last of its claims in build order.
func (s *State) settle(p string) {
	if s.shared {
		s.out = maps.Clone(s.out)
		s.shared = false
	}
	if !s.touched[p] {
		s.touched[p] = true
		if f, ok := s.out[p]; ok {
			s.before[p] = f
		}
	}
	cs := s.claims[p]
	if len(cs) == 0 {
		delete(s.out, p)
		return
	}
	best := cs[0]
	for _, c := range cs[1:] {
		if c.rank >= best.rank {
			best = c
		}
	}
	s.out[p] = best.f
}

// changes returns the output paths that differ from when it was last
// called, sorted.
func (s *State) changes() []string {
	var paths []string
	for p := range s.touched {
		f, ok := s.out[p]
		g, was := s.before[p]
		if ok != was || ok && !sameFile(f, g) {
			paths = append(paths, p)
		}
	}
	clear(s.touched)
	clear(s.before)
	slices.Sort(paths)
	return paths
}

func sameFile(a, b site.File) bool {
	return a.Type == b.Type && bytes.Equal(a.Data, b.Data)
}

// finish gathers every diagnostic, as Run reports them.
func (s *State) finish(ctx context.Context) {
	if ctx.Err() != nil {
		s.stale = true
	}
	var l diag.List
	l.Append(s.cfgDiags)
	l.Append(s.walkDiags)
	for _, f := range s.files {
		if src := s.srcs[f]; src != nil {
			l.Append(src.diags)
		}
	}
	l.Append(s.idxDiags)
	l.Append(s.chkDiags)
	l.Append(s.staticDiags)
	l.Append(s.layoutDiags)
	for _, r := range s.pages {
		l.Append(r.diags)
	}
	for _, r := range s.invalid {
		l.Append(r.diags)
	}
	l.Append(s.fragDiags)
	l.Append(s.genDiags)
	for _, r := range s.genPages {
		l.Append(r.diags)
	}
	for _, d := range s.assetDiag {
		l.Add(d)
	}
	l.Append(s.collisions())
	l.Sort()
	s.diags = l
}

// collisions reports the output paths that more than one input publishes
// to, as Run's plan does.
func (s *State) collisions() diag.List {
	pl := newPlan()
	stages := generators(nil)
	for _, st := range stages {
		if st.afterPages {
			pl.reserve(st.name, st.dir)
		}
	}
	for p, cs := range s.claims {
		if len(cs) < 2 && !pl.underReserved(p) {
			continue
		}
		for _, c := range cs {
			kind, _, _ := strings.Cut(c.by, ":")
			stage := ""
			if c.rank > 0 && c.rank < rankStatic {
				stage = stages[(c.rank-1)/2].name
			}
			switch kind {
			case "page":
				if r := s.pages[p]; r != nil {
					pl.page(r.page)
				}
			case "gen":
				if r := s.genPages[p]; r != nil && r.gen != nil {
					pl.generated(stage, []site.Generated{*r.gen}, nil)
				}
			case "genfile":
				pl.add(p, genFileOwner(stage, c.f))
			case "static":
				pl.file(ownStatic, c.f)
			case "asset":
				pl.file(ownAsset, c.f)
			}
		}
	}
	return pl.collisions()
}

// sameGenerated reports whether a generator made the same page twice: the
// same page, body included, and the same data, where the pages the data
// refers to need only have the same front matter.
func sameGenerated(a, b *site.Generated) bool {
	return reflect.DeepEqual(a.Page, b.Page) && sameData(reflect.ValueOf(*a), reflect.ValueOf(*b), 0)
}

var pageType = reflect.TypeFor[*site.Page]()

// sameData is reflect.DeepEqual but for pages, which it compares by file
// and front matter.
func sameData(a, b reflect.Value, depth int) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	if a.Type() != b.Type() || depth > 100 {
		return false
	}
	if a.Type() == pageType {
		return samePage((*site.Page)(a.UnsafePointer()), (*site.Page)(b.UnsafePointer()))
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Kind() == reflect.Pointer && a.UnsafePointer() == b.UnsafePointer() {
			return true
		}
		return sameData(a.Elem(), b.Elem(), depth+1)
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameData(a.Field(i), b.Field(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameData(a.Index(i), b.Index(i), depth+1) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			v := b.MapIndex(it.Key())
			if !v.IsValid() || !sameData(it.Value(), v, depth+1) {
				return false
			}
		}
		return true
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return a.Pointer() == b.Pointer()
	}
	return a.Equal(b)
}

// fmEqual reports whether two pages are the same but for their bodies.
func fmEqual(a, b *site.Page) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	x, y := *a, *b
	x.Body, y.Body = nil, nil
	x.Source, y.Source = site.Source{}, site.Source{}
	return reflect.DeepEqual(x, y)
}
