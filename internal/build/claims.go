package build

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strconv"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// A claim is one input publishing a file at a path. The plan allows one
// claim a path; when several inputs ask for one, it is reported and
// nothing is published there until only one is left.
type claim struct {
	by   string
	rank int
	f    site.File
}

type genFile struct {
	f    site.File
	rank int
}

// The ranks of the kinds of output, in the order they are made.
const (
	rankPage   = 0
	rankStatic = 1 << 20
	rankAsset  = rankStatic + 1
)

func genRank(i int, file bool) int {
	if file {
		return 2 + 2*i
	}
	return 1 + 2*i
}

// genFileBy names a generator's file as the claimant of its path: two
// generators may write the same path, and each claims it.
func genFileBy(rank int, path string) string {
	return "genfile:" + strconv.Itoa(rank) + ":" + path
}

// replan assigns every output path again, from the resolved site, what
// the generators made, static/ and the content assets, before the pages
// render, and publishes again the paths that a collision took or gave
// back.
func (s *Session) replan() {
	pl := newPlan()
	for _, p := range s.x.All {
		pl.page(p)
	}
	pl.page(render.NotFoundPage(s.cfg))
	for i, st := range s.stages {
		if st.afterPages {
			// Each language's outputs are under its path (cy/search/).
			for _, l := range s.cfg.Langs() {
				pl.reserve(st.name, l.Prefix+st.dir)
			}
		} else {
			pl.generated(st.name, s.made[i].pages, s.made[i].files)
		}
	}
	for _, f := range s.statics {
		pl.file(ownStatic, f)
	}
	for _, a := range s.assets {
		pl.file(ownAsset, site.File{Path: a.Path, Src: a.Src})
	}
	s.planDiags = pl.collisions()
	old := s.plan
	s.plan, s.planned = pl, true
	for p := range old.taken {
		if !pl.taken[p] {
			s.settle(p)
		}
	}
	for p := range pl.taken {
		if !old.taken[p] {
			s.settle(p)
		}
	}
	for _, f := range s.pending {
		if err := s.send(f); err != nil {
			s.emitDiags.Add(writeDiag(f, err))
		}
	}
	s.pending = nil
}

// send sends f to Run's sink, unless the plan took its path.
func (s *Session) send(f site.File) error {
	if !s.plan.assigned(f) {
		return nil
	}
	return s.emit(f)
}

// put records that by publishes f.
func (s *Session) put(by string, rank int, f site.File) {
	if s.emit != nil {
		if !s.planned {
			s.pending = append(s.pending, f)
		} else if err := s.send(f); err != nil {
			s.emitDiags.Add(writeDiag(f, err))
		}
		return
	}
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
func (s *Session) drop(by, p string) {
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

// settle sets the file at p to its claim, or to none when the plan took
// the path.
func (s *Session) settle(p string) {
	if s.emit != nil {
		return
	}
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
	if len(cs) == 0 || s.plan.taken[p] {
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
func (s *Session) changes() []string {
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
	return a.Type == b.Type && a.Deflated == b.Deflated && bytes.Equal(a.Data, b.Data)
}

// finish gathers every diagnostic.
func (s *Session) finish(ctx context.Context) {
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
	l.Append(s.planDiags)
	l.Append(s.emitDiags)
	if s.emit != nil {
		l.Append(s.plan.problems())
	}
	for _, r := range s.pages {
		l.Append(r.diags)
	}
	for _, r := range s.invalid {
		l.Append(r.diags)
	}
	l.Append(s.fragDiag)
	if !s.broken && !s.opts.NoOutput && !s.fatal {
		for i, st := range s.stages {
			if !st.afterPages || s.afterV >= 0 {
				l.Append(s.made[i].diags)
			}
		}
	}
	for _, r := range s.genPages {
		l.Append(r.diags)
	}
	for _, d := range s.assetDiag {
		l.Add(d)
	}
	if s.fatal {
		l, s.suppressed = causeFirst(l, s.cause)
	}
	l.Sort()
	s.diags = l
}
