package issueform

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

var update = flag.Bool("update", false, "update golden files")

// root is the repository's root, where .github and site.yaml are.
const root = "../.."

func siteConfig(t *testing.T) *site.Config {
	t.Helper()
	cfg, diags := config.Load(os.DirFS(root))
	if diags.Errors() > 0 {
		t.Fatalf("site.yaml: %v", diags)
	}
	return cfg
}

// TestFormsMatchSchemas fails when the issue forms in .github drift from
// the schemas or the vocabularies: run go test -update to make them again.
func TestFormsMatchSchemas(t *testing.T) {
	cfg := siteConfig(t)
	for _, s := range Types() {
		got, err := Form(s, cfg)
		if err != nil {
			t.Fatalf("Form(%s): %v", s.Kind, err)
		}
		file := filepath.Join(root, Dir, FileName(s))
		if *update {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/issueform -update to make it)", err)
		}
		if d := diff.Diff(file, want, "Form("+string(s.Kind)+")", got); d != nil {
			t.Errorf("%s has drifted from the schema (-want +got); run go test ./internal/issueform -update:\n%s", file, d)
		}
	}
}
