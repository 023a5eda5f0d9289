package build

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/render"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// An ownerKind says what kind of input asks for an output path.
type ownerKind int

const (
	ownPage      ownerKind = iota // a content, home, section or not-found page
	ownGenerated                  // a page a generator makes, rendered through the layouts
	ownGenFile                    // a file a generator writes as it is
	ownStatic                     // a file under static/
	ownAsset                      // a file under content/ that is not Markdown
)

// An owner is one input that asks for an output path: a page, a
// generator's output, a static file or a content asset.
type owner struct {
	kind  ownerKind
	stage string   // the generator, for ownGenerated and ownGenFile
	src   string   // the input file, "" for outputs made from the whole site
	pos   diag.Pos // where in src the output is asked for; the file when zero
	page  string   // for pages without a file, their address ("/", "/guides/")
}

// plan assigns every output path of a build to what publishes it. It is
// made from the resolved site, the generators' outputs, static/ and the
// content assets before any page renders, so a collision (two inputs
// publishing to one path) is a diagnostic with a position in check,
// build and serve alike, never a failure in the sink.
//
// A generator that runs after the pages (the search index, which needs
// their terms) reserves a folder instead: everything it writes must be
// under it, and nothing else may publish there.
type plan struct {
	owners   map[string][]owner
	reserved map[string]owner // folder ("search/") → the generator that writes under it
	// taken holds the paths with more than one owner: nothing is
	// published there, since the build fails.
	taken map[string]bool

	mu        sync.Mutex
	unplanned []site.File // outputs the plan did not assign; a bug, reported
}

func newPlan() *plan {
	return &plan{owners: map[string][]owner{}, reserved: map[string]owner{}, taken: map[string]bool{}}
}

func (pl *plan) add(path string, o owner) {
	pl.owners[path] = append(pl.owners[path], o)
}

// page assigns p's output path to p.
func (pl *plan) page(p *site.Page) {
	o := owner{kind: ownPage, src: p.File}
	if p.File != "" {
		o.pos = p.Pos("slug")
	} else {
		o.page = "/" + p.Path
	}
	pl.add(render.OutputPath(p), o)
}

// generated assigns the outputs of one generator.
func (pl *plan) generated(stage string, pages []site.Generated, files []site.File) {
	for _, gp := range pages {
		pl.add(render.OutputPath(gp.Page), owner{kind: ownGenerated, stage: stage, src: gp.Page.File, page: "/" + gp.Page.Path})
	}
	for _, f := range files {
		pl.add(f.Path, genFileOwner(stage, f))
	}
}

func genFileOwner(stage string, f site.File) owner {
	o := owner{kind: ownGenFile, stage: stage, src: f.Src, pos: f.Pos}
	if f.Src == "" {
		o.page = "/" + f.Path
	}
	return o
}

// reserve gives the folder dir to a generator that runs after the pages.
func (pl *plan) reserve(stage, dir string) {
	pl.reserved[dir] = owner{kind: ownGenFile, stage: stage, page: "/" + dir}
}

// underReserved reports whether path is in a folder reserved for a
// generator.
func (pl *plan) underReserved(path string) bool {
	for dir := range pl.reserved {
		if strings.HasPrefix(path, dir) {
			return true
		}
	}
	return false
}

// file assigns a file copied as it is, from static/ or content/.
func (pl *plan) file(kind ownerKind, f site.File) {
	pl.add(f.Path, owner{kind: kind, src: f.Src})
}

// collisions reports every output path that more than one input asks for,
// once at each input that has a file (so that each file involved is
// annotated), and marks those paths taken. Two content pages at one
// address are left to content.CheckPaths, which reports them as
// duplicate URLs, and generators leave out pages whose address a content
// page has, reporting it themselves.
func (pl *plan) collisions() diag.List {
	var diags diag.List
	for _, path := range slices.Sorted(maps.Keys(pl.owners)) {
		claims := pl.owners[path]
		for dir, r := range pl.reserved {
			// What the generator writes there is its own; anything else
			// but a page (which the generators check for themselves) is
			// in its way.
			if strings.HasPrefix(path, dir) && !slices.ContainsFunc(claims, func(o owner) bool { return o.stage == r.stage }) &&
				slices.ContainsFunc(claims, func(o owner) bool { return o.kind != ownPage }) {
				r.page = "/" + path
				claims = append(slices.Clone(claims), r)
			}
		}
		if len(claims) < 2 || !slices.ContainsFunc(claims, func(o owner) bool { return o.kind != ownPage }) {
			continue
		}
		pl.taken[path] = true
		diags.Append(collision(path, claims))
	}
	return diags
}

