package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/cite"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// loadPages loads, validates and resolves the site without rendering it,
// and returns its pages. Errors in the files go to stderr: the pages with
// errors are left out, so the caller fails after doing what it can.
func loadPages(ctx context.Context, env *Env, o *buildOptions, fsys fs.FS) ([]*site.Page, diag.List, error) {
	res := build.Run(ctx, fsys, build.Options{Drafts: o.Drafts, BaseURL: o.BaseURL, NoOutput: true}, nil)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var pages []*site.Page
	if res.Index != nil {
		pages = res.Index.All
	}
	errs := slices.DeleteFunc(slices.Clone(res.Diags), func(d diag.Diagnostic) bool { return d.Severity != diag.Error })
	return pages, errs, nil
}

// sourceEntry is one source as check -sources prints it in JSON.
type sourceEntry struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	URL     string `json:"url"`
	Label   string `json:"label"`
	Page    string `json:"page"`
	Checked string `json:"checked"` // YYYY-MM-DD, or "" when not checked
}

// listSources prints every source of the site's pages (of those in only,
// when set) with its position and checked date.
func listSources(ctx context.Context, env *Env, o *checkOptions, fsys fs.FS, only []string) error {
	pages, errs, err := loadPages(ctx, env, &o.buildOptions, fsys)
	if err != nil {
		return err
	}
	links := cite.Sources(pages)
	if only != nil {
		links = slices.DeleteFunc(links, func(l cite.Link) bool { return !selected(l.Pos.File, only) })
	}
	switch o.Format {
	case "json":
		entries := make([]sourceEntry, len(links))
		for i, l := range links {
			entries[i] = sourceEntry{File: l.Pos.File, Line: l.Pos.Line, Col: l.Pos.Col, URL: l.URL, Label: l.Label, Page: l.Page}
			if !l.Checked.IsZero() {
				entries[i].Checked = l.Checked.Format(site.DateLayout)
			}
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Sources []sourceEntry `json:"sources"`
		}{entries}); err != nil {
			return err
		}
	default:
		unchecked := 0
		for _, l := range links {
			checked := "not checked"
			if !l.Checked.IsZero() {
				checked = "checked " + l.Checked.Format(site.DateLayout)
			} else {
				unchecked++
			}
			fmt.Fprintf(env.Stdout, "%s: %s (%s) on %s\n", l.Pos, l.URL, checked, l.Page)
		}
		fmt.Fprintf(env.Stderr, "%s, %d not checked\n", count(len(links), "source"), unchecked)
	}
	if len(errs) > 0 {
		errs.Print(env.Stderr)
		fmt.Fprintf(env.Stderr, "%s: the pages with errors are not listed\n", count(len(errs), "error"))
		return errFailed
	}
	return nil
}
