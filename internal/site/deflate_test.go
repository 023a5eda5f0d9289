package site

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestDeflate(t *testing.T) {
	page := []byte("<!doctype html><title>A page</title>" + strings.Repeat("<p>Words of a page, said again.</p>\n", 400))
	f := Deflate(File{Path: "a/index.html", Type: "text/html", Data: page})
	if !f.Deflated || len(f.Data) > len(page)/5 {
		t.Errorf("Deflate kept %d of %d bytes (Deflated %t), want under a fifth", len(f.Data), len(page), f.Deflated)
	}
	got, err := f.Bytes()
	if err != nil || !bytes.Equal(got, page) {
		t.Errorf("Bytes() = %d bytes, %v; want the %d bytes deflated", len(got), err, len(page))
	}
	// The same bytes deflate alike, which a session's comparison of a
	// page before and after an edit relies on; others do not.
	if again := Deflate(File{Type: "text/html", Data: bytes.Clone(page)}); !bytes.Equal(again.Data, f.Data) {
		t.Errorf("Deflate of the same bytes differs")
	}
	if other := Deflate(File{Type: "text/html", Data: append(bytes.Clone(page), '.')}); bytes.Equal(other.Data, f.Data) {
		t.Errorf("Deflate of other bytes is the same")
	}
	if twice := Deflate(f); !bytes.Equal(twice.Data, f.Data) {
		t.Errorf("Deflate of a deflated file deflated it again")
	}
	if _, err := (File{Path: "x", Data: []byte("not deflate"), Deflated: true}).Bytes(); err == nil || !strings.Contains(err.Error(), "inflating x") {
		t.Errorf("Bytes of damaged data = %v, want an error naming the file", err)
	}
}

// TestDeflateDict checks that pages deflated with the dictionary (the
// first big page) inflate to their bytes, and that a page sharing its
// chrome with that page is kept in much less than alone; small files and
// files that are not pages are deflated alone.
func TestDeflateDict(t *testing.T) {
	chrome := func(body string) []byte {
		var b strings.Builder
		b.WriteString("<!doctype html><html lang=en><head><title>Page</title>")
		for i := range 120 {
			fmt.Fprintf(&b, "<li><a href=/section-%d/>Section number %d of the site</a></li>\n", i, i)
		}
		b.WriteString(body)
		for i := range 60 {
			fmt.Fprintf(&b, "<p class=footer>Footer line %d, the same on every page.</p>\n", i)
		}
		return []byte(b.String())
	}
	// Another test's page may have made the dictionary: start afresh
	// (which no build does: files deflated before would not inflate).
	dict.mu.Lock()
	dict.ready, dict.data, dict.pool = false, nil, sync.Pool{}
	dict.mu.Unlock()
	first := Deflate(File{Path: "a.html", Type: "text/html", Data: chrome("<main>first</main>")})
	page := chrome("<main>A different page, with words of its own.</main>")
	f := Deflate(File{Path: "b.html", Type: "text/html", Data: page})
	alone := Deflate(File{Path: "b.bin", Type: "application/octet-stream", Data: page})
	for _, g := range []File{first, f, alone} {
		if _, err := g.Bytes(); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := f.Bytes()
	if !bytes.Equal(got, page) {
		t.Fatalf("a page deflated with the dictionary inflates to %d bytes, not its %d", len(got), len(page))
	}
	got, _ = alone.Bytes()
	if !bytes.Equal(got, page) {
		t.Fatalf("a file deflated alone inflates to %d bytes, not its %d", len(got), len(page))
	}
	if f.Data[0] != deflatedDict || alone.Data[0] != deflatedAlone {
		t.Errorf("forms %d and %d, want the page with the dictionary and the other file alone", f.Data[0], alone.Data[0])
	}
	if len(f.Data)*2 > len(alone.Data) {
		t.Errorf("with the dictionary the page keeps %d bytes, alone %d: want under half", len(f.Data), len(alone.Data))
	}
	small := Deflate(File{Type: "text/html", Data: []byte("<p>small</p>")})
	if small.Data[0] != deflatedAlone {
		t.Errorf("a small page was deflated with the dictionary")
	}
	if _, err := (File{Path: "y", Data: []byte{7, 1, 2}, Deflated: true}).Bytes(); err == nil || !strings.Contains(err.Error(), "inflating y") {
		t.Errorf("Bytes of an unknown form = %v, want an error naming the file", err)
	}
}
