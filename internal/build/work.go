package build

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/layout"
	"github.com/wayfinder-health/wayfinder/internal/lint"
	"github.com/wayfinder-health/wayfinder/internal/markdown"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// rendered is one page and what rendering it read.
type rendered struct {
	path   string // output path
	page   *site.Page
	gen    *site.Generated // for generators' pages
	res    *render.Result  // nil for generators' pages
	deps   []dep.Key
	prev   string // the files of the pages before and after it in its section
	next   string
	frag   bool         // it has links with a #fragment
	fragTo []*site.Page // the pages those links lead to
	// ids are the IDs of its headings, each ended by a NUL, kept
	// instead of res.Headings for the fragment checks (but with a
	// cache, which keeps the headings): one string for the page, where
	// the headings are a string or two each and more.
	ids    string
	diags  diag.List
	scores []lint.Score
	rank   int
	// sum is the hash of a generator's page as it was rendered (see
	// generated); summed is false when it has none.
	sum    [32]byte
	summed bool
}

// job is one page to render.
type job struct {
	path string
	page *site.Page
	gen  *site.Generated
	rank int
}

// build brings the outputs up to date with what d marks: it runs the
// stages that need only the resolved site when the index is new, makes
// the plan, renders the pages that read a dirty key (or are new), runs
// the stages that need the rendered pages, and gathers the diagnostics.
func (s *Session) build(ctx context.Context, d *dirty) {
	ranPre := false
	if s.genX != s.x {
		s.chkDiags = nil
		for _, check := range checkers() {
			s.chkDiags.Append(check(s.x))
		}
		for i, st := range s.stages {
			if !st.afterPages {
				var o outputs
				o.pages, o.files, o.diags = st.gen(s.x)
				s.made[i] = o
			}
		}
		s.genX, ranPre = s.x, true
	}
	// The plan depends on the index, the generators' outputs and the
	// files copied as they are: an edit to a page's text changes none.
	if !s.planned || ranPre || s.planX != s.x || s.planStatic != s.staticV {
		s.replan()
		s.planX, s.planStatic = s.x, s.staticV
	}
	if s.opts.NoOutput || s.fatal {
		s.finish(ctx)
		return
	}
	if s.worker() == nil {
		// Layouts with errors: nothing is rendered, and no generator's
		// output is published.
		for p, r := range s.pages {
			s.drop("page:"+p, p)
			s.forget(r)
			delete(s.pages, p)
		}
		s.dropGenerated(func(int) bool { return true })
		s.fragDiag, s.renderX, s.afterV = nil, nil, -1
		clear(s.invalid)
		s.finish(ctx)
		return
	}
	jobs := s.pageJobs(d)
	if ranPre || d.all {
		for i, st := range s.stages {
			if !st.afterPages {
				jobs = append(jobs, s.place(i, d.all)...)
			}
		}
		// A generated page that read a dirty key is listed above as its
		// generator made it before; the generators have now made their
		// pages afresh, so a page they no longer make (a region's page
		// once its last project is gone) must not be rendered again.
		made := map[*site.Generated]bool{}
		for i := range s.made {
			for k := range s.made[i].pages {
				made[&s.made[i].pages[k]] = true
			}
		}
		// A page place kept, the same as its generator made it before,
		// now holds what the generator made afresh: render that.
		for i, j := range jobs {
			if r := s.genPages[j.path]; j.gen != nil && !made[j.gen] && r != nil && made[r.gen] {
				jobs[i].gen, jobs[i].page = r.gen, r.gen.Page
			}
		}
		jobs = slices.DeleteFunc(jobs, func(j job) bool { return j.gen != nil && !made[j.gen] })
	}
	s.run(ctx, jobs)
	if ctx.Err() != nil {
		// Interrupted, perhaps inside the last page: the next update
		// starts afresh, and nothing after the pages is worth making.
		s.stale = true
		return
	}
	s.checkInvalid(ctx)
	s.checkFragments()
	if s.afterV != s.version || ranPre || d.all {
		// The stages that use what rendering found, such as the search
		// index, which reads every page's terms.
		jobs = nil
		for i, st := range s.stages {
			if st.afterPages {
				var o outputs
				o.pages, o.files, o.diags = st.gen(s.x)
				s.made[i] = o
				jobs = append(jobs, s.place(i, d.all)...)
			}
		}
		s.run(ctx, jobs)
		s.afterV = s.version
	}
	s.finish(ctx)
}

