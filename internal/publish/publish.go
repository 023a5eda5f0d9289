// Package publish writes a build's files into the output folder, and is
// the only package that does. Files are minified, written into a staging
// folder created beside the output folder, and swapped in only when the
// whole build succeeded, so a failed build leaves the last good site
// byte for byte as it was, and readers never see a half-written site.
//
// Nothing is left behind: a build holds a lock file beside the output
// while it publishes, removes it when done, and removes the staging
// folders of earlier builds that were killed before they could (see
// Begin).
//
// Everything is written through an os.Root opened on the staging folder,
// so no file path can lead outside it.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sys/unix"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Minifier returns the one minifier the build uses, keyed by media type.
func Minifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags:    true,
		KeepEndTags:         true,
		KeepQuotes:          true,
		KeepSpecialComments: false,
	})
	m.Add("text/css", &css.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	return m
}

// TypeOf returns the media type the build uses for a file name.
func TypeOf(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js", ".mjs":
		return "text/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".json", ".webmanifest":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".txt":
		return "text/plain"
	}
	return ""
}

// Minify minifies data of the given media type, or returns it unchanged
// when the type has no minifier.
func Minify(m *minify.M, typ string, data []byte) ([]byte, error) {
	if typ == "" || m == nil {
		return data, nil
	}
	out, err := m.Bytes(typ, data)
	if errors.Is(err, minify.ErrNotExist) {
		return data, nil
	}
	return out, err
}

// Stage is a site being written beside the output folder.
type Stage struct {
	out  string // the output folder, absolute
	tmp  string // the staging folder beside it
	lock *os.File
	root *os.Root
	min  *minify.M
	mu   sync.Mutex
	// gate is held for reading by each Write while it writes into the
	// staging folder, and for writing by Abort and Commit as they close
	// it, so that no Write adds to a folder being removed.
	gate     sync.RWMutex
	paths    map[string]string // output path → source, to catch two files at one path
	dirs     map[string]bool   // the folders made in the staging folder
	files    int
	pages    int
	bytes    int64
	closed   bool
	warnings []string
	full     error // the first write that found the disk full
}

// CheckDir refuses an output folder that would overwrite the site: the
// site root itself, a folder that holds content/, or one that contains the
// site root or one of its input folders. Messages name the folder as shown.
func CheckDir(out, siteRoot, shown string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absRoot, err := filepath.Abs(siteRoot)
	if err != nil {
		return err
	}
	if absOut == absRoot {
		return fmt.Errorf("refusing to publish into the site root %s: choose an output folder such as public", shown)
	}
	if within(absRoot, absOut) {
		return fmt.Errorf("refusing to publish into %s: it contains the site", shown)
	}
	if _, err := os.Stat(filepath.Join(absOut, "content")); err == nil {
		return fmt.Errorf("refusing to publish into %s: it holds a content folder", shown)
	}
	for _, in := range []string{"content", "layouts", "static", "cmd", "internal", ".git"} {
		if p := filepath.Join(absRoot, in); absOut == p || within(absOut, p) {
			return fmt.Errorf("refusing to publish into %s: it is inside the site's %s folder", shown, in)
		}
	}
	return nil
}

// within reports whether p is inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// The folders and the lock file a build keeps beside the output folder
// OUT are named .OUT.wayfinder-staging-RANDOM and .OUT.wayfinder-lock: a
// name no other tool would choose, so that removing what interrupted
// builds left can never remove anything else.
const (
	stagingInfix = ".wayfinder-staging-"
	lockSuffix   = ".wayfinder-lock"
)

// ErrLocked reports another build publishing into the same folder.
var ErrLocked = errors.New("another build is publishing into this folder")

// Begin starts a new site beside out. m may be nil to write files as they
// are.
//
// Begin first takes the lock beside out, a file that one build at a time
// holds (with flock, so that the lock ends with the process however it
// ends); it fails with ErrLocked if another build holds it. Holding the
// lock, it removes the staging folders that earlier builds, killed before
// they finished, left beside out: no running build can own them.
func Begin(out string, m *minify.M) (*Stage, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	prefix := "." + filepath.Base(abs)
	lock, err := takeLock(filepath.Join(parent, prefix+lockSuffix))
	if err != nil {
		return nil, err
	}
	s := &Stage{out: abs, lock: lock, min: m, paths: map[string]string{}, dirs: map[string]bool{}}
	s.sweep(parent, prefix+stagingInfix)
	tmp, err := os.MkdirTemp(parent, prefix+stagingInfix)
	if err != nil {
		s.unlock()
		return nil, err
	}
	s.tmp = tmp
	if err := os.Chmod(tmp, 0o755); err != nil {
		s.Abort()
		return nil, err
	}
	root, err := os.OpenRoot(tmp)
	if err != nil {
		s.Abort()
		return nil, err
	}
	s.root = root
	return s, nil
}

