// Package content loads and validates a site's content: it walks content/,
// decodes each file's front matter while keeping the YAML node positions,
// and checks it against the schema of its section and the vocabularies of
// site.yaml.
//
// # Files and URLs
//
// A top-level folder under content/ is a section; its name gives the kind of
// its pages (pathways, routes, pathfinders and guides are typed, any other
// folder holds plain pages). Files in content/finders/ are finders: each is
// published at the path its front matter names, and the finder stage
// generates its pages. A file's URL comes from its folder and its name,
// or its slug: content/pathways/ccio.md is /pathways/ccio/.
// content/SECTION/_index.md holds the title and introduction of the
// section's list page, and content/_index.md those of the home page. Files
// that are not Markdown are copied to the same place in the output, and
// names starting with a dot are skipped.
//
// File and folder names may be in any language, with spaces and capitals:
// a name that is not already fit for a web address is transliterated to a
// lower-case slug (content/pathfinders/Ynys Môn.md is /pathfinders/ynys-mon/,
// see URLName), and two files whose addresses match are an error naming
// both. A name no partner could check out on every system (see
// CheckFileName: control characters, slashes, the characters and device
// names Windows refuses) is an error with a name that would be accepted;
// static/ follows the same rules. Slugs and aliases written in front matter
// must already be plain: lowercase letters, numbers, hyphens, underscores
// and dots. Symbolic links that lead outside the site are refused.
//
// # Front matter
//
// Front matter is YAML between --- lines, or TOML between +++ lines. Every
// page may set title, description, date, draft, weight, slug, aliases,
// reviewed, sources and dated_note; typed sections add the fields of their
// schema (see site.Schemas). Unknown fields, wrong types, values outside a
// vocabulary and missing required fields are diagnostics at the value's
// line and column; Page.Fields keeps the position of every value, nested
// ones by their path, such as questions[1].answers[2].value. Pages with
// draft: true are checked but left out of the site unless Options.Drafts
// is set.
package content

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/sync/errgroup"

	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/textfile"
)

// Dir is the folder of content under the site root.
const Dir = "content"

// Options controls loading.
type Options struct {
	Drafts bool // include pages marked draft: true
	// Lazy leaves the body out of the pages that load without errors, so
	// that a build need not hold every page's text at once: Body reads
	// it again when the page is rendered. Pages with errors keep theirs,
	// and so do finders.
	Lazy bool
}

// Asset is a file under content/ that is not Markdown, copied as it is.
type Asset struct {
	Src  string // path relative to the site root
	Path string // output path
}

// Result is the loaded content.
type Result struct {
	Pages  []*site.Page // sorted by file; drafts left out unless asked for
	Assets []Asset
	// Skipped holds the files that are not in Pages, and why: "draft" or
	// "error". Links to them are not reported again as broken.
	Skipped map[string]string
	// Invalid holds the pages whose front matter has errors but whose
	// body could be read: they are not published, but their bodies are
	// still checked, so one run reports every problem.
	Invalid []*site.Page
	// Unreadable holds the problem when content/ itself cannot be read:
	// every other problem then follows from it.
	Unreadable diag.List
}

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)

// CheckName reports what is wrong with one segment of a file name or slug
// for use in a URL, or "" if nothing is.
func CheckName(name string) string {
	switch {
	case name == "":
		return "is empty"
	case strings.ContainsAny(name, "/\\\x00"):
		return "contains a slash, backslash or NUL character"
	case name == ".":
		return "is only a dot, which names the folder it is in"
	case name == ".." || strings.Contains(name, ".."):
		return "contains \"..\""
	case !validName.MatchString(name):
		return "may only use lowercase letters, numbers, hyphens, underscores and dots"
	}
	return ""
}

type fileResult struct {
	page    *site.Page
	invalid *site.Page // a page with errors in its front matter, whose body can still be checked
	draft   bool
	diags   diag.List
}

// Load walks content/ in fsys and returns its pages and assets with every
// problem found.
func Load(ctx context.Context, fsys fs.FS, cfg *site.Config, opts Options) (*Result, diag.List) {
	res := &Result{Skipped: map[string]string{}}
	files, assets, diags := Walk(fsys)
	res.Assets = assets
	// Walk reads folders, not files: a folder it cannot read, or no
	// content folder at all, is the cause of what follows.
	for _, d := range diags {
		if d.Code == "read" || (d.Pos.File == Dir && d.Code == "content") {
			res.Unreadable = append(res.Unreadable, d)
		}
	}

	results := make([]fileResult, len(files))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			results[i] = loadFile(fsys, cfg, f, opts.Lazy, nil)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: Dir}, Code: "read", Msg: err.Error()})
	}
	for i, r := range results {
		diags.Append(r.diags)
		switch {
		case r.page == nil:
			res.Skipped[files[i]] = "error"
			if r.invalid != nil {
				res.Invalid = append(res.Invalid, r.invalid)
			}
		case r.draft && !opts.Drafts:
			res.Skipped[files[i]] = "draft"
		default:
			res.Pages = append(res.Pages, r.page)
		}
	}
	diags.Append(CheckPaths(res.Pages))
	return res, diags
}

