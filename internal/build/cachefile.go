package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/wayfinder-health/wayfinder/internal/dep"
	"github.com/wayfinder-health/wayfinder/internal/diag"
	"github.com/wayfinder-health/wayfinder/internal/lint"
	"github.com/wayfinder-health/wayfinder/internal/markdown"
)

// Cache is a build's persistent cache (build -cache DIR): each page it
// published, by output path, with the hash of everything that page read
// when it was rendered (see cachekey.go), and the bytes published. A
// build with a cache renders only the pages whose inputs changed and
// takes the rest from it; what it publishes is byte for byte what a build
// without one publishes.
//
// The folder holds an index (a header, then the entries, then a SHA-256
// of both) and the published bytes of each page in blobs/, named by their
// SHA-256. An index that cannot be read, is damaged or truncated, or was
// made by another version of Wayfinder, for another site or with other
// options is ignored with a warning, and so is a blob whose bytes do not
// match its name. The index and each blob are written to a temporary file
// that is renamed into place, so a build killed while writing leaves the
// last whole cache or none; blobs no entry names are removed once the new
// index is in place. One build at a time uses a cache: it holds a lock
// (flock) on the folder's lock file, and a second build at the same time
// builds without one, with a warning.
//
// A Cache serves one build: Options.Cache, then Save once the build has
// succeeded.
type Cache struct {
	dir    string
	tool   string // the Wayfinder that builds: its version, or a hash of the program
	lock   *os.File
	old    map[string]*cacheEntry // from the index, once the header matched
	opened bool
	header cacheHeader // what this build is made by and for

	mu          sync.Mutex
	next        map[string]*cacheEntry // what this build published
	warnings    []string
	writeFailed bool // a write failed and was reported
	hits        int
	blobs       map[[32]byte]bool // blobs written by this build

	// The content files loaded, by file: from the index when it was
	// made with the same settings (site.yaml) as this build, and what
	// this build loaded, to save.
	settings [32]byte
	oldSrcs  map[string]srcEntry
	nextSrcs map[string]srcEntry
	srcHits  int // how many of them came from the index

	// unsaved: the last build that wrote blobs was not saved, so blobs
	// may be there that no index names; marked: this build wrote one;
	// lost: an entry of the index was dropped undecoded, so its blob is
	// not known.
	unsaved, marked, lost bool
}

// keepSrc keeps what a content file loaded to for the next build.
func (c *Cache) keepSrc(file string, e srcEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextSrcs[file] = e
}

// cacheFormat is the version of the index's layout; a change to what an
// entry holds or how keys are made changes it.
const cacheFormat = 2

const (
	cacheMagic = "wayfinder build cache\n"
	cacheIndex = "index"
	cacheLock  = "lock"
	cacheBlobs = "blobs"
	// cacheUnsaved marks a cache a build wrote blobs into and has not
	// saved: the next build looks through every blob for what no index
	// names (see Save).
	cacheUnsaved = "unsaved"
	tmpPrefix    = ".tmp-"
)

// cacheHeader says what a cache was made by and for: a cache for anything
// else is not used.
type cacheHeader struct {
	Format  int
	Tool    string
	Site    string // site.yaml's title
	BaseURL string // the address the site is built for, -base-url included
	Drafts  bool
	Minify  bool
	Now     string // the date content checks measure ages against
}

// cacheEntry is one published page.
type cacheEntry struct {
	Key  [32]byte  // of everything it read (see Session.outputKey)
	Deps []dep.Key // what it read, whose values make Key
	Blob [32]byte  // SHA-256 of its bytes, its name under blobs/
	Size int
	Src  string
	// What the build keeps of a rendered page besides its file: its
	// problems (warnings only: a build with errors saves no cache), its
	// readability scores, its words for the search index and the IDs of
	// its headings, for the links to them from other pages.
	Diags    diag.List
	Scores   []lint.Score
	Words    []string
	Headings []markdown.Heading
	Content  bool // a content page (its words are kept) rather than a generator's

	// raw is its encoding but for the key (see cachecodec.go): as the
	// index held it, or made when the page was kept. An entry read from
	// the index is decoded in two steps, its Deps when its key is
	// checked, the rest (rest is where it starts) when it is taken.
	raw   string
	rest  *dec
	state entryState
}

// entryState says how much of an entry read from the index is decoded.
type entryState uint8

const (
	entryRaw  entryState = iota // only its key
	entryDeps                   // and what it read
	entryFull                   // all of it; and every entry made by this build
	entryBad                    // it cannot be decoded: never used
)

