package search

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// Sizes the index's files are cut to, in bytes of JSON before
// compression. A shard holds terms until the next would take it past
// ShardSize (a term with more postings than that has a shard of its own);
// a word list holds words of neighbouring lengths up to WordsSize.
const (
	ShardSize = 24 << 10
	WordsSize = 32 << 10
	ChunkSize = 32 // pages to a chunk of page titles and descriptions
	// A site of up to SmallSite pages has chunks of SmallChunk pages:
	// the first results come from a few chunks at most, and fewer, larger
	// files compress better.
	SmallSite  = 512
	SmallChunk = 128
)

// Version is the manifest's format; search.js refuses any other.
// Version 4 added lang: only an English index has its words stemmed.
const Version = 4

// Manifest is the index's table of contents, written to
// search/index.HASH.json. Files are named search/K.HASH.json, K being t
// for a shard, p for a chunk of pages and w for a word list, and HASH the
// first 10 hex digits of the SHA-256 of the file.
type Manifest struct {
	Version  int          `json:"v"`
	Lang     string       `json:"lang"` // the index's language: see Stemmed
	Base     string       `json:"base"`
	Stop     []string     `json:"stop"`
	Sections []string     `json:"sections"`
	Groups   [][2]int     `json:"groups"` // [first page, weight]
	Pages    int          `json:"pages"`  // how many
	Chunk    int          `json:"chunk"`  // pages to a chunk
	Chunks   []string     `json:"chunks"` // hashes, in page order
	Shards   [][2]string  `json:"shards"` // [first term, hash], in term order
	Words    []WordsFile  `json:"words"`
	Synonyms [][][]string `json:"synonyms"`
}

// WordsFile names the list of the words from Len runes long up to the
// next list's Len.
type WordsFile struct {
	Len  int
	Hash string
}

// MarshalJSON writes a words file as [len, hash].
func (w WordsFile) MarshalJSON() ([]byte, error) { return json.Marshal([]any{w.Len, w.Hash}) }

// UnmarshalJSON reads what MarshalJSON writes.
func (w *WordsFile) UnmarshalJSON(b []byte) error {
	var a []json.RawMessage
	if err := json.Unmarshal(b, &a); err != nil || len(a) != 2 {
		return fmt.Errorf("a word list is [len, hash]: %s", b)
	}
	if err := json.Unmarshal(a[0], &w.Len); err != nil {
		return err
	}
	return json.Unmarshal(a[1], &w.Hash)
}

// FilePath returns the path of an index file of kind k ("t", "p", "w",
// "index") and hash under the site.
func FilePath(k, hash string) string { return site.SearchPath + k + "." + hash + ".json" }