// takeLock opens and locks the lock file at name. The file may have been
// removed by the build that held it between our open and our lock: then
// the lock is on a file no one else will see, so try again.
func takeLock(name string) (*os.File, error) {
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				return nil, fmt.Errorf("%w (%s is held)", ErrLocked, name)
			}
			return nil, fmt.Errorf("locking %s: %w", name, err)
		}
		held, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return f, nil
		}
		f.Close()
	}
}

// unlock removes the lock file and lets it go: removed first, so that a
// build waiting on it finds it gone and makes its own.
func (s *Stage) unlock() {
	if s.lock == nil {
		return
	}
	os.Remove(s.lock.Name())
	s.lock.Close()
	s.lock = nil
}

// sweep removes the staging folders named with prefix in parent. Holding
// the lock, they can only be what killed builds left.
func (s *Stage) sweep(parent, prefix string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if err := removeAll(p); err != nil {
			s.warnings = append(s.warnings, fmt.Sprintf("cannot remove %s, which an interrupted build left: %v", p, cleanErr(err)))
		}
	}
}

// Full returns the error of the first write that found the disk full (or
// over quota), or nil. Every write after it fails the same way, without
// trying: one full disk is one problem, not one per file.
func (s *Stage) Full() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.full
}

// Warnings returns what went wrong without failing the build, such as an
// old site that could not be removed once the new one was in place.
func (s *Stage) Warnings() []string { return s.warnings }

// ErrDuplicate reports two files published at one path.
var ErrDuplicate = errors.New("two files publish to the same path")

// Write minifies and writes one file. It is safe to call from many
// goroutines at once, and keeps nothing of f.Data once it returns.
func (s *Stage) Write(f site.File) error {
	if err := CheckPath(f.Path); err != nil {
		return err
	}
	s.mu.Lock()
	if prev, ok := s.paths[f.Path]; ok {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s and %s both publish to %s", ErrDuplicate, prev, describe(f), f.Path)
	}
	s.paths[f.Path] = describe(f)
	s.mu.Unlock()

	data := f.Data
	if s.min != nil && !f.Minified {
		typ := f.Type
		if typ == "" {
			typ = TypeOf(f.Path)
		}
		// Minified into a buffer kept for the next file, as minify's
		// Bytes would into a new one: the same bytes, without a new
		// page-sized allocation for every page.
		out := buffers.Get().(*bytes.Buffer)
		defer putBuffer(out)
		err := s.min.Minify(typ, out, bytes.NewBuffer(data))
		switch {
		case errors.Is(err, minify.ErrNotExist):
		case err != nil:
			return fmt.Errorf("minifying %s: %w", f.Path, err)
		default:
			data = out.Bytes()
		}
	}
	s.gate.RLock()
	defer s.gate.RUnlock()
	if s.closed {
		return errClosed
	}
	if err := s.mkdir(path.Dir(f.Path)); err != nil {
		return fmt.Errorf("writing %s: %w", f.Path, err)
	}
	s.mu.Lock()
	full := s.full
	s.mu.Unlock()
	if full != nil {
		return full
	}
	if err := s.root.WriteFile(f.Path, data, 0o644); err != nil {
		err = fmt.Errorf("writing %s: %w", f.Path, err)
		if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
			s.mu.Lock()
			if s.full == nil {
				s.full = err
			}
			s.mu.Unlock()
		}
		return err
	}
	s.mu.Lock()
	s.files++
	if path.Ext(f.Path) == ".html" {
		s.pages++
	}
	s.bytes += int64(len(data))
	s.mu.Unlock()
	return nil
}

// buffers holds the buffers files are minified into.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBuffer returns b to the pool, unless a very large file grew it.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	buffers.Put(b)
}

