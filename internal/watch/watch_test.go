package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// start watches the content folder of a new site and returns the folder
// and the channel of batches.
func start(t *testing.T, opts Options) (string, <-chan []string) {
	t.Helper()
	root := t.TempDir()
	mkdir(t, filepath.Join(root, "content", "guides"))
	write(t, filepath.Join(root, "content", "guides", "a.md"), "a")
	w, err := New(root, []string{"content", "site.yaml"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	out := make(chan []string)
	done := make(chan error)
	go func() { done <- w.Run(ctx, out) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return root, out
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// await collects batches until one holds every path in want, and fails
// if that does not happen within a generous time.
func await(t *testing.T, out <-chan []string, want ...string) [][]string {
	t.Helper()
	var got [][]string
	seen := map[string]bool{}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case b := <-out:
			got = append(got, b)
			for _, p := range b {
				seen[p] = true
			}
			if !slices.ContainsFunc(want, func(p string) bool { return !seen[p] }) {
				return got
			}
		case <-deadline:
			t.Fatalf("no batch with %v; got %v", want, got)
		}
	}
}

func TestWriteInPlace(t *testing.T) {
	root, out := start(t, Options{})
	p := filepath.Join(root, "content", "guides", "a.md")
	write(t, p, "changed")
	await(t, out, p)
}

// TestRenameSave saves as vim and JetBrains IDEs do: the new text goes to
// another file, which is renamed over the old one.
func TestRenameSave(t *testing.T) {
	root, out := start(t, Options{Ignore: func(p string) bool { return strings.HasSuffix(p, "~") }})
	p := filepath.Join(root, "content", "guides", "a.md")
	tmp := p + "~"
	write(t, tmp, "new")
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	for _, b := range await(t, out, p) {
		if slices.Contains(b, tmp) {
			t.Errorf("batch %v has the ignored %s", b, tmp)
		}
	}
	// The folder is still watched after the rename.
	write(t, p, "newer")
	await(t, out, p)
}

func TestDeleteAndRecreate(t *testing.T) {
	root, out := start(t, Options{})
	p := filepath.Join(root, "content", "guides", "a.md")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	await(t, out, p)
	write(t, p, "back")
	await(t, out, p)
}

// TestNewFolders checks that folders created later are watched, with the
// files made in them before the watch began.
func TestNewFolders(t *testing.T) {
	root, out := start(t, Options{})
	dir := filepath.Join(root, "content", "new", "deeper")
	mkdir(t, dir)
	p := filepath.Join(dir, "b.md")
	write(t, p, "b")
	await(t, out, p)
	q := filepath.Join(dir, "c.md")
	write(t, q, "c")
	await(t, out, q)
}

// TestOnlyNamed checks that changes outside the named entries of the root
// are left out.
func TestOnlyNamed(t *testing.T) {
	root, out := start(t, Options{})
	write(t, filepath.Join(root, "notes.txt"), "x")
	cfg := filepath.Join(root, "site.yaml")
	write(t, cfg, "title: x")
	for _, b := range await(t, out, cfg) {
		if slices.Contains(b, filepath.Join(root, "notes.txt")) {
			t.Errorf("batch %v has notes.txt, which is not watched", b)
		}
	}
}

// TestDebounce checks that a burst of writes arrives as far fewer batches
// than writes.
func TestDebounce(t *testing.T) {
	root, out := start(t, Options{Debounce: 50 * time.Millisecond})
	var want []string
	for i := range 50 {
		p := filepath.Join(root, "content", "guides", string(rune('a'+i%26))+".md")
		write(t, p, strings.Repeat("x", i))
		want = append(want, p)
	}
	got := await(t, out, want...)
	if len(got) > 5 {
		t.Errorf("50 writes came in %d batches, want a few", len(got))
	}
}
