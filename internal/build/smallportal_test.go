package build

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// smallPortal returns the repository's site with fewer finder answers:
// each question keeps its first two answers and every answer that says
// more than its value, label, hint and matches (a note, registered,
// newcomer), so the finders generate tens of pages instead of over a
// thousand. Everything else (every page, translation, layout, static
// file and site.yaml) is the portal's, so a property test on it meets
// the same kinds of input and every generator at a fraction of the cost.
func smallPortal(portal fstest.MapFS) fstest.MapFS {
	m := fstest.MapFS{}
	maps.Copy(m, portal)
	for p, f := range portal {
		if strings.HasPrefix(p, "content/finders/") && strings.HasSuffix(p, ".md") {
			m[p] = &fstest.MapFile{Data: []byte(trimAnswers(string(f.Data), func(i int, item string) bool {
				return i < 2 || saysMore(item)
			})), Mode: f.Mode}
		}
	}
	return m
}

// saysMore reports whether a finder answer (its YAML lines) has a key
// other than value, label, hint and matches.
func saysMore(item string) bool {
	for _, l := range strings.Split(item, "\n") {
		key, _, ok := strings.Cut(strings.TrimLeft(strings.TrimSpace(l), "- "), ":")
		if ok && !strings.Contains(key, " ") {
			switch key {
			case "value", "label", "hint", "matches":
			default:
				return true
			}
		}
	}
	return false
}

// trimAnswers keeps, in each answers list of a finder's front matter, the
// answers for which keep returns true. keep is given the answer's index
// in its list and its lines. It reads the front matter as lines, as the
// portal's finders are written: "answers:" followed by items "- " indented
// two spaces more, each item's other lines indented further.
func trimAnswers(s string, keep func(i int, item string) bool) string {
	lines := strings.SplitAfter(s, "\n")
	var out strings.Builder
	for i := 0; i < len(lines); {
		l := lines[i]
		out.WriteString(l)
		i++
		if strings.TrimSpace(l) != "answers:" {
			continue
		}
		indent := strings.Repeat(" ", indentOf(l)+2)
		n := 0
		for i < len(lines) && strings.HasPrefix(lines[i], indent+"- ") {
			j := i + 1
			for j < len(lines) && strings.TrimSpace(lines[j]) != "" && indentOf(lines[j]) > len(indent) {
				j++
			}
			item := strings.Join(lines[i:j], "")
			if keep(n, item) {
				out.WriteString(item)
			}
			n++
			i = j
		}
	}
	return out.String()
}

func indentOf(l string) int {
	return len(l) - len(strings.TrimLeft(l, " "))
}

// TestSmallPortal checks that smallPortal, on which TestRebuildMatchesRun
// runs most seeds, builds without errors and still has every generator's
// output in both languages, with far fewer finder pages than the portal.
func TestSmallPortal(t *testing.T) {
	files, diags := runFiles(t.Context(), smallPortal(repoSite(t)), testOpts)
	if n := diags.Errors(); n > 0 {
		t.Fatalf("the small portal has %d errors:\n%v", n, diags)
	}
	finder := 0
	for p := range files {
		if strings.Contains(p, "finder/") && strings.HasSuffix(p, ".html") {
			finder++
		}
	}
	if finder < 50 || finder > 400 {
		t.Errorf("the small portal's finders make %d pages; want tens or a few hundred", finder)
	}
	for _, want := range []string{
		site.AZPath + "index.html", "topics/index.html", "topics/nhs-app/index.html", "interests/data/index.html",
		"feed.xml", "cy/feed.xml", "guides/feed.xml", "cy/guides/feed.xml",
		"finder/finder.json", "finder/start-here/finder.json", "cy/finder/start-here/finder.json",
		"finder/background-clinical/interest-leadership/index.html", "cy/finder/start-here/index.html",
		site.SearchPath + "index.html", "cy/" + site.SearchPath + "index.html",
		"sitemap.xml", "robots.txt", "404.html", "cy/guides/index.html",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("the small portal has no %s", want)
		}
	}
	for _, prefix := range []string{site.SearchPath, "cy/" + site.SearchPath, site.AZPath + "page/"} {
		if !slices.ContainsFunc(slices.Collect(maps.Keys(files)), func(p string) bool { return strings.HasPrefix(p, prefix) && p != prefix+"index.html" }) {
			t.Errorf("the small portal has nothing under %s but its page", prefix)
		}
	}
}
