package markdown

import "bytes"

// MaxNesting is how deep lists and block quotes may nest inside one
// another. goldmark's time and memory grow with the square of the depth
// (a list 2,000 deep takes 15 seconds and 235 MB), so a deeper file is
// refused before it is parsed, with the line where it goes too deep.
const MaxNesting = 16

// tooDeep scans src line by line, as a Markdown parser finds containers,
// and returns the offset of the first line whose lists and block quotes
// nest deeper than limit, and that depth; ok is false when none does.
//
// It tracks, for the lists open at each line, the column where each
// item's content starts: a line belongs to an item when it is indented at
// least that far. Block quote markers (">") count one each. Lines inside
// fenced code and thematic breaks ("- - -") are not containers. The scan
// is linear and errs on the side of counting less than a parser would, so
// it never refuses a file a parser would find shallow enough. It looks
// at st, which may be nil, at every line.
func tooDeep(src []byte, limit int, st *stopper) (off, depth int, ok bool) {
	var items []int // content column of each open list item
	var fence []byte
	for start := 0; start < len(src); {
		st.check()
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
		}
		line := src[start:end]
		next := end + 1
		i, col, quotes := 0, 0, 0
		for i < len(line) {
			switch c := line[i]; {
			case c == ' ':
				col++
			case c == '\t':
				col += 4 - col%4
			case c == '>':
				quotes++
				col++
			default:
				goto prefixDone
			}
			i++
		}
	prefixDone:
		rest := line[i:]
		if fence != nil {
			if bytes.HasPrefix(rest, fence) && len(bytes.Trim(rest, string(fence[:1])+" \t\r")) == 0 {
				fence = nil
			}
			start = next
			continue
		}
		if len(bytes.TrimSpace(rest)) == 0 {
			start = next
			continue
		}
		for len(items) > 0 && items[len(items)-1] > col {
			items = items[:len(items)-1]
		}
		if f := fenceOpen(rest); f != nil {
			fence = f
		} else if !thematicBreak(rest) {
			for len(rest) > 0 {
				w := listMarker(rest)
				if w == 0 {
					if rest[0] == '>' {
						quotes++
						rest, col = rest[1:], col+1
						for len(rest) > 0 && rest[0] == ' ' {
							rest, col = rest[1:], col+1
						}
						continue
					}
					break
				}
				sp := 0
				for w+sp < len(rest) && rest[w+sp] == ' ' {
					sp++
				}
				if sp == 0 || sp > 4 {
					sp = 1
				}
				col += w + sp
				items = append(items, col)
				rest = rest[min(len(rest), w+sp):]
			}
		}
		if d := len(items) + quotes; d > limit {
			return start, d, true
		}
		start = next
	}
	return 0, 0, false
}

// listMarker returns the width of the list marker that rest starts with,
// or 0: "-", "+" or "*", or up to nine digits and "." or ")", followed by
// a space, a tab or the end of the line.
func listMarker(rest []byte) int {
	w := 0
	switch {
	case len(rest) > 0 && (rest[0] == '-' || rest[0] == '+' || rest[0] == '*'):
		w = 1
	default:
		for w < len(rest) && w < 9 && rest[w] >= '0' && rest[w] <= '9' {
			w++
		}
		if w == 0 || w >= len(rest) || (rest[w] != '.' && rest[w] != ')') {
			return 0
		}
		w++
	}
	if w < len(rest) && rest[w] != ' ' && rest[w] != '\t' && rest[w] != '\r' {
		return 0
	}
	return w
}

// fenceOpen returns the fence that opens a code block, "```" or "~~~" or
// longer, or nil.
func fenceOpen(rest []byte) []byte {
	if len(rest) < 3 || (rest[0] != '`' && rest[0] != '~') {
		return nil
	}
	n := 0
	for n < len(rest) && rest[n] == rest[0] {
		n++
	}
	if n < 3 {
		return nil
	}
	return rest[:n]
}

// thematicBreak reports a line of three or more "-", "*" or "_" and
// spaces, which is a rule, not a list.
func thematicBreak(rest []byte) bool {
	var c byte
	n := 0
	for _, b := range rest {
		switch {
		case b == ' ' || b == '\t' || b == '\r':
		case c == 0 && (b == '-' || b == '*' || b == '_'):
			c, n = b, 1
		case b == c:
			n++
		default:
			return false
		}
	}
	return n >= 3
}
