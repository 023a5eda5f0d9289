// Benchcmp times a cold Wayfinder build against Hugo and against the bare
// pipeline on the same generated site, in paired runs, and prints the
// medians and the paired ratios beside the speed bar of issue 12.
//
// Usage, from the repository root:
//
//	go run ./internal/benchcmp [-pages 1000,10000] [-rounds 5] [-serve N] [-cache N] [-dir DIR] [-wayfinder BIN] [-keep]
//
// For each size it writes a site with internal/gensite (and the
// repository's layouts/ and static/), a Hugo site beside it whose
// contentDir is the same content/ and whose layouts are the minimal ones
// in internal/benchcmp/hugo (title, date, tags, content, section nav,
// section lists, paginated by 50 as Wayfinder's are), then runs, round
// after round, Wayfinder (`wayfinder build`, minified), Hugo 0.111
// (`hugo --minify`) and the bare pipeline (this program's `bare`
// command: goldmark, adrg/frontmatter, one html/template,
// tdewolff/minify, two workers; see bare.go). Each run is its own process
// writing into an empty folder on tmpfs (/dev/shm when there is one); the
// figures are the process's wall time, its user and system CPU time, and
// its peak resident memory, as the kernel counts them (getrusage).
// Ratios are taken within each round, so that a machine whose load
// drifts compares like with like, and their median is printed.
//
// Hugo is looked up on PATH; without it the Hugo runs are skipped with a
// message. -wayfinder times a binary built elsewhere (an older commit,
// say); by default the program builds ./cmd/wayfinder itself.
//
// Then it starts `wayfinder serve` on the same site, listens for reload
// events as an open page does, and times -serve edits to one guide's
// text, from writing the file to the event (the watcher's pause, the
// rebuild with its generators, and the swap), and reads the process's
// resident memory from /proc.
//
// With -cache N, it times N edits to one guide's text, each followed by
// a cold build and a build with -cache (the cache filled once before),
// and prints the paired ratio of the warm build to the cold one. With
// -rounds 0 only the serve and cache figures are taken.
//
// After the runs, every HTML page of Wayfinder's output is weighed with
// the stylesheets it loads against the 50 KB page budget
// (sitecheck.Budget); a page over it is listed and the program exits 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	if len(os.Args) == 4 && os.Args[1] == "bare" {
		// A child run of the bare pipeline: bare SITE OUT.
		n, err := bare(context.Background(), os.Args[2], os.Args[3])
		if err != nil {
			fmt.Fprintln(os.Stderr, "bare:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "bare: %d pages\n", n)
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the flags say.
type config struct {
	sizes    []int
	rounds   int
	dir      string
	wayfind  string
	hugo     string
	keep     bool
	edits    int
	cache    int
	repoRoot string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchcmp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pages := fs.String("pages", "10000", "the sizes of site to time, in content pages, separated by commas")
	var c config
	fs.IntVar(&c.rounds, "rounds", 5, "how many rounds of paired runs")
	fs.StringVar(&c.dir, "dir", "", "the `folder` for the sites and outputs (default: a new folder on /dev/shm)")
	fs.StringVar(&c.wayfind, "wayfinder", "", "a wayfinder `binary` to time (default: build ./cmd/wayfinder)")
	fs.StringVar(&c.hugo, "hugo", "hugo", "the hugo `command`")
	fs.BoolVar(&c.keep, "keep", false, "keep the sites and outputs")
	fs.IntVar(&c.edits, "serve", 10, "time `N` edits under wayfinder serve (0: none)")
	fs.IntVar(&c.cache, "cache", 0, "time `N` cold and warm (-cache) builds after a one-page edit (0: none)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	for _, s := range strings.Split(*pages, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 4 {
			fmt.Fprintf(stderr, "benchcmp: -pages: %q is not a size of at least 4 pages\n", s)
			return 2
		}
		c.sizes = append(c.sizes, n)
	}
	if c.rounds < 0 || c.rounds == 0 && c.edits == 0 && c.cache == 0 {
		fmt.Fprintln(stderr, "benchcmp: -rounds must be at least 1, or 0 with -serve or -cache")
		return 2
	}
	if err := c.setup(stderr); err != nil {
		fmt.Fprintln(stderr, "benchcmp:", err)
		return 1
	}
	if !c.keep {
		defer os.RemoveAll(c.dir)
	}
	status := 0
	for _, n := range c.sizes {
		over, err := c.compare(ctx, n, stdout, stderr)
		if err != nil {
			fmt.Fprintln(stderr, "benchcmp:", err)
			return 1
		}
		if over > 0 {
			status = 1
		}
	}
	return status
}

// setup makes the working folder, finds the repository's root and Hugo,
// and builds Wayfinder unless given a binary.
func (c *config) setup(stderr io.Writer) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	c.repoRoot = root
	if c.dir == "" {
		parent := ""
		if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
			parent = "/dev/shm"
		}
		if c.dir, err = os.MkdirTemp(parent, "benchcmp-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	if c.dir, err = filepath.Abs(c.dir); err != nil {
		return err
	}
	if p, err := exec.LookPath(c.hugo); err != nil {
		fmt.Fprintf(stderr, "benchcmp: %s is not installed (apt-get install hugo gives 0.111): the Hugo runs are skipped\n", c.hugo)
		c.hugo = ""
	} else {
		c.hugo = p
	}
	if c.wayfind == "" {
		c.wayfind = filepath.Join(c.dir, "wayfinder")
		cmd := exec.Command("go", "build", "-o", c.wayfind, "./cmd/wayfinder")
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building wayfinder: %w", err)
		}
	} else if c.wayfind, err = filepath.Abs(c.wayfind); err != nil {
		return err
	}
	return nil
}

// repoRoot returns the folder holding go.mod, from the working folder up.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "layouts")); err == nil {
				return dir, nil
			}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("run it from inside the Wayfinder repository (no go.mod with layouts/ beside it found)")
		}
		dir = up
	}
}
