package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/wayfinder-health/wayfinder/internal/i18n"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// A Tile is one region's place on the tile map: its column and row on a
// grid of equal squares.
type Tile struct {
	Region   string
	Col, Row int
}

// UKTiles lays out the UK's nations and England's regions as the
// statistical offices and newsrooms draw them: one equal tile each, put
// roughly where the region sits, Scotland at the top, Northern Ireland to
// the west, London and the South East in the bottom right. The names are
// those of the regions vocabulary in site.yaml.
var UKTiles = []Tile{
	{"Scotland", 1, 0},
	{"Northern Ireland", 0, 1},
	{"North East", 2, 1},
	{"North West", 1, 2},
	{"Yorkshire and the Humber", 2, 2},
	{"Wales", 0, 3},
	{"West Midlands", 1, 3},
	{"East Midlands", 2, 3},
	{"East of England", 3, 3},
	{"South West", 1, 4},
	{"London", 2, 4},
	{"South East", 3, 4},
}

// The tile map's geometry, in the units of its viewBox.
const (
	tileSize   = 104 // a tile's width and height
	tileGap    = 6
	lineChars  = 9  // the longest line of a region's name, in letters
	nameSize   = 16 // font size of a region's name
	countSize  = 14 // font size of its project count
	lineHeight = 18
)

// A MapRegion is one tile's content: a region, how many projects it has,
// and where its link leads (none when it has no projects). Current marks
// the link as leading to the page the map is on (aria-current="page"),
// as on the region's own page.
type MapRegion struct {
	Value, Label string
	Count        int
	// CountText says Count in words, as "3 projects"; the English words
	// when it is empty.
	CountText string
	URL       string
	Current   bool
}

// RegionMap draws the tile map of regions as inline SVG, each region with
// its name and its number of projects as text, a region with projects as
// a link to them, and the region named by highlight marked. Colours come
// from the site's CSS (classes region-map__*), so forced colours and print
// can change them. It reports a region that has no tile in tiles.
func RegionMap(tiles []Tile, regions []MapRegion, highlight string) (template.HTML, error) {
	byName := map[string]MapRegion{}
	for _, r := range regions {
		byName[r.Value] = r
	}
	cols, rows := 0, 0
	placed := map[string]bool{}
	for _, t := range tiles {
		cols, rows = max(cols, t.Col+1), max(rows, t.Row+1)
		placed[t.Region] = true
	}
	for _, r := range regions {
		if !placed[r.Value] {
			return "", fmt.Errorf("the region %q has no tile on the map; add it to the tile layout in internal/render/regionmap.go", r.Value)
		}
	}
	w := cols*tileSize + (cols-1)*tileGap
	h := rows*tileSize + (rows-1)*tileGap
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="region-map__svg" viewBox="0 0 %d %d" width="%d" height="%d">`, w, h, w, h)
	for _, t := range tiles {
		r, ok := byName[t.Region]
		if !ok {
			r = MapRegion{Value: t.Region, Label: t.Region}
		}
		x, y := t.Col*(tileSize+tileGap), t.Row*(tileSize+tileGap)
		class := "region-map__tile"
		if r.Count == 0 {
			class += " region-map__tile--empty"
		}
		if highlight != "" && r.Value == highlight {
			class += " region-map__tile--here"
		}
		count := r.CountText
		if count == "" {
			count = projects(r.Count)
		}
		if r.URL != "" {
			// The link's name is its text: the name, then the count.
			current := ""
			if r.Current {
				current = ` aria-current="page"`
			}
			fmt.Fprintf(&b, `<a class="region-map__link" href="%s"%s>`, template.HTMLEscapeString(r.URL), current)
		}
		fmt.Fprintf(&b, `<g class="%s"><rect x="%d" y="%d" width="%d" height="%d" rx="4" fill="#fff" stroke="currentColor"/>`, class, x, y, tileSize, tileSize)
		lines := wrap(r.Label, lineChars)
		ty := y + 10 + nameSize
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="region-map__name">`, x+8, ty)
		for i, l := range lines {
			dy := 0
			if i > 0 {
				dy = lineHeight
			}
			// The space ends the word for a screen reader, which reads
			// the lines as one name; the drawing ignores it.
			fmt.Fprintf(&b, `<tspan x="%d" dy="%d">%s </tspan>`, x+8, dy, template.HTMLEscapeString(l))
		}
		b.WriteString(`</text>`)
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="region-map__count">%s</text></g>`, x+8, y+tileSize-10, template.HTMLEscapeString(count))
		if r.URL != "" {
			b.WriteString(`</a>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), nil
}

