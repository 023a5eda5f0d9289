package issueform

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// pinned is an action named by a full commit SHA, as in
// actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8; a tag or a
// branch can be moved to other code, a commit cannot.
var pinned = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$`)

// TestWorkflows holds every workflow to the rules for running untrusted
// input: it parses as YAML, sets its token's permissions, names actions
// only by a full commit SHA, and has no ${{ }} expression inside a run:
// script, where text from an issue or a pull request could become a
// command (such text must go through env: instead).
func TestWorkflows(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, ".github/workflows/*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows found: %v", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			On          yaml.Node `yaml:"on"`
			Permissions yaml.Node `yaml:"permissions"`
			Jobs        map[string]struct {
				Uses  string `yaml:"uses"`
				Steps []struct {
					Uses string `yaml:"uses"`
					Run  string `yaml:"run"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(src, &wf); err != nil {
			t.Errorf("%s does not parse as YAML: %v", file, err)
			continue
		}
		if wf.On.Kind == 0 || len(wf.Jobs) == 0 {
			t.Errorf("%s has no on: or no jobs:", file)
		}
		if wf.Permissions.Kind == 0 {
			t.Errorf("%s does not set permissions: the token would get the repository's default", file)
		}
		for name, job := range wf.Jobs {
			if job.Uses != "" && !strings.HasPrefix(job.Uses, "./") && !pinned.MatchString(job.Uses) {
				t.Errorf("%s: job %s uses %s, which is not pinned to a full commit SHA", file, name, job.Uses)
			}
			for i, s := range job.Steps {
				if s.Uses != "" && !strings.HasPrefix(s.Uses, "./") && !pinned.MatchString(s.Uses) {
					t.Errorf("%s: job %s step %d uses %s, which is not pinned to a full commit SHA", file, name, i+1, s.Uses)
				}
				if strings.Contains(s.Run, "${{") {
					t.Errorf("%s: job %s step %d has ${{ }} inside run:; pass the value through env: instead", file, name, i+1)
				}
			}
		}
	}
}

// TestIssueForms holds the forms in .github/ISSUE_TEMPLATE to what GitHub
// requires of one: a name, a description and a body, every question with
// a unique id and label, every dropdown with options.
func TestIssueForms(t *testing.T) {
	for _, s := range Types() {
		file := filepath.Join(root, Dir, FileName(s))
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var form formDoc
		if err := yaml.Unmarshal(src, &form); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if form.Name == "" || form.Description == "" || len(form.Body) == 0 {
			t.Errorf("%s lacks a name, description or body", file)
		}
		ids, labels := map[string]bool{}, map[string]bool{}
		for _, e := range form.Body {
			if e.Type == "markdown" {
				continue
			}
			if e.ID == "" || ids[e.ID] || labels[e.Attributes.Label] {
				t.Errorf("%s: question %q has an empty or repeated id or label", file, e.Attributes.Label)
			}
			ids[e.ID], labels[e.Attributes.Label] = true, true
			if e.Type == "dropdown" && len(e.Attributes.Options) == 0 {
				t.Errorf("%s: dropdown %q has no options", file, e.Attributes.Label)
			}
		}
		if !labels[BodyLabel] {
			t.Errorf("%s has no %q question", file, BodyLabel)
		}
	}
}
