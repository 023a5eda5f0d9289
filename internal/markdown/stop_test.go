package markdown

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// longPages are pages of about size bytes that keep each part of goldmark
// busy: the block parser (many short blocks), the inline parser (one
// paragraph of words, one line of links) and the renderer (many headings).
func longPages(size int) map[string]string {
	pages := map[string]string{}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "## Heading %d\n\nSome text with a [link](https://example.org/%d) and *emphasis*.\n\n- one\n- two\n\n", i, i)
	}
	pages["mixed blocks"] = b.String()
	pages["one paragraph"] = strings.Repeat("word ", size/5)
	b.Reset()
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "[a](https://example.org/%d) ", i)
	}
	pages["links on one line"] = b.String()
	pages["same headings"] = strings.Repeat("## Same\n\ntext\n\n", size/15)
	return pages
}

// TestRenderContextStops cancels the render of long pages part way, and
// checks that it stops with the context's error instead of finishing the
// page (several seconds of work for each of these, and far more on a
// loaded machine). How soon it stops is logged; the bound checked is
// loose, so that a loaded machine does not fail it: the signal test in
// cmd/wayfinder holds a whole build to a second.
func TestRenderContextStops(t *testing.T) {
	if testing.Short() {
		t.Skip("renders pages of 8 MB")
	}
	r := New()
	for name, src := range longPages(8 << 20) {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			at := make(chan time.Time, 1)
			time.AfterFunc(100*time.Millisecond, func() { at <- time.Now(); cancel() })
			doc, _, err := r.RenderContext(ctx, "x.md", []byte(src), func(Link) (Dest, string) { return Dest{URL: "/x/"}, "" })
			after := time.Since(<-at)
			if !errors.Is(err, context.Canceled) || doc != nil {
				t.Fatalf("RenderContext = %v, %v; want no document and context.Canceled", doc != nil, err)
			}
			t.Logf("stopped %v after the cancel", after.Round(time.Millisecond))
			if after > 5*time.Second {
				t.Errorf("RenderContext stopped %v after its context was cancelled, want within moments", after)
			}
		})
	}
}

// TestRenderContextDone renders nothing once the context is done, and a
// whole page while it is not.
func TestRenderContextDone(t *testing.T) {
	src := []byte(longPages(64 << 10)["mixed blocks"])
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if doc, _, err := New().RenderContext(ctx, "x.md", src, nil); doc != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("RenderContext(done) = %v, %v; want nil and context.Canceled", doc, err)
	}
	doc, _, err := New().RenderContext(t.Context(), "x.md", src, nil)
	want, _ := New().Render("x.md", src, nil)
	if err != nil || string(doc.HTML) != string(want.HTML) {
		t.Errorf("RenderContext = %v, and HTML the same as Render's: %v", err, err == nil && string(doc.HTML) == string(want.HTML))
	}
}
