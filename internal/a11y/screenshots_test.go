package a11y

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wayfinder-health/wayfinder/internal/browser"
)

var (
	screenshots = flag.Bool("screenshots", false, "write docs/screenshots/*.png")
	shotDir     = flag.String("screenshots-dir", "", "write the screenshots here instead of docs/screenshots")
	shotHeight  = flag.Float64("screenshots-height", 1800, "cut off each screenshot at this many pixels, 0 for whole pages")
)

// shots are the pages docs/screenshots shows: the home page and one page
// of each kind, by file name.
var shots = []struct{ name, path string }{
	{"home", ""},
	{"pathway", "pathways/clinical-informatician/"},
	{"route", "routes/fedip/"},
	{"pathfinder", "pathfinders/bradford/"},
	{"guide", "guides/nhs-app/"},
	{"finder-question", "finder/background-clinical/"},
	{"finder-result", "finder/background-clinical/interest-data/stage-practitioner/"},
}

// TestScreenshots writes a picture of each page in shots at 320 and 1280
// pixels wide, with JavaScript on, into docs/screenshots/NAME-WIDTH.png,
// cut off at 1800 pixels high. Run it with
//
//	go test ./internal/a11y -run TestScreenshots -screenshots
//
// and add -screenshots-dir DIR -screenshots-height 0 for whole pages in
// another folder, to look over before a change.
func TestScreenshots(t *testing.T) {
	if !*screenshots {
		t.Skip("skipping: run with -screenshots to write docs/screenshots")
	}
	need(t, browser.Chromium() != "", "Chromium", "apt-get install chromium")
	dir, base := builtSite(t)
	site := browser.Serve(t, os.DirFS(dir), base)
	out := filepath.Join(repoRoot, "docs", "screenshots")
	if *shotDir != "" {
		out = *shotDir
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	b := browser.New(t)
	for _, w := range []int64{narrow, wide} {
		tab := browser.Tab(t, b, browser.Options{JavaScript: true, Width: w, Height: 800})
		// As on a phone, scrollbars take no width.
		if _, err := chromedp.Call(tab, emulation.SetScrollbarsHidden, emulation.SetScrollbarsHiddenParams{Hidden: true}); err != nil {
			t.Fatal(err)
		}
		for _, s := range shots {
			if err := chromedp.Do(tab, chromedp.Navigate(site+s.path)); err != nil {
				t.Fatalf("%s: %v", s.path, err)
			}
			h, err := browser.Eval[float64](tab, `document.documentElement.scrollHeight`)
			if err != nil {
				t.Fatal(err)
			}
			if *shotHeight > 0 {
				h = min(h, *shotHeight)
			}
			shot, err := chromedp.Call(tab, page.CaptureScreenshot, page.CaptureScreenshotParams{
				Format:                page.CaptureScreenshotFormatPng,
				Clip:                  &page.Viewport{Width: float64(w), Height: h, Scale: 1},
				CaptureBeyondViewport: new(true),
			})
			if err != nil {
				t.Fatalf("%s: %v", s.path, err)
			}
			small, err := shrink(shot.Data)
			if err != nil {
				t.Fatalf("%s: %v", s.path, err)
			}
			name := filepath.Join(out, fmt.Sprintf("%s-%d.png", s.name, w))
			if err := os.WriteFile(name, small, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%d×%.0f, %d KB)", name, w, h, len(small)/1024)
		}
	}
}

// shrink re-encodes a screenshot with a palette of its 256 commonest
// colours, which keeps a page of flat colours and text looking the same
// at about half the size.
func shrink(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	counts := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	colors := slices.SortedFunc(maps.Keys(counts), func(a, b color.RGBA) int {
		if n := counts[b] - counts[a]; n != 0 {
			return n
		}
		return int(a.R)<<16 | int(a.G)<<8 | int(a.B) - (int(b.R)<<16 | int(b.G)<<8 | int(b.B))
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colors[:min(256, len(colors))] {
		pal = append(pal, c)
	}
	out := image.NewPaletted(b, pal)
	index := map[color.RGBA]uint8{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
