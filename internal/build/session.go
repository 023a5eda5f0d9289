package build

import (
	"context"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/i18n"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/search"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Session is a build of one site: Start makes it, and Update brings it up
// to date after edits, re-running only the work that read what changed,
// the generators included. Run is a Session whose files go to a sink as
// they are made; serve keeps a Session and feeds it the watcher's
// batches; check is a Session that emits nothing.
//
// A Session is not safe for concurrent use, but the map returned by Files
// may be read from any goroutine: an update makes a new map rather than
// change one handed out.
type Session struct {
	fsys     fs.FS
	opts     Options
	emit     render.Sink // Run's sink: files go there as made and are not kept
	cfg      *site.Config
	cfgDiags diag.List
	// fatal marks a site.yaml that cannot be read as settings, or a
	// content folder that cannot be read: nothing is rendered, and the
	// cause is reported alone, with the count of what follows from it.
	fatal      bool
	cause      diag.List
	suppressed int

	files     []string        // Markdown files under content/, in the order Walk gave them
	assets    []content.Asset // the other files under content/
	walkDiags diag.List
	srcs      map[string]*source // content file → what it loaded to
	x         *resolve.Index
	idxDiags  diag.List // duplicate URLs and references
	chkDiags  diag.List // the output stages' checkers'
	version   int       // counts the changes to content/, bodies included
	assetDiag map[string]diag.Diagnostic

	statics     []site.File
	assetURLs   map[string]string
	integrity   map[string]string
	assetsV     int // counts changes to assetURLs and integrity
	staticDiags diag.List

	layoutSrc   layout.Sources
	layoutDiags diag.List
	broken      bool      // the layouts have errors: nothing is rendered
	workers     []*worker // renderers with the layouts parsed
	reported    *render.Reported

	renderX  *resolve.Index       // the index of the last render
	pages    map[string]*rendered // content, home, section and not-found pages, by output path
	invalid  map[string]*rendered // pages with errors in their front matter, checked but not published, by file
	readers  map[dep.Key]readerSet
	terms    *search.Collector
	fragDiag diag.List

	stages   []stage
	made     []outputs            // what each stage made last
	genX     *resolve.Index       // the index the stages that need no pages last ran on
	afterV   int                  // the version the stages after the pages last ran on; -1 for none
	genPages map[string]*rendered // generators' pages, by output path
	genFiles []genFile

	plan       *plan
	planned    bool           // the plan has been made once
	planX      *resolve.Index // the index it was made for
	planStatic int            // and the staticV
	staticV    int            // counts the readings of static/
	planDiags  diag.List      // its collisions
	pending    []site.File    // files for Run's sink made before the plan
	emitDiags  diag.List      // what Run's sink refused

	claims   map[string][]claim   // output path → what publishes to it
	out      map[string]site.File // the site; never changed once handed out
	shared   bool                 // out has been handed out
	touched  map[string]bool      // output paths changed since changes was called
	before   map[string]site.File // their files before
	diags    diag.List
	stale    bool // an update was interrupted: the next one starts afresh
	rendered int  // how many pages the last update rendered

	salt [32]byte             // with a cache: the hash of what every page reads
	memo map[dep.Key][32]byte // with a cache: the hash of each key's value, once worked out
}

type source struct {
	page    *site.Page // nil when the file has errors
	invalid *site.Page // then, the page as far as it could be read
	diags   diag.List
}

// Start builds the site in fsys in memory and keeps what it needs to
// update it after edits. Options.NoOutput is ignored.
func Start(ctx context.Context, fsys fs.FS, opts Options) *Session {
	return start(ctx, fsys, opts, nil)
}

// start builds the site; with emit set, every file goes to emit as it is
// made, and the Session keeps none of them.
func start(ctx context.Context, fsys fs.FS, opts Options, emit render.Sink) *Session {
	s := &Session{
		fsys:     fsys,
		opts:     opts,
		emit:     emit,
		srcs:     map[string]*source{},
		pages:    map[string]*rendered{},
		invalid:  map[string]*rendered{},
		readers:  map[dep.Key]readerSet{},
		genPages: map[string]*rendered{},
		claims:   map[string][]claim{},
		out:      map[string]site.File{},
		touched:  map[string]bool{},
		before:   map[string]site.File{},
		afterV:   -1,
		terms:    search.NewCollector(),
		reported: &render.Reported{},
		plan:     newPlan(),
	}
	if emit != nil {
		// Run makes the search index once, and is done.
		s.terms.Once = true
	}
	s.stages = generators(s.terms)
	s.made = make([]outputs, len(s.stages))
	s.cfg, s.cfgDiags, s.fatal = config.Read(fsys)
	s.cause = s.cfgDiags
	if opts.BaseURL != "" {
		if err := config.SetBaseURL(s.cfg, opts.BaseURL); err != nil {
			s.cfgDiags.Add(diag.Diagnostic{Pos: diag.Pos{File: config.File}, Code: diag.Config, Msg: err.Error()})
		}
	}
	s.files, s.assets, s.walkDiags = content.Walk(fsys)
	if !s.fatal {
		// content/ itself, or no content folder at all, is the cause of
		// what follows.
		var unreadable diag.List
		for _, d := range s.walkDiags {
			if d.Code == diag.Read || (d.Pos.File == content.Dir && d.Code == "content") {
				unreadable.Add(d)
			}
		}
		if unreadable != nil {
			s.fatal, s.cause = true, unreadable
		}
	}
	// A cache holds what each content file loaded to.
	s.openCache()
	s.load(ctx, s.files)
	for _, a := range s.assets {
		s.readAsset(a)
	}
	s.reindex(nil, nil)
	s.readStatic(nil)
	s.readLayouts()
	s.saltCache()
	s.build(ctx, newDirty())
	s.changes()
	return s
}

// Config returns the site's settings.
func (s *Session) Config() *site.Config { return s.cfg }

// Index returns the resolved site.
func (s *Session) Index() *resolve.Index { return s.x }

// Diags returns every problem of the build, sorted. The build failed if
// any is an error.
func (s *Session) Diags() diag.List { return s.diags }

// Tables returns the string tables of the site's layouts, or nil when
// the layouts did not load.
func (s *Session) Tables() i18n.Tables {
	if w := s.worker(); w != nil {
		return w.set.Tables()
	}
	return nil
}

// Files returns the site's files by output path. The map must not be
// changed; a later update leaves it as it is.
func (s *Session) Files() map[string]site.File {
	s.shared = true
	return s.out
}

// Update brings s up to date after the files at changed were written,
// created, renamed or removed, generators included, and returns the
// output paths whose files were added, changed or removed, sorted. Paths
// are relative to the site root and use forward slashes; a folder stands
// for everything in it.
//
// Every change is classified here, once: site.yaml (or the root) starts
// the build afresh; a file under content/ is read again, and what its
// edit changed (its body only, its front matter, the list of files)
// dirties the keys that pages read; layouts/ and static/ dirty the keys
// of the layouts and assets that changed.
func (s *Session) Update(ctx context.Context, changed []string) []string {
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
	if all || s.stale || s.fatal {
		prev := s.out
		next := Start(ctx, s.fsys, s.opts)
		*s = *next
		var paths []string
		for p, f := range prev {
			if g, ok := s.out[p]; !ok || !sameFile(f, g) {
				paths = append(paths, p)
			}
		}
		for p := range s.out {
			if _, ok := prev[p]; !ok {
				paths = append(paths, p)
			}
		}
		slices.Sort(paths)
		return paths
	}
	s.rendered = 0
	s.reported.Reset()
	d := newDirty()
	if staticChanged {
		s.readStatic(d)
	}
	if len(contentPaths) > 0 {
		s.version++
		s.reload(ctx, contentPaths, d)
	}
	if layoutsChanged {
		s.reloadLayouts(d)
	}
	s.build(ctx, d)
	return s.changes()
}

// dirty is what an edit changed: the keys pages read, or everything.
type dirty struct {
	keys map[dep.Key]bool
	all  bool
}

func newDirty() *dirty { return &dirty{keys: map[dep.Key]bool{}} }

func (d *dirty) mark(kind dep.Kind, name string) { d.keys[dep.Key{Kind: kind, Name: name}] = true }

// load reads content files, in parallel.
func (s *Session) load(ctx context.Context, files []string) {
	srcs := make([]source, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			// Bodies are read again as each page renders, so that the
			// build never holds every page's text at once.
			srcs[i].page, srcs[i].invalid, srcs[i].diags = s.loadFile(f)
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
func (s *Session) included(p *site.Page) bool {
	return p != nil && (!p.Draft || s.opts.Drafts)
}

// skipped says why a content file is not among the site's pages, or "".
func (s *Session) skipped(src *source) string {
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
func (s *Session) reload(ctx context.Context, paths []string, d *dirty) {
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
			if info, err := fs.Lstat(s.fsys, p); err == nil && info.Mode().IsRegular() {
				modified = append(modified, p)
				continue
			}
		}
		walk = true
	}

	type change struct{ old, new *site.Page }
	var changes []change
	members := false
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
		files, assets, diags := content.Walk(s.fsys)
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
				d.mark(dep.Page, f)
				d.mark(dep.Link, f)
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
				d.mark(dep.Link, a.Src)
			}
		}
		for _, a := range s.assets {
			if !newAssets[a.Src] {
				s.drop("asset:"+a.Src, a.Path)
				delete(s.assetDiag, a.Src)
				members = true
				d.mark(dep.Link, a.Src)
			}
		}
		s.files, s.assets = files, assets
	}
	for _, a := range s.assets {
		if toRead[a.Src] {
			s.readAsset(a)
		}
	}

	load := slices.Sorted(maps.Keys(toLoad))
	for _, f := range load {
		if old, ok := s.srcs[f]; ok {
			oldSrcs[f] = old
		}
	}
	s.load(ctx, load)
	for _, f := range load {
		old, src := oldSrcs[f], s.srcs[f]
		d.mark(dep.Page, f)
		oldIn := old != nil && s.included(old.page)
		newIn := s.included(src.page)
		// A finder's body is its start page's text, which the finder
		// stage shows: an edit to it is an edit to the site.
		if oldIn && newIn && fmEqual(old.page, src.page) && src.page.Kind != site.KindFinder {
			// Only the body changed: the page itself, and the links to
			// its headings. The page and the index stay; the page reads
			// its new body when it renders.
			d.mark(dep.Headings, f)
			old.page.Body, old.page.Source = src.page.Body, src.page.Source
			src.page = old.page
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
		d.mark(dep.Link, f)
	}
	if len(changes) == 0 && !members {
		return // only bodies, or only diagnostics, changed
	}
	if members {
		d.mark(dep.Members, "")
	}
	oldX := s.x
	for _, c := range changes {
		for i, p := range []*site.Page{c.old, c.new} {
			if p == nil {
				continue
			}
			d.mark(dep.FrontMatter, p.File)
			d.mark(dep.Headings, p.File)
			d.mark(dep.Backlinks, p.File)
			d.mark(dep.Slug, p.Section+"/"+p.Slug)
			if i == 0 && oldX != nil {
				for _, r := range p.Refs {
					if t := oldX.Page(r.Section, r.Slug); t != nil {
						d.mark(dep.Backlinks, t.File)
					}
				}
			}
		}
	}
	s.reindex(oldX, d)
	for _, c := range changes {
		if c.new == nil {
			continue
		}
		for _, r := range c.new.Refs {
			if t := s.x.Page(r.Section, r.Slug); t != nil {
				d.mark(dep.Backlinks, t.File)
			}
		}
	}
}

