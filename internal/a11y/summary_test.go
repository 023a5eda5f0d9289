package a11y

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/build"
)

var summary = flag.String("summary", "", "append what the browser checks found, in plain words for partners, to this Markdown `file` (such as $GITHUB_STEP_SUMMARY)")

// matchesAny reports whether page contains any of the comma-separated
// texts in list; "/" is the home page.
func matchesAny(page, list string) bool {
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s == "/" && page == "" || s != "" && s != "/" && strings.Contains(page, s) {
			return true
		}
	}
	return false
}

// fixes says in plain words what to do about the axe rules a partner's
// own text can break. Rules not listed are shown with axe's own help.
var fixes = map[string]string{
	"image-alt":            "describe each picture inside the square brackets: ![what the picture shows](photo.jpg)",
	"link-name":            "give every link words that say where it goes: [the NHS App guide](nhs-app.md)",
	"heading-order":        "use headings in order: ## for a main section, ### inside it, never skipping a level",
	"empty-heading":        "write words after every # heading mark, or remove the empty heading",
	"page-has-heading-one": "the page's title is its main heading: give the page a title in its details",
	"color-contrast":       "this comes from the site's design, not your words: the Wayfinder team will fix it",
	"list":                 "start each item of a list on its own line with - or 1.",
	"td-has-header":        "put a name for each column in the first row of the table",
	"th-has-data-cells":    "give every column of the table some cells under its heading",
	"duplicate-id":         "two headings have the same words: change one of them",
	"duplicate-id-aria":    "two headings have the same words: change one of them",
	"frame-title":          "embedded frames are not allowed: link to the page instead",
	"video-caption":        "videos need captions: link to a captioned video instead",
}

// checkFixes says what to do about the problems of the other checks,
// which come from the site's layouts.
var checkFixes = map[string]string{
	"keyboard": "this comes from the site's layout, not your words: the Wayfinder team will fix it",
	"focus":    "this comes from the site's layout, not your words: the Wayfinder team will fix it",
	"reflow":   "something on the page is wider than a phone's screen: break long web addresses or tables into shorter pieces",
	"spacing":  "text is cut off when people space it out to read it: use shorter words in headings and buttons",
}

// writeSummary appends, for each page checked, the file it is made from
// and each problem with a plain fix, for the pull request's job summary.
// Browser checks see the built page, so they name the page's file but no
// line: check's own rules give lines for what they find in the text.
func writeSummary(t *testing.T, path string, list []string, results func(int) []result) {
	t.Helper()
	root, err := os.OpenRoot(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res := build.Run(t.Context(), root.FS(), build.Options{}, nil)
	files := map[string]string{}
	for _, r := range res.Pages {
		if r.Page != nil {
			files[r.Page.Path] = r.Page.File
		}
	}
	var b strings.Builder
	b.WriteString("## Accessibility checks in a browser\n\n")
	noun := "pages"
	if len(list) == 1 {
		noun = "page"
	}
	fmt.Fprintf(&b, "Checked %d %s in Chromium with axe (WCAG 2.2 AA), the keyboard, a 320 pixel wide screen and wider text spacing.\n\n", len(list), noun)
	total := 0
	for i, page := range list {
		file := files[page]
		if file == "" {
			file = "made by Wayfinder, not from one file"
		}
		var lines []string
		for j, r := range results(i) {
			how := ""
			if j == 1 {
				how = " (with JavaScript off)"
			}
			if r.err != nil {
				lines = append(lines, fmt.Sprintf("The page could not be checked%s: %s.", how, md(r.err.Error())))
			}
			for _, c := range checks {
				for _, p := range r.problems[c] {
					fix := checkFixes[c]
					if c == "axe" {
						id, _, _ := strings.Cut(p, " ")
						fix = fixes[id]
					}
					line := fmt.Sprintf("%s%s.", md(p), how)
					if fix != "" {
						line += " What to do: " + md(fix) + "."
					}
					lines = append(lines, line)
				}
			}
		}
		if len(lines) == 0 {
			continue
		}
		total += len(lines)
		// In GitHub Actions, each problem is also an annotation on the
		// page's file, where reviewers see it.
		if os.Getenv("GITHUB_ACTIONS") == "true" && files[page] != "" {
			for _, l := range lines {
				fmt.Printf("::error file=%s,title=Wayfinder: accessibility in a browser::%s\n", annotation(files[page]), annotation("/"+page+": "+l))
			}
		}
		fmt.Fprintf(&b, "### /%s\n\nFile: %s\n\n", md(page), md(file))
		for n, l := range lines {
			fmt.Fprintf(&b, "%d. %s\n", n+1, l)
		}
		b.WriteString("\n")
	}
	if total == 0 {
		b.WriteString("No problems found.\n")
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(b.String()); err != nil {
		t.Fatal(err)
	}
}

// annotation escapes text for a workflow command, as GitHub documents.
func annotation(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func md(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`).Replace(s)
}

func TestMatchesAny(t *testing.T) {
	for _, tc := range []struct {
		page, list string
		want       bool
	}{
		{"pathfinders/leeds/", "pathfinders/leeds/", true},
		{"pathfinders/leeds/", "about/, pathfinders/leeds/", true},
		{"guides/x/", "about/,pathfinders/leeds/", false},
		{"", ",", false},
		{"", "/", true},
		{"about/", "/", false},
	} {
		if got := matchesAny(tc.page, tc.list); got != tc.want {
			t.Errorf("matchesAny(%q, %q) = %v, want %v", tc.page, tc.list, got, tc.want)
		}
	}
}

func TestWriteSummary(t *testing.T) {
	out := t.TempDir() + "/summary.md"
	var r result
	r.add("axe", "image-alt (critical) at 1280px: Images must have alternate text: img: Fix this")
	r.add("reflow", "the page is 400px wide at 320px")
	writeSummary(t, out, []string{"about/", "a-z/"}, func(i int) []result {
		if i == 0 {
			return []result{r, {}}
		}
		return []result{{}, {}}
	})
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"### /about/\n\nFile: content/about.md\n\n",
		"1. image-alt (critical) at 1280px: Images must have alternate text: img: Fix this. What to do: describe each picture inside the square brackets: !\\[what the picture shows\\](photo.jpg).\n",
		"2. the page is 400px wide at 320px. What to do: something on the page is wider than a phone's screen",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(string(got), "a-z/") {
		t.Errorf("summary lists a page with no problems:\n%s", got)
	}
}
