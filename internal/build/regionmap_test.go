package build

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/site"
	"github.com/wayfinder-health/wayfinder/internal/sitetest"
)

// mapNode is an element of a region map's SVG.
type mapNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []mapNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *mapNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// text is the element's text as a screen reader reads it: every text
// and tspan inside it, spaces folded.
func (n *mapNode) text() string {
	var b strings.Builder
	var walk func(e *mapNode)
	walk = func(e *mapNode) {
		b.WriteString(" " + e.Text)
		for i := range e.Nodes {
			walk(&e.Nodes[i])
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// A mapTile is one tile of a built map: its text, its classes, and its
// link, if it has one.
type mapTile struct {
	text, class string
	link        *mapNode
}

var (
	svgMap = regexp.MustCompile(`(?s)<svg class="?region-map__svg.*?</svg>`)
	htmlID = regexp.MustCompile(`\bid="?([^"\s>]+)`)
)

// tiles parses the map's SVG as strict XML and returns its tiles.
func tiles(t *testing.T, page, svg string) []mapTile {
	t.Helper()
	var root mapNode
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	if err := d.Decode(&root); err != nil {
		t.Fatalf("%s: the map is not well-formed XML: %v", page, err)
	}
	var out []mapTile
	var walk func(n *mapNode, link *mapNode)
	walk = func(n *mapNode, link *mapNode) {
		switch n.XMLName.Local {
		case "a":
			link = n
		case "g":
			out = append(out, mapTile{text: n.text(), class: n.attr("class"), link: link})
		}
		for i := range n.Nodes {
			walk(&n.Nodes[i], link)
		}
	}
	walk(&root, nil)
	return out
}

// TestPortalRegionMaps builds the portal and checks every region map in
// it: the map is on the pathfinders list, on each project page and on
// each region's page; it is well-formed SVG with a tile for every region;
// each region with projects is a link whose text is its name and its true
// count, and the link leads to a page or heading that exists; the page's
// own region is marked, and on the region's page its link is the current
// page.
func TestPortalRegionMaps(t *testing.T) {
	opts := testOpts
	var c sitetest.Collect
	res := Run(t.Context(), repoSite(t), opts, c.Sink)
	if res.Diags.Errors() > 0 {
		t.Fatalf("the portal has errors:\n%v", res.Diags)
	}
	files := c.Files
	base, err := url.Parse(opts.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	cfg := res.Config
	projects := res.Index.Pages["pathfinders"]
	count := map[string]int{}
	for _, p := range projects {
		count[p.Pathfinder.Region]++
	}
	regions := cfg.Vocab["regions"].Values()

	// want maps each page that must have the map to the region it marks.
	want := map[string]string{"pathfinders/index.html": ""}
	for _, p := range projects {
		want[p.Path+"index.html"] = p.Pathfinder.Region
	}
	for r, n := range count {
		if n > 0 {
			want[site.TermPath("regions", r)+"index.html"] = r
		}
	}

	var got []string
	for name, f := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		page := string(f)
		svg := svgMap.FindString(page)
		if svg == "" {
			continue
		}
		got = append(got, name)
		here, ok := want[name]
		if !ok {
			t.Errorf("%s has a region map, but is not a pathfinder or region page", name)
			continue
		}
		regionPage := strings.HasPrefix(name, "regions/")
		ids := map[string]bool{}
		for _, m := range htmlID.FindAllStringSubmatch(page, -1) {
			ids[m[1]] = true
		}
		ts := tiles(t, name, svg)
		if len(ts) != len(regions) {
			t.Errorf("%s: %d tiles, want one for each of the %d regions", name, len(ts), len(regions))
		}
		seen := map[string]bool{}
		for _, tl := range ts {
			var region string
			for _, r := range regions {
				if strings.HasPrefix(tl.text, r+" ") {
					region = r
				}
			}
			if region == "" || seen[region] {
				t.Errorf("%s: tile %q names no region, or one already shown", name, tl.text)
				continue
			}
			seen[region] = true
			n := count[region]
			wantText := region + " No projects"
			switch {
			case n == 1:
				wantText = region + " 1 project"
			case n > 1:
				wantText = fmt.Sprintf("%s %d projects", region, n)
			}
			if tl.text != wantText {
				t.Errorf("%s: tile reads %q, want %q", name, tl.text, wantText)
			}
			marked := strings.Contains(tl.class, "region-map__tile--here")
			if marked != (region == here) {
				t.Errorf("%s: tile %q marked is %v, want %v", name, region, marked, region == here)
			}
			if (tl.link != nil) != (n > 0) {
				t.Errorf("%s: tile %q is a link: %v, want %v (only regions with projects link)", name, region, tl.link != nil, n > 0)
			}
			if tl.link == nil {
				continue
			}
			href := tl.link.attr("href")
			current := tl.link.attr("aria-current") == "page"
			if current != (regionPage && region == here) {
				t.Errorf("%s: the link to %q has aria-current=page %v, want %v", name, region, current, regionPage && region == here)
			}
			if id, ok := strings.CutPrefix(href, "#"); ok {
				if !ids[id] {
					t.Errorf("%s: the link to %q leads to #%s, which is not on the page", name, region, id)
				}
				continue
			}
			u, err := base.Parse(href)
			if err != nil {
				t.Errorf("%s: the link to %q has a bad address %q: %v", name, region, href, err)
				continue
			}
			path, ok := strings.CutPrefix(u.Path, base.Path)
			if u.Host != base.Host || !ok {
				t.Errorf("%s: the link to %q leaves the site: %q", name, region, href)
				continue
			}
			if path != site.TermPath("regions", region) {
				t.Errorf("%s: the link to %q leads to /%s, want its region page", name, region, path)
			}
			if _, ok := files[path+"index.html"]; !ok {
				t.Errorf("%s: the link to %q leads to /%s, which was not built", name, region, path)
			}
		}
	}
	slices.Sort(got)
	var wanted []string
	for name := range want {
		wanted = append(wanted, name)
	}
	slices.Sort(wanted)
	if !slices.Equal(got, wanted) {
		t.Errorf("pages with a region map:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wanted, "\n"))
	}
}