// collision describes one output path that several inputs ask for.
func collision(path string, claims []owner) diag.List {
	var diags diag.List
	report := func(at diag.Pos, first int, hint string) {
		names := []string{describe(claims[first])}
		for i, o := range claims {
			if i != first {
				names = append(names, describe(o))
			}
		}
		list := strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
		diags.Add(diag.Diagnostic{Pos: at, Code: diag.OutputCollision,
			Msg:  fmt.Sprintf("%s all publish to /%s, so the site cannot be built", list, path),
			Hint: hint})
	}
	if len(claims) == 2 {
		// "both" reads better than "all" for two.
		report = func(at diag.Pos, first int, hint string) {
			a, b := describe(claims[first]), describe(claims[1-first])
			diags.Add(diag.Diagnostic{Pos: at, Code: diag.OutputCollision,
				Msg:  fmt.Sprintf("%s and %s both publish to /%s, so the site cannot be built", a, b, path),
				Hint: hint})
		}
	}
	named := false
	for i, o := range claims {
		if o.src == "" {
			continue
		}
		named = true
		at := o.pos
		if at.File == "" {
			at = diag.Pos{File: o.src}
		}
		report(at, i, hintFor(o))
	}
	if !named {
		report(diag.Pos{File: config.File}, 0, "only one output can be published at each address: rename or remove what makes one of them")
	}
	return diags
}

func hintFor(o owner) string {
	switch o.kind {
	case ownPage:
		return "give the page another file name or slug, or move the other file"
	case ownStatic:
		return "rename or move the file under static/, or give the other its own address"
	case ownAsset:
		return "rename or move the file, or give the other its own address"
	}
	if o.stage == "redirect" {
		return "remove the alias, or change it to an address nothing else publishes to"
	}
	return "only one output can be published at each address: rename or remove one of them"
}

// describe names an owner in a message.
func describe(o owner) string {
	switch o.kind {
	case ownPage:
		if o.src != "" {
			return o.src
		}
		return "the page " + o.page
	case ownStatic, ownAsset:
		return o.src
	}
	switch {
	case o.stage == "redirect" && o.src != "":
		return "the alias in " + o.src
	case o.src != "":
		return fmt.Sprintf("the %s output of %s", o.stage, o.src)
	}
	return fmt.Sprintf("the %s's %s", o.stage, o.page)
}

// assigned reports whether f may be published: its path is in the plan,
// or under a folder reserved for what made it, and no other input asks
// for it. An output the plan did not assign is kept, to be reported.
func (pl *plan) assigned(f site.File) bool {
	if pl.taken[f.Path] {
		return false
	}
	if _, ok := pl.owners[f.Path]; ok || pl.underReserved(f.Path) {
		return true
	}
	pl.mu.Lock()
	pl.unplanned = append(pl.unplanned, site.File{Path: f.Path}) // not its bytes, which may be lent
	pl.mu.Unlock()
	return true
}

// sink returns a sink that sends on the files the plan assigns, and
// drops those at a path several inputs ask for: the build fails there,
// with the collision reported.
func (pl *plan) sink(next render.Sink) render.Sink {
	return func(f site.File) error {
		if !pl.assigned(f) {
			return nil
		}
		return next(f)
	}
}

// problems reports the outputs that were published without being planned:
// a stage that does not declare what it writes, which is a bug.
func (pl *plan) problems() diag.List {
	var diags diag.List
	for _, f := range pl.unplanned {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: config.File}, Code: diag.Internal,
			Msg:  fmt.Sprintf("the build wrote /%s, which its plan did not assign", f.Path),
			Hint: "please report this as a bug"})
	}
	return diags
}
