package build

import (
	"encoding/binary"
	"math"

	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/lint"
	"github.com/wayfinder-health/wayfinder/internal/markdown"
)

// The cache's index is written by hand rather than by encoding/gob, so
// that a build reads and writes only what changed: each entry is kept
// as the bytes it was read as, decoded when the build asks for it (what
// it read first, to check its key; the rest only for a page taken from
// the cache), and written back as it was read unless the page was
// rendered again. Every value is a uvarint, a string (its length, then
// its bytes), or a fixed run of bytes; a decoder checks every length
// against what is left, so a damaged entry is a miss, never a panic.
//
// An index, after the magic line:
//
//	payload: format, header, count, then count × (path, key [32], entry),
//	         settings [32], count, then count × (file, hash [32], loaded)
//	checksum: SHA-256 of the payload
//
// An entry and a loaded file are each a string (length, then bytes).
// settings is the SHA-256 of site.yaml as the loaded files were loaded
// with (see cachesrc.go).
//
// An entry: its deps (count, then kind and name of each), then its blob
// [32], size, source, content (0 or 1), diagnostics, scores, words and
// headings, each a count and then the values.

// enc appends the index's values to b; a hasher writes its parts with it.
type enc struct{ b []byte }

func (e *enc) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

func (e *enc) int(v int) { e.b = binary.AppendVarint(e.b, int64(v)) }

func (e *enc) int64(v int64) { e.b = binary.AppendVarint(e.b, v) }

func (e *enc) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *enc) float(f float64) { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(f)) }

func (e *enc) pos(p diag.Pos) {
	e.str(p.File)
	e.int(p.Line)
	e.int(p.Col)
}

// dec reads what enc wrote from s, a string so that the strings it
// returns share its memory instead of each being copied. After a read
// past the end, or a length longer than what is left, bad is set and
// every read returns a zero value.
type dec struct {
	s   string
	bad bool
}

func (d *dec) uint() uint64 {
	if d.bad {
		return 0
	}
	var v uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			d.s = d.s[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	d.bad = true
	return 0
}

func (d *dec) int() int { return int(d.int64()) }

// int64 reads what enc.int64 (or enc.int) wrote: a zig-zag varint.
func (d *dec) int64() int64 {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// count reads a number of values, each at least min bytes long: no more
// than what is left can hold.
func (d *dec) count(min int) int {
	n := d.uint()
	if n > uint64(len(d.s)/min) {
		d.bad = true
		return 0
	}
	return int(n)
}

func (d *dec) str() string {
	n := d.uint()
	if d.bad || n > uint64(len(d.s)) {
		d.bad = true
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

func (d *dec) fixed(out []byte) {
	if d.bad || len(d.s) < len(out) {
		d.bad = true
		return
	}
	copy(out, d.s)
	d.s = d.s[len(out):]
}

func (d *dec) float() float64 {
	var b [8]byte
	d.fixed(b[:])
	return math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
}

func (d *dec) pos() diag.Pos {
	return diag.Pos{File: d.str(), Line: d.int(), Col: d.int()}
}

// encodeEntry returns the encoding of e, but for its key.
func encodeEntry(e *cacheEntry) string {
	x := &enc{b: make([]byte, 0, 256)}
	x.uint(uint64(len(e.Deps)))
	for _, k := range e.Deps {
		x.uint(uint64(k.Kind))
		x.str(k.Name)
	}
	x.b = append(x.b, e.Blob[:]...)
	x.uint(uint64(e.Size))
	x.str(e.Src)
	if e.Content {
		x.uint(1)
	} else {
		x.uint(0)
	}
	x.uint(uint64(len(e.Diags)))
	for _, d := range e.Diags {
		x.pos(d.Pos)
		x.int(int(d.Severity))
		x.str(string(d.Code))
		x.str(d.Msg)
		x.str(d.Hint)
	}
	x.uint(uint64(len(e.Scores)))
	for _, s := range e.Scores {
		x.str(s.File)
		x.int(s.Words)
		x.int(s.Sentences)
		x.float(s.FKGrade)
		x.float(s.SMOGGrade)
		x.float(s.ReadingAge)
		x.float(s.Limit)
	}
	x.uint(uint64(len(e.Words)))
	for _, w := range e.Words {
		x.str(w)
	}
	x.uint(uint64(len(e.Headings)))
	for _, h := range e.Headings {
		x.int(h.Level)
		x.str(h.ID)
		x.str(h.Text)
		x.pos(h.Pos)
	}
	return string(x.b)
}

// decodeDeps reads what an entry read, which its key is made from, and
// returns the decoder at the rest of it; false when it is damaged.
func decodeDeps(raw string) ([]dep.Key, *dec, bool) {
	d := &dec{s: raw}
	deps := make([]dep.Key, d.count(2))
	for i := range deps {
		deps[i] = dep.Key{Kind: dep.Kind(d.uint()), Name: d.str()}
	}
	return deps, d, !d.bad
}

// decodeRest reads the rest of an entry into e; false when it is damaged.
func decodeRest(d *dec, e *cacheEntry) bool {
	d.fixed(e.Blob[:])
	e.Size = int(d.uint())
	e.Src = d.str()
	e.Content = d.uint() == 1
	if n := d.count(6); n > 0 {
		e.Diags = make(diag.List, n)
		for i := range e.Diags {
			e.Diags[i] = diag.Diagnostic{Pos: d.pos(), Severity: diag.Severity(d.int()), Code: diag.Code(d.str()), Msg: d.str(), Hint: d.str()}
		}
	}
	if n := d.count(35); n > 0 {
		e.Scores = make([]lint.Score, n)
		for i := range e.Scores {
			e.Scores[i] = lint.Score{File: d.str(), Words: d.int(), Sentences: d.int(),
				FKGrade: d.float(), SMOGGrade: d.float(), ReadingAge: d.float(), Limit: d.float()}
		}
	}
	if n := d.count(1); n > 0 {
		e.Words = make([]string, n)
		for i := range e.Words {
			e.Words[i] = d.str()
		}
	}
	if n := d.count(6); n > 0 {
		e.Headings = make([]markdown.Heading, n)
		for i := range e.Headings {
			e.Headings[i] = markdown.Heading{Level: d.int(), ID: d.str(), Text: d.str(), Pos: d.pos()}
		}
	}
	return !d.bad && len(d.s) == 0
}
