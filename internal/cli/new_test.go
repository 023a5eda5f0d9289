package cli

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestNewExitCodes checks the exit codes of new, which the scripts in
// cmd/wayfinder cannot tell apart: 0 when the file is written, 1 when it
// exists or there is no site, and 2 for a usage error.
func TestNewExitCodes(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"new", "pathfinder", "Leeds Memory Cafe"}, 0},
		{[]string{"new", "pathfinder", "Leeds Memory Cafe"}, 1},
		{[]string{"new", "pathfinders", "leeds memory café"}, 1}, // the same file name
		{[]string{"new", "guides", "Using the NHS App"}, 0},
		{[]string{"new", "-s", "nowhere", "pathfinder", "Hull"}, 1},
		{[]string{"new", "-s", "content", "pathfinder", "Hull"}, 1},
		{[]string{"new"}, 2},
		{[]string{"new", "pathfinder"}, 2},
		{[]string{"new", "pathfinder", "Leeds", "Memory"}, 2},
		{[]string{"new", "pathfindr", "Leeds"}, 2},
		{[]string{"new", "pathfinder", "!!!"}, 2},
		{[]string{"new", "-x", "pathfinder", "Hull"}, 2},
		{[]string{"new", "pathfinder", "Hull", "-x"}, 2},
		{[]string{"new", "-h"}, 0},
	} {
		var stderr bytes.Buffer
		env := &Env{Stdout: io.Discard, Stderr: &stderr, Log: slog.New(slog.DiscardHandler),
			Dir: dir, Now: time.Now, Getenv: func(string) string { return "" }}
		if got := Run(t.Context(), env, tc.args); got != tc.want {
			t.Errorf("wayfinder %q exited %d, want %d; stderr:\n%s", tc.args, got, tc.want, &stderr)
		}
	}
}