// deps decodes what e read, and reports whether it could.
func (e *cacheEntry) deps() bool {
	if e.state == entryRaw {
		var ok bool
		e.Deps, e.rest, ok = decodeDeps(e.raw)
		e.state = entryDeps
		if !ok {
			e.state = entryBad
		}
	}
	return e.state != entryBad
}

// full decodes the rest of e, after deps, and reports whether it could.
func (e *cacheEntry) full() bool {
	if e.state == entryDeps {
		e.state = entryFull
		if !decodeRest(e.rest, e) {
			e.state = entryBad
		}
		e.rest = nil
	}
	return e.state == entryFull
}

type cacheFile struct {
	Header   cacheHeader
	Entries  map[string]*cacheEntry
	Settings [32]byte // site.yaml's SHA-256, as Srcs were loaded with
	Srcs     map[string]srcEntry
}

// OpenCache returns the cache in dir for a build by tool, which names the
// program (its version, or a hash of it for a build from source): a cache
// another program made is not used. The folder is made when the cache is
// saved; nothing is read until the build starts.
func OpenCache(dir, tool string) *Cache {
	return &Cache{dir: dir, tool: tool, next: map[string]*cacheEntry{}, blobs: map[[32]byte]bool{}, nextSrcs: map[string]srcEntry{}}
}

// Warnings returns why the cache, or part of it, was not used, and what
// could not be written to it.
func (c *Cache) Warnings() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.warnings
}

// Hits returns how many pages the build took from the cache.
func (c *Cache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

func (c *Cache) warn(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.warnings = append(c.warnings, fmt.Sprintf("ignoring the cache in %s: "+format, append([]any{c.dir}, args...)...))
}

// warnWrite reports the first write to the cache that failed: the build
// goes on, and the cache is not saved.
func (c *Cache) warnWrite(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.writeFailed {
		c.writeFailed = true
		c.warnings = append(c.warnings, fmt.Sprintf("cannot write to the cache in %s: %v", c.dir, cleanErr(err)))
	}
}

// open takes the lock and reads the index, keeping its entries when its
// header is want, and its loaded files when they were loaded with the
// settings whose SHA-256 is settings (if known). It warns and keeps none when the
// index cannot be read, is damaged, or is for something else; a missing
// index is a first build.
func (c *Cache) open(want cacheHeader, settings [32]byte, known bool) {
	if c.opened {
		return
	}
	c.opened = true
	c.settings = settings
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		c.warn("cannot make the folder: %v", cleanErr(err))
		return
	}
	lock, err := os.OpenFile(filepath.Join(c.dir, cacheLock), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		c.warn("cannot open its lock file: %v", cleanErr(err))
		return
	}
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		lock.Close()
		c.warn("another build is using it")
		return
	}
	c.lock = lock
	_, err = os.Lstat(filepath.Join(c.dir, cacheUnsaved))
	c.unsaved = err == nil
	c.sweep()
	data, err := os.ReadFile(filepath.Join(c.dir, cacheIndex))
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		c.warn("cannot read %s: %v", cacheIndex, cleanErr(err))
		return
	}
	f, why := decodeCache(data)
	if why != "" {
		c.warn("%s", why)
		return
	}
	if why := mismatch(f.Header, want); why != "" {
		c.warn("%s", why)
		return
	}
	c.old = f.Entries
	if known && f.Settings == settings {
		c.oldSrcs = f.Srcs
	}
}

// decodeCache reads an index, or says why it cannot be trusted. Its
// entries are left as their bytes, to be decoded when they are used.
func decodeCache(data []byte) (*cacheFile, string) {
	body, ok := bytes.CutPrefix(data, []byte(cacheMagic))
	if !ok {
		return nil, "its index is not a Wayfinder cache index"
	}
	if len(body) < sha256.Size {
		return nil, "its index is truncated (a build may have been stopped while writing it)"
	}
	payload, sum := body[:len(body)-sha256.Size], body[len(body)-sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, "its index is damaged or truncated: its checksum does not match"
	}
	d := &dec{s: string(payload)}
	if v := d.uint(); v != cacheFormat {
		return nil, fmt.Sprintf("its index is in another format (%d), and this Wayfinder reads format %d", v, cacheFormat)
	}
	f := &cacheFile{Header: cacheHeader{Format: cacheFormat, Tool: d.str(), Site: d.str(), BaseURL: d.str(),
		Drafts: d.uint() == 1, Minify: d.uint() == 1, Now: d.str()}}
	n := d.count(1 + sha256.Size + 1)
	f.Entries = make(map[string]*cacheEntry, n)
	for range n {
		p := d.str()
		e := &cacheEntry{}
		d.fixed(e.Key[:])
		e.raw = d.str()
		f.Entries[p] = e
	}
	d.fixed(f.Settings[:])
	n = d.count(1 + 2*sha256.Size)
	f.Srcs = make(map[string]srcEntry, n)
	for range n {
		p := d.str()
		var e srcEntry
		d.fixed(e.hash[:])
		e.raw = d.str()
		f.Srcs[p] = e
	}
	if d.bad || len(d.s) > 0 {
		return nil, "its index cannot be decoded"
	}
	return f, ""
}

