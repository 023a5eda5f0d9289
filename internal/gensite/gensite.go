// Package gensite writes large, realistic sites for benchmarks: pages of
// 600 to 1,500 words of Markdown across the four typed sections, with the
// front matter, references, relative links, lists and tables real pages
// have. The same size and seed always give the same files.
package gensite

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var words = strings.Fields(`health care digital data patient record system service
nurse doctor team project people local online support skills learn help clinical
safety informatics leadership change practice training community access guide
app appointment prescription pharmacy information trust network region programme
evidence quality review register professional level step role career analyst
report outcome partner volunteer champion device library hub phone tablet email
password account login check plan time week month year first next simple clear
safe useful open share work build test improve measure choose read write use find`)

var sections = []struct {
	name, kind string
}{{"pathways", "pathway"}, {"routes", "route"}, {"pathfinders", "pathfinder"}, {"guides", "guide"}}

// Write writes a site of n content pages into dir: site.yaml and
// content/. Layouts and static files are not written; copy the real ones.
func Write(dir string, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	if err := write(dir, "site.yaml", siteYAML); err != nil {
		return err
	}
	if err := write(dir, "content/_index.md", "---\ntitle: Generated site\n---\nA generated site for benchmarks.\n"); err != nil {
		return err
	}
	per := (n + len(sections) - 1) / len(sections)
	count := 0
	for si, s := range sections {
		if err := write(dir, "content/"+s.name+"/_index.md", fmt.Sprintf("---\ntitle: %s\n---\nAll the %s.\n", strings.ToUpper(s.name[:1])+s.name[1:], s.name)); err != nil {
			return err
		}
		for i := 0; i < per && count < n; i++ {
			count++
			name := fmt.Sprintf("%s-%05d.md", s.kind, i)
			if err := write(dir, filepath.Join("content", s.name, name), page(r, si, i, per)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Path returns the content path of page i of a section kind, as Write names it.
func Path(kind string, i int) string {
	for _, s := range sections {
		if s.kind == kind {
			return fmt.Sprintf("content/%s/%s-%05d.md", s.name, kind, i)
		}
	}
	return ""
}

func write(dir, name, data string) error {
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(data), 0o644)
}

func sentence(r *rand.Rand, min, max int) string {
	n := min + r.IntN(max-min+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(r *rand.Rand) (string, int) {
	var b strings.Builder
	n := 3 + r.IntN(4)
	w := 0
	for i := 0; i < n; i++ {
		s := sentence(r, 6, 18)
		w += strings.Count(s, " ") + 1
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String(), w
}

func page(r *rand.Rand, si, i, per int) string {
	s := sections[si]
	var b strings.Builder
	title := sentence(r, 2, 5)
	title = strings.TrimSuffix(title, ".")
	fmt.Fprintf(&b, "---\ntitle: %q\ndescription: %q\nweight: %d\n", title, sentence(r, 8, 14), i+1)
	other := func(kind string) string { return fmt.Sprintf("%s-%05d", kind, r.IntN(per)) }
	switch s.kind {
	case "pathway":
		fmt.Fprintf(&b, "role_family: data\nbackgrounds: [clinical, technical]\ninterests: [data, leadership]\nentry_stages: [starting-out, practitioner]\n")
		b.WriteString("steps:\n")
		for k := 0; k < 4; k++ {
			fmt.Fprintf(&b, "  - title: %q\n    what: %q\n    typical_time: %d months\n", sentence(r, 2, 4), sentence(r, 10, 20), 3+k)
		}
		r1 := r.IntN(per)
		fmt.Fprintf(&b, "routes: [route-%05d, route-%05d]\n", r1, (r1+1+r.IntN(per-1))%per)
	case "route":
		fmt.Fprintf(&b, "awarding_body: Example body %d\nroute_kind: register\nbackgrounds: [technical, neither]\nstatus: open\nlevels:\n  - name: Practitioner\n    asks: %q\nhow_to_apply:\n  - %q\n", i, sentence(r, 8, 12), sentence(r, 6, 10))
	case "pathfinder":
		fmt.Fprintf(&b, "place: Town %d\nregion: London\nlead_organisation: Example lead %d\naudiences: [older-people]\nstatus: completed\nfictional: true\nguides: [%s]\noutcomes:\n  - measure: people helped\n    value: \"%d\"\n", i, i, other("guide"), 100+r.IntN(900))
	case "guide":
		fmt.Fprintf(&b, "level: first-steps\ntopics: [getting-online]\ntime_to_complete: 15 minutes\nreviewed: 2026-11-01\n")
		if i > 0 {
			fmt.Fprintf(&b, "prerequisites: [%s]\n", fmt.Sprintf("guide-%05d", r.IntN(i)))
		}
	}
	// Every typed page cites a source, as check asks.
	fmt.Fprintf(&b, "sources:\n  - label: Example source %d\n    url: https://example.org/%s/%d\n    checked: 2026-11-01\n", i, s.kind, i)
	b.WriteString("---\n")
	target := 600 + r.IntN(901)
	words := 0
	for h := 1; words < target; h++ {
		fmt.Fprintf(&b, "\n## %s %d\n\n", strings.TrimSuffix(sentence(r, 2, 4), "."), h)
		for k := 0; k < 2 && words < target; k++ {
			p, w := paragraph(r)
			words += w
			b.WriteString(p)
			b.WriteString("\n\n")
		}
		switch h % 4 {
		case 1:
			for k := 0; k < 4; k++ {
				fmt.Fprintf(&b, "- %s\n", sentence(r, 4, 9))
				words += 6
			}
		case 2:
			fmt.Fprintf(&b, "Read [the %s guide](../guides/%s.md) and [this route](../routes/%s.md).\n", words2(r), other("guide"), other("route"))
			words += 8
		case 3:
			b.WriteString("| Step | What to do |\n| --- | --- |\n")
			for k := 0; k < 3; k++ {
				fmt.Fprintf(&b, "| %d | %s |\n", k+1, sentence(r, 4, 8))
				words += 7
			}
		}
	}
	return b.String()
}

func words2(r *rand.Rand) string { return words[r.IntN(len(words))] + " " + words[r.IntN(len(words))] }

const siteYAML = `title: Generated site
baseURL: https://example.org/
language: en-GB
description: A generated site for benchmarks.
menus:
  main:
    - name: Pathways
      url: /pathways/
  footer:
    - name: Accessibility statement
      url: /accessibility-statement/
help:
  text: Get help
  url: /about/
vocabularies:
  regions: [London]
  backgrounds: [clinical, technical, neither]
  interests: [data, leadership]
  stages: [starting-out, practitioner]
  role_families: [data]
  audiences: [older-people]
  approaches: [co-design]
  topics: [getting-online]
  levels: [first-steps]
`