// readAsset reads a file under content/ that is copied as it is.
func (s *Session) readAsset(a content.Asset) {
	if s.assetDiag == nil {
		s.assetDiag = map[string]diag.Diagnostic{}
	}
	delete(s.assetDiag, a.Src)
	data, err := fs.ReadFile(s.fsys, a.Src)
	if err != nil {
		s.assetDiag[a.Src] = diag.Diagnostic{Pos: diag.Pos{File: a.Src}, Code: diag.Read, Msg: "cannot read: " + err.Error()}
		s.drop("asset:"+a.Src, a.Path)
		return
	}
	s.put("asset:"+a.Src, rankAsset, site.File{Path: a.Path, Data: data, Src: a.Src})
}

// reindex resolves the site's pages again. With an old index, it marks
// the sections and section pages whose pages' front matter differs, and
// the pages with new neighbours.
func (s *Session) reindex(old *resolve.Index, d *dirty) {
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
	// Each language's pages read their own language's sections.
	for _, l := range s.cfg.Langs() {
		o, n := old.In(l.Code), x.In(l.Code)
		for name := range keys(o.Pages, n.Pages) {
			if slices.EqualFunc(o.Pages[name], n.Pages[name], samePage) {
				continue
			}
			d.mark(dep.Section, name)
			// The pages around an edit may have new neighbours.
			for _, p := range n.Pages[name] {
				if r := s.pages[render.OutputPath(p)]; r != nil && r.page.File == p.File {
					prev, next := neighbours(x, p)
					if prev != r.prev || next != r.next {
						d.mark(dep.Page, p.File)
					}
				}
			}
		}
		for name := range keys(o.Section, n.Section) {
			if a, b := o.Section[name], n.Section[name]; !samePage(a, b) {
				d.mark(dep.SectionPage, name)
			}
		}
	}
}

