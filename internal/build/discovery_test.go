package build_test

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/wayfinder-health/wayfinder/internal/build"
	"github.com/wayfinder-health/wayfinder/internal/feed"
	"github.com/wayfinder-health/wayfinder/internal/publish"
	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitemap"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// published builds the sample portal at the repository's root as build
// publishes it: stylesheets and scripts minified by the build, everything
// else by publishing.
func published(t *testing.T) (*build.Result, map[string][]byte) {
	t.Helper()
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	m := publish.Minifier()
	opts := build.Options{Minify: func(name string, data []byte) ([]byte, error) {
		return publish.Minify(m, publish.TypeOf(name), data)
	}}
	var mu sync.Mutex
	files := map[string][]byte{}
	res := build.Run(t.Context(), root.FS(), opts, func(f site.File) error {
		data := f.Data
		if !f.Minified {
			typ := f.Type
			if typ == "" {
				typ = publish.TypeOf(f.Path)
			}
			var err error
			if data, err = publish.Minify(m, typ, data); err != nil {
				return err
			}
		}
		mu.Lock()
		defer mu.Unlock()
		files[f.Path] = data
		return nil
	})
	if n := res.Diags.Errors(); n > 0 {
		t.Fatalf("the sample portal has %d errors:\n%v", n, res.Diags)
	}
	return res, files
}

// element is an HTML element of a page, with its attributes and text.
type element struct {
	attr map[string]string
	text string
}

// elements returns the elements of a page with the given tag name.
func elements(t *testing.T, page []byte, tag string) []element {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []element
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			e := element{attr: map[string]string{}}
			for _, a := range n.Attr {
				e.attr[a.Key] = a.Val
			}
			if c := n.FirstChild; c != nil && c.Type == html.TextNode {
				e.text = c.Data
			}
			out = append(out, e)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// TestSamplePortalMetadata builds the sample portal and checks, on every
// page, that the JSON-LD parses as JSON and fits the page's type, that
// the canonical address is absolute, and that every stylesheet and script
// carries the integrity of the bytes published.
func TestSamplePortalMetadata(t *testing.T) {
	res, files := published(t)
	base := res.Config.BaseURL
	want := map[string]string{ // path prefix → schema.org type the page is about
		"pathways/":    "Occupation",
		"routes/":      "EducationalOccupationalCredential",
		"guides/":      "HowTo",
		"pathfinders/": "Project",
	}
	pages := 0
	for name, data := range files {
		if path.Ext(name) != ".html" {
			continue
		}
		head := elements(t, data, "link")
		var canonical string
		for _, l := range head {
			if l.attr["rel"] == "canonical" {
				canonical = l.attr["href"]
			}
		}
		var ld []element
		for _, s := range elements(t, data, "script") {
			if s.attr["type"] == "application/ld+json" {
				ld = append(ld, s)
			}
		}
		if name == "404.html" || bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			continue
		}
		pages++
		if !strings.HasPrefix(canonical, base) {
			t.Errorf("%s: canonical %q is not an absolute address under %s", name, canonical, base)
		}
		if len(ld) != 1 {
			t.Errorf("%s: %d JSON-LD scripts, want 1", name, len(ld))
			continue
		}
		var doc struct {
			Context string           `json:"@context"`
			Graph   []map[string]any `json:"@graph"`
		}
		if err := json.Unmarshal([]byte(ld[0].text), &doc); err != nil {
			t.Errorf("%s: JSON-LD does not parse: %v\n%s", name, err, ld[0].text)
			continue
		}
		if doc.Context != "https://schema.org" || len(doc.Graph) == 0 || doc.Graph[0]["@id"] != canonical {
			t.Errorf("%s: JSON-LD context %q, %d nodes, page @id %v, want the canonical %s", name, doc.Context, len(doc.Graph), doc.Graph[0]["@id"], canonical)
		}
		var types []string
		for _, n := range doc.Graph {
			typ, _ := n["@type"].(string)
			types = append(types, typ)
		}
		dir, rest, _ := strings.Cut(name, "/")
		if typ := want[dir+"/"]; typ != "" && strings.Count(rest, "/") == 1 && !slices.Contains(types, typ) {
			t.Errorf("%s: JSON-LD types %v, want %s among them", name, types, typ)
		}
		if name == "index.html" && !slices.Contains(types, "WebSite") {
			t.Errorf("index.html: JSON-LD types %v, want WebSite", types)
		}

		for _, l := range head {
			if l.attr["rel"] == "stylesheet" {
				checkIntegrity(t, name, l.attr["href"], l.attr["integrity"], files, res.Config.BasePath)
			}
		}
		for _, s := range elements(t, data, "script") {
			if src := s.attr["src"]; src != "" {
				checkIntegrity(t, name, src, s.attr["integrity"], files, res.Config.BasePath)
			}
		}
	}
	if pages < 50 {
		t.Errorf("only %d pages checked", pages)
	}
}