// pageJobs returns the content pages to render: those with a dirty key,
// and those new or changed in a new index.
func (s *Session) pageJobs(d *dirty) []job {
	readers := map[*rendered]bool{}
	for k := range d.keys {
		for r := range s.readers[k].all {
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
	if s.x == s.renderX && !d.all {
		// The same pages as before: only those that read a dirty key.
		for r := range readers {
			jobs = append(jobs, job{path: r.path, page: r.page, gen: r.gen, rank: r.rank})
		}
	} else {
		for _, p := range s.x.All {
			jobs = s.check(jobs, render.OutputPath(p), p, readers, d.all)
		}
		jobs = s.check(jobs, render.OutputPath(nf), nf, readers, d.all)
		for r := range readers {
			if r.gen != nil {
				jobs = append(jobs, job{path: r.path, page: r.page, gen: r.gen, rank: r.rank})
			}
		}
	}
	s.renderX = s.x
	return jobs
}

// check adds a job for the content page at out if it is new, changed or
// one of readers, which read a dirty key.
func (s *Session) check(jobs []job, out string, p *site.Page, readers map[*rendered]bool, all bool) []job {
	r := s.pages[out]
	switch {
	case r == nil || all:
	case r.page != p && (p.File != "" || !fmEqual(r.page, p)):
	case readers[r]:
	default:
		if r.page != p {
			// A section or home page made afresh, the same as before.
			r.page = p
			if r.res != nil {
				r.res.Page = p
			}
		}
		return jobs
	}
	return append(jobs, job{path: out, page: p, rank: rankPage})
}

// place publishes what stage i made: its files now, and its pages as
// jobs to render, but for pages the same as when they were last rendered
// (the same hash: see generated), unless all is set. What it made before
// and no longer makes is dropped. A page the same as before whose layout
// read something that changed is rendered again as a reader of it.
func (s *Session) place(i int, all bool) []job {
	o := &s.made[i]
	pageRank, fileRank := genRank(i, false), genRank(i, true)
	want := map[string]bool{}
	var jobs []job
	for k := range o.pages {
		gp := &o.pages[k]
		p := render.OutputPath(gp.Page)
		want[p] = true
		if r := s.genPages[p]; r != nil && !all && r.summed && r.rank == pageRank {
			if sum, ok := generated(gp); ok && sum == r.sum {
				r.page, r.gen = gp.Page, gp
				continue
			}
		}
		jobs = append(jobs, job{path: p, page: gp.Page, gen: gp, rank: pageRank})
	}
	s.dropGenerated(func(rank int) bool { return rank == pageRank || rank == fileRank }, want)
	for k, f := range o.files {
		s.genFiles = append(s.genFiles, genFile{f: f, rank: fileRank})
		s.put(genFileBy(fileRank, f.Path), fileRank, f)
		if s.emit != nil {
			// Run's sink has it: what is kept is what the plan reads,
			// not its bytes (the search index's are megabytes).
			o.files[k].Data = nil
			s.genFiles[len(s.genFiles)-1].f.Data = nil
		}
	}
	return jobs
}

// dropGenerated drops the generators' files of the ranks that of selects,
// and their pages, but for those at the paths in keep.
func (s *Session) dropGenerated(of func(rank int) bool, keep ...map[string]bool) {
	for p, r := range s.genPages {
		if of(r.rank) && (len(keep) == 0 || !keep[0][p]) {
			s.drop("gen:"+p, p)
			s.forget(r)
			delete(s.genPages, p)
		}
	}
	s.genFiles = slices.DeleteFunc(s.genFiles, func(g genFile) bool {
		if of(g.rank) {
			s.drop(genFileBy(g.rank, g.f.Path), g.f.Path)
			return true
		}
		return false
	})
}

// forget removes what a rendered page read from the readers of each key.
func (s *Session) forget(r *rendered) {
	for _, k := range r.deps {
		rs, ok := s.readers[k]
		switch {
		case !ok:
		case rs.many != nil:
			delete(rs.many, r)
			if len(rs.many) == 0 {
				delete(s.readers, k)
			}
		case rs.one == r:
			delete(s.readers, k)
		}
	}
}

// read records that r read k.
func (s *Session) read(k dep.Key, r *rendered) {
	rs := s.readers[k]
	switch {
	case rs.many != nil:
		rs.many[r] = true
		return
	case rs.one == nil:
		rs.one = r
	case rs.one != r:
		rs.one, rs.many = nil, map[*rendered]bool{rs.one: true, r: true}
	}
	s.readers[k] = rs
}

// readerSet is the pages that read one key. Most keys (a page's file, its
// headings, the links to it) are read by one page, held without a map:
// a session at 10,000 pages has tens of thousands of them.
type readerSet struct {
	one  *rendered
	many map[*rendered]bool
}

// all yields each reader once.
func (rs readerSet) all(yield func(*rendered) bool) {
	if rs.one != nil {
		yield(rs.one)
		return
	}
	for r := range rs.many {
		if !yield(r) {
			return
		}
	}
}

// run renders jobs on as many workers as there are processors.
func (s *Session) run(ctx context.Context, jobs []job) {
	s.rendered += len(jobs)
	if len(jobs) == 0 {
		return
	}
	n := min(runtime.GOMAXPROCS(0), len(jobs))
	recs := make([]*rendered, len(jobs))
	files := make([]*site.File, len(jobs))
	// With a cache: the entries whose keys match (their bytes are read
	// by the workers), and what each page leaves in the cache.
	var cands, entries []*cacheEntry
	renderers := n
	if s.caching() {
		cands, entries = make([]*cacheEntry, len(jobs)), make([]*cacheEntry, len(jobs))
		misses := 0
		for i, j := range jobs {
			cands[i] = s.fromCache(j)
			if cands[i] == nil {
				misses++
			}
		}
		// A worker of its own parses the layouts again, which costs
		// what rendering a dozen pages does; a page taken from the
		// cache needs none. After a small edit the pages to render
		// wait for the first worker (later), and the others only read.
		if misses < fewMisses {
			renderers = 1
		}
	}
	s.ensureWorkers(renderers)
	if len(s.workers) == 0 {
		return
	}
	later := make([][]int, n)
	var next atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	for k := range n {
		var w *worker
		if k < len(s.workers) {
			w = s.workers[k]
		}
		g.Go(func() error {
			// The bytes of the page last taken from the cache, which
			// the next one is read into once the sink is done with
			// them (Options.Transient): a warm build reads every page.
			var buf []byte
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return nil
				}
				if err := gctx.Err(); err != nil {
					return err
				}
				if cands != nil && cands[i] != nil {
					if !cands[i].full() {
						s.opts.Cache.warn("its entry for /%s is damaged", jobs[i].path)
					} else if data, ok := s.opts.Cache.readBlob(cands[i], jobs[i].path, buf); ok {
						r, f := s.restore(jobs[i], cands[i], data)
						recs[i], files[i], entries[i] = r, s.emitted(r, f), cands[i]
						if s.emit != nil && s.opts.Transient {
							buf = data
						}
						continue
					}
					cands[i] = nil
				}
				if w == nil {
					later[k] = append(later[k], i)
					continue
				}
				var e *cacheEntry
				recs[i], files[i], e = s.renderOne(ctx, w, jobs[i])
				if entries != nil {
					entries[i] = e
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		s.stale = true
		return
	}
	for _, l := range later {
		for _, i := range l {
			if ctx.Err() != nil {
				s.stale = true
				return
			}
			var e *cacheEntry
			recs[i], files[i], e = s.renderOne(ctx, s.workers[0], jobs[i])
			if entries != nil {
				entries[i] = e
			}
		}
	}
	if entries != nil {
		s.cacheEntries(jobs, cands, entries)
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
			s.read(k, r)
		}
		switch {
		case s.emit != nil:
		case files[i] != nil:
			s.put(by, j.rank, *files[i])
		default:
			s.drop(by, j.path)
		}
	}
}

// fewMisses is how many pages a build with a cache renders on one worker:
// fewer than would pay for another parse of the layouts.
const fewMisses = 16

// renderOne renders one page on w and returns what it read and its file,
// which Run's sink is sent at once instead, and with a cache, what the
// cache keeps of it. A page stopped inside because ctx is done has no
// file and nothing for the cache.
func (s *Session) renderOne(ctx context.Context, w *worker, j job) (*rendered, *site.File, *cacheEntry) {
	r := &rendered{page: j.page, gen: j.gen}
	var f *site.File
	var kept *render.Result
	if j.gen != nil {
		var res *render.Result
		res, f = w.r.GeneratedPage(ctx, *j.gen)
		r.diags, r.deps = res.Diags, res.Deps
		if s.emit == nil {
			r.sum, r.summed = generated(j.gen)
		}
	} else {
		var res *render.Result
		res, f = w.r.Page(ctx, j.page)
		if ctx.Err() != nil {
			// Stopped inside the page: run drops what it made.
			return r, nil, nil
		}
		r.res, r.deps, kept = res, res.Deps, res
		r.diags = append(r.diags, res.Diags...)
		if j.page.File != "" {
			diags, scores := lint.Check(s.cfg, []*render.Result{res}, s.opts.Now)
			r.diags.Append(diags)
			r.scores = scores
			s.terms.Add(j.page, res.Body)
		}
		// What is left is what the fragment checks need.
		s.fragments(r)
		if j.page.Kind != site.KindHome && j.page.Kind != site.Kind404 && j.page.Kind != site.KindSection {
			r.prev, r.next = neighbours(s.x, j.page)
		}
	}
	if f != nil && s.lends() {
		// The page's bytes are the renderer's buffer, lent until they
		// are sent or deflated.
		defer render.Release(f.Data)
	}
	if ctx.Err() != nil {
		// Stopped inside the page: run drops what it made, and the
		// cache keeps nothing of it.
		return r, nil, nil
	}
	var e *cacheEntry
	if s.caching() {
		e = s.keep(j, r, kept, f)
	}
	return r, s.emitted(r, f), e
}

// lends reports whether the pages rendered may be lent their renderer's
// buffer (render.Options.Lend): a session deflates each page into a copy
// it keeps, and Run's sink is done with a page when it returns, unless it
// keeps files (Options.Transient unset).
func (s *Session) lends() bool { return s.emit == nil || s.opts.Transient }

// emitted sends f to Run's sink, if there is one, and returns the file to
// keep: none when it was sent. A session keeps its pages deflated: the
// pages of a large site are most of what it holds, and a sixth of their
// size (serve inflates a page when it is asked for).
func (s *Session) emitted(r *rendered, f *site.File) *site.File {
	if s.emit != nil && f != nil {
		if err := s.send(*f); err != nil {
			r.diags.Add(writeDiag(*f, err))
		}
		return nil
	}
	if f != nil {
		d := site.Deflate(*f)
		f = &d
	}
	return f
}

// fragments notes whether a rendered page links to #fragments, and the
// pages they lead to, and lets go of what the fragment checks do not need.
func (s *Session) fragments(r *rendered) {
	res := r.res
	for _, l := range res.Links {
		if !strings.Contains(l.Dest, "#") {
			continue
		}
		r.frag = true
		if t, _ := s.x.Link(r.page, strings.TrimSpace(l.Dest)); t.Page != nil && !slices.Contains(r.fragTo, t.Page) {
			r.fragTo = append(r.fragTo, t.Page)
		}
	}
	res.Prose, res.Body, res.Tables, res.Links = nil, nil, nil, nil
	if !s.caching() {
		// The fragment checks read the headings' IDs alone: a page keeps
		// those, not the headings (their text, level and position), for
		// as long as the build or the session lasts. A cache keeps the
		// rest.
		n := 0
		for _, h := range res.Headings {
			n += len(h.ID) + 1
		}
		var b strings.Builder
		b.Grow(n)
		for _, h := range res.Headings {
			b.WriteString(h.ID)
			b.WriteByte(0)
		}
		r.ids, res.Headings = b.String(), nil
	}
}

// headings returns what the fragment checks read of a rendered page: its
// result, with the headings Run let go of made again from their IDs.
func headings(r *rendered) *render.Result {
	if r.ids == "" {
		return r.res
	}
	res := *r.res
	for id := range strings.SplitSeq(strings.TrimSuffix(r.ids, "\x00"), "\x00") {
		res.Headings = append(res.Headings, markdown.Heading{ID: id})
	}
	return &res
}

// neighbours returns the files of the pages before and after p in its
// section, as the previous and next links show them.
func neighbours(x *resolve.Index, p *site.Page) (prev, next string) {
	list := x.In(p.Lang).Pages[p.Section]
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

// checkInvalid checks the bodies and references of the pages whose front
// matter has errors.
func (s *Session) checkInvalid(ctx context.Context) {
	clear(s.invalid)
	w := s.worker()
	for _, f := range s.files {
		p := s.srcs[f].invalid
		if p == nil {
			continue
		}
		res := w.r.Check(ctx, p)
		r := &rendered{page: p, res: res}
		r.diags.Append(res.Diags)
		r.diags.Append(s.x.CheckRefs(p))
		diags, scores := lint.Check(s.cfg, []*render.Result{res}, s.opts.Now)
		r.diags.Append(diags)
		r.scores = scores
		s.fragments(r)
		s.invalid[f] = r
	}
}

// checkFragments checks the links to #fragments of every page that has
// them, against the headings of the pages they lead to.
func (s *Session) checkFragments() {
	s.fragDiag = nil
	w := s.worker()
	if w == nil {
		return
	}
	var results []*render.Result
	seen := map[*rendered]bool{}
	add := func(r *rendered) {
		if r.res != nil && !seen[r] {
			seen[r] = true
			results = append(results, headings(r))
		}
	}
	check := func(r *rendered) {
		if !r.frag || r.res == nil {
			return
		}
		add(r)
		for _, t := range r.fragTo {
			if tr := s.pages[render.OutputPath(t)]; tr != nil && tr.page == t {
				add(tr)
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
		s.fragDiag = w.r.CheckFragments(results)
	}
}

// worker renders pages one at a time with its own renderer, whose
// recorder collects what each page reads, and its own parse of the
// layouts, whose functions are that renderer's; Run's workers, which
// record nothing, share the first one's.
type worker struct {
	rec    dep.Recorder
	r      *render.Renderer
	set    *layout.Set
	x      *resolve.Index // what r renders
	assets int            // the assetsV of r
}

// worker returns the first worker, or nil when the layouts have errors.
func (s *Session) worker() *worker {
	s.ensureWorkers(1)
	if len(s.workers) == 0 {
		return nil
	}
	return s.workers[0]
}

// ensureWorkers makes sure there are n workers, bound to the current
// index and assets, unless the layouts have errors.
func (s *Session) ensureWorkers(n int) {
	if s.broken || s.x == nil {
		return
	}
	for _, w := range s.workers {
		if w.x != s.x || w.assets != s.assetsV {
			w.r.Bind(s.x, s.assetURLs, s.integrity)
			w.x, w.assets = s.x, s.assetsV
		}
	}
	for len(s.workers) < n {
		w := &worker{x: s.x, assets: s.assetsV}
		rec := &w.rec
		if s.emit != nil && !s.caching() {
			// Run is not updated: what pages read need not be known,
			// unless a cache keeps it. A renderer that records nothing
			// renders on many goroutines at once, so its workers share
			// one, and one parse of the layouts.
			rec = nil
			if len(s.workers) > 0 {
				w.r, w.set = s.workers[0].r, s.workers[0].set
				s.workers = append(s.workers, w)
				continue
			}
		}
		w.r = render.New(s.x, render.Options{Assets: s.assetURLs, Integrity: s.integrity, Record: rec, Reported: s.reported,
			Body: func(p *site.Page) ([]byte, error) { return content.Body(s.fsys, p) }, Lend: s.lends()})
		var diags diag.List
		w.set, diags = layout.ParseMemo(s.layoutSrc, w.r.Funcs(), w.r.Memo(), w.r.LangFuncs)
		if len(s.workers) == 0 {
			diags.Append(render.CheckStrings(s.cfg, w.set))
			s.layoutDiags.Append(diags)
		}
		if diags.Errors() > 0 || s.layoutDiags.Errors() > 0 {
			s.workers, s.broken = nil, true
			return
		}
		w.r.SetLayouts(w.set)
		s.workers = append(s.workers, w)
	}
}
