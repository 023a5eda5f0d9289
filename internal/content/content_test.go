package content

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

const siteYAML = `title: T
baseURL: https://example.org/
vocabularies:
  regions: [Yorkshire and the Humber, London]
  audiences: [older-people, carers]
  backgrounds: [clinical, technical, neither]
  interests: [data]
  stages: [starting-out]
  role_families: [data]
  topics: [getting-online]
  levels: [first-steps]
  approaches: [co-design]
`

func load(t *testing.T, files map[string]string) (*Result, string) {
	t.Helper()
	fsys := fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cfg, diags := config.Load(fsys)
	if len(diags) > 0 {
		t.Fatalf("config: %v", diags)
	}
	res, diags := Load(context.Background(), fsys, cfg, Options{})
	diags.Sort()
	return res, diags.Error()
}

const leeds = `---
title: Leeds
description: A project.
place: Leeds
lead_organisation: Leeds Libraries
region: Yorkshre and the Humber
audiences: [carers, older-poeple]
status: completed
regoin: x
duration_months: "twelve"
outcomes:
  - measure: people
    valeu: 800
guides: 3
contact: javascript:alert(1)
start_date: 2019-13-01
sources:
  - label: A
    url: https://example.org/a
    lang: English
  - label: B
    url: https://example.org/b
    lang: EN-gb
  - label: C
    url: https://example.org/c
    lang: en
---
Body.
`

