// Package cli implements the wayfinder command: parsing flags, wiring the
// pipeline's stages together, and mapping results to exit codes (0 for
// success, 1 for diagnostics or a failed build, 2 for a usage error).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Env is what a command may use of the world outside it.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
	Dir    string           // the working directory
	Now    func() time.Time // the clock
	Getenv func(string) string
}

// Command is one wayfinder command.
type Command struct {
	Name      string
	UsageLine string
	Short     string
	Long      string
	// Run runs the command with its arguments after the flags.
	Run   func(ctx context.Context, env *Env, args []string) error
	Flags func(fs *flag.FlagSet) // declares the command's flags, bound to its options
}

// errUsage is returned for a usage error; the message is printed before it.
var errUsage = errors.New("usage")

// errFailed is returned when diagnostics were printed and the command
// failed; there is nothing more to print.
var errFailed = errors.New("failed")

func commands() []*Command {
	return []*Command{buildCmd(), checkCmd(), serveCmd(), newCmd(), linksCmd()}
}

// Main runs wayfinder with args (without the program name) and returns the
// exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	dir, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(stderr, "wayfinder:", err)
		return 1
	}
	env := &Env{
		Stdout: stdout,
		Stderr: stderr,
		Log:    slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})),
		Dir:    dir,
		Now:    time.Now,
		Getenv: os.Getenv,
	}
	return Run(ctx, env, args)
}

// Run runs wayfinder in env.
func Run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.Name == args[1] {
					printHelp(env.Stdout, c)
					return 0
				}
			}
		}
		usage(env.Stdout)
		return 0
	case "version", "-version", "--version":
		fmt.Fprintln(env.Stdout, "wayfinder", version())
		return 0
	}
	for _, c := range commands() {
		if c.Name != name {
			continue
		}
		fset := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		fset.SetOutput(env.Stderr)
		fset.Usage = func() { printHelp(env.Stderr, c) }
		if c.Flags != nil {
			c.Flags(fset)
		}
		if err := fset.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		err := c.Run(ctx, env, fset.Args())
		switch {
		case err == nil:
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, errFailed):
			return 1
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(env.Stderr, "wayfinder: interrupted")
			return 1
		}
		fmt.Fprintf(env.Stderr, "wayfinder %s: %v\n", c.Name, err)
		return 1
	}
	fmt.Fprintf(env.Stderr, "wayfinder: unknown command %q\nRun 'wayfinder help' for usage.\n", name)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Wayfinder builds an accessible static portal from Markdown with front matter.

Usage:

	wayfinder <command> [flags] [arguments]

The commands are:

`)
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.Name, c.Short)
	}
	fmt.Fprint(w, `
Use "wayfinder help <command>" for more about a command.
`)
}

func printHelp(w io.Writer, c *Command) {
	fmt.Fprintf(w, "usage: wayfinder %s\n\n%s\n", c.UsageLine, strings.TrimSpace(c.Long))
	fset := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	if c.Flags != nil {
		c.Flags(fset)
	}
	has := false
	fset.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintln(w, "\nFlags:")
		fset.SetOutput(w)
		fset.PrintDefaults()
	}
}

func usageErrorf(env *Env, c string, format string, args ...any) error {
	fmt.Fprintf(env.Stderr, "wayfinder %s: %s\nRun 'wayfinder help %s' for usage.\n", c, fmt.Sprintf(format, args...), c)
	return errUsage
}

// siteFS opens the site root as a file system that cannot be escaped by
// symbolic links.
// path returns name as a path from env's working directory, unless it is
// absolute already.
func (env *Env) path(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(env.Dir, name)
}

func siteFS(dir string) (fs.FS, func(), error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return root.FS(), func() { root.Close() }, nil
}