// encodeCache returns the index of f.
func encodeCache(f *cacheFile) []byte {
	h, entries := f.Header, f.Entries
	paths := slices.Sorted(maps.Keys(entries))
	files := slices.Sorted(maps.Keys(f.Srcs))
	n := len(cacheMagic) + 64 + len(h.Tool) + len(h.Site) + len(h.BaseURL) + len(h.Now) + 2*sha256.Size
	for _, p := range paths {
		n += len(p) + sha256.Size + len(entries[p].raw) + 2*binary.MaxVarintLen32
	}
	for _, p := range files {
		n += len(p) + sha256.Size + len(f.Srcs[p].raw) + 2*binary.MaxVarintLen32
	}
	x := &enc{b: make([]byte, 0, n)}
	x.b = append(x.b, cacheMagic...)
	x.uint(uint64(h.Format))
	x.str(h.Tool)
	x.str(h.Site)
	x.str(h.BaseURL)
	x.uint(b2u(h.Drafts))
	x.uint(b2u(h.Minify))
	x.str(h.Now)
	x.uint(uint64(len(paths)))
	for _, p := range paths {
		e := entries[p]
		x.str(p)
		x.b = append(x.b, e.Key[:]...)
		x.str(e.raw)
	}
	x.b = append(x.b, f.Settings[:]...)
	x.uint(uint64(len(files)))
	for _, p := range files {
		e := f.Srcs[p]
		x.str(p)
		x.b = append(x.b, e.hash[:]...)
		x.str(e.raw)
	}
	sum := sha256.Sum256(x.b[len(cacheMagic):])
	return append(x.b, sum[:]...)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// mismatch says how a cache's header differs from the build's, or "".
func mismatch(got, want cacheHeader) string {
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	switch {
	case got.Tool != want.Tool:
		return fmt.Sprintf("it was made by another version of Wayfinder (%s; this is %s)", got.Tool, want.Tool)
	case got.Site != want.Site:
		return fmt.Sprintf("it was made for another site (%q; this is %q)", got.Site, want.Site)
	case got.BaseURL != want.BaseURL:
		return fmt.Sprintf("it was made for the address %s, and this build is for %s (-base-url or baseURL)", got.BaseURL, want.BaseURL)
	case got.Drafts != want.Drafts:
		return fmt.Sprintf("it was made with -drafts %s, and this build has it %s", onOff(got.Drafts), onOff(want.Drafts))
	case got.Minify != want.Minify:
		return fmt.Sprintf("it was made with -minify %s, and this build has it %s", onOff(got.Minify), onOff(want.Minify))
	case got.Now != want.Now:
		return fmt.Sprintf("it was made with the date %s, and this build measures ages from %s", got.Now, want.Now)
	}
	return ""
}

// sweep removes the temporary files that builds killed while writing left.
func (c *Cache) sweep() {
	remove := func(dir string) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), tmpPrefix) {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
	remove(c.dir)
	if !c.unsaved {
		// Blobs are written only by a build that marked the cache
		// unsaved first.
		return
	}
	subs, _ := os.ReadDir(filepath.Join(c.dir, cacheBlobs))
	for _, s := range subs {
		if s.IsDir() {
			remove(filepath.Join(c.dir, cacheBlobs, s.Name()))
		}
	}
}

func (c *Cache) blobPath(sum [32]byte) string {
	name := hex.EncodeToString(sum[:])
	return filepath.Join(c.dir, cacheBlobs, name[:2], name)
}

// readBlob returns the bytes of a published page, read into buf when it
// is large enough, or false when its blob is missing or does not match
// its name; then the page is rendered again.
func (c *Cache) readBlob(e *cacheEntry, path string, buf []byte) ([]byte, bool) {
	data, err := readFile(c.blobPath(e.Blob), e.Size, buf)
	if err != nil {
		c.warn("cannot read the copy of /%s: %v", path, cleanErr(err))
		return nil, false
	}
	if len(data) != e.Size || sha256.Sum256(data) != e.Blob {
		c.warn("the copy of /%s is damaged", path)
		// The page is rendered again, and its bytes written afresh.
		os.Remove(c.blobPath(e.Blob))
		return nil, false
	}
	return data, true
}

