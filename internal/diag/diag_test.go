package diag

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// naivePos is the plain answer Pos must match: count lines and runes from
// the start of the file.
func naivePos(src []byte, off int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < off; {
		r, size := utf8.DecodeRune(src[i:])
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

func TestLineIndexPos(t *testing.T) {
	srcs := []string{
		"",
		"a",
		"one\ntwo\n\nfour",
		strings.Repeat("é", 100) + "\n" + strings.Repeat("ab€", 50) + "\n",
		strings.Repeat("x", 63) + "\n" + strings.Repeat("日本", 40),
		strings.Repeat("[a](b) ", 200),
	}
	for _, s := range srcs {
		src := []byte(s)
		x := NewLineIndex(src)
		for off := 0; off <= len(src); off++ {
			if off < len(src) && !utf8.RuneStart(src[off]) {
				continue
			}
			line, col := naivePos(src, off)
			if got := x.Pos("f", off); got.Line != line || got.Col != col {
				t.Fatalf("Pos(%q, %d) = %d:%d, want %d:%d", s, off, got.Line, got.Col, line, col)
			}
		}
		if got := x.Pos("f", len(src)+10); got != x.Pos("f", len(src)) {
			t.Errorf("Pos past the end = %v, want the end %v", got, x.Pos("f", len(src)))
		}
	}
}

// BenchmarkLineIndexLongLine asks for the position of every link on one
// long line: the time per position must not grow with the line.
func BenchmarkLineIndexLongLine(b *testing.B) {
	for _, n := range []int{10000, 40000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			src := []byte(strings.Repeat("[a](https://example.org/) ", n))
			for b.Loop() {
				x := NewLineIndex(src)
				for off := 0; off < len(src); off += 26 {
					x.Pos("f", off)
				}
			}
		})
	}
}