// Walk lists the Markdown files under content/ in fsys, in the order Load
// reads them, and the other files, which are copied as they are. It reads
// no file; problems with names and links are returned.
func Walk(fsys fs.FS) (files []string, assets []Asset, diags diag.List) {
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: Dir}, Code: "content",
					Msg: "there is no content folder", Hint: "create content/ with at least content/_index.md"})
				return fs.SkipAll
			}
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "read", Msg: "cannot read: " + cleanErr(err)})
			return nil
		}
		if p == Dir {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		msg := CheckFileName(name)
		if msg == "" && (d.IsDir() || path.Ext(name) == ".md") && name != "_index.md" {
			msg = checkPageName(name, d.IsDir())
		}
		if msg != "" {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "file-name",
				Msg: fmt.Sprintf("the name %q %s", name, msg), Hint: nameDiagHint(name)})
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if msg := checkLink(fsys, p); msg != "" {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "symlink", Msg: msg,
					Hint: "copy the file into the site instead of linking to it"})
				return nil
			}
			info, err := fs.Stat(fsys, p)
			if err != nil {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "symlink", Msg: "this link leads nowhere: " + cleanErr(err)})
				return nil
			}
			if info.IsDir() {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p}, Code: "symlink", Msg: "links to folders are not followed",
					Hint: "move the folder into content/"})
				return nil
			}
		} else if d.IsDir() {
			return nil
		} else if !d.Type().IsRegular() {
			return nil
		}
		if path.Ext(name) != ".md" {
			assets = append(assets, Asset{Src: p, Path: strings.TrimPrefix(p, Dir+"/")})
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil && !errors.Is(err, fs.SkipAll) {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: Dir}, Code: "read", Msg: "cannot read: " + cleanErr(err)})
	}
	return files, assets, diags
}

// LoadFileLazy is LoadFile for a page whose body is read again when it
// renders (see Options.Lazy).
func LoadFileLazy(fsys fs.FS, cfg *site.Config, file string) (page, invalid *site.Page, diags diag.List) {
	r := loadFile(fsys, cfg, file, true, nil)
	return r.page, r.invalid, r.diags
}

// LoadSourceLazy is LoadFileLazy for a file whose bytes ReadSource has
// read: src, not the file as it is now, is what loads.
func LoadSourceLazy(fsys fs.FS, cfg *site.Config, file string, src []byte) (page, invalid *site.Page, diags diag.List) {
	r := loadFile(fsys, cfg, file, true, src)
	return r.page, r.invalid, r.diags
}

// LoadFile reads and validates one Markdown file that Walk listed. The
// page is nil when the file has errors; then invalid, when not nil, is the
// page as far as it could be read, whose body can still be checked. A
// draft page is returned as any other, for the caller to leave out.
func LoadFile(fsys fs.FS, cfg *site.Config, file string) (page, invalid *site.Page, diags diag.List) {
	r := loadFile(fsys, cfg, file, false, nil)
	return r.page, r.invalid, r.diags
}

// CheckPaths reports pages that would publish to the same URL, naming both.
func CheckPaths(pages []*site.Page) diag.List {
	var diags diag.List
	byPath := map[string]*site.Page{}
	for _, p := range pages {
		if first, ok := byPath[p.Path]; ok {
			diags.Add(diag.Diagnostic{Pos: p.Pos("slug"), Code: "duplicate-url",
				Msg:  fmt.Sprintf("%s and %s both publish to %s", first.File, p.File, "/"+p.Path),
				Hint: "give one of them a different file name or slug"})
			continue
		}
		byPath[p.Path] = p
	}
	return diags
}

func renameHint(name string) string {
	ext := path.Ext(name)
	if s := site.Slugify(strings.TrimSuffix(name, ext)); s != "" {
		return fmt.Sprintf("rename it to %s%s", s, strings.ToLower(ext))
	}
	return "rename it using lowercase letters, numbers and hyphens"
}