// Integrity returns the Subresource Integrity value of data.
func Integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// Less orders terms as JavaScript compares strings, by UTF-16 code units,
// so that the script finds a term's shard by the manifest's order.
func Less(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return unit(ra) < unit(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b != ""
}

// unit returns the first UTF-16 code unit of r.
func unit(r rune) rune {
	if r >= 0x10000 {
		hi, _ := utf16.EncodeRune(r)
		return hi
	}
	return r
}

// compareTerms is Less as a comparison, for sorting.
func compareTerms(a, b string) int {
	switch {
	case Less(a, b):
		return -1
	case Less(b, a):
		return 1
	}
	return 0
}

// Files cuts the index into its files: the manifest last, and returned
// alone too, for the search page to name with its integrity. Every file
// is in its published form.
func (x *Index) Files() (files []site.File, manifest site.File, err error) { return x.files(nil) }

// fileMemo is what the last index of a language was cut into, for the
// next to reuse where it is the same: each term's encoded postings, each
// chunk of pages, and each file's hash. An edit to one page's text
// changes a few terms' postings, and so a few shards.
type fileMemo struct {
	added  []*pageTerms // what each page added to the index, by number
	terms  map[string]termMemo
	lens   map[int]lenMemo // the word lists' rows, by length
	chunks [][]Page        // the pages of each chunk
	files  map[string]site.File
}

type termMemo struct{ name, entry []byte }

// lenMemo is the encoded rows of the words of one length.
type lenMemo struct {
	terms []string
	data  []byte
}

// files is Files, reusing what m holds of the last index, when m is not
// nil, and keeping this one's in it.
func (x *Index) files(memo *fileMemo) (files []site.File, manifest site.File, err error) {
	if memo == nil {
		memo = &fileMemo{}
	}
	prevFiles := memo.files
	memo.files = map[string]site.File{}
	m := Manifest{Version: Version, Lang: x.Lang, Base: x.Base, Stop: x.Stop, Sections: x.Sections, Pages: len(x.Pages),
		Chunk: ChunkSize, Synonyms: x.Synonyms}
	if len(x.Pages) <= SmallSite {
		m.Chunk = SmallChunk
	}
	if m.Sections == nil {
		m.Sections = []string{}
	}
	if m.Synonyms == nil {
		m.Synonyms = [][][]string{}
	}
	for _, g := range x.Groups {
		m.Groups = append(m.Groups, [2]int{g.First, g.Weight})
	}
	// A file is named by its hash: one the same as the file of its kind
	// and number last time has its name.
	counts := map[string]int{}
	put := func(kind string, data []byte) string {
		k := fmt.Sprint(kind, counts[kind])
		counts[kind]++
		f, ok := prevFiles[k]
		if !ok || !bytes.Equal(f.Data, data) {
			sum := sha256.Sum256(data)
			hash := hex.EncodeToString(sum[:5])
			f = site.File{Path: FilePath(kind, hash), Type: "application/json", Data: data, Minified: true}
		}
		memo.files[k] = f
		files = append(files, f)
		return strings.TrimSuffix(strings.TrimPrefix(f.Path, site.SearchPath+kind+"."), ".json")
	}

	// Chunks of pages.
	prevChunks := memo.chunks
	memo.chunks = nil
	for i := 0; i < len(x.Pages); i += m.Chunk {
		pages := x.Pages[i:min(i+m.Chunk, len(x.Pages))]
		memo.chunks = append(memo.chunks, pages)
		n := len(memo.chunks) - 1
		if f, ok := prevFiles[fmt.Sprint("p", n)]; ok && n < len(prevChunks) && slices.Equal(prevChunks[n], pages) {
			m.Chunks = append(m.Chunks, put("p", f.Data))
			continue
		}
		var rows [][]any
		for _, p := range pages {
			rows = append(rows, []any{p.Title, p.Path, p.Section, p.Description})
		}
		data, err := marshal(rows)
		if err != nil {
			return nil, site.File{}, err
		}
		m.Chunks = append(m.Chunks, put("p", data))
	}

	// Shards of terms, each named by the shortest start of its first term
	// that is past the last term of the shard before.
	terms := slices.SortedFunc(maps.Keys(x.Terms), compareTerms)
	var shard bytes.Buffer
	var key, prev string
	flush := func() error {
		if shard.Len() == 0 {
			return nil
		}
		shard.WriteByte('}')
		m.Shards = append(m.Shards, [2]string{key, put("t", bytes.Clone(shard.Bytes()))})
		shard.Reset()
		return nil
	}
	prevTerms := memo.terms
	memo.terms = make(map[string]termMemo, len(terms))
	for i, t := range terms {
		tm, ok := prevTerms[t]
		if !ok || x.changed == nil || x.changed[t] {
			if tm.entry, err = marshal(x.Terms[t]); err != nil {
				return nil, site.File{}, err
			}
			if tm.name == nil {
				tm.name, _ = marshal(t)
			}
		}
		memo.terms[t] = tm
		name, entry := tm.name, tm.entry
		if shard.Len() > 0 && shard.Len()+len(name)+len(entry)+2 > ShardSize {
			flush()
		}
		if shard.Len() == 0 {
			key = ""
			if i > 0 {
				key = shortestAfter(prev, t)
			}
			shard.WriteByte('{')
		} else {
			shard.WriteByte(',')
		}
		shard.Write(name)
		shard.WriteByte(':')
		shard.Write(entry)
		prev = t
	}
	flush()
	if m.Shards == nil {
		m.Shards = [][2]string{}
	}

	// Lists of words by length, for corrections: [term, pages, forms...],
	// pages left out when 1, and the forms as Index.Forms has them, each
	// that begins with the term written as ~ and the rest ("~ions").
	byLen := map[int][]string{}
	for _, t := range terms {
		if Correctable(t) {
			n := utf8.RuneCountInString(t)
			byLen[n] = append(byLen[n], t)
		}
	}
	// A list's file is the rows of its lengths in one JSON array: each
	// length's rows are encoded once, and again only when one of its
	// terms changed.
	prevLens := memo.lens
	memo.lens = map[int]lenMemo{}
	var list [][]byte // the encoded rows of each length in the list
	size, from := 0, 0
	flushWords := func() {
		data := []byte{'['}
		for i, rows := range list {
			if i > 0 {
				data = append(data, ',')
			}
			data = append(data, rows[1:len(rows)-1]...)
		}
		data = append(data, ']')
		m.Words = append(m.Words, WordsFile{Len: from, Hash: put("w", data)})
		list, size = nil, 0
	}
	lens := slices.Sorted(maps.Keys(byLen))
	for _, n := range lens {
		lm, ok := prevLens[n]
		if !ok || x.changed == nil || !slices.Equal(lm.terms, byLen[n]) || slices.ContainsFunc(byLen[n], func(t string) bool { return x.changed[t] }) {
			var rows []any
			for _, t := range byLen[n] {
				row := []any{t}
				if n := len(x.Terms[t]); n > 1 {
					row = append(row, n)
				}
				for _, f := range x.Forms[t] {
					if rest, ok := strings.CutPrefix(f, t); ok {
						f = "~" + rest
					}
					row = append(row, f)
				}
				rows = append(rows, row)
			}
			data, err := marshal(rows)
			if err != nil {
				return nil, site.File{}, err
			}
			lm = lenMemo{terms: byLen[n], data: data}
		}
		memo.lens[n] = lm
		data := lm.data
		if len(list) > 0 && size+len(data) > WordsSize {
			flushWords()
		}
		if len(list) == 0 {
			from = n
		}
		list = append(list, data)
		size += len(data)
	}
	if len(list) > 0 {
		flushWords()
	}
	if m.Words == nil {
		m.Words = []WordsFile{}
	}

	data, err := marshal(m)
	if err != nil {
		return nil, site.File{}, err
	}
	put("index", data)
	return files, files[len(files)-1], nil
}

// shortestAfter returns the shortest start of t that orders after prev
// (prev orders before t).
func shortestAfter(prev, t string) string {
	for i := range t {
		if i > 0 && Less(prev, t[:i]) {
			return t[:i]
		}
	}
	return t
}

// marshal is json.Marshal without HTML escaping, which the index does
// not need: its files are fetched as JSON, never put in a page.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Read puts the index back together from its files, as the script sees
// them: files maps a file's path under the site to its data, and the
// other files are beside the manifest. It is for tests and tools.
func Read(files map[string][]byte, manifestPath string) (*Manifest, *Index, error) {
	var m Manifest
	if err := json.Unmarshal(files[manifestPath], &m); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", manifestPath, err)
	}
	dir := manifestPath[:strings.LastIndexByte(manifestPath, '/')+1]
	file := func(k, hash string) []byte { return files[dir+strings.TrimPrefix(FilePath(k, hash), site.SearchPath)] }
	x := &Index{Base: m.Base, Lang: m.Lang, Stop: m.Stop, Sections: m.Sections, Synonyms: m.Synonyms,
		Terms: map[string][]int{}, Forms: map[string][]string{}}
	for _, g := range m.Groups {
		x.Groups = append(x.Groups, Group{First: g[0], Weight: g[1]})
	}
	for _, h := range m.Chunks {
		var rows [][4]json.RawMessage
		if err := json.Unmarshal(file("p", h), &rows); err != nil {
			return nil, nil, fmt.Errorf("chunk %s: %w", h, err)
		}
		for _, r := range rows {
			var p Page
			for i, dst := range []any{&p.Title, &p.Path, &p.Section, &p.Description} {
				if err := json.Unmarshal(r[i], dst); err != nil {
					return nil, nil, err
				}
			}
			x.Pages = append(x.Pages, p)
		}
	}
	for _, s := range m.Shards {
		var terms map[string][]int
		if err := json.Unmarshal(file("t", s[1]), &terms); err != nil {
			return nil, nil, fmt.Errorf("shard %s: %w", s[1], err)
		}
		for t, ps := range terms {
			if Less(t, s[0]) {
				return nil, nil, fmt.Errorf("shard %s holds %q, before its first term %q", s[1], t, s[0])
			}
			x.Terms[t] = ps
		}
	}
	for _, w := range m.Words {
		var rows [][]json.RawMessage
		if err := json.Unmarshal(file("w", w.Hash), &rows); err != nil {
			return nil, nil, fmt.Errorf("words %s: %w", w.Hash, err)
		}
		for _, r := range rows {
			var t string
			json.Unmarshal(r[0], &t)
			for _, f := range r[1:] {
				var s string
				if json.Unmarshal(f, &s) != nil {
					continue // the page count
				}
				if rest, ok := strings.CutPrefix(s, "~"); ok {
					s = t + rest
				}
				x.Forms[t] = append(x.Forms[t], s)
			}
		}
	}
	if !strings.HasSuffix(dir, site.SearchPath) {
		return nil, nil, fmt.Errorf("the manifest %s is not in a folder %s", manifestPath, site.SearchPath)
	}
	return &m, x, nil
}
