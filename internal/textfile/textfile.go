// Package textfile reads text files as any editor saves them. Windows
// Notepad starts a UTF-8 file with a byte-order mark and ends its lines
// with CR LF; old Mac editors end them with a lone CR. Normalize takes the
// mark off and makes every line end with LF, byte by byte, before anything
// decodes the file, so that YAML, TOML, Markdown and every position
// reported agree on where each line starts. Removing a CR at the end of a
// line, or the mark before the first character, changes no line number
// and no column an editor shows.
//
// A file saved as UTF-16 or UTF-32 cannot be read this way; Normalize
// names the encoding it found so that the message can say how to save the
// file again as UTF-8.
package textfile

import (
	"bytes"
	"errors"
)

// EncodingError is the error of a file that is not UTF-8 but has the marks
// of another Unicode encoding.
type EncodingError struct {
	Encoding string // "UTF-16 (little-endian)", ...
}

func (e *EncodingError) Error() string {
	return "the file is saved as " + e.Encoding + ", not UTF-8"
}

// Hint says how to save a file as UTF-8 in the editors partners use.
const Hint = "save it again as UTF-8: in Notepad choose File, Save as, and set Encoding to UTF-8; in Word choose Plain Text, then Unicode (UTF-8)"

var (
	bom8    = []byte{0xEF, 0xBB, 0xBF}
	bom16le = []byte{0xFF, 0xFE}
	bom16be = []byte{0xFE, 0xFF}
	bom32le = []byte{0xFF, 0xFE, 0x00, 0x00}
	bom32be = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// Normalize returns src without a UTF-8 byte-order mark and with CR LF and
// lone CR line endings made LF. It returns src itself when there is
// nothing to change, and a new slice otherwise. A UTF-16 or UTF-32 file,
// with or without a mark, is an *EncodingError.
func Normalize(src []byte) ([]byte, error) {
	if enc := wideEncoding(src); enc != "" {
		return nil, &EncodingError{Encoding: enc}
	}
	src = bytes.TrimPrefix(src, bom8)
	if bytes.IndexByte(src, '\r') < 0 {
		return src, nil
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\r' {
			if i+1 < len(src) && src[i+1] == '\n' {
				continue // the LF that follows ends the line
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out, nil
}

// IsEncoding reports whether err is an *EncodingError.
func IsEncoding(err error) bool {
	var e *EncodingError
	return errors.As(err, &e)
}

// wideEncoding names the encoding of a UTF-16 or UTF-32 file, from its
// byte-order mark or, without one, from the zero bytes that ASCII text in
// those encodings has in every other (or every fourth) byte.
func wideEncoding(src []byte) string {
	switch {
	case bytes.HasPrefix(src, bom32le):
		return "UTF-32 (little-endian)"
	case bytes.HasPrefix(src, bom32be):
		return "UTF-32 (big-endian)"
	case bytes.HasPrefix(src, bom16le):
		return "UTF-16 (little-endian)"
	case bytes.HasPrefix(src, bom16be):
		return "UTF-16 (big-endian)"
	}
	// Without a mark: the first characters of a text file are ASCII
	// (---, +++, a key or a heading), so their zero bytes give it away.
	if len(src) < 4 {
		return ""
	}
	switch {
	case src[0] != 0 && src[1] == 0 && src[2] == 0 && src[3] == 0:
		return "UTF-32 (little-endian)"
	case src[0] == 0 && src[1] == 0 && src[2] == 0 && src[3] != 0:
		return "UTF-32 (big-endian)"
	case src[0] != 0 && src[1] == 0 && src[2] != 0 && src[3] == 0:
		return "UTF-16 (little-endian)"
	case src[0] == 0 && src[1] != 0 && src[2] == 0 && src[3] != 0:
		return "UTF-16 (big-endian)"
	}
	return ""
}