// projects says a number of projects in English, for a site whose
// string table does not.
func projects(n int) string {
	switch n {
	case 0:
		return "No projects"
	case 1:
		return "1 project"
	}
	return strconv.Itoa(n) + " projects"
}

// mapCount returns the words for a number of projects in the language
// code, from its string table (map.none for none, count.projects for
// others), or in English where the table lacks them.
func (r *Renderer) mapCount(code string) func(int) string {
	var t *i18n.Table
	if r.set != nil {
		t = r.set.Tables().Lookup(code)
	}
	return func(n int) string {
		key := "count.projects"
		if n == 0 {
			key = "map.none"
		}
		if s, err := t.Plain(key, "n", n); err == nil {
			return s
		}
		return projects(n)
	}
}

// wrap breaks s into lines of at most n letters at spaces; a longer word
// has a line of its own.
func wrap(s string, n int) []string {
	var lines []string
	for _, w := range strings.Fields(s) {
		if k := len(lines) - 1; k >= 0 && len(lines[k])+1+len(w) <= n {
			lines[k] += " " + w
			continue
		}
		lines = append(lines, w)
	}
	return lines
}

// mapKey names one drawing of the region map: the list of pages it
// counts (by where its elements are held and how many, for the lists of
// an index do not change once made), how it links, the region it marks,
// and whether the map is on that region's own page.
type mapKey struct {
	lang      string
	list      **site.Page
	n         int
	anchors   bool
	highlight string
	current   bool
}

// regionMap is the layout function regionMap, drawn once for each list,
// link style and marked region while r renders one index: each project
// page draws the map of every project, which would otherwise count the
// whole section for every page. Its layout form is regionMap pages
// highlight anchors [current]: current says the map is on the highlighted
// region's own page, whose link is then marked as the current page. The
// counts are in the words of the language code.
func (r *Renderer) regionMap(code string, pages []*site.Page, highlight string, anchors bool, current ...bool) (template.HTML, error) {
	if len(current) > 1 {
		return "", fmt.Errorf("regionMap takes at most one current, not %d", len(current))
	}
	here := len(current) == 1 && current[0]
	k := mapKey{lang: code, n: len(pages), anchors: anchors, highlight: highlight, current: here}
	if len(pages) > 0 {
		k.list = &pages[0]
	}
	r.mapsMu.Lock()
	h, ok := r.maps[k]
	r.mapsMu.Unlock()
	if ok {
		return h, nil
	}
	h, err := regionMap(r.x.Config, pages, highlight, anchors, here, r.mapCount(code))
	if err != nil {
		return h, err
	}
	r.mapsMu.Lock()
	if r.maps == nil {
		r.maps = map[mapKey]template.HTML{}
	}
	r.maps[k] = h
	r.mapsMu.Unlock()
	return h, nil
}

// regionMap is the layout function regionMap: the map of the regions of
// pages (pathfinder projects), each region with projects linking to the
// heading #region-N of the list by region when anchors is true (as on the
// pathfinders list page, whose groups it numbers the same way), or else to
// the region's taxonomy page. current says the map is on the highlighted
// region's own page, so its link is marked as the current page. count
// says a number of projects in words.
func regionMap(cfg *site.Config, pages []*site.Page, highlight string, anchors, current bool, count func(int) string) (template.HTML, error) {
	var regions []MapRegion
	has := map[string]bool{}
	for i, g := range Groups(cfg, pages, "region", "regions") {
		u := cfg.URL(site.TermPath("regions", g.Value))
		if anchors {
			u = "#region-" + strconv.Itoa(i)
		}
		has[g.Value] = true
		regions = append(regions, MapRegion{Value: g.Value, Label: g.Label, Count: len(g.Pages), CountText: count(len(g.Pages)), URL: u,
			Current: current && !anchors && g.Value == highlight})
	}
	if v := cfg.Vocab["regions"]; v != nil {
		for _, t := range v.Terms {
			if !has[t.Value] {
				has[t.Value] = true
				regions = append(regions, MapRegion{Value: t.Value, Label: cfg.Label("regions", t.Value), CountText: count(0)})
			}
		}
	}
	for _, t := range UKTiles {
		if !has[t.Region] {
			regions = append(regions, MapRegion{Value: t.Region, Label: t.Region, CountText: count(0)})
		}
	}
	return RegionMap(UKTiles, regions, highlight)
}