// fmEqual reports whether two pages are the same but for their bodies: the
// same file with the same text before its body, or the same page made
// for a section or the home page that has no file.
func fmEqual(a, b *site.Page) bool {
	switch {
	case a == b:
		return true
	case a == nil || b == nil || a.File != b.File:
		return false
	case a.File == "":
		return a.Kind == b.Kind && a.Path == b.Path && a.Title == b.Title
	}
	return a.Source.Front == b.Source.Front && a.Source.Start == b.Source.Start
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
func (s *Session) readStatic(d *dirty) {
	s.staticV++
	files, urls, diags := readStatic(s.fsys, s.cfg)
	s.staticDiags = diags
	files, urls, integrity, diags := fingerprint(files, urls, s.cfg, s.opts.Minify)
	s.staticDiags.Append(diags)
	for _, f := range s.statics {
		s.drop("static:"+f.Src, f.Path)
	}
	for _, f := range files {
		s.put("static:"+f.Src, rankStatic, f)
	}
	if s.emit != nil {
		// Run keeps only what the plan needs of them.
		for i := range files {
			files[i].Data = nil
		}
	}
	s.statics = files
	if d != nil && (!maps.Equal(urls, s.assetURLs) || !maps.Equal(integrity, s.integrity)) {
		for k := range keys(urls, s.assetURLs) {
			if urls[k] != s.assetURLs[k] || integrity[k] != s.integrity[k] {
				d.mark(dep.Asset, k)
			}
		}
		s.assetsV++
	}
	s.assetURLs, s.integrity = urls, integrity
}

// readLayouts reads every layout; the workers parse them.
func (s *Session) readLayouts() {
	s.layoutSrc, s.layoutDiags = layout.Read(s.fsys)
	s.workers, s.broken = nil, false
	s.ensureWorkers(1)
}

// reloadLayouts reads layouts/ again and marks the layouts that changed,
// or every page when the skeleton or a partial did.
func (s *Session) reloadLayouts(d *dirty) {
	old, wasBroken := s.layoutSrc, s.broken
	s.readLayouts()
	if wasBroken || s.broken {
		d.all = true
		return
	}
	for name := range keys(old, s.layoutSrc) {
		if old[name] == s.layoutSrc[name] {
			continue
		}
		if name == layout.Base || strings.HasPrefix(name, "partials/") || i18n.IsTable(name) {
			// A string table is read by every page.
			d.all = true
		}
		d.mark(dep.Layout, name)
	}
}
