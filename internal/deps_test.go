package internal_test

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// allowed is the dependency policy of STYLE.md as data: for each package
// under internal/, the project packages it may import. Data flows forward
// through the pipeline; nothing imports cli. Where a package here differs
// from STYLE.md, the note on the issue says why.
var allowed = map[string][]string{
	"diag":      {},
	"dep":       {},
	"site":      {"diag"},
	"config":    {"diag", "site", "textfile", "weburl"},
	"content":   {"diag", "site", "config", "textfile", "weburl"},
	"resolve":   {"diag", "site"},
	"markdown":  {"diag", "weburl"},
	"i18n":      {"diag"},
	"layout":    {"diag", "site", "i18n"},
	"render":    {"diag", "dep", "site", "markdown", "layout", "resolve", "i18n"},
	"lint":      {"diag", "site", "markdown", "render", "config"},
	"cite":      {"diag", "site", "markdown"},
	"linkcheck": {},
	"finder":    {"diag", "site", "resolve", "layout", "weburl"},
	"feed":      {"diag", "site", "resolve"},
	"sitemap":   {"diag", "site", "resolve"},
	"search":    {"diag", "site", "resolve"},
	"taxonomy":  {"diag", "site", "resolve"},
	"redirect":  {"diag", "site", "resolve"},
	"build":     {"diag", "dep", "site", "config", "i18n", "content", "resolve", "markdown", "layout", "render", "finder", "feed", "sitemap", "search", "taxonomy", "redirect", "lint"},
	"publish":   {"diag", "site"},
	"watch":     {},
	"serve":     {"diag", "site"},
	"scaffold":  {"diag", "site", "content"},
	"gensite":   {},
	"benchcmp":  {"gensite", "sitecheck"},
	"textfile":  {},
	"issueform": {"diag", "site", "content", "scaffold", "textfile"},
	"weburl":    {},
	"browser":   {},
	"a11y":      {},
	"htmlcheck": {},
	"sitecheck": {},
	"sitetest":  {"config", "content", "resolve", "site"},
	"cli":       {"*"},
}

const module = "github.com/wayfinder-health/wayfinder/internal/"

func TestDependencies(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		pkg, err := build.ImportDir(filepath.Join(".", name), 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				continue
			}
			t.Fatalf("reading %s: %v", name, err)
		}
		may, ok := allowed[name]
		if !ok {
			t.Errorf("internal/%s is not in the dependency table: add it to internal/deps_test.go", name)
			continue
		}
		for _, imp := range pkg.Imports {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			dep, _, _ = strings.Cut(dep, "/")
			if dep == "cli" && name != "cli" {
				t.Errorf("internal/%s imports internal/cli: nothing may", name)
			}
			if !slices.Contains(may, "*") && !slices.Contains(may, dep) {
				t.Errorf("internal/%s imports internal/%s, which the dependency table does not allow", name, dep)
			}
		}
	}
}
