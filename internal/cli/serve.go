package cli

import (
	"context"
	"errors"
)

// serveCmd is replaced by the live preview server.
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