var hashedName = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`)

// checkIntegrity checks that an asset is published under a hashed name
// and that its integrity attribute is the sha384 of the bytes published.
func checkIntegrity(t *testing.T, page, url, integrity string, files map[string][]byte, basePath string) {
	t.Helper()
	file := strings.TrimPrefix(url, basePath)
	data, ok := files[file]
	if !ok {
		t.Errorf("%s: %s is not published", page, url)
		return
	}
	if !hashedName.MatchString(file) {
		t.Errorf("%s: %s has no hash in its name", page, url)
	}
	sum := sha512.Sum384(data)
	if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); integrity != want {
		t.Errorf("%s: %s has integrity %q, want %q (the bytes published)", page, url, integrity, want)
	}
}

// TestSamplePortalDiscovery builds the sample portal and checks that the
// feeds and the sitemap parse as XML, that the sitemap lists only pages
// that exist, and that every page can be reached from the A–Z index,
// which every page links to.
func TestSamplePortalDiscovery(t *testing.T) {
	res, files := published(t)
	for name, data := range files {
		if path.Base(name) != feed.Name {
			continue
		}
		var f feed.Feed
		if err := xml.Unmarshal(data, &f); err != nil {
			t.Errorf("%s does not parse as XML: %v", name, err)
		} else if f.ID == "" || f.Updated == "" {
			t.Errorf("%s: no id or updated", name)
		}
	}
	if _, ok := files["pathways/feed.xml"]; !ok {
		t.Error("no feed for the pathways section")
	}
	var set sitemap.URLSet
	if err := xml.Unmarshal(files[sitemap.Name], &set); err != nil {
		t.Fatalf("sitemap.xml does not parse as XML: %v", err)
	}
	for _, u := range set.URL {
		file := strings.TrimPrefix(u.Loc, res.Config.BaseURL) + "index.html"
		if _, ok := files[file]; !ok {
			t.Errorf("the sitemap lists %s, but there is no %s", u.Loc, file)
		}
	}
	if !bytes.Contains(files[sitemap.Robots], []byte("Sitemap: "+res.Config.BaseURL+sitemap.Name)) {
		t.Errorf("robots.txt does not name the sitemap:\n%s", files[sitemap.Robots])
	}

	// The A to Z is cut into pages: follow each page's rel="next" link,
	// and check that each marks itself as the current page.
	az := map[string]bool{}
	for page, n := site.AZPath+"index.html", 1; page != ""; n++ {
		data, ok := files[page]
		if !ok {
			t.Fatalf("the A to Z links to %s, which is not built", page)
		}
		next, current := "", false
		for _, a := range elements(t, data, "a") {
			az[a.attr["href"]] = true
			if a.attr["rel"] == "next" {
				next = strings.TrimPrefix(a.attr["href"], res.Config.BasePath) + "index.html"
			}
			if a.attr["aria-current"] == "page" && strings.HasSuffix(page, site.ListPath("", n)+"index.html") {
				current = true
			}
		}
		if next != "" && !current {
			t.Errorf("%s has a pagination nav but does not mark itself with aria-current", page)
		}
		page = next
	}
	for _, p := range res.Index.Listed() {
		if !az[p.URL] {
			t.Errorf("%s (%s) is not in the A–Z index", p.URL, p.Title)
		}
	}
	azURL := res.Config.URL(site.AZPath)
	for name, data := range files {
		if path.Ext(name) == ".html" && !bytes.Contains(data, []byte(`href="`+azURL+`"`)) && !bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			t.Errorf("%s does not link to the A–Z index", name)
		}
	}
}

// TestStylesheetHash changes a stylesheet and expects a new name for it,
// and pages that load the new name; an unchanged one keeps its name.
func TestStylesheetHash(t *testing.T) {
	fsys := loadSite(t, "testdata/small.txtar")
	name := func(fsys fstest.MapFS) (string, []byte) {
		var c sitetest.Collect
		build.Run(t.Context(), fsys, build.Options{}, c.Sink)
		for n := range c.Files {
			if strings.HasPrefix(n, "site.") && strings.HasSuffix(n, ".css") {
				return n, c.Files["index.html"]
			}
		}
		t.Fatal("no stylesheet published")
		return "", nil
	}
	before, _ := name(fsys)
	again, _ := name(fsys)
	fsys["static/site.css"] = &fstest.MapFile{Data: []byte("body { margin: 1em }")}
	after, page := name(fsys)
	if !hashedName.MatchString(before) || before != again {
		t.Errorf("the stylesheet was published as %s, then %s from the same bytes", before, again)
	}
	if after == before {
		t.Errorf("the stylesheet changed but kept its name %s", before)
	}
	if !bytes.Contains(page, []byte(`href="/base/`+after+`"`)) {
		t.Errorf("index.html does not load %s:\n%s", after, page)
	}
}

// TestSitemapListsEveryPageOfLists builds a site whose lists show one
// page each, so that sections, terms and the A to Z each run over several
// pages, and checks that the sitemap lists every one of those pages.
func TestSitemapListsEveryPageOfLists(t *testing.T) {
	fsys := loadSite(t, "testdata/small.txtar")
	fsys["site.yaml"].Data = append(slices.Clone(fsys["site.yaml"].Data), "lists:\n  page_size: 1\n"...)
	// A second guide on the same topic, so that a section and a term
	// have two pages each.
	guide := bytes.Replace(fsys["content/guides/online.md"].Data, []byte("Getting online"), []byte("Staying online"), 1)
	fsys["content/guides/staying.md"] = &fstest.MapFile{Data: guide}
	var c sitetest.Collect
	// The site's hostile page is an error, left out; the rest is built.
	res := build.Run(t.Context(), fsys, build.Options{}, c.Sink)
	var set sitemap.URLSet
	if err := xml.Unmarshal(c.Files[sitemap.Name], &set); err != nil {
		t.Fatalf("sitemap.xml does not parse as XML: %v", err)
	}
	listed := map[string]bool{}
	for _, u := range set.URL {
		listed[u.Loc] = true
		file := strings.TrimPrefix(u.Loc, res.Config.BaseURL) + "index.html"
		if _, ok := c.Files[file]; !ok {
			t.Errorf("the sitemap lists %s, but there is no %s", u.Loc, file)
		}
	}
	kinds := map[string]bool{}
	for _, name := range c.Paths() {
		dir, ok := strings.CutSuffix(name, "index.html")
		if !ok || !strings.Contains(dir, "/page/") {
			continue
		}
		kinds[strings.SplitN(dir, "/", 2)[0]] = true
		if loc := res.Config.BaseURL + dir; !listed[loc] {
			t.Errorf("%s is a page of a list, but the sitemap does not list %s", name, loc)
		}
	}
	// A section, a vocabulary's term and the A to Z.
	for _, k := range []string{"guides", "topics", "a-z"} {
		if !kinds[k] {
			t.Errorf("no page 2 of a list under /%s/ (lists under pages: %v); the test site needs more pages", k, slices.Sorted(maps.Keys(kinds)))
		}
	}
}
