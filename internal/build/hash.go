package build

import (
	"bytes"
	"crypto/sha256"
	"math"
	"reflect"
	"slices"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// A hasher builds a key from what an output is made of: it collects the
// parts, each with its length, written as the cache's index writes its
// values (enc), and hashes them once.
type hasher struct{ enc }

func (h *hasher) bytes(b []byte) {
	h.uint(uint64(len(b)))
	h.b = append(h.b, b...)
}

func (h *hasher) sum() [32]byte { return sha256.Sum256(h.b) }

// page writes what a list or a link shows of p: which page it is and its
// front matter, but not its body. Pages of one file with the same front
// matter are the same page to their readers, whose reads of anything
// else (a body, headings, backlinks) are recorded as keys.
func (h *hasher) page(p *site.Page) {
	if p == nil {
		h.str("")
		return
	}
	h.str(p.File)
	h.str(string(p.Kind))
	h.str(p.Path)
	h.str(p.URL)
	if p.File != "" {
		h.uint(p.Source.Front)
		h.int(p.Source.Start)
		return
	}
	// A page made for a section or the home page that has no file, or a
	// generator's page.
	h.str(p.Title)
	h.str(p.Description)
	h.str(p.Section)
	h.str(p.Slug)
}

// generated returns a hash of everything a generator's page is made of:
// the page, its layouts, the pages it lists, its trail, its pager and its
// data. Two pages with the same hash render the same, but for what their
// layouts read through the template functions, which is recorded. ok is
// false when the data holds something that cannot be hashed (a function
// or a channel): then the page is rendered every time.
func generated(g *site.Generated) (sum [32]byte, ok bool) {
	h := &hasher{}
	if !h.value(reflect.ValueOf(g.Page).Elem(), 0) {
		return sum, false
	}
	h.uint(uint64(len(g.Layouts)))
	for _, l := range g.Layouts {
		h.str(l)
	}
	h.uint(uint64(len(g.Pages)))
	for _, p := range g.Pages {
		h.page(p)
	}
	for _, v := range []any{g.Crumbs, g.Pager, g.Data} {
		if !h.value(reflect.ValueOf(v), 0) {
			return sum, false
		}
	}
	return h.sum(), true
}

var (
	pageType = reflect.TypeFor[*site.Page]()
	timeType = reflect.TypeFor[time.Time]()
)

// value writes any value a generator's data holds, walking into structs,
// slices, maps and pointers; a page is written as page does. It reports
// false for what cannot be hashed, and for data nested deeper than 64
// levels, which only a cycle would make.
func (h *hasher) value(v reflect.Value, depth int) bool {
	if depth > 64 {
		return false
	}
	h.uint(uint64(v.Kind()))
	switch v.Kind() {
	case reflect.Invalid:
	case reflect.Bool:
		if v.Bool() {
			h.uint(1)
		} else {
			h.uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.int64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.uint(math.Float64bits(v.Float()))
	case reflect.String:
		h.str(v.String())
	case reflect.Pointer:
		switch {
		case v.IsNil():
			h.uint(0)
		case v.Type() == pageType:
			if !v.CanInterface() {
				return false
			}
			h.uint(1)
			h.page(v.Interface().(*site.Page))
		default:
			h.uint(1)
			return h.value(v.Elem(), depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			h.str("")
			return true
		}
		h.str(v.Elem().Type().String())
		return h.value(v.Elem(), depth+1)
	case reflect.Struct:
		if v.Type() == timeType {
			if !v.CanInterface() {
				return false
			}
			b, err := v.Interface().(time.Time).MarshalBinary()
			if err != nil {
				return false
			}
			h.bytes(b)
			return true
		}
		h.str(v.Type().String())
		for i := range v.NumField() {
			if !h.value(v.Field(i), depth+1) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		h.uint(uint64(v.Len()))
		for i := range v.Len() {
			if !h.value(v.Index(i), depth+1) {
				return false
			}
		}
	case reflect.Map:
		// In the order of the keys' own hashes, which is the same on
		// every run.
		type kv struct{ k, v []byte }
		var entries []kv
		for it := v.MapRange(); it.Next(); {
			kh, vh := &hasher{}, &hasher{}
			if !kh.value(it.Key(), depth+1) || !vh.value(it.Value(), depth+1) {
				return false
			}
			entries = append(entries, kv{kh.b, vh.b})
		}
		slices.SortFunc(entries, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
		h.uint(uint64(len(entries)))
		for _, e := range entries {
			h.bytes(e.k)
			h.bytes(e.v)
		}
	default:
		return false
	}
	return true
}
