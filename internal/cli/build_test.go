package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
)

// TestBuildStopsWhenCancelled cancels a build (as Ctrl-C or SIGTERM does
// through signal.NotifyContext in main) once it has begun writing, and
// checks that it stops, says so, and leaves nothing beside the output.
func TestBuildStopsWhenCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site of 1,500 pages")
	}
	src, dest := t.TempDir(), t.TempDir()
	if err := gensite.Write(src, 1500, 1); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"build", "-s", src, "-o", filepath.Join(dest, "public")}, &bytes.Buffer{}, &stderr)
	}()
	// Wait for the staging folder to fill, then cancel.
	var cancelled time.Time
	for cancelled.IsZero() {
		select {
		case code := <-done:
			t.Fatalf("the build ended (status %d) before it could be cancelled:\n%s", code, stderr.String())
		case <-time.After(time.Millisecond):
		}
		entries, _ := os.ReadDir(dest)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".wayfinder-staging-") {
				if files, _ := os.ReadDir(filepath.Join(dest, e.Name())); len(files) > 0 {
					cancel()
					cancelled = time.Now()
				}
			}
		}
	}
	code := <-done
	t.Logf("the build stopped %v after it was cancelled", time.Since(cancelled).Round(time.Millisecond))
	if code != 1 || !strings.Contains(stderr.String(), "wayfinder: interrupted") {
		t.Errorf("Main = %d, stderr %q; want 1 and interrupted", code, stderr.String())
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		var left []string
		for _, e := range entries {
			left = append(left, e.Name())
		}
		t.Errorf("a cancelled build left %v beside the output", left)
	}
}

// TestFullDisk builds onto a disk too small for the site: one error names
// the output folder, and nothing is left on the disk.
func TestFullDisk(t *testing.T) {
	dest := t.TempDir()
	if err := syscall.Mount("tmpfs", dest, "tmpfs", 0, "size=256k"); err != nil {
		t.Skipf("cannot mount a small disk to fill (%v): this test needs to run as root", err)
	}
	defer syscall.Unmount(dest, 0)
	src := t.TempDir()
	if err := gensite.Write(src, 200, 1); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	var stderr bytes.Buffer
	out := filepath.Join(dest, "public")
	code := Main(t.Context(), []string{"build", "-minify=false", "-s", src, "-o", out}, &bytes.Buffer{}, &stderr)
	want := out + ": error: the disk is full: the site cannot be written beside " + out + " (no space left on device) (free some space on the disk that holds it, then build again) [write]\n" +
		"build failed: 1 error; " + out + " was not changed\n"
	if got := stderr.String(); code != 1 || !strings.HasSuffix(got, want) || strings.Count(got, "error:") != 1 {
		t.Errorf("Main = %d, stderr:\n%s\nwant 1 and:\n%s", code, stderr.String(), want)
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		t.Errorf("a build onto a full disk left %d files on it", len(entries))
	}
}
