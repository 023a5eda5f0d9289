package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/issueform"
	"github.com/wayfinder-health/wayfinder/internal/scaffold"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// runNewFromIssue makes a page from a submitted issue form, then checks it.
// Whatever stops it, with -report it leaves a reply for the issue.
func runNewFromIssue(ctx context.Context, env *Env, o *newOptions, args []string) error {
	if len(args) != 1 {
		return usageErrorf(env, "new", "with -from-issue, give only the type, such as: wayfinder new pathfinder -from-issue issue.md")
	}
	schema, err := scaffold.Lookup(args[0])
	if err != nil {
		return usageErrorf(env, "new", "%v", err)
	}
	isForm := false
	for _, s := range issueform.Types() {
		isForm = isForm || s.Kind == schema.Kind
	}
	if !isForm {
		var names []string
		for _, s := range issueform.Types() {
			names = append(names, string(s.Kind))
		}
		return usageErrorf(env, "new", "%s pages have no issue form; the forms are for %s", schema.Kind, strings.Join(names, " and "))
	}
	src := env.path(o.Source)
	issuePath := env.path(o.FromIssue)
	r := &issueReport{env: env, path: o.Report}
	if o.Report != "" {
		r.path = env.path(o.Report)
	}
	body, err := readLimited(issuePath, issueform.MaxBody)
	if err != nil {
		return r.fail(fmt.Sprintf("wayfinder new: reading the issue %s: %v", o.FromIssue, err),
			"Wayfinder could not read this issue. The team has been told in the workflow's log.")
	}
	fsys, closeFS, err := siteFS(src)
	if err != nil {
		return fmt.Errorf("opening the site %s: %w", o.Source, err)
	}
	defer closeFS()
	cfg, _ := config.Load(fsys)
	answers, err := issueform.Parse(schema, cfg, body)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, issueform.ErrNotForm) {
			msg = fmt.Sprintf("this issue was not written with the %s form: %v", schema.Name, err)
		}
		return r.fail("wayfinder new: "+msg,
			fmt.Sprintf("Wayfinder could not read this issue as a %s page: %s. Please open a new issue with the **Add a %s page** form.", schema.Name, plain(msg), schema.Name))
	}
	page, err := answers.Page()
	if err != nil {
		return r.fail("wayfinder new: "+err.Error(),
			fmt.Sprintf("Wayfinder could not make a page from this issue: %s. Edit the issue to fix the **Title**, and it will be checked again.", plain(err.Error())))
	}
	shown := rel(env.Dir, filepath.Join(src, filepath.FromSlash(page.File.Path)))
	if err := page.File.Write(src); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return r.fail(fmt.Sprintf("wayfinder new: %s already exists, and new never replaces a file", shown),
				fmt.Sprintf("There is already a page called %s. Edit the issue to give your page another **Title**.", plain(answers.Get("Title"))))
		}
		return err
	}
	fmt.Fprintf(env.Stderr, "created %s from %s\n", shown, o.FromIssue)

	res := build.Run(ctx, fsys, build.Options{Now: env.Now()}, nil)
	if err := ctx.Err(); err != nil {
		return err
	}
	var mine diag.List
	for _, d := range res.Diags {
		if d.Pos.File == page.File.Path {
			mine = append(mine, d)
		}
	}
	mine.Print(env.Stdout)
	errs, warns := mine.Errors(), mine.Warnings()
	if errs+warns == 0 {
		fmt.Fprintln(env.Stderr, "no problems found")
	} else {
		fmt.Fprintf(env.Stderr, "%s and %s\n", count(errs, "error"), count(warns, "warning"))
	}
	if err := r.write(reportText(page, schema, mine)); err != nil {
		return err
	}
	if errs > 0 {
		return errFailed
	}
	return nil
}

// readLimited reads a file of at most limit bytes.
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("it is %d bytes long, more than the %d an issue can hold", info.Size(), limit)
	}
	b := make([]byte, info.Size())
	_, err = f.ReadAt(b, 0)
	if err != nil && info.Size() > 0 {
		return nil, err
	}
	return b, nil
}

// issueReport is the reply that -report writes for the issue.
type issueReport struct {
	env  *Env
	path string
}

// fail prints msg and writes reply as the report, and fails.
func (r *issueReport) fail(msg, reply string) error {
	fmt.Fprintln(r.env.Stderr, msg)
	if err := r.write(reply + "\n"); err != nil {
		return err
	}
	return errFailed
}

func (r *issueReport) write(text string) error {
	if r.path == "" {
		return nil
	}
	return os.WriteFile(r.path, []byte(text), 0o644)
}

// reportText says in plain words what check found in a page made from an
// issue, naming the answer each problem is in.
func reportText(p *issueform.Page, s *site.Schema, diags diag.List) string {
	var b strings.Builder
	if diags.Errors()+diags.Warnings() == 0 {
		fmt.Fprintf(&b, "Thank you. Wayfinder made your %s page and found no problems in it. "+
			"A member of the Wayfinder team will now review it before it is published.\n", s.Name)
		return b.String()
	}
	switch e := diags.Errors(); {
	case e > 0:
		fmt.Fprintf(&b, "Thank you. Wayfinder made your %s page from this issue, but it needs %s before it can be published. "+
			"To fix them, select **···** at the top right of your issue, then **Edit**. Change the answers below, then select **Update comment**. "+
			"Wayfinder will check the page again.\n\n", s.Name, count(e, "change"))
	default:
		fmt.Fprintf(&b, "Thank you. Wayfinder made your %s page, and it can be reviewed now. "+
			"It has some advice for you: please look at it, and edit the issue if you can.\n\n", s.Name)
	}
	for _, d := range diags {
		kind := "Must fix"
		if d.Severity == diag.Warning {
			kind = "Advice"
		}
		fmt.Fprintf(&b, "- %s, in **%s**: %s", kind, plain(p.Where(d.Pos.Line)), plain(d.Msg))
		if d.Hint != "" {
			fmt.Fprintf(&b, ". %s", plain(capitalFirst(d.Hint)))
		}
		b.WriteString(".\n")
	}
	return b.String()
}

func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// plain makes text from the issue safe to quote in a Markdown reply: no
// markup, links, HTML or @mentions, and one line.
func plain(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		case strings.ContainsRune("\\`*_{}[]<>()#+!|~@&:.", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