// checkLink refuses a symbolic link whose target lies outside the site.
func checkLink(fsys fs.FS, p string) string {
	target, err := fs.ReadLink(fsys, p)
	if err != nil {
		return "cannot read this symbolic link: " + cleanErr(err)
	}
	if path.IsAbs(target) || strings.HasPrefix(target, `\`) {
		return fmt.Sprintf("this symbolic link points outside the site (to %s)", target)
	}
	joined := path.Join(path.Dir(p), target)
	if joined == ".." || strings.HasPrefix(joined, "../") {
		return fmt.Sprintf("this symbolic link points outside the site (to %s)", target)
	}
	return ""
}

func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// loadFile reads and validates one Markdown file, whose bytes are src
// when they have been read already (nil: read them).
func loadFile(fsys fs.FS, cfg *site.Config, file string, lazy bool, src []byte) (r fileResult) {
	defer func() {
		// No input may crash the build: report a panic as a problem with
		// the file and go on.
		if v := recover(); v != nil {
			r = fileResult{}
			r.diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file}, Code: "internal",
				Msg: fmt.Sprintf("wayfinder could not read this file (%v)", v), Hint: "please report this as a bug, with the file"})
		}
	}()
	if src == nil {
		var d *diag.Diagnostic
		if src, d = ReadSource(fsys, cfg, file); d != nil {
			r.diags.Add(*d)
			return r
		}
	}
	rel := strings.TrimPrefix(file, Dir+"/")
	dir, name := path.Split(rel)
	// A name in any language makes a web address by URLName: the page's
	// folders and its own name each become a plain lower-case segment.
	var segs []string
	for _, seg := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
		if seg != "" {
			segs = append(segs, URLName(seg))
		}
	}
	dir = strings.Join(segs, "/")
	section := ""
	if dir != "" {
		section, _, _ = strings.Cut(dir, "/")
	}
	// A translation is NAME.CODE.md, for a language of site.yaml other
	// than the default: it is published under /CODE/.
	lang, langPrefix := "", ""
	if base, code, ok := cutLang(name); ok {
		if l := cfg.Lang(code); l != nil && l.Prefix != "" {
			lang, langPrefix, name = code, l.Prefix, base+".md"
		}
	}
	slug := strings.TrimSuffix(name, ".md")
	if name != "_index.md" {
		slug = URLName(slug)
	}
	p := &site.Page{File: file, Section: section, Slug: slug, Kind: site.KindPage, Lang: lang,
		Key: path.Join(path.Dir(rel), strings.TrimSuffix(name, ".md"))}
	schema := site.PageSchema()
	switch {
	case name == "_index.md" && dir == "":
		p.Kind, p.Slug = site.KindHome, ""
	case name == "_index.md" && !strings.Contains(dir, "/"):
		p.Kind, p.Slug = site.KindSection, section
	case name == "_index.md":
		r.diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file}, Code: "file-name",
			Msg: "only top-level folders of content/ can have an _index.md", Hint: "move it to content/" + section + "/_index.md"})
		return r
	default:
		if s := site.SchemaFor(section); s != nil {
			schema = s
			p.Kind = s.Kind
		}
	}
	size, sum, hash := len(src), crc32.Checksum(src, castagnoli), sha256.Sum256(src)
	src, d := normalize(file, src)
	if d != nil {
		r.diags.Add(*d)
		return r
	}

	parts, diags := split(file, src)
	r.diags.Append(diags)
	if diags.Errors() > 0 {
		return r
	}
	p.Source = site.Source{Start: parts.BodyStart, Line: parts.BodyLine, Size: size, Sum: sum, Front: frontSum(src[:parts.BodyStart]), Hash: hash}
	if parts.Node == nil {
		r.diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Code: "front-matter",
			Msg: "the file has no front matter", Hint: "start it with a line ---, then title: Your title, then another line ---"})
		return r
	}
	v := &validator{file: file, cfg: cfg, schema: schema}
	fields := v.page(parts.Node)
	for name, pos := range v.nested {
		fields[name] = pos
	}
	p.Fields = site.NewFields(fields)
	p.Refs = v.refs
	decode(parts.Node, p, schema, v)
	r.diags.Append(v.diags)
	r.draft = p.Draft

	if p.Kind != site.KindHome && p.Kind != site.KindSection {
		if msg := CheckName(p.Slug); msg != "" {
			r.diags.Add(diag.Diagnostic{Pos: p.Pos("slug"), Code: "slug",
				Msg: fmt.Sprintf("the slug %q %s", p.Slug, msg), Hint: renameHint(p.Slug)})
			return r
		}
	}
	switch p.Kind {
	case site.KindHome:
		p.Path = ""
	case site.KindSection:
		p.Path = section + "/"
	case site.KindFinder:
		// A finder is published at the path it names; the finder stage
		// checks that path and generates the pages under it.
		p.Path = section + "/" + p.Slug + "/"
		if fp := strings.Trim(p.Finder.Path, "/"); fp != "" {
			p.Path = fp + "/"
		}
	default:
		if dir == "" {
			p.Path = p.Slug + "/"
		} else {
			p.Path = dir + "/" + p.Slug + "/"
		}
	}
	if langPrefix != "" && !strings.HasPrefix(p.Path, langPrefix) {
		p.Path = langPrefix + p.Path
	}
	p.URL = cfg.URL(p.Path)
	for i, a := range p.Aliases {
		if msg := checkAlias(a); msg != "" {
			r.diags.Add(diag.Diagnostic{Pos: p.Pos("aliases"), Code: "alias",
				Msg: fmt.Sprintf("alias %d (%q) %s", i+1, a, msg), Hint: "write a path on this site, such as /old-name/"})
		}
	}
	if r.diags.Errors() == 0 {
		r.page = p
	} else {
		r.invalid = p
	}
	// A lazy load leaves out the body of a page to be published: it is
	// read again when the page is rendered. A page with errors keeps its
	// body to be checked, and a finder keeps its own, which the finder
	// stage shows again on its start page.
	if !lazy || r.invalid != nil || p.Kind == site.KindFinder {
		p.Body = padBody(src, parts.BodyStart, parts.BodyLine)
	}
	return r
}

// tooBig reports a content file past limits.max_file_size.
func tooBig(file string, n int64, limit int) diag.Diagnostic {
	return diag.Diagnostic{Pos: diag.Pos{File: file}, Code: "file-size",
		Msg:  fmt.Sprintf("the file is %s, more than the %s a content file may be", size(n), size(int64(limit))),
		Hint: "split it into several pages, or raise limits.max_file_size in site.yaml"}
}

// ReadSource reads a content file for loading, with one open: no more
// than the site's limit (limits.max_file_size). A file over the limit, or
// one that cannot be read, is a problem to report instead.
func ReadSource(fsys fs.FS, cfg *site.Config, file string) ([]byte, *diag.Diagnostic) {
	limit := cfg.Limits.MaxFileSize
	if limit <= 0 {
		limit = site.DefaultMaxFileSize
	}
	cannot := func(err error) ([]byte, *diag.Diagnostic) {
		return nil, &diag.Diagnostic{Pos: diag.Pos{File: file}, Code: "read", Msg: "cannot read: " + cleanErr(err)}
	}
	f, err := fsys.Open(file)
	if err != nil {
		return cannot(err)
	}
	defer f.Close()
	n := int64(512)
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		if info.Size() > int64(limit) {
			d := tooBig(file, info.Size(), limit)
			return nil, &d
		}
		n = info.Size()
	}
	// One byte more than the file was measured at, to see its end
	// without growing the buffer.
	b := make([]byte, 0, n+1)
	for {
		m, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if len(b) > limit {
			// It grew after it was measured.
			d := tooBig(file, int64(len(b)), limit)
			return nil, &d
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return cannot(err)
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// size writes a file size in bytes, KiB or MiB, as a person reads it.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB (%d bytes)", float64(n)/(1<<20), n)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB (%d bytes)", float64(n)/(1<<10), n)
	}
	return fmt.Sprintf("%d bytes", n)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frontSum is the FNV-1a hash of a file's text up to its body: two loads
// of one file with the same sum made the same page but for its body.
func frontSum(front []byte) uint64 {
	h := fnv.New64a()
	h.Write(front)
	return h.Sum64()
}

// ErrChanged reports a content file that changed after it was loaded.
var ErrChanged = errors.New("the file changed while the site was being built")

// Body returns the body of a page loaded with Options.Lazy, reading its
// file again. It fails with ErrChanged if the file no longer holds what
// was loaded. A page that kept its body returns it.
func Body(fsys fs.FS, p *site.Page) ([]byte, error) {
	if p.Body != nil || p.File == "" {
		return p.Body, nil
	}
	src, err := fs.ReadFile(fsys, p.File)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %s", cleanErr(err))
	}
	s := p.Source
	if len(src) != s.Size || crc32.Checksum(src, castagnoli) != s.Sum {
		return nil, ErrChanged
	}
	src, d := normalize(p.File, src)
	if d != nil || s.Start > len(src) || s.Line < 1 {
		return nil, ErrChanged
	}
	return padBody(src, s.Start, s.Line), nil
}

// normalize makes a file's text what every later stage reads: UTF-8,
// without a byte-order mark, with LF line endings (see package textfile).
// Lines and columns are unchanged by it. A file in another encoding is a
// diagnostic saying how to save it as UTF-8.
func normalize(file string, src []byte) ([]byte, *diag.Diagnostic) {
	out, err := textfile.Normalize(src)
	if err != nil {
		return nil, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Code: "encoding",
			Msg: err.Error(), Hint: textfile.Hint}
	}
	if !utf8.Valid(out) {
		return nil, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Code: "encoding",
			Msg: "the file is not UTF-8 text", Hint: textfile.Hint}
	}
	return out, nil
}

func checkAlias(a string) string {
	if !strings.HasPrefix(a, "/") || strings.HasPrefix(a, "//") {
		return "must start with a single /"
	}
	for _, seg := range strings.Split(strings.Trim(a, "/"), "/") {
		if seg == "" {
			continue
		}
		if msg := CheckName(seg); msg != "" {
			return msg
		}
	}
	return ""
}

// decode fills the page's common and typed fields from the front matter.
// Values that failed validation are left at their zero values.
func decode(n *yaml.Node, p *site.Page, schema *site.Schema, v *validator) {
	n = knownFields(n, schema)
	var common struct {
		Title       string            `yaml:"title"`
		Description string            `yaml:"description"`
		Date        site.Date         `yaml:"date"`
		Draft       bool              `yaml:"draft"`
		Weight      int               `yaml:"weight"`
		Slug        string            `yaml:"slug"`
		Aliases     []string          `yaml:"aliases"`
		Reviewed    site.Date         `yaml:"reviewed"`
		Sources     []site.SourceLink `yaml:"sources"`
		DatedNote   string            `yaml:"dated_note"`
		Reviewed2   *bool             `yaml:"translation_reviewed"`
	}
	tryDecode(n, &common, v)
	p.TranslationReviewed = common.Reviewed2
	p.Title, p.Description, p.Date, p.Draft = common.Title, common.Description, common.Date, common.Draft
	p.Weight, p.Aliases, p.Reviewed, p.Sources, p.DatedNote = common.Weight, common.Aliases, common.Reviewed, common.Sources, common.DatedNote
	if common.Slug != "" && p.Kind != site.KindHome && p.Kind != site.KindSection {
		p.Slug = common.Slug
	}
	switch schema.Kind {
	case site.KindPathway:
		p.Pathway = &site.Pathway{}
		tryDecode(n, p.Pathway, v)
	case site.KindRoute:
		p.Route = &site.Route{}
		tryDecode(n, p.Route, v)
	case site.KindPathfinder:
		p.Pathfinder = &site.Pathfinder{}
		tryDecode(n, p.Pathfinder, v)
	case site.KindGuide:
		p.Guide = &site.Guide{}
		tryDecode(n, p.Guide, v)
	case site.KindFinder:
		p.Finder = &site.Finder{}
		tryDecode(n, p.Finder, v)
	}
}

// knownFields returns the mapping n with only the first of each key the
// schema knows. The validator has reported the others; leaving them out
// keeps decoding linear, since yaml.v3 checks each key of a mapping it
// decodes into a struct against every key before it.
func knownFields(n *yaml.Node, schema *site.Schema) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return n
	}
	kept := *n
	kept.Content = nil
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if seen[k] || schema.Field(k) == nil {
			continue
		}
		seen[k] = true
		kept.Content = append(kept.Content, n.Content[i], n.Content[i+1])
	}
	return &kept
}

// tryDecode decodes n into out. Type errors were already reported by the
// validator, with positions; one it missed is reported at the mapping.
func tryDecode(n *yaml.Node, out any, v *validator) {
	err := n.Decode(out)
	if err == nil || v.diags.Errors() > 0 {
		return
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			v.errorf(n, "type", "", "%s", strings.TrimPrefix(e, "yaml: "))
		}
		return
	}
	v.errorf(n, "type", "", "%s", err.Error())
}

// cutLang splits a file name NAME.CODE.md into NAME and CODE.
func cutLang(name string) (base, code string, ok bool) {
	stem, isMD := strings.CutSuffix(name, ".md")
	if !isMD {
		return "", "", false
	}
	i := strings.LastIndexByte(stem, '.')
	if i <= 0 {
		return "", "", false
	}
	return stem[:i], stem[i+1:], true
}
