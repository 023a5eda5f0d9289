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
	Format string
	Strict bool
}

func checkCmd() *Command {
	o := &checkOptions{Format: "text"}
	return &Command{
		Name:      "check",
		UsageLine: "check [-format text|json|github] [-strict] [-s DIR] [PATH...]",
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

Check exits with status 0 when there are no errors, 1 when there are errors
(or warnings, with -strict), and 2 for a usage error.
`,
		Flags: func(fs *flag.FlagSet) {
			o.common(fs)
			fs.StringVar(&o.Format, "format", o.Format, "output `format`: text, json or github")
			fs.BoolVar(&o.Strict, "strict", false, "fail on warnings too")
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
	src := o.Source
	if !filepath.IsAbs(src) {
		src = filepath.Join(env.Dir, src)
	}
	var only []string
	for _, a := range args {
		p := a
		if !filepath.IsAbs(p) {
			p = filepath.Join(env.Dir, p)
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
			return usageErrorf(env, "check", "%s is not inside the site %s", a, o.Source)
		}
		if _, err := os.Stat(p); err != nil {
			return usageErrorf(env, "check", "%s does not exist", a)
		}
		only = append(only, filepath.ToSlash(rel))
	}
	fsys, closeFS, err := siteFS(src)
	if err != nil {
		return err
	}
	defer closeFS()
	res := build.Run(ctx, fsys, build.Options{Drafts: o.Drafts, BaseURL: o.BaseURL, Now: env.Now()}, nil)
	if err := ctx.Err(); err != nil {
		return err
	}
	diags, scores := res.Diags, res.Scores
	if only != nil {
		diags = slices.DeleteFunc(slices.Clone(diags), func(d diag.Diagnostic) bool { return !selected(d.Pos.File, only) })
		scores = slices.DeleteFunc(slices.Clone(scores), func(s lint.Score) bool { return !selected(s.File, only) })
	}
	switch o.Format {
	case "json":
		if err := writeJSON(env.Stdout, diags, scores); err != nil {
			return err
		}
	case "github":
		writeGitHub(env.Stdout, diags)
		if path := env.Getenv("GITHUB_STEP_SUMMARY"); path != "" {
			if err := appendSummary(path, diags); err != nil {
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

func writeJSON(w io.Writer, diags diag.List, scores []lint.Score) error {
	if diags == nil {
		diags = diag.List{}
	}
	if scores == nil {
		scores = []lint.Score{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Errors      int          `json:"errors"`
		Warnings    int          `json:"warnings"`
		Diagnostics diag.List    `json:"diagnostics"`
		Readability []lint.Score `json:"readability"`
	}{diags.Errors(), diags.Warnings(), diags, scores})
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
func appendSummary(path string, diags diag.List) error {
	var b strings.Builder
	b.WriteString("## Wayfinder check\n\n")
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