// mkdir makes the folder dir in the staging folder, and the folders it
// is in, unless a file was written there already: most pages are alone
// in their folder, whose parent is made once for all of them.
func (s *Stage) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	s.mu.Lock()
	made := s.dirs[dir]
	parent := s.dirs[path.Dir(dir)] || path.Dir(dir) == "."
	s.mu.Unlock()
	if made {
		return nil
	}
	var err error
	if parent {
		if err = s.root.Mkdir(dir, 0o755); errors.Is(err, fs.ErrExist) {
			err = nil
		}
	} else {
		err = s.root.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	for d := dir; d != "." && !s.dirs[d]; d = path.Dir(d) {
		s.dirs[d] = true
	}
	s.mu.Unlock()
	return nil
}

func describe(f site.File) string {
	if f.Src != "" {
		return f.Src
	}
	return "a generated page"
}

// CheckPath refuses an output path that could leave the output folder.
func CheckPath(p string) error {
	switch {
	case p == "" || strings.ContainsAny(p, "\\\x00") || path.IsAbs(p) || !fs.ValidPath(p):
		return fmt.Errorf("refusing to write %q: not a plain path inside the output folder", p)
	}
	return nil
}

// Files returns how many files were written, how many of them are HTML
// pages, and their total size.
func (s *Stage) Files() (files, pages int, size int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files, s.pages, s.bytes
}

// errClosed is what Write returns once the stage is committed or aborted.
var errClosed = errors.New("publish: stage already closed")

// close marks the stage closed, once no Write is writing. It reports
// false if it already was.
func (s *Stage) close() bool {
	s.gate.Lock()
	defer s.gate.Unlock()
	if s.closed {
		return false
	}
	s.closed = true
	return true
}

// Abort removes the staging folder and leaves the output folder as it was.
// It may be called while Writes are in progress, as an interrupted build
// does: it waits for those writing into the staging folder, and those
// after it fail.
func (s *Stage) Abort() error {
	if !s.close() {
		return nil
	}
	if s.root != nil {
		s.root.Close()
	}
	defer s.unlock()
	if s.tmp == "" {
		return nil
	}
	return os.RemoveAll(s.tmp)
}

// Commit swaps the new site in for the old one. On Linux the two folders
// are exchanged in one step; elsewhere the old folder is renamed aside
// first, and put back if the new one cannot be moved in. Once the new site
// is in place the build has succeeded: an old site that cannot be removed
// is a warning naming where it is left, not an error.
func (s *Stage) Commit() error {
	if !s.close() {
		return errClosed
	}
	s.root.Close()
	defer s.unlock()
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(s.tmp, s.out); err != nil {
			os.RemoveAll(s.tmp)
			return fmt.Errorf("publishing %s: %w", s.out, err)
		}
		return nil
	}
	if info, err := os.Lstat(s.out); err == nil && !info.IsDir() {
		os.RemoveAll(s.tmp)
		return fmt.Errorf("publishing %s: it exists and is not a folder", s.out)
	}
	// The exchange leaves the old site at the staging path.
	old := s.tmp
	if err := exchange(s.tmp, s.out); err != nil {
		old = s.tmp + ".old"
		if err := os.Rename(s.out, old); err != nil {
			os.RemoveAll(s.tmp)
			return fmt.Errorf("publishing %s: %w", s.out, err)
		}
		if err := os.Rename(s.tmp, s.out); err != nil {
			if rerr := os.Rename(old, s.out); rerr != nil {
				return fmt.Errorf("publishing %s: %w (and the old site is left at %s: %v)", s.out, err, old, rerr)
			}
			os.RemoveAll(s.tmp)
			return fmt.Errorf("publishing %s: %w", s.out, err)
		}
	}
	if err := removeAll(old); err != nil {
		s.warnings = append(s.warnings, fmt.Sprintf("the new site is in place, but the old one could not be removed from %s: %v (remove it by hand; the next build tries again)", old, cleanErr(err)))
	}
	return nil
}

// cleanErr returns the reason an operation on a file failed, without the
// operation and path that the message names already.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// removeAll removes a folder and everything in it, as os.RemoveAll does,
// but the folders in it in parallel: deleting the last site's thousands of
// folders is a noticeable part of a build.
func removeAll(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, e := range entries {
		g.Go(func() error { return os.RemoveAll(filepath.Join(dir, e.Name())) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return os.Remove(dir)
}
