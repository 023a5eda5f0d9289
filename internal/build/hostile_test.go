package build_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/htmlcheck"
	"github.com/wayfinder-health/wayfinder/internal/publish"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// hostile pages come from pull requests written to attack the site: every
// value and body tries to get script into the output.
var hostile = map[string]string{
	"content/pathfinders/attack.md": `---
title: <script>alert("title")</script>
description: '"><img src=x onerror=alert(1)>'
place: <svg onload=alert(1)>
region: London
lead_organisation: '<a href="javascript:alert(1)">Lead</a>'
partners: ["<iframe src=javascript:alert(1)>"]
audiences: [carers]
status: active
contact: https://example.org/"><script>alert(1)</script>
fictional: true
outcomes:
  - measure: <b onmouseover=alert(1)>people</b>
    value: "{{.Site}}"
sources:
  - label: <script>x</script>
    url: https://example.org/?q=<script>
---
## <img src=x onerror=alert(1)> Heading

[click](javascript:alert(1)) [spaced]( javascript:alert(1)) [entity](jav&#x61;script:alert(1))
[upper](JAVASCRIPT:alert(1)) [vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
![img](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2Zz4=)
<javascript:alert(1)> <script>alert(1)</script> <img src=x onerror=alert(1)>
<a href="javascript:alert(1)">raw</a> <iframe src="https://evil.example"></iframe>

[ref][r]

[r]: javascript:alert(1)

<div onclick="alert(1)">block</div>

` + "```html\n<script>alert('in code')</script>\n```\n",
	"content/guides/valid.md": `---
title: A </title><script>alert(1)</script> guide
description: Markup & "quotes" <b>stay</b> text.
level: first-steps
topics: [getting-online]
time_to_complete: <script>5</script>
you_need: ["<img src=x onerror=alert(1)>"]
reviewed: 2026-11-01
---
## Start

Text with <span onclick=x>inline</span> HTML and a [good link](https://www.nhs.uk/).
`,
	"content/guides/traversal.md": "---\ntitle: T\nslug: ../../../etc/passwd\nlevel: first-steps\ntopics: [getting-online]\ntime_to_complete: x\nreviewed: 2026-11-01\n---\nx\n",
	"content/guides/backslash.md": "---\ntitle: T\nslug: '..\\\\..\\\\x'\nlevel: first-steps\ntopics: [getting-online]\ntime_to_complete: x\nreviewed: 2026-11-01\n---\nx\n",
	"content/about.md":            "---\ntitle: About\naliases: [\"//evil.example/\", \"/../../x/\", \"/ok-old-url/\"]\n---\nx\n",
}

// TestHostileInput builds a site of hostile pages with the real layouts,
// and checks that no output file holds anything executable and none is
// written outside the output folder, whether or not the build succeeds.
func TestHostileInput(t *testing.T) {
	fsys := fstest.MapFS{}
	root := filepath.Join("..", "..")
	for _, dir := range []string{"layouts", "static"} {
		err := fs.WalkDir(os.DirFS(root), dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(filepath.Join(root, p))
			fsys[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	siteYAML, err := os.ReadFile(filepath.Join(root, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fsys["site.yaml"] = &fstest.MapFile{Data: siteYAML}
	for name, src := range hostile {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	var c sitetest.Collect
	res := build.Run(t.Context(), fsys, build.Options{}, func(f site.File) error {
		if err := publish.CheckPath(f.Path); err != nil {
			t.Errorf("output path %q: %v", f.Path, err)
		}
		return c.Sink(f)
	})
	// The attack page's unsafe values are errors, so it is not published;
	// the valid one is, with its markup as text.
	for _, want := range []string{"unsafe-url", "slug", "alias"} {
		if !strings.Contains(res.Diags.Error(), "["+want+"]") {
			t.Errorf("no %s diagnostic; got:\n%v", want, res.Diags)
		}
	}
	page := string(c.Files["guides/valid/index.html"])
	if page == "" {
		t.Fatalf("the valid hostile page was not rendered; diagnostics:\n%v", res.Diags)
	}
	if !strings.Contains(page, "A &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; guide") {
		t.Errorf("the title's markup is not escaped as text in guides/valid/index.html")
	}
	scripts := []string{"/wayfinder/js/", "/wayfinder/search/"}
	n := 0
	for name, data := range c.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		n++
		if bad := htmlcheck.Unsafe(data, scripts...); len(bad) > 0 {
			t.Errorf("%s holds executable content: %v", name, bad)
		}
	}
	if n < 5 {
		t.Fatalf("only %d HTML files were rendered", n)
	}
}
