package markdown

import (
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/htmlcheck"
)

func TestRender(t *testing.T) {
	src := "## Intro\n\nSee [a page](other.md#part), ![a chart](c.png) and <https://example.org>.\n\n" +
		"<div onclick=\"x()\">hi</div>\n\n" +
		"[bad](javascript:alert(1)) [worse]( JaVaScRiPt:alert(1)) ![img](data:text/html;base64,xx) ![ok](data:image/png;base64,iVBO)\n\n" +
		"Inline <span onmouseover=x>raw</span> html.\n\n" +
		"| A | B |\n| - | - |\n| 1 | 2 |\n\n## Intro\n"
	r := New()
	doc, diags := r.Render("content/x.md", []byte(src), func(l Link) (Dest, string) {
		if l.Dest == "other.md#part" {
			return Dest{URL: "/other/#part"}, ""
		}
		return Dest{URL: "/" + l.Dest}, ""
	})
	html := string(doc.HTML)
	if bad := htmlcheck.Unsafe(doc.HTML); len(bad) > 0 {
		t.Errorf("output holds %v", bad)
	}
	for _, bad := range []string{"javascript", "JaVaScRiPt", "onclick", "onmouseover", "<div", "<span", "data:text/html"} {
		if strings.Contains(html, bad) {
			t.Errorf("output contains %q:\n%s", bad, html)
		}
	}
	for _, good := range []string{`<a href="/other/#part">a page</a>`, `<img src="/c.png" alt="a chart">`, `<th scope="col">A</th>`,
		`<h2 id="intro">Intro</h2>`, `<h2 id="intro-1">Intro</h2>`, `src="data:image/png;base64,iVBO"`, "bad worse"} {
		if !strings.Contains(html, good) {
			t.Errorf("output lacks %q:\n%s", good, html)
		}
	}
	got := diags.Error()
	for _, want := range []string{
		"content/x.md:5:1: warning: raw HTML is not allowed and was left out",
		`content/x.md:7:1: error: javascript: links are not allowed`,
		`content/x.md:7:28: error: javascript: links are not allowed`,
		`content/x.md:7:58: error: data: links are not allowed`,
		`content/x.md:9:8: warning: raw HTML "<span onmouseover=x>" is not allowed`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q; got:\n%s", want, got)
		}
	}
	if len(doc.Headings) != 2 || doc.Headings[1].Pos.Line != 15 {
		t.Errorf("headings = %+v, want two, the second on line 15", doc.Headings)
	}
	if len(doc.Tables) != 1 || !doc.Tables[0].HasHeader {
		t.Errorf("tables = %+v, want one with a header", doc.Tables)
	}
	if l := doc.Links[0]; l.Dest != "other.md#part" || l.Pos.Line != 3 || l.Pos.Col != 5 || l.Text != "a page" {
		t.Errorf("first link = %+v, want other.md#part at 3:5", l)
	}
}

func FuzzMarkdown(f *testing.F) {
	f.Add("## Hi\n\n[x](javascript:alert(1)) <script>alert(1)</script>")
	f.Add("![](data:text/html,x)\n\n| a |\n|---|\n| <b> |")
	f.Add("[a](<java\nscript:x>) <https://x> www.example.org *[x](y)*")
	f.Add("> [![img](x.png)](y.md)\n\n1. [`code`](z)\n")
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		doc, diags := r.Render("f.md", []byte(src), func(l Link) (Dest, string) { return Dest{URL: "/ok/"}, "" })
		lines := strings.Count(src, "\n") + 1
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Line > lines {
				t.Errorf("diagnostic outside the file: %v", d)
			}
		}
		if bad := htmlcheck.Unsafe(doc.HTML); len(bad) > 0 {
			t.Fatalf("output of %q holds %v:\n%s", src, bad, doc.HTML)
		}
	})
}

// TestLinkLanguage checks that a link Dest marks as leading to a page in
// another language is written with hreflang, and lang where its text is
// in that language, and that Markdown cannot set them or other
// attributes itself.
func TestLinkLanguage(t *testing.T) {
	src := "See [Use the NHS App](nhs-app.md), [y canllaw](login.cy.md) and [the list](/guides/).\n\n" +
		"[x](a.md){hreflang=\"fr\" onclick=\"x()\"} [y](b.md \"a \\\" onmouseover=x\")\n"
	doc, diags := New().Render("content/guides/login.cy.md", []byte(src), func(l Link) (Dest, string) {
		switch l.Dest {
		case "nhs-app.md":
			return Dest{URL: "/guides/nhs-app/", Hreflang: "en-GB", Lang: "en-GB"}, ""
		case "/guides/":
			return Dest{URL: "/guides/", Hreflang: "en-GB"}, ""
		case "login.cy.md":
			return Dest{URL: "/cy/guides/login/"}, ""
		}
		return Dest{URL: "/" + l.Dest}, ""
	})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := string(doc.HTML)
	for _, want := range []string{
		`<a href="/guides/nhs-app/" hreflang="en-GB" lang="en-GB">Use the NHS App</a>`,
		`<a href="/cy/guides/login/">y canllaw</a>`,
		`<a href="/guides/" hreflang="en-GB">the list</a>`,
		`<a href="/a.md">x</a>{hreflang=`,
		`<a href="/b.md" title="a &quot; onmouseover=x">y</a>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
	if bad := htmlcheck.Unsafe(doc.HTML); len(bad) > 0 {
		t.Errorf("output holds %v", bad)
	}
}
