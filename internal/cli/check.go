package cli

import (
	"context"
	"errors"
	"flag"
)

func checkCmd() *Command {
	return &Command{
		Name:      "check",
		UsageLine: "check [flags] [PATH...]",
		Short:     "check the site's files and report every problem",
		Long:      `Check runs everything the build does except writing.`,
		Run: func(ctx context.Context, env *Env, args []string) error {
			return errors.New("not available yet")
		},
		Flags: func(fs *flag.FlagSet) {},
	}
}

func serveCmd() *Command {
	return &Command{
		Name:      "serve",
		UsageLine: "serve [flags]",
		Short:     "preview the site with live reload",
		Long:      `Serve builds the site in memory and serves it.`,
		Run: func(ctx context.Context, env *Env, args []string) error {
			return errors.New("not available yet")
		},
	}
}

func newCmd() *Command {
	return &Command{
		Name:      "new",
		UsageLine: "new TYPE \"Title\"",
		Short:     "start a new page with every required field",
		Long:      `New writes a new content file.`,
		Run: func(ctx context.Context, env *Env, args []string) error {
			return errors.New("not available yet")
		},
	}
}
