package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/cite"
	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/linkcheck"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

type linksOptions struct {
	buildOptions
	Format      string
	Concurrency int
	Timeout     time.Duration
}

// The codes links reports.
const (
	codeDeadLink   diag.Code = "dead-link"
	codeRedirected diag.Code = "redirected-link"
)

func linksCmd() *Command {
	o := &linksOptions{Format: "text", Concurrency: linkcheck.DefaultConcurrency, Timeout: linkcheck.DefaultTimeout}
	return &Command{
		Name:      "links",
		UsageLine: "links [-format text|json] [-concurrency N] [-timeout D] [-drafts] [-s DIR]",
		Short:     "fetch every web address the site cites and report dead or moved ones",
		Long: `
Links goes on the network: it fetches every http and https address the
pages cite (their sources, the other addresses in their front matter, and
the links and images in their text), a few at a time, and reports each
one that is dead or redirected, at the file, line and column where it is
written. An address cited many times is fetched once.

Each address is asked for with HEAD, and again with GET when the server
refuses HEAD. It is dead when the answer is a status of 400 or more, or
when there is no answer: the site name does not exist, the connection
fails, or nothing comes back within -timeout. It is redirected when it
leads to another address: cite that one instead.

The build and check never go on the network, and CI does not run links,
since it has none: run it yourself from time to time, and after a review.

Formats:
	text    file:line:col: error: ... [dead-link] or warning: ... [redirected-link]
	json    {"checked": N, "dead": N, "redirected": N, "links": [...]}

Links exits with status 1 when any address is dead (or a file has errors),
0 when none is, and 2 for a usage error.
`,
		Flags: func(fs *flag.FlagSet) {
			o.common(fs)
			fs.StringVar(&o.Format, "format", o.Format, "output `format`: text or json")
			fs.IntVar(&o.Concurrency, "concurrency", o.Concurrency, "how many addresses to fetch at once")
			fs.DurationVar(&o.Timeout, "timeout", o.Timeout, "how long to wait for each address")
		},
		Run: func(ctx context.Context, env *Env, args []string) error {
			if len(args) > 0 {
				return usageErrorf(env, "links", "unexpected argument %q", args[0])
			}
			return runLinks(ctx, env, o)
		},
	}
}

// linkReport is one cited address and what became of it, in JSON.
type linkReport struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Page     string `json:"page"`
	URL      string `json:"url"`
	Status   int    `json:"status"`
	Redirect string `json:"redirected_to,omitempty"`
	Problem  string `json:"problem,omitempty"`
}

// runLinks checks the site's external addresses.
func runLinks(ctx context.Context, env *Env, o *linksOptions) error {
	switch {
	case o.Format != "text" && o.Format != "json":
		return usageErrorf(env, "links", "unknown format %q: use text or json", o.Format)
	case o.Concurrency < 1:
		return usageErrorf(env, "links", "-concurrency must be 1 or more, not %d", o.Concurrency)
	case o.Timeout <= 0:
		return usageErrorf(env, "links", "-timeout must be more than 0, not %s", o.Timeout)
	}
	src := env.path(o.Source)
	fsys, closeFS, err := siteFS(src)
	if err != nil {
		return err
	}
	defer closeFS()
	pages, errs, err := loadPages(ctx, env, &o.buildOptions, fsys)
	if err != nil {
		return err
	}
	links, diags := cite.External(pages, func(p *site.Page) ([]byte, error) { return content.Body(fsys, p) })
	errs.Append(diags)
	urls := make([]string, len(links))
	citing := map[string]bool{}
	for i, l := range links {
		urls[i] = l.URL
		citing[l.Pos.File] = true
	}
	if o.Format == "text" {
		fmt.Fprintf(env.Stderr, "fetching %s cited on %s\n", addresses(distinct(urls)), count(len(citing), "page"))
	}
	checker := &linkcheck.Checker{Concurrency: o.Concurrency, Timeout: o.Timeout}
	results, err := checker.Check(ctx, urls)
	if err != nil {
		return err
	}
	var found diag.List
	var reports []linkReport
	dead, moved := 0, 0
	for i, r := range results {
		l := links[i]
		switch {
		case r.Dead():
			dead++
			found.Add(diag.Diagnostic{Pos: l.Pos, Code: codeDeadLink,
				Msg:  fmt.Sprintf("%s is dead: %s", l.URL, r.Problem),
				Hint: "find where the page has moved and cite that, or cite another page that says the same; if it is gone for good, say so in dated_note"})
		case r.Redirected():
			moved++
			found.Add(diag.Diagnostic{Pos: l.Pos, Severity: diag.Warning, Code: codeRedirected,
				Msg:  fmt.Sprintf("%s redirects to %s", l.URL, r.Final),
				Hint: "check the new page still says the same, then cite its address instead"})
		default:
			continue
		}
		reports = append(reports, linkReport{File: l.Pos.File, Line: l.Pos.Line, Col: l.Pos.Col, Page: l.Page,
			URL: l.URL, Status: r.Status, Redirect: r.Final, Problem: r.Problem})
	}
	found.Sort()
	if o.Format == "json" {
		if reports == nil {
			reports = []linkReport{}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Checked    int          `json:"checked"`
			Dead       int          `json:"dead"`
			Redirected int          `json:"redirected"`
			Links      []linkReport `json:"links"`
		}{distinct(urls), dead, moved, reports}); err != nil {
			return err
		}
	} else {
		found.Print(env.Stdout)
		fmt.Fprintf(env.Stderr, "%d dead and %d redirected, of %s\n", dead, moved, addresses(distinct(urls)))
	}
	if len(errs) > 0 {
		errs.Print(env.Stderr)
		fmt.Fprintf(env.Stderr, "%s: the addresses on pages with errors were not checked\n", count(len(errs), "error"))
	}
	if dead > 0 || len(errs) > 0 {
		return errFailed
	}
	return nil
}

// distinct counts the different addresses, each without its #fragment.
func distinct(urls []string) int {
	seen := map[string]bool{}
	for _, u := range urls {
		if i := strings.IndexByte(u, '#'); i >= 0 {
			u = u[:i]
		}
		seen[u] = true
	}
	return len(seen)
}

// addresses is count for the noun "address".
func addresses(n int) string {
	if n == 1 {
		return "1 address"
	}
	return fmt.Sprintf("%d addresses", n)
}