func TestLoadDiagnostics(t *testing.T) {
	_, got := load(t, map[string]string{"content/pathfinders/leeds.md": leeds})
	want := []string{
		`content/pathfinders/leeds.md:6:9: error: unknown region "Yorkshre and the Humber" (did you mean "Yorkshire and the Humber"?) [vocabulary]`,
		`content/pathfinders/leeds.md:7:21: error: unknown audience "older-poeple" (did you mean "older-people"?) [vocabulary]`,
		`content/pathfinders/leeds.md:9:1: error: unknown field "regoin" (did you mean "region"?) [unknown-key]`,
		`content/pathfinders/leeds.md:10:18: error: duration_months should be a whole number, got "twelve" [type]`,
		`content/pathfinders/leeds.md:12:5: error: outcomes[1] is missing value (add value: the result) [required]`,
		`content/pathfinders/leeds.md:13:5: error: unknown field "outcomes[1].valeu" (did you mean "value"?) [unknown-key]`,
		`content/pathfinders/leeds.md:14:9: error: guides should be a list of guide names, got a number (write it as a list: guides: [3]) [type]`,
		`content/pathfinders/leeds.md:15:10: error: contact uses a link type that is not allowed: "javascript:" (use an https:// web address or an email address) [url]`,
		`content/pathfinders/leeds.md:16:13: error: start_date should be a date written as YYYY-MM-DD, got "2019-13-01" (write the date as YYYY-MM-DD, such as 2026-03-31) [date]`,
		`content/pathfinders/leeds.md:20:11: error: sources[1].lang should be a language code, such as en or cy, got "English" (write a language code such as en (English) or cy (Welsh)) [lang]`,
		`content/pathfinders/leeds.md:23:11: error: sources[2].lang should be a language code, such as en or cy, got "EN-gb" (write it as en-GB) [lang]`,
	}
	if got != strings.Join(want, "\n") {
		t.Errorf("Load diagnostics:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestLoadPages(t *testing.T) {
	res, diags := load(t, map[string]string{
		"content/_index.md":            "---\ntitle: Home\n---\nHi.\n",
		"content/about.md":             "---\ntitle: About\nslug: about-us\n---\nHi.\n",
		"content/guides/_index.md":     "---\ntitle: Guides\n---\n",
		"content/guides/one.md":        "---\ntitle: One\nlevel: first-steps\ntopics: [getting-online]\ntime_to_complete: 5 minutes\nprerequisites: [two]\n---\nBody\n",
		"content/guides/two.md":        "---\ntitle: Two\ndraft: true\nlevel: first-steps\ntopics: [getting-online]\ntime_to_complete: 5 minutes\n---\nBody\n",
		"content/guides/photo.png":     "png",
		"content/guides/.hidden.md":    "not read",
		"content/pathways/Con.md":      "---\ntitle: x\n---\n",
		"content/routes/toml-route.md": "+++\ntitle = \"TOML\"\nawarding_body = \"Body\"\nroute_kind = \"register\"\nbackgrounds = [\"clinical\"]\nstatus = \"open\"\n+++\nBody\n",
	})
	if want := `content/pathways/Con.md: error: the name "Con.md" is a name Windows keeps for a device, so the file cannot be checked out there (rename it to Con-page.md) [file-name]`; diags != want {
		t.Errorf("diagnostics = %q, want %q", diags, want)
	}
	paths := map[string]string{}
	for _, p := range res.Pages {
		paths[p.File] = p.Path + " " + string(p.Kind)
	}
	for file, want := range map[string]string{
		"content/_index.md":            " home",
		"content/about.md":             "about-us/ page",
		"content/guides/_index.md":     "guides/ section",
		"content/guides/one.md":        "guides/one/ guide",
		"content/routes/toml-route.md": "routes/toml-route/ route",
	} {
		if paths[file] != want {
			t.Errorf("page %s = %q, want %q", file, paths[file], want)
		}
	}
	if _, ok := paths["content/guides/two.md"]; ok || res.Skipped["content/guides/two.md"] != "draft" {
		t.Errorf("draft page was not left out: %v", res.Skipped)
	}
	if len(res.Assets) != 1 || res.Assets[0].Path != "guides/photo.png" {
		t.Errorf("assets = %v, want guides/photo.png", res.Assets)
	}
	for _, p := range res.Pages {
		if p.File == "content/guides/one.md" {
			if len(p.Refs) != 1 || p.Refs[0] != (site.Ref{Field: "prerequisites", Section: "guides", Slug: "two", Pos: p.Refs[0].Pos}) || p.Refs[0].Pos.Line != 6 {
				t.Errorf("refs = %+v, want prerequisites → two on line 6", p.Refs)
			}
			if strings.Count(string(p.Body), "\n") < 7 || !strings.HasSuffix(string(p.Body), "Body\n") {
				t.Errorf("body %q is not padded to keep line numbers", p.Body)
			}
		}
	}
}

func TestCheckName(t *testing.T) {
	for name, ok := range map[string]bool{
		"leeds": true, "leeds-2019": true, "photo.v2.png": true,
		"..": false, "a/b": false, `a\b`: false, "a\x00b": false, "": false, "Leeds": false, "a b": false, "a..b": false, "-x": false,
	} {
		if got := CheckName(name) == ""; got != ok {
			t.Errorf("CheckName(%q) ok = %v, want %v", name, got, ok)
		}
	}
}

// TestLazyBody loads pages without their bodies and reads each again: the
// body read is the one a full load keeps, finders and pages with errors
// keep theirs, and a file changed since loading is refused.
func TestLazyBody(t *testing.T) {
	cfg, diags := config.Load(fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}})
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	fsys := fstest.MapFS{
		"site.yaml":             {Data: []byte(siteYAML)},
		"content/_index.md":     {Data: []byte("\n---\ntitle: Home\n---\n\nHi, *there*.\n")},
		"content/guides/one.md": {Data: []byte("+++\ntitle = \"One\"\nlevel = \"first-steps\"\ntopics = [\"getting-online\"]\ntime_to_complete = \"5 minutes\"\n+++\n# One\n\nBody\n")},
		"content/empty.md":      {Data: []byte("---\ntitle: Empty\n---\n")},
		"content/bad.md":        {Data: []byte("---\ntitle: Bad\nnope: 1\n---\nStill checked.\n")},
	}
	full, _ := Load(t.Context(), fsys, cfg, Options{})
	lazy, _ := Load(t.Context(), fsys, cfg, Options{Lazy: true})
	if len(full.Pages) != 3 || len(lazy.Pages) != 3 {
		t.Fatalf("loaded %d and %d pages, want 3 and 3", len(full.Pages), len(lazy.Pages))
	}
	for i, p := range lazy.Pages {
		if p.Body != nil {
			t.Errorf("%s: lazy load kept the body %q", p.File, p.Body)
		}
		body, err := Body(fsys, p)
		if err != nil {
			t.Fatalf("%s: %v", p.File, err)
		}
		if want := full.Pages[i].Body; string(body) != string(want) {
			t.Errorf("%s: body read again = %q, want %q", p.File, body, want)
		}
	}
	if len(lazy.Invalid) != 1 || !strings.HasSuffix(string(lazy.Invalid[0].Body), "Still checked.\n") {
		t.Errorf("the page with errors lost its body: %+v", lazy.Invalid)
	}
	for name, data := range map[string]string{
		"content/guides/one.md": "+++\ntitle = \"One\"\nlevel = \"first-steps\"\ntopics = [\"getting-online\"]\ntime_to_complete = \"5 minutes\"\n+++\n# One\n\nBodY\n", // same size
		"content/_index.md":     "---\ntitle: Home\n---\n",
	} {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
		for _, p := range lazy.Pages {
			if p.File == name {
				if _, err := Body(fsys, p); !errors.Is(err, ErrChanged) {
					t.Errorf("%s changed: Body error = %v, want ErrChanged", name, err)
				}
			}
		}
	}
	delete(fsys, "content/empty.md")
	for _, p := range lazy.Pages {
		if p.File == "content/empty.md" {
			if _, err := Body(fsys, p); err == nil || !strings.Contains(err.Error(), "cannot read") {
				t.Errorf("deleted file: Body error = %v, want cannot read", err)
			}
		}
	}
}
