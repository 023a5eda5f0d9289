package render

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "write the golden files again")

// mapRegions is a site with projects in three regions, one of them not
// in the vocabulary's order, and the rest empty.
var mapRegions = []MapRegion{
	{Value: "Yorkshire and the Humber", Label: "Yorkshire and the Humber", Count: 4, URL: "/regions/yorkshire-and-the-humber/"},
	{Value: "London", Label: "London", Count: 1, URL: "/regions/london/"},
	{Value: "Wales", Label: "Wales", Count: 2, URL: "#region-2"},
	{Value: "Scotland", Label: "Scotland"},
}

// svgNode is any element of the map, with what the tests look at.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []svgNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls fn on n and every element inside it, with the nearest
// enclosing link (nil outside any).
func (n svgNode) walk(link *svgNode, fn func(n, link *svgNode)) {
	if n.XMLName.Local == "a" {
		link = &n
	}
	fn(&n, link)
	for _, c := range n.Nodes {
		c.walk(link, fn)
	}
}

func (n svgNode) text() string {
	var b strings.Builder
	n.walk(nil, func(e, _ *svgNode) {
		if e.XMLName.Local == "tspan" || e.XMLName.Local == "text" {
			b.WriteString(e.Text)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func parseMap(t *testing.T, s string) svgNode {
	t.Helper()
	var root svgNode
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	if err := d.Decode(&root); err != nil {
		t.Fatalf("the map is not well-formed XML: %v\n%s", err, s)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("the map's root is <%s>, want <svg>", root.XMLName.Local)
	}
	return root
}

func TestRegionMapLinksRegionsWithProjects(t *testing.T) {
	got, err := RegionMap(UKTiles, mapRegions, "London")
	if err != nil {
		t.Fatal(err)
	}
	root := parseMap(t, string(got))
	var links []string
	tiles, here := 0, 0
	root.walk(nil, func(n, link *svgNode) {
		switch {
		case n.XMLName.Local == "a":
			links = append(links, n.attr("href")+" "+n.text())
		case n.XMLName.Local == "g":
			tiles++
			class := n.attr("class")
			text := n.text()
			var r MapRegion
			for _, m := range mapRegions {
				if strings.HasPrefix(text, m.Label+" ") {
					r = m
				}
			}
			if (link != nil) != (r.Count > 0) {
				t.Errorf("tile %q: inside a link is %v, want %v (a link only for a region with projects)", text, link != nil, r.Count > 0)
			}
			if strings.Contains(class, "region-map__tile--here") {
				here++
				if r.Value != "London" {
					t.Errorf("tile %q is highlighted, want only London", text)
				}
			}
			if r.Count == 0 && !strings.HasSuffix(text, "No projects") {
				t.Errorf("tile %q does not say it has no projects", text)
			}
		}
	})
	want := []string{
		"/regions/yorkshire-and-the-humber/ Yorkshire and the Humber 4 projects",
		"#region-2 Wales 2 projects",
		"/regions/london/ London 1 project",
	}
	if !slices.Equal(links, want) {
		t.Errorf("links, in tile order:\n%s\nwant:\n%s", strings.Join(links, "\n"), strings.Join(want, "\n"))
	}
	if tiles != len(UKTiles) {
		t.Errorf("%d tiles, want one for each of the %d regions", tiles, len(UKTiles))
	}
	if here != 1 {
		t.Errorf("%d tiles highlighted, want 1", here)
	}
	// Every name is in the tile as text, wrapped but whole.
	for _, tl := range UKTiles {
		if !strings.Contains(root.text(), tl.Region) {
			t.Errorf("the map does not show the name %q as text", tl.Region)
		}
	}
}

func TestRegionMapEscapes(t *testing.T) {
	tiles := []Tile{{Region: `A & <b>`, Col: 0, Row: 0}}
	got, err := RegionMap(tiles, []MapRegion{{Value: `A & <b>`, Label: `A & <b>`, Count: 1, URL: `/x/?a="1"&b=<2>`}}, "")
	if err != nil {
		t.Fatal(err)
	}
	root := parseMap(t, string(got))
	var href string
	root.walk(nil, func(n, _ *svgNode) {
		if n.XMLName.Local == "a" {
			href = n.attr("href")
		}
	})
	if href != `/x/?a="1"&b=<2>` || !strings.Contains(root.text(), "A & <b>") {
		t.Errorf("escaped map reads href %q, text %q", href, root.text())
	}
}

func TestRegionMapUnknownRegion(t *testing.T) {
	_, err := RegionMap(UKTiles, []MapRegion{{Value: "Cornwall", Label: "Cornwall", Count: 1, URL: "/c/"}}, "")
	if err == nil || !strings.Contains(err.Error(), `"Cornwall" has no tile`) {
		t.Errorf("a region without a tile: err = %v, want one naming it", err)
	}
}

func TestRegionMapGolden(t *testing.T) {
	got, err := RegionMap(UKTiles, mapRegions, "Yorkshire and the Humber")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := RegionMap(UKTiles, mapRegions, "Yorkshire and the Humber")
	if got != again {
		t.Fatal("the map differs between two runs")
	}
	// One tile a line, so a change reads as a diff of the tiles it touches.
	out := []byte(strings.ReplaceAll(string(got), "<g ", "\n<g ") + "\n")
	golden := filepath.Join("testdata", "regionmap.svg")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("the map differs from %s (go test -update writes it again):\n%s", golden, out)
	}
}

func TestWrap(t *testing.T) {
	for in, want := range map[string]string{
		"Yorkshire and the Humber": "Yorkshire|and the|Humber",
		"East of England":          "East of|England",
		"London":                   "London",
		"Northern Ireland":         "Northern|Ireland",
		"Llanfairpwllgwyngyll Mon": "Llanfairpwllgwyngyll|Mon",
	} {
		if got := strings.Join(wrap(in, lineChars), "|"); got != want {
			t.Errorf("wrap(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegionMapCurrent(t *testing.T) {
	regions := slices.Clone(mapRegions)
	regions[1].Current = true // London, on London's own page
	got, err := RegionMap(UKTiles, regions, "London")
	if err != nil {
		t.Fatal(err)
	}
	var current []string
	parseMap(t, string(got)).walk(nil, func(n, _ *svgNode) {
		if n.XMLName.Local == "a" && n.attr("aria-current") != "" {
			current = append(current, n.attr("aria-current")+" "+n.text())
		}
	})
	if want := []string{"page London 1 project"}; !slices.Equal(current, want) {
		t.Errorf("links with aria-current: %q, want %q", current, want)
	}
}
