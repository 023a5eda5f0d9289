// Package diag describes problems found in a site's files: a position, a
// severity, a stable code naming the rule, a message in plain words and an
// optional hint.
//
// A Diagnostic is a problem in the user's input, never a failure of the tool
// itself. Diagnostics are collected into a List, sorted by file and position,
// and printed all at once in the compiler style that editors understand:
//
//	content/pathfinders/leeds.md:7:9: error: unknown region "Yorkshre" (did you mean "Yorkshire and the Humber"?) [vocabulary]
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build and check.
	Error Severity = iota
	// Warning is reported but fails only `check --strict`.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes s as "error" or "warning".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a position in a file of the site. File is relative to the site root
// and uses forward slashes. Line and Col count from 1; zero means unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem in a site's files.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	Msg      string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// Text returns the message with its hint, as a person reads it.
func (d Diagnostic) Text() string {
	if d.Hint == "" {
		return d.Msg
	}
	return d.Msg + " (" + d.Hint + ")"
}

func (d Diagnostic) String() string {
	s := fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Text())
	if d.Code != "" {
		s += " [" + string(d.Code) + "]"
	}
	return s
}

// A Code names the rule a diagnostic reports, such as "broken-link". Codes
// are stable: editors, CI annotations and people's notes refer to them.
// The codes the build's own stages report are the constants below; other
// packages name theirs where they report them.
type Code string

// Codes of the build's stages. Each says what the user did and what to do.
const (
	// Read: a file of the site could not be read (permissions, a file
	// removed while the build ran).
	Read Code = "read"
	// Write: an output could not be written.
	Write Code = "write"
	// Template: a layout failed to parse or to execute, or no layout
	// fits a page.
	Template Code = "template"
	// Internal: Wayfinder failed on this input; a bug to report.
	Internal Code = "internal"
	// Symlink: a symbolic link that the build does not follow.
	Symlink Code = "symlink"
	// Minify: a stylesheet or script could not be minified.
	Minify Code = "minify"
	// Config: a setting, such as -base-url, has a value that cannot work.
	Config Code = "config"
	// OutputCollision: two inputs publish to the same output path, such
	// as static/about/index.html beside content/about.md, or an alias
	// onto /robots.txt. The build's plan finds it before anything
	// renders, so check, build and serve report it alike.
	OutputCollision Code = "output-collision"
	// DuplicateURL: two content pages have the same address.
	DuplicateURL Code = "duplicate-url"
	// BrokenLink: a link leads to no page, file or heading.
	BrokenLink Code = "broken-link"
)

// List is a list of diagnostics. Its zero value is empty and ready to use.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at pos.
func (l *List) Errorf(pos Pos, code, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Code: Code(code), Msg: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning at pos.
func (l *List) Warnf(pos Pos, code, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Code: Code(code), Msg: fmt.Sprintf(format, args...)})
}

// Append appends all of other.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort sorts the list by file, line, column, severity, code, message and
// hint, and removes exact duplicates. Every field takes part, so the order
// does not depend on the order the diagnostics were found in.
func (l *List) Sort() {
	slices.SortFunc(*l, compare)
	*l = slices.Compact(*l)
}

func compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Msg, b.Msg),
		cmp.Compare(a.Hint, b.Hint),
	)
}

// Errors reports how many diagnostics are errors.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings reports how many diagnostics are warnings.
func (l List) Warnings() int { return len(l) - l.Errors() }

// Err returns the list as an error if it holds any errors, and nil
// otherwise. Warnings alone are not an error.
func (l List) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return l
}

// Error implements error, giving every diagnostic on its own line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Print writes each diagnostic on its own line.
func (l List) Print(w io.Writer) {
	for _, d := range l {
		fmt.Fprintln(w, d)
	}
}

// Suggest returns the candidate closest to s, for a "did you mean" hint, or
// "" when none is close enough to be a likely typo.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := distance(ls, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len([]rune(s))/3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, counted in runes,
// with a transposition of neighbours counting as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// LineIndex maps byte offsets in a file to 1-based lines and columns.
// Columns count runes, as editors do. The index is built on the first call
// to Pos, so a file with nothing to report costs nothing, and then answers
// each offset in O(log n): a binary search of the line starts, and a rune
// count from the nearest of the checkpoints kept every few bytes, so that a
// long line costs no more than a short one. A LineIndex is not safe for
// concurrent use.
type LineIndex struct {
	src    []byte
	starts []int // byte offset of each line's start
	runes  []int // runes[k] is how many runes start before byte k*runeStep
}

// runeStep is the distance in bytes between rune-count checkpoints.
const runeStep = 64

// NewLineIndex returns an index of src. It does no work until Pos is
// called.
func NewLineIndex(src []byte) *LineIndex {
	return &LineIndex{src: src}
}

func (x *LineIndex) build() {
	x.starts = []int{0}
	x.runes = make([]int, 0, len(x.src)/runeStep+1)
	n := 0
	for i, c := range x.src {
		if i%runeStep == 0 {
			x.runes = append(x.runes, n)
		}
		if c == '\n' {
			x.starts = append(x.starts, i+1)
		}
		if !utf8.RuneStart(c) {
			continue
		}
		n++
	}
	if len(x.src)%runeStep == 0 {
		x.runes = append(x.runes, n)
	}
}

// runesBefore counts the runes that start before byte off.
func (x *LineIndex) runesBefore(off int) int {
	k := off / runeStep
	n := x.runes[k]
	for _, c := range x.src[k*runeStep : off] {
		if utf8.RuneStart(c) {
			n++
		}
	}
	return n
}

// Pos returns the line and column of byte offset off in file.
func (x *LineIndex) Pos(file string, off int) Pos {
	if x.starts == nil {
		x.build()
	}
	off = max(0, min(off, len(x.src)))
	i, found := slices.BinarySearch(x.starts, off)
	if !found {
		i--
	}
	col := x.runesBefore(off) - x.runesBefore(x.starts[i]) + 1
	return Pos{File: file, Line: i + 1, Col: col}
}
