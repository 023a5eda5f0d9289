package textfile

import (
	"bytes"
	"testing"
	"unicode/utf16"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\nb\n", "a\nb\n"},
		{"\ufeff---\ntitle: x\n---\n", "---\ntitle: x\n---\n"},
		{"\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n", "---\ntitle: x\n---\nbody\n"},
		{"a\rb\rc", "a\nb\nc"},
		{"a\r\rb\r\n\r\n", "a\n\nb\n\n"},
		{"\r", "\n"},
		{"", ""},
		{"x\ufeff", "x\ufeff"}, // a mark inside the text is text
	} {
		got, err := Normalize([]byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("Normalize(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
		}
	}
}

func utf16LE(s string, bom bool) []byte {
	var b bytes.Buffer
	if bom {
		b.Write([]byte{0xFF, 0xFE})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.Bytes()
}

func TestNormalizeWide(t *testing.T) {
	be := []byte{0xFE, 0xFF, 0, '-', 0, '-'}
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{utf16LE("---\ntitle: x\n", true), "UTF-16 (little-endian)"},
		{utf16LE("---\ntitle: x\n", false), "UTF-16 (little-endian)"},
		{be, "UTF-16 (big-endian)"},
		{be[2:], "UTF-16 (big-endian)"},
		{[]byte{0xFF, 0xFE, 0, 0, '-', 0, 0, 0}, "UTF-32 (little-endian)"},
		{[]byte{'-', 0, 0, 0, '-', 0, 0, 0}, "UTF-32 (little-endian)"},
	} {
		_, err := Normalize(tc.in)
		e, ok := err.(*EncodingError)
		if !ok || e.Encoding != tc.want {
			t.Errorf("Normalize(% x) = %v, want %s", tc.in, err, tc.want)
		}
	}
}

// FuzzNormalize holds what the positions of every diagnostic rest on: the
// output has no CR, as many lines as the input has line endings, and each
// line is the input's line without its ending.
func FuzzNormalize(f *testing.F) {
	f.Add([]byte("\ufeff---\r\ntitle: x\r\n---\r\n"))
	f.Add([]byte("a\rb\r\n\rc"))
	f.Add(utf16LE("---\n", true))
	f.Fuzz(func(t *testing.T, src []byte) {
		got, err := Normalize(src)
		if err != nil {
			if !IsEncoding(err) {
				t.Fatalf("Normalize: %v", err)
			}
			return
		}
		if bytes.IndexByte(got, '\r') >= 0 {
			t.Fatalf("Normalize(%q) = %q keeps a CR", src, got)
		}
		in := bytes.TrimPrefix(src, bom8)
		var lines [][]byte
		for len(in) > 0 {
			i := bytes.IndexAny(in, "\r\n")
			if i < 0 {
				lines = append(lines, in)
				break
			}
			lines = append(lines, in[:i])
			if in[i] == '\r' && i+1 < len(in) && in[i+1] == '\n' {
				i++
			}
			in = in[i+1:]
			if len(in) == 0 {
				lines = append(lines, nil)
			}
		}
		want := bytes.Join(lines, []byte("\n"))
		if !bytes.Equal(got, want) {
			t.Fatalf("Normalize(%q) = %q, want %q", src, got, want)
		}
	})
}
