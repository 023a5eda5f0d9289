package redirect_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/wayfinder-health/wayfinder/internal/redirect"
	"github.com/wayfinder-health/wayfinder/internal/resolve"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

func load(t *testing.T) *resolve.Index {
	t.Helper()
	return sitetest.Resolve(t, sitetest.FS(t, "testdata/site.txtar"))
}

// redirectOf reads where a redirect page sends the reader: the URL of its
// meta refresh, its canonical link and its visible link.
func redirectOf(t *testing.T, page []byte) (refresh, canonical, link string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, key string) string {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
		return ""
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "meta" && attr(n, "http-equiv") == "refresh":
				refresh = attr(n, "content")
			case n.Data == "link" && attr(n, "rel") == "canonical":
				canonical = attr(n, "href")
			case n.Data == "a":
				link = attr(n, "href")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return refresh, canonical, link
}

// TestAliases checks that each alias lands on its page, by a redirect page
// and a line of _redirects, both with the base path.
func TestAliases(t *testing.T) {
	x := load(t)
	_, files, diags := redirect.Generate(x)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got := map[string]site.File{}
	for _, f := range files {
		got[f.Path] = f
	}
	for file, target := range map[string]string{
		"nhs-app/index.html":  "guides/app/",
		"guides/nhs-app.html": "guides/app/",
		"shared/index.html":   "guides/login/", // the first page in site order to claim it
	} {
		f, ok := got[file]
		if !ok {
			t.Errorf("no redirect page %s; files: %v", file, keys(got))
			continue
		}
		refresh, canonical, link := redirectOf(t, f.Data)
		if want := "0; url=/base/" + target; refresh != want {
			t.Errorf("%s: refresh %q, want %q", file, refresh, want)
		}
		if want := "https://example.org/base/" + target; canonical != want {
			t.Errorf("%s: canonical %q, want %q", file, canonical, want)
		}
		if want := "/base/" + target; link != want {
			t.Errorf("%s: link %q, want %q", file, link, want)
		}
		if x.Paths()[target] == nil {
			t.Errorf("%s leads to /%s, which is no page", file, target)
		}
	}
	for _, file := range []string{"about/index.html", "guides/login/index.html"} {
		if _, ok := got[file]; ok {
			t.Errorf("%s is a page's own address, but a redirect was written there", file)
		}
	}
	want := "/base/guides/nhs-app.html /base/guides/app/ 301\n" +
		"/base/nhs-app/ /base/guides/app/ 301\n" +
		"/base/shared/ /base/guides/login/ 301\n"
	if r := string(got[redirect.Name].Data); !strings.HasSuffix(r, "\n"+want) {
		t.Errorf("_redirects =\n%s\nwant it to end with\n%s", r, want)
	}
}

// TestCheck reports the aliases that cannot work, where they are written.
func TestCheck(t *testing.T) {
	diags := redirect.Check(load(t))
	diags.Sort()
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+": "+d.Severity.String()+": "+d.Msg)
	}
	want := []string{
		`content/guides/app.md:10:5: error: the alias "/about/" is the address of content/about.md, so it cannot lead here`,
		`content/guides/app.md:11:5: error: the alias "/shared/" is also an alias of content/guides/login.md`,
		`content/guides/login.md:7:21: warning: the alias "/guides/login/" is this page's own address`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func keys(m map[string]site.File) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
