package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/lint"
)

type checkOptions struct {
	buildOptions
	Format  string
	Strict  bool
	Changed string // a file listing the paths a pull request changes
	Sources bool
}

func checkCmd() *Command {
	o := &checkOptions{Format: "text"}
	return &Command{
		Name:      "check",
		UsageLine: "check [-format text|json|github] [-strict] [-sources] [-s DIR] [PATH...]",
		Short:     "check the site's files and report every problem",
		Long: `
Check does everything the build does except writing: it reads every file,
checks front matter against the schemas and vocabularies, resolves
references and links, renders every page, and runs the content rules
(alt text, headings, link text, tables, reading age, review dates). It
reports every problem at once, sorted by file and position.

Given paths (files or folders), it reports on those files only, but still
checks references against the whole site.

Formats:
	text    file:line:col: severity: message [code], one per line
	json    {"diagnostics": [...], "readability": [...]}
	github  GitHub Actions workflow commands (::error file=…,line=…::…), and a
	        Markdown summary of every problem in $GITHUB_STEP_SUMMARY when set

With -changed, the summary starts with each changed page, for the partner
who changed it: its address, its reading age, and each of its problems
with the line and what to do. The json format lists the pages of the
files given or changed ("pages": file, path and URL), which the pull
request's browser checks use.

With -sources, check lists every source the pages cite instead, one line
each with the file, line and column of its address, the address, the date
it was last checked (or "not checked") and the page: a list a person with
a network can work through. -format json gives the same as
{"sources": [{"file", "line", "col", "url", "label", "page", "checked"}]}.
wayfinder links fetches them all.

Check exits with status 0 when there are no errors, 1 when there are errors
(or warnings, with -strict), and 2 for a usage error.
`,
		Flags: func(fs *flag.FlagSet) {
			o.common(fs)
			fs.StringVar(&o.Format, "format", o.Format, "output `format`: text, json or github")
			fs.BoolVar(&o.Strict, "strict", false, "fail on warnings too")
			fs.StringVar(&o.Changed, "changed", "", "a `file` listing the paths a pull request changes, one a line: the summary starts with those pages")
			fs.BoolVar(&o.Sources, "sources", false, "list every source with its position and checked date, instead of checking")
		},
		Run: func(ctx context.Context, env *Env, args []string) error {
			return runCheck(ctx, env, o, args)
		},
	}
}

func runCheck(ctx context.Context, env *Env, o *checkOptions, args []string) error {
	switch o.Format {
	case "text", "json", "github":
	default:
		return usageErrorf(env, "check", "unknown format %q: use text, json or github", o.Format)
	}
	src := env.path(o.Source)
	var only []string
	for _, a := range args {
		p := env.path(a)
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
			return usageErrorf(env, "check", "%s is not inside the site %s", a, o.Source)
		}
		if _, err := os.Stat(p); err != nil {
			return usageErrorf(env, "check", "%s does not exist", a)
		}
		only = append(only, filepath.ToSlash(rel))
	}
	if o.Sources && o.Format == "github" {
		return usageErrorf(env, "check", "-sources lists sources as text or json, not github")
	}
	fsys, closeFS, err := siteFS(src)
	if err != nil {
		return err
	}
	defer closeFS()
	if o.Sources {
		return listSources(ctx, env, o, fsys, only)
	}
	res, err := runStoppable(ctx, func() *build.Result {
		return build.Run(ctx, fsys, build.Options{Drafts: o.Drafts, BaseURL: o.BaseURL, Now: env.Now()}, nil)
	})
	if err != nil {
		return err
	}
	var changed []string
	if o.Changed != "" {
		changed, err = readChanged(env.path(o.Changed))
		if err != nil {
			return err
		}
	}
	pages := changedPages(res, append(slices.Clone(only), changed...))
	diags, scores := res.Diags, res.Scores
	if only != nil {
		diags = slices.DeleteFunc(slices.Clone(diags), func(d diag.Diagnostic) bool { return !selected(d.Pos.File, only) })
		scores = slices.DeleteFunc(slices.Clone(scores), func(s lint.Score) bool { return !selected(s.File, only) })
	}
	switch o.Format {
	case "json":
		if err := writeJSON(env.Stdout, diags, scores, pages); err != nil {
			return err
		}
	case "github":
		writeGitHub(env.Stdout, diags)
		if path := env.Getenv("GITHUB_STEP_SUMMARY"); path != "" {
			if err := appendSummary(path, diags, res.Scores, pages); err != nil {
				return err
			}
		}
	default:
		diags.Print(env.Stdout)
		suppressed(env.Stdout, res.Suppressed)
	}
	errs, warns := diags.Errors(), diags.Warnings()
	if o.Format != "json" {
		switch {
		case errs+warns == 0:
			fmt.Fprintln(env.Stderr, "no problems found")
		default:
			fmt.Fprintf(env.Stderr, "%s and %s\n", count(errs, "error"), count(warns, "warning"))
		}
	}
	if errs > 0 || (o.Strict && warns > 0) {
		return errFailed
	}
	return nil
}

// selected reports whether file is one of the paths or inside one.
func selected(file string, paths []string) bool {
	for _, p := range paths {
		if p == "." || file == p || strings.HasPrefix(file, strings.TrimSuffix(p, "/")+"/") {
			return true
		}
	}
	return false
}

