package finder_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/wayfinder-health/wayfinder/internal/build"
)

// smallFile returns one file of testdata/small.txtar.
func smallFile(t *testing.T, name string) string {
	t.Helper()
	a, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	t.Fatalf("testdata/small.txtar has no %s", name)
	return ""
}

// TestCheck breaks the small site's finder in one way at a time and
// checks the diagnostics, with their positions, that check reports.
func TestCheck(t *testing.T) {
	const careers = "content/finders/careers.md"
	base := smallFile(t, careers)
	edit := func(old, new string) map[string]string {
		if !strings.Contains(base, old) {
			t.Fatalf("%s has no %q", careers, old)
		}
		return map[string]string{careers: strings.Replace(base, old, new, 1)}
	}
	tests := []struct {
		name  string
		extra map[string]string
		want  []string
	}{
		{"field", edit("field: interests", "field: interest"), []string{
			`content/finders/careers.md:27:12: error: career pathway pages have no field "interest" that answers can match (did you mean "interests"?) [finder-field]`,
		}},
		{"vocabulary", edit("value: data", "value: datta"), []string{
			`content/finders/careers.md:30:16: error: the answer "Data & analysis" matches no page: no page in content/pathways/ has interests "datta" (fix the value, or add a page it matches) [finder-match]`,
			`content/finders/careers.md:30:16: error: interests cannot be "datta", so this answer can never match (did you mean "data"?) [finder-value]`,
		}},
		{"no page", map[string]string{
			careers:     strings.Replace(base, "      - value: leadership\n", "      - value: leadership\n        matches: [safety]\n", 1),
			"site.yaml": strings.Replace(smallFile(t, "site.yaml"), "interests: [data, leadership]", "interests: [data, leadership, safety]", 1),
		}, []string{
			`content/finders/careers.md:33:18: error: the answer "Leading change" matches no page: no page in content/pathways/ has interests "safety" (fix the value, or add a page it matches) [finder-match]`,
		}},
		{"duplicates", edit("      - value: leadership\n        label: Leading change", "      - value: data\n        label: Data & analysis"), []string{
			`content/finders/careers.md:32:16: error: answer 2 of question "interest" has the same value "data" as answer 1 (give each answer its own value) [finder-duplicate]`,
			`content/finders/careers.md:32:16: warning: answers 1 and 2 of question "interest" match the same values, so they lead to the same results (merge them, or make them match different values) [finder-duplicate]`,
			`content/finders/careers.md:33:16: error: answer 2 of question "interest" has the same label as answer 1 (give each answer its own label) [finder-duplicate]`,
		}},
		{"id", edit("id: interest", "id: Your_Interest"), []string{
			`content/finders/careers.md:23:9: error: the question id "Your_Interest" cannot be used in a web address (use lowercase letters, numbers and single hyphens, such as "your-interest") [finder-name]`,
		}},
		{"related", edit("match: [background]", "match: [backgrund]"), []string{
			`content/finders/careers.md:37:11: error: there is no question "backgrund" (did you mean "background"?) [finder-reference]`,
		}},
		{"too many pages", map[string]string{"site.yaml": strings.Replace(smallFile(t, "site.yaml"), "max_pages: 100", "max_pages: 10", 1)}, []string{
			`content/finders/careers.md:9:3: error: these questions would generate 11 pages, more than the 10 that finder.max_pages in site.yaml allows (remove questions or answers, or raise finder.max_pages in site.yaml) [finder-pages]`,
		}},
		{"path", map[string]string{"content/finders/again.md": strings.Replace(base, "title: Find a pathway", "title: Again", 1)}, []string{
			// The content stage finds the start pages; the finder stage finds
			// every page.
			`content/finders/careers.md:1:1: error: content/finders/again.md and content/finders/careers.md both publish to /finder/ (give one of them a different file name or slug) [duplicate-url]`,
			`content/finders/careers.md:4:7: error: the finder's page /finder/ has the same address as content/finders/again.md (give the finder a different path, or rename the question or answer) [duplicate-url]`,
		}},
		{"unreachable", map[string]string{
			careers:                    strings.Replace(base, "advice: Ask", "show: 1\nadvice: Ask", 1),
			"content/pathways/twin.md": strings.Replace(smallFile(t, "content/pathways/analyst.md"), "title: Analyst", "title: Twin", 1),
		}, []string{
			`content/pathways/twin.md:5:14: warning: no answers to content/finders/careers.md lead to this career pathway (give it values the finder's answers match (backgrounds, interests), or add an answer that matches it) [finder-reach]`,
		}},
		// When no answer to a question changes the advice after any
		// earlier answers, it is never asked: a warning.
		{"never asked", map[string]string{
			"content/pathways/leader.md": strings.Replace(smallFile(t, "content/pathways/leader.md"), "interests: [leadership]", "interests: [data]", 1),
			"content/pathways/informatician.md": strings.Replace(smallFile(t, "content/pathways/informatician.md"),
				"requires:\n  registration: a registered clinician\n  how: Train on a course your regulator approves, then join its register.\n  url: https://example.org/become-a-clinician\n", "", 1),
		}, []string{
			`content/finders/careers.md:23:9: warning: no answer to question "interest" changes the advice after any earlier answers, so it is never asked (remove it, or give the pages values its answers match differently) [finder-ask]`,
		}},
		// Coverage: with the register closed, technical people are shown
		// pathways with no route they can join now.
		{"no open route", map[string]string{
			"content/routes/register.md": strings.Replace(smallFile(t, "content/routes/register.md"), "status: open", "status: closed", 1),
		}, []string{
			`content/finders/careers.md:9:3: warning: people who answer "Technical", "Data & analysis" are offered nothing under "Routes for you" that they can join now (list an open route that suits them in the routes of a page they are shown (analyst, leader)) [finder-coverage]`,
			`content/finders/careers.md:9:3: warning: people who answer "Technical", "Leading change" are offered nothing under "Routes for you" that they can join now (list an open route that suits them in the routes of a page they are shown (leader, analyst)) [finder-coverage]`,
		}},
		// Coverage: when every pathway needs a registration, people
		// without one are recommended nothing they can start on.
		{"no pathway", map[string]string{
			"content/pathways/analyst.md": strings.Replace(smallFile(t, "content/pathways/analyst.md"), "steps:", "requires:\n  registration: a registered clinician\n  how: Train first.\nsteps:", 1),
			"content/pathways/leader.md":  strings.Replace(smallFile(t, "content/pathways/leader.md"), "steps:", "requires:\n  registration: a registered clinician\n  how: Train first.\nsteps:", 1),
		}, []string{
			`content/finders/careers.md:9:3: warning: people who answer "Technical", "Data & analysis" are recommended no career pathway they can start on now (add a career pathway these answers match that needs no registration) [finder-coverage]`,
			`content/finders/careers.md:9:3: warning: people who answer "Technical", "Leading change" are recommended no career pathway they can start on now (add a career pathway these answers match that needs no registration) [finder-coverage]`,
			`content/pathways/leader.md:5:14: warning: no answers to content/finders/careers.md lead to this career pathway (give it values the finder's answers match (backgrounds, interests), or add an answer that matches it) [finder-reach]`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := build.Run(t.Context(), siteFS(t, "testdata/small.txtar", tt.extra), build.Options{NoOutput: true}, nil)
			var got []string
			for _, d := range res.Diags {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("check found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
