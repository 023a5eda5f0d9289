package publish

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func publish(t *testing.T, out string, files ...string) *Stage {
	t.Helper()
	s, err := Begin(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := s.Write(site.File{Path: f, Data: []byte(f)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBuildRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	publish(t, out, "index.html")
	// What killed builds left, and names that only look alike.
	for _, d := range []string{".public.wayfinder-staging-123", ".public.wayfinder-staging-9.old", ".public.new-5", ".publicity", ".other.wayfinder-staging-1"} {
		if err := os.MkdirAll(filepath.Join(dir, d, "guides"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, d, "guides", "index.html"), []byte("x"), 0o644)
	}
	s := publish(t, out, "index.html", "about/index.html")
	want := []string{".other.wayfinder-staging-1", ".public.new-5", ".publicity", "public"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("after a build the folder holds %v, want %v", got, want)
	}
	if w := s.Warnings(); len(w) > 0 {
		t.Errorf("Warnings() = %v, want none", w)
	}
	if got := names(t, out); !slices.Equal(got, []string{"about", "index.html"}) {
		t.Errorf("public holds %v", got)
	}
}

func TestOneBuildAtATime(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	first, err := Begin(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(out, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("Begin while another build publishes = %v, want ErrLocked", err)
	}
	// The running build's staging folder survives the refused one.
	if err := first.Write(site.File{Path: "index.html", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if err := first.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("after an aborted build the folder holds %v, want nothing", got)
	}
	publish(t, out, "index.html")
}

func TestOldSiteNotRemovable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which can remove a read-only folder's files")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	publish(t, out, "guides/index.html")
	locked := filepath.Join(out, "guides")
	if err := os.Chmod(locked, 0o555); err != nil {
		t.Fatal(err)
	}
	s := publish(t, out, "index.html")
	w := s.Warnings()
	if len(w) != 1 || !strings.Contains(w[0], "the new site is in place, but the old one could not be removed from "+dir) || !strings.Contains(w[0], "permission denied") {
		t.Errorf("Warnings() = %q, want one naming the old site's folder and the reason", w)
	}
	if got := names(t, out); !slices.Equal(got, []string{"index.html"}) {
		t.Errorf("public holds %v, want the new site", got)
	}
	// Once it can be removed, the next build does.
	for _, n := range names(t, dir) {
		os.Chmod(filepath.Join(dir, n, "guides"), 0o755)
	}
	publish(t, out, "index.html")
	if got := names(t, dir); !slices.Equal(got, []string{"public"}) {
		t.Errorf("after the next build the folder holds %v, want only public", got)
	}
}

// TestKilledBuildLeavesNothing kills a build with SIGKILL while it writes
// its staging folder, in a child process, then checks that the next build
// leaves nothing beside the output but the output.
func TestKilledBuildLeavesNothing(t *testing.T) {
	if dir := os.Getenv("WAYFINDER_PUBLISH_CHILD"); dir != "" {
		s, err := Begin(filepath.Join(dir, "public"), nil)
		if err != nil {
			os.Exit(3)
		}
		for i := 0; ; i++ {
			s.Write(site.File{Path: filepath.Join("p", strings.Repeat("x", i%50+1), "index.html"), Data: []byte("page")})
			if i == 100 {
				os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644)
			}
			if i > 100 {
				time.Sleep(time.Millisecond)
			}
		}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	publish(t, out, "index.html")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildLeavesNothing$")
	cmd.Env = append(os.Environ(), "WAYFINDER_PUBLISH_CHILD="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the child build never started writing")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	os.Remove(filepath.Join(dir, "ready"))
	left := names(t, dir)
	if len(left) < 2 {
		t.Fatalf("the killed build left %v: the test did not kill it mid-build", left)
	}
	publish(t, out, "index.html", "about/index.html")
	if got := names(t, dir); !slices.Equal(got, []string{"public"}) {
		t.Errorf("after the next build the folder holds %v, want only public", got)
	}
}
