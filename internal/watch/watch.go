// Package watch reports changes to the files of a folder tree. It watches
// folders, not files, with fsnotify, so that editors that save by writing
// a new file and renaming it over the old one (vim, VS Code, JetBrains)
// are seen like any other write; it watches every folder under the ones it
// is given, adding folders as they are created; and it waits until the
// changes pause for a moment (the debounce) before it sends them, as one
// batch of paths, so that a save that touches a file three times, or a
// checkout that touches a hundred, causes one rebuild.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options controls a Watcher. The zero value is ready to use.
type Options struct {
	// Debounce is how long changes must pause before they are sent;
	// 10 ms when zero.
	Debounce time.Duration
	// MaxDelay is the longest a steady stream of changes holds a batch
	// back; 500 ms when zero.
	MaxDelay time.Duration
	// Ignore, when set, leaves out the paths for which it returns true,
	// such as editors' swap and backup files.
	Ignore func(path string) bool
}

// Watcher watches a folder and some of the files and folders in it.
type Watcher struct {
	root  string
	names map[string]bool // the entries of root that are watched; nil for all
	opts  Options
	fsn   *fsnotify.Watcher
	dirs  map[string]bool // the folders being watched
}

// New starts watching root, and, at any depth, the entries of root named
// in names (all of them when names is nil): changes made after New returns
// are reported by Run. Entries that do not exist yet are watched from when
// they are created.
func New(root string, names []string, opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = 10 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 500 * time.Millisecond
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fsn, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, opts: opts, fsn: fsn, dirs: map[string]bool{}}
	if names != nil {
		w.names = map[string]bool{}
		for _, n := range names {
			w.names[n] = true
		}
	}
	if err := w.fsn.Add(root); err != nil {
		fsn.Close()
		return nil, err
	}
	w.dirs[root] = true
	for _, n := range w.top() {
		if err := w.addTree(filepath.Join(root, n), nil); err != nil {
			fsn.Close()
			return nil, err
		}
	}
	return w, nil
}

// top returns the entries of root to watch.
func (w *Watcher) top() []string {
	if w.names != nil {
		return slices.Sorted(func(yield func(string) bool) {
			for n := range w.names {
				if !yield(n) {
					return
				}
			}
		})
	}
	entries, _ := os.ReadDir(w.root)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// Close stops watching. Run closes the watcher itself when it returns.
func (w *Watcher) Close() error { return w.fsn.Close() }

// relevant reports whether a change at p is to be reported.
func (w *Watcher) relevant(p string) bool {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	if w.names != nil {
		top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		if !w.names[top] {
			return false
		}
	}
	return w.opts.Ignore == nil || !w.opts.Ignore(p)
}

// addTree watches the folder at p and every folder in it, and adds every
// path in it to batch, if batch is not nil: files may have been created
// in a new folder before it was watched. p need not be a folder.
func (w *Watcher) addTree(p string, batch map[string]bool) error {
	err := filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if q != p && !w.relevant(q) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if batch != nil {
			batch[q] = true
		}
		if !d.IsDir() {
			return nil
		}
		if q != p && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.fsn.Add(q); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return err
		}
		w.dirs[q] = true
		return nil
	})
	return err
}

// forget stops watching the folder at p and the folders in it, which
// were removed or renamed.
func (w *Watcher) forget(p string) {
	for d := range w.dirs {
		if d == p || strings.HasPrefix(d, p+string(filepath.Separator)) {
			w.fsn.Remove(d) // already gone when the folder was removed
			delete(w.dirs, d)
		}
	}
}

// Run sends the changed paths, absolute and sorted, in batches on out
// until ctx is done, then stops watching. Changes made while a batch waits
// to be received are added to it. It returns nil when ctx is done, or an
// error that stops the watcher.
func (w *Watcher) Run(ctx context.Context, out chan<- []string) error {
	defer w.fsn.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	pending := map[string]bool{} // changes still settling
	var first time.Time          // when the first of them came
	var ready []string           // a batch waiting to be received
	schedule := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		timer.Reset(min(w.opts.Debounce, first.Add(w.opts.MaxDelay).Sub(now)))
	}
	for {
		var send chan<- []string
		if len(ready) > 0 {
			send = out
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fsn.Events:
			if !ok {
				return nil
			}
			if w.handle(ev, pending) {
				schedule()
			}
		case err, ok := <-w.fsn.Errors:
			if !ok {
				return nil
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				return err
			}
			// Changes were lost: report everything as changed.
			for _, n := range w.top() {
				w.addTree(filepath.Join(w.root, n), nil)
				pending[filepath.Join(w.root, n)] = true
			}
			schedule()
		case <-timer.C:
			for p := range pending {
				ready = append(ready, p)
			}
			slices.Sort(ready)
			ready = slices.Compact(ready)
			clear(pending)
			first = time.Time{}
		case send <- ready:
			ready = nil
		}
	}
}

// handle records one event in pending, watching new folders and
// forgetting removed ones. It reports whether anything was recorded.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]bool) bool {
	p := filepath.Clean(ev.Name)
	if ev.Op == fsnotify.Chmod || !w.relevant(p) {
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(p)
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(p); err == nil && info.IsDir() {
			w.addTree(p, pending)
		}
	}
	pending[p] = true
	return true
}