// readFile reads the file name, expected to hold size bytes, into buf
// if it is large enough, with fewer system calls than os.ReadFile makes
// (no poller, no fstat): a warm build reads a blob for every page. What it
// returns may be longer or shorter than size.
func readFile(name string, size int, buf []byte) ([]byte, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	b := buf[:cap(buf)]
	if len(b) < size+1 {
		b = make([]byte, size+1+size/4)
	}
	b = b[:size+1]
	n := 0
	for n < len(b) {
		m, err := unix.Read(fd, b[n:])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return nil, err
		case m == 0:
			return b[:n], nil
		}
		n += m
	}
	return b[:n], nil
}

// writeBlob stores the bytes of a published page under their hash.
func (c *Cache) writeBlob(data []byte) ([32]byte, error) {
	sum := sha256.Sum256(data)
	c.mu.Lock()
	done := c.blobs[sum]
	c.blobs[sum] = true
	c.mu.Unlock()
	if done {
		return sum, nil
	}
	name := c.blobPath(sum)
	if info, err := os.Stat(name); err == nil && info.Size() == int64(len(data)) {
		// Already there from an earlier build; its bytes are checked when
		// it is read.
		return sum, nil
	}
	if err := c.mark(); err != nil {
		return sum, err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return sum, err
	}
	return sum, writeAtomic(name, data)
}

// mark marks the cache unsaved, before the first blob this build writes.
func (c *Cache) mark() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.marked || c.unsaved {
		return nil
	}
	c.marked = true
	return os.WriteFile(filepath.Join(c.dir, cacheUnsaved), nil, 0o644)
}

// writeAtomic writes data to a temporary file beside name and renames it
// into place, so that name holds either its old bytes or all the new ones.
func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), tmpPrefix)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Close lets the cache go without saving it, as after a failed build. It
// does nothing after Save.
func (c *Cache) Close() {
	if c.lock != nil {
		c.lock.Close()
		c.lock = nil
	}
}

// Save writes the cache: an index of every page this build published,
// written whole and renamed into place, then removes the blobs it no
// longer names. A build that failed should not save its cache. It lets
// the cache go; c serves no other build.
func (c *Cache) Save() error {
	if c.lock == nil {
		return nil // the cache was not opened, or another build has it
	}
	if c.writeFailed {
		c.Close()
		return nil // a blob could not be written: the index would name it
	}
	defer c.Close()
	c.mu.Lock()
	data := encodeCache(&cacheFile{Header: c.header, Entries: c.next, Settings: c.settings, Srcs: c.nextSrcs})
	c.mu.Unlock()
	if err := writeAtomic(filepath.Join(c.dir, cacheIndex), data); err != nil {
		return fmt.Errorf("writing the cache in %s: %w", c.dir, err)
	}
	keep := map[[32]byte]bool{}
	for _, e := range c.next {
		keep[e.Blob] = true
	}
	// The blobs no entry names now: those of the entries the old index
	// had and this one does not, unless a build wrote blobs and was not
	// saved, or the old index was not used; then every blob is looked at.
	all := c.unsaved || c.lost || c.old == nil
	var drop [][32]byte
	for b := range c.blobs {
		if !keep[b] {
			drop = append(drop, b)
		}
	}
	for p, e := range c.old {
		if all {
			break
		}
		switch {
		case c.next[p] == e:
		case e.deps() && e.full():
			if !keep[e.Blob] {
				drop = append(drop, e.Blob)
			}
		default:
			all = true
		}
	}
	if !all {
		for _, b := range drop {
			os.Remove(c.blobPath(b))
		}
		os.Remove(filepath.Join(c.dir, cacheUnsaved))
		return nil
	}
	names := map[string]bool{}
	for b := range keep {
		names[hex.EncodeToString(b[:])] = true
	}
	root := filepath.Join(c.dir, cacheBlobs)
	subs, _ := os.ReadDir(root)
	for _, s := range subs {
		if !s.IsDir() {
			continue
		}
		entries, _ := os.ReadDir(filepath.Join(root, s.Name()))
		for _, e := range entries {
			if !names[e.Name()] {
				os.Remove(filepath.Join(root, s.Name(), e.Name()))
			}
		}
	}
	os.Remove(filepath.Join(c.dir, cacheUnsaved))
	return nil
}

// cleanErr returns the reason an operation on a file failed, without the
// operation and path.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