func writeJSON(w io.Writer, diags diag.List, scores []lint.Score, pages []pageRef) error {
	if diags == nil {
		diags = diag.List{}
	}
	if scores == nil {
		scores = []lint.Score{}
	}
	if pages == nil {
		pages = []pageRef{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Errors      int          `json:"errors"`
		Warnings    int          `json:"warnings"`
		Diagnostics diag.List    `json:"diagnostics"`
		Readability []lint.Score `json:"readability"`
		Pages       []pageRef    `json:"pages"`
	}{diags.Errors(), diags.Warnings(), diags, scores, pages})
}

// pageRef names a page built from a content file.
type pageRef struct {
	File string `json:"file"`
	Path string `json:"path"` // the site path, such as "pathfinders/leeds/"
	URL  string `json:"url"`
}

// readChanged reads a list of changed paths, one a line, as git diff
// --name-only prints them.
func readChanged(name string) ([]string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading the list of changed files: %w", err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, filepath.ToSlash(l))
		}
	}
	return out, nil
}

// changedPages returns the pages built from the given paths, in file order.
func changedPages(res *build.Result, paths []string) []pageRef {
	if len(paths) == 0 {
		return nil
	}
	var out []pageRef
	for _, r := range res.Pages {
		if p := r.Page; p != nil && p.File != "" && selected(p.File, paths) {
			out = append(out, pageRef{File: p.File, Path: p.Path, URL: p.URL})
		}
	}
	slices.SortFunc(out, func(a, b pageRef) int { return strings.Compare(a.File, b.File) })
	return slices.CompactFunc(out, func(a, b pageRef) bool { return a == b })
}

// writeGitHub prints workflow commands, which GitHub shows as annotations
// on the pull request's changed lines.
func writeGitHub(w io.Writer, diags diag.List) {
	for _, d := range diags {
		level := "error"
		if d.Severity == diag.Warning {
			level = "warning"
		}
		props := "file=" + ghProp(d.Pos.File)
		if d.Pos.Line > 0 {
			props += fmt.Sprintf(",line=%d", d.Pos.Line)
		}
		if d.Pos.Col > 0 {
			props += fmt.Sprintf(",col=%d", d.Pos.Col)
		}
		props += ",title=" + ghProp("Wayfinder: "+string(d.Code))
		fmt.Fprintf(w, "::%s %s::%s\n", level, props, ghData(d.Text()))
	}
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// appendSummary writes every problem as a Markdown table to the job
// summary, since GitHub shows only the first few annotations of a step.
func appendSummary(path string, diags diag.List, scores []lint.Score, pages []pageRef) error {
	var b strings.Builder
	b.WriteString("## Wayfinder check\n\n")
	if len(pages) > 0 {
		writeChangedPages(&b, diags, scores, pages)
	}
	if len(diags) == 0 {
		b.WriteString("No problems found.\n")
	} else {
		fmt.Fprintf(&b, "%s and %s. Fix each one in the file and line shown, then commit again.\n\n", count(diags.Errors(), "error"), count(diags.Warnings(), "warning"))
		b.WriteString("| Where | Problem | Rule |\n| --- | --- | --- |\n")
		for _, d := range diags {
			sev := "Error"
			if d.Severity == diag.Warning {
				sev = "Warning"
			}
			fmt.Fprintf(&b, "| `%s` | **%s:** %s | `%s` |\n", d.Pos, sev, mdCell(d.Text()), d.Code)
		}
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

// writeChangedPages writes, for the partner who changed them, each changed
// page: its address, its reading age, and its problems with the line and
// what to do.
func writeChangedPages(b *strings.Builder, diags diag.List, scores []lint.Score, pages []pageRef) {
	b.WriteString("### Your pages\n\n")
	for _, p := range pages {
		fmt.Fprintf(b, "#### %s\n\n", mdText(p.File))
		fmt.Fprintf(b, "- Its address on the site: %s\n", mdText(p.URL))
		for _, sc := range scores {
			if sc.File != p.File {
				continue
			}
			fmt.Fprintf(b, "- Reading age: %.1f", sc.ReadingAge)
			if sc.Limit > 0 {
				if sc.ReadingAge > sc.Limit {
					fmt.Fprintf(b, ", above the %.0f this kind of page should stay under. Use shorter sentences and everyday words.", sc.Limit)
				} else {
					fmt.Fprintf(b, ", within the %.0f this kind of page should stay under.", sc.Limit)
				}
			}
			b.WriteString("\n")
		}
		n := 0
		for _, d := range diags {
			if d.Pos.File != p.File {
				continue
			}
			if n == 0 {
				b.WriteString("\n")
			}
			n++
			what := "Must fix"
			if d.Severity == diag.Warning {
				what = "Advice"
			}
			where := "The file"
			if d.Pos.Line > 0 {
				where = fmt.Sprintf("Line %d", d.Pos.Line)
			}
			fmt.Fprintf(b, "%d. **%s.** %s: %s.", n, what, where, mdText(d.Msg))
			if d.Hint != "" {
				fmt.Fprintf(b, " What to do: %s.", mdText(d.Hint))
			}
			b.WriteString("\n")
		}
		if n == 0 {
			b.WriteString("- No problems found.\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("### Every problem\n\n")
}

// mdText quotes text from a page in a Markdown summary: no tags, and
// nothing that starts a table cell or a new line.
func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "`", "'", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`).Replace(s)
}
