package site

import (
	"bytes"
	"strings"
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
	if again := Deflate(File{Data: bytes.Clone(page)}); !bytes.Equal(again.Data, f.Data) {
		t.Errorf("Deflate of the same bytes differs")
	}
	if other := Deflate(File{Data: append(bytes.Clone(page), '.')}); bytes.Equal(other.Data, f.Data) {
		t.Errorf("Deflate of other bytes is the same")
	}
	if twice := Deflate(f); !bytes.Equal(twice.Data, f.Data) {
		t.Errorf("Deflate of a deflated file deflated it again")
	}
	if _, err := (File{Path: "x", Data: []byte("not deflate"), Deflated: true}).Bytes(); err == nil || !strings.Contains(err.Error(), "inflating x") {
		t.Errorf("Bytes of damaged data = %v, want an error naming the file", err)
	}
}
