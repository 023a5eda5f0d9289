package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/content"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/site"
)

// A cache also keeps what loading each content file made (its page, or
// the page with errors, and its problems), by the file's SHA-256, so that
// a build after an edit decodes the front matter of the edited files
// only. Loading reads a file, site.yaml's settings (whose bytes are in
// the cache's header) and nothing else, so the same bytes load to the
// same page. The pages are written with a codec that follows their types
// by reflection (encodeValue), which refuses any type it cannot write
// exactly (a map, an interface, an unexported field): a page it refuses
// is not kept, and TestSourceCodec holds every page of the portal to a
// round trip.

// loaded is what loading one content file made.
type loaded struct {
	Page    *site.Page
	Invalid *site.Page
	Diags   diag.List
}

// srcEntry is a loaded file in the cache: the SHA-256 of its bytes and
// the encoding of what it loaded to.
type srcEntry struct {
	hash [32]byte
	raw  string
}

var errNotCoded = errors.New("the cache cannot keep this value")

// encodeValue appends v to x, or fails for a value it cannot write so
// that decodeValue reads it back the same.
func encodeValue(x *enc, v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		x.str(v.String())
	case reflect.Bool:
		x.uint(b2u(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x.int64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		x.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		x.float(v.Float())
	case reflect.Pointer:
		if v.IsNil() {
			x.uint(0)
			return nil
		}
		x.uint(1)
		return encodeValue(x, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			x.uint(0)
			return nil
		}
		x.uint(uint64(v.Len()) + 1)
		if v.Type().Elem().Kind() == reflect.Uint8 {
			x.b = append(x.b, v.Bytes()...)
			return nil
		}
		for i := range v.Len() {
			if err := encodeValue(x, v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			if err := encodeValue(x, v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		if v.Type() == timeType {
			b, err := v.Interface().(time.Time).MarshalBinary()
			if err != nil {
				return err
			}
			x.str(string(b))
			return nil
		}
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				return fmt.Errorf("%w: %s.%s is unexported", errNotCoded, t, t.Field(i).Name)
			}
			if err := encodeValue(x, v.Field(i)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%w: %s", errNotCoded, v.Type())
	}
	return nil
}

// decodeValue reads into v, settable, what encodeValue wrote of a value
// of its type. A damaged encoding sets d.bad.
func decodeValue(d *dec, v reflect.Value) {
	if d.bad {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(d.str())
	case reflect.Bool:
		v.SetBool(d.uint() == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(d.int64())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(d.uint())
	case reflect.Float32, reflect.Float64:
		v.SetFloat(d.float())
	case reflect.Pointer:
		if d.uint() == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		decodeValue(d, p.Elem())
		v.Set(p)
	case reflect.Slice:
		n := d.count(1)
		if n == 0 || d.bad {
			return
		}
		n--
		if v.Type().Elem().Kind() == reflect.Uint8 {
			var b []byte
			if n <= len(d.s) {
				b = []byte(d.s[:n])
				d.s = d.s[n:]
			} else {
				d.bad = true
			}
			v.SetBytes(b)
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			decodeValue(d, s.Index(i))
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			decodeValue(d, v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == timeType {
			var t time.Time
			if err := t.UnmarshalBinary([]byte(d.str())); err != nil {
				d.bad = true
			}
			v.Set(reflect.ValueOf(t))
			return
		}
		for i := range v.NumField() {
			decodeValue(d, v.Field(i))
		}
	default:
		d.bad = true
	}
}

// encodeLoaded returns the encoding of l, or false when it has a value
// the codec cannot keep.
func encodeLoaded(l *loaded) (string, bool) {
	x := &enc{b: make([]byte, 0, 1024)}
	if err := encodeValue(x, reflect.ValueOf(l).Elem()); err != nil {
		return "", false
	}
	return string(x.b), true
}

// decodeLoaded reads what encodeLoaded wrote; false when it is damaged.
func decodeLoaded(raw string) (*loaded, bool) {
	d := &dec{s: raw}
	l := &loaded{}
	decodeValue(d, reflect.ValueOf(l).Elem())
	return l, !d.bad && len(d.s) == 0
}

// loadFile loads one content file, from the cache when it holds what the
// file's bytes load to; a file loaded afresh is kept for the next build.
func (s *Session) loadFile(f string) (page, invalid *site.Page, diags diag.List) {
	c := s.opts.Cache
	if c == nil || c.lock == nil || s.emit == nil {
		return content.LoadFileLazy(s.fsys, s.cfg, f)
	}
	src, d := content.ReadSource(s.fsys, s.cfg, f)
	if d != nil {
		diags.Add(*d)
		return nil, nil, diags
	}
	hash := sha256.Sum256(src)
	c.mu.Lock()
	e, hit := c.oldSrcs[f]
	c.mu.Unlock()
	if hit && e.hash == hash {
		if l, ok := decodeLoaded(e.raw); ok {
			c.keepSrc(f, e)
			c.mu.Lock()
			c.srcHits++
			c.mu.Unlock()
			return l.Page, l.Invalid, l.Diags
		}
		c.warn("its entry for %s is damaged", f)
	}
	page, invalid, diags = content.LoadSourceLazy(s.fsys, s.cfg, f, src)
	if page != nil {
		if raw, ok := encodeLoaded(&loaded{Page: page, Invalid: invalid, Diags: diags}); ok {
			c.keepSrc(f, srcEntry{hash: hash, raw: raw})
		}
	}
	return page, invalid, diags
}
