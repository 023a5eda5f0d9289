// Wayfinder builds an accessible static portal from Markdown with front
// matter: career pathways into health informatics, accreditation routes,
// local digital-inclusion projects and digital-skills guides for citizens,
// with a pathway finder that works with or without JavaScript.
//
// Usage:
//
//	wayfinder <command> [flags] [arguments]
//
// The commands are:
//
//	build   build the site into public/
//	check   check the site's files and report every problem
//	serve   preview the site with live reload
//	new     start a new page with every required field
//
// Build flags:
//
//	-o DIR          the output folder (default public)
//	-drafts         include pages marked draft: true
//	-minify=false   write files without minifying them
//	-base-url URL   the site's address, replacing baseURL in site.yaml
//	-s DIR          the site's root folder (default .)
//
// Serve flags:
//
//	-port N         the port to listen on; 0 picks a free one (default 1414)
//	-bind ADDR      the address to listen on (default 127.0.0.1)
//	-drafts         include pages marked draft: true
//	-s DIR          the site's root folder (default .)
//
// Serve builds in memory and never writes public/; it rebuilds what each
// edit affects, reloads open pages, and shows a broken build's problems on
// every page until they are fixed. It answers only requests for its own
// address, localhost, 127.0.0.1 or [::1] (any IP address when -bind is
// 0.0.0.0), so that no other site can reach it by DNS rebinding. Stop it
// with Ctrl-C.
//
// Exit status is 0 on success, 1 when the site has errors or the build
// failed, and 2 for a usage error. Run "wayfinder help COMMAND" for more.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/wayfinder-health/wayfinder/internal/cli"
)

func main() {
	os.Exit(run())
}

// run runs the command line, stopping it on Ctrl-C or SIGTERM, and
// returns its exit status. The tests' wayfinder runs it too.
func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
}
