package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/scaffold"
)

type newOptions struct {
	Source    string
	FromIssue string // the body of an issue submitted with the type's form
	Report    string // where to write the plain-words report for the issue
}

func newCmd() *Command {
	o := &newOptions{Source: "."}
	flags := func(fs *flag.FlagSet) {
		// The default is the current value, so that binding the flags
		// again to parse flags after the arguments keeps what was given.
		fs.StringVar(&o.Source, "s", o.Source, "the site's root `folder`")
		fs.StringVar(&o.FromIssue, "from-issue", o.FromIssue, "make the page from the body of an issue submitted with the type's form, in `FILE`")
		fs.StringVar(&o.Report, "report", o.Report, "with -from-issue, write what check found, in plain words for the issue, to `FILE` (Markdown)")
	}
	return &Command{
		Name:      "new",
		UsageLine: `new [-s DIR] TYPE "Title" | new [-s DIR] TYPE -from-issue FILE [-report FILE]`,
		Short:     "start a new page with every required field",
		Long: `
New writes content/SECTION/NAME.md, a new page of the given type, with
every field of its schema. The file name is made from the title.

TYPE is one of ` + strings.Join(scaffold.Types(), ", ") + `
(or the name of its folder, such as pathfinders).

Each field has a comment saying what it is for and, where the values come
from a list in site.yaml, which values are allowed. Required fields are
filled in with placeholders that start with TODO; check and build report
each one until it is replaced. Optional fields are left empty. The page
itself starts with headings and a TODO prompt under each.

With -from-issue, new makes the page from the body of a GitHub issue
submitted with the type's issue form (.github/ISSUE_TEMPLATE/TYPE.yml, made
from the schema): each "### Label" heading and the answer under it fill one
field, "_No response_" leaves it out, and the last answer is the page. It
then checks the new page as check does, prints what it found, and, with
-report, writes it in plain words, naming the answer to change, for a reply
on the issue. It exits with status 1 when the page has errors.

New never replaces a file that exists: it exits with status 1 instead.
It exits with status 2 for an unknown type or a title with no letters or
numbers.
`,
		Flags: flags,
		Run: func(ctx context.Context, env *Env, args []string) error {
			args, err := interspersed(env, flags, args)
			if err != nil {
				return err
			}
			if o.FromIssue != "" {
				return runNewFromIssue(ctx, env, o, args)
			}
			return runNew(env, o, args)
		},
	}
}

// interspersed parses flags given after the arguments, as in
// `wayfinder new pathfinder "Title" -s site`, and returns the arguments.
func interspersed(env *Env, flags func(*flag.FlagSet), args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if !strings.HasPrefix(args[0], "-") || args[0] == "-" {
			pos = append(pos, args[0])
			args = args[1:]
			continue
		}
		fset := flag.NewFlagSet("new", flag.ContinueOnError)
		fset.SetOutput(env.Stderr)
		fset.Usage = func() {}
		flags(fset)
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageErrorf(env, "new", "put -h straight after new")
			}
			fmt.Fprintln(env.Stderr, "Run 'wayfinder help new' for usage.")
			return nil, errUsage
		}
		args = fset.Args()
	}
	return pos, nil
}

func runNew(env *Env, o *newOptions, args []string) error {
	if len(args) != 2 {
		return usageErrorf(env, "new", `want a type and a title, such as: wayfinder new pathfinder "Leeds Memory Cafe"`)
	}
	schema, err := scaffold.Lookup(args[0])
	if err != nil {
		return usageErrorf(env, "new", "%v", err)
	}
	src := env.path(o.Source)
	fsys, closeFS, err := siteFS(src)
	if err != nil {
		return fmt.Errorf("opening the site %s: %w", o.Source, err)
	}
	defer closeFS()
	if _, err := fs.Stat(fsys, config.File); err != nil {
		fmt.Fprintf(env.Stderr, "wayfinder new: there is no %s in %s: run wayfinder new in the site's root folder, or give it with -s\n", config.File, rel(env.Dir, src))
		return errFailed
	}
	// Problems in site.yaml are for check and build to report; new needs
	// only the vocabularies it could read.
	cfg, _ := config.Load(fsys)
	f, err := scaffold.New(schema, cfg, args[1])
	if err != nil {
		return usageErrorf(env, "new", "%v", err)
	}
	shown := rel(env.Dir, filepath.Join(src, filepath.FromSlash(f.Path)))
	if err := f.Write(src); err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintf(env.Stderr, "wayfinder new: %s already exists, and new never replaces a file: edit it, or choose another title\n", shown)
			return errFailed
		}
		return err
	}
	check := "wayfinder check " + shown
	if o.Source != "." {
		check = "wayfinder check -s " + o.Source + " " + shown
	}
	fmt.Fprintf(env.Stderr, "created %s\nnext: fill in every TODO, then run %s\n", shown, check)
	return nil
}
