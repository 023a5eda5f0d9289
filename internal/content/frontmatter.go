package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/wayfinder-health/wayfinder/internal/config"
	"github.com/wayfinder-health/wayfinder/internal/diag"
)

// splitResult is a content file split into its front matter, as a YAML
// node with positions true to the file, and its body.
type splitResult struct {
	Node      *yaml.Node // the front matter mapping, nil if absent
	BodyStart int        // the byte offset of the body
	BodyLine  int        // the line the body starts on
}

// errNoClose reports front matter that opens and never closes.
var errNoClose = errors.New("front matter never closes")

// split parses the front matter of src, YAML between --- lines or TOML
// between +++ lines, keeping the YAML node positions true to the file.
func split(file string, src []byte) (splitResult, diag.List) {
	var diags diag.List
	delimLine, delim, after := openingLine(src)
	var res splitResult
	var decodeErr error
	var node *yaml.Node
	yamlFormat := frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			decodeErr = err
			return nil
		}
		if len(doc.Content) > 0 {
			node = doc.Content[0]
			shiftLines(node, delimLine)
		} else {
			node = &yaml.Node{Kind: yaml.MappingNode, Line: delimLine + 1, Column: 1}
		}
		return nil
	})
	tomlFormat := frontmatter.NewFormat("+++", "+++", func(data []byte, v any) error {
		n, err := tomlNode(data, delimLine)
		if err != nil {
			decodeErr = err
			return nil
		}
		node = n
		return nil
	})
	// The library copies all it reads, and the body is not needed here:
	// stop its input after the line that closes the front matter.
	head := src[:frontMatterEnd(src, after, delim)]
	var sink struct{}
	rest, err := frontmatter.Parse(bytes.NewReader(head), &sink, yamlFormat, tomlFormat)
	if err != nil {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Code: "front-matter",
			Msg: "cannot read the front matter: " + err.Error()})
		return res, diags
	}
	if delim != "" && node == nil && decodeErr == nil {
		decodeErr = errNoClose
	}
	res.BodyStart = len(head) - len(rest)
	res.BodyLine = bytes.Count(src[:res.BodyStart], []byte("\n")) + 1
	switch {
	case errors.Is(decodeErr, errNoClose):
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file, Line: delimLine, Col: 1}, Code: "front-matter",
			Msg:  fmt.Sprintf("the front matter starts with %s but never ends", delim),
			Hint: fmt.Sprintf("add a line with just %s after the last field", delim)})
		return res, diags
	case decodeErr != nil:
		var te *tomlError
		if errors.As(decodeErr, &te) {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file, Line: te.line, Col: te.col}, Code: "toml",
				Msg: "the front matter is not valid TOML: " + te.msg})
		} else {
			d := config.YAMLError(file, "the front matter", decodeErr, delimLine)
			d.Pos.Col = columnOfLine(src, d.Pos.Line)
			diags.Add(d)
		}
		return res, diags
	}
	res.Node = node
	return res, diags
}

// padBody returns the body of src, which starts at byte start on line
// line, padded with newlines so that its lines are the file's.
func padBody(src []byte, start, line int) []byte {
	body := make([]byte, line-1, line-1+len(src)-start)
	for i := range body {
		body[i] = '\n'
	}
	return append(body, src[start:]...)
}

// frontMatterEnd returns the offset just past the line that closes front
// matter opened by delim, searching src from after, the end of the opening
// line: the first line that is delim once trimmed, as adrg/frontmatter
// reads it. It is len(src) when there is no front matter or it never
// closes.
func frontMatterEnd(src []byte, after int, delim string) int {
	if delim == "" {
		return len(src)
	}
	for off := after; off < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		if string(bytes.TrimSpace(src[off:end])) == delim {
			return end
		}
		off = end
	}
	return len(src)
}

// openingLine returns the 1-based line of the opening delimiter, skipping
// blank lines as adrg/frontmatter does, the delimiter itself, or "" when
// the file has no front matter, and the offset just past that line.
func openingLine(src []byte) (line int, delim string, after int) {
	line = 1
	for off := 0; off < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		switch t := string(bytes.TrimSpace(src[off:end])); t {
		case "":
			line++
			off = end
			continue
		case "---", "+++":
			return line, t, end
		}
		return line, "", end
	}
	return line, "", len(src)
}

// columnOfLine returns the column of the first non-space character of a
// line, or 1.
func columnOfLine(src []byte, line int) int {
	lines := bytes.Split(src, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	l := lines[line-1]
	return len(l) - len(bytes.TrimLeft(l, " \t")) + 1
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

type tomlError struct {
	line, col int
	msg       string
}

func (e *tomlError) Error() string { return e.msg }

var tomlKeyLine = regexp.MustCompile(`(?m)^[ \t]*([A-Za-z0-9_-]+|"[^"]*")[ \t]*=`)

// tomlNode decodes TOML front matter into a YAML node. TOML decoding keeps
// no positions, so each top-level key gets the line where it is written.
func tomlNode(data []byte, delimLine int) (*yaml.Node, error) {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		msg := err.Error()
		line, col := delimLine+1, 1
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col = delimLine+pe.Position.Line, max(1, pe.Position.Col)
			msg = pe.Message
		}
		return nil, &tomlError{line: line, col: col, msg: msg}
	}
	lines := map[string][2]int{}
	line, counted := 1, 0 // the line of data[counted]
	for _, loc := range tomlKeyLine.FindAllSubmatchIndex(data, -1) {
		line += bytes.Count(data[counted:loc[0]], []byte("\n"))
		counted = loc[0]
		key := string(bytes.Trim(data[loc[2]:loc[3]], `"`))
		if _, ok := lines[key]; !ok {
			lines[key] = [2]int{delimLine + line, loc[2] - loc[0] + 1}
		}
	}
	// Encoding the values as YAML would fail on deep nesting with a
	// message about YAML at a line of its own: stop it here, at the key.
	for k, v := range m {
		if tooDeep(v, 1) {
			lc, ok := lines[k]
			if !ok {
				lc = [2]int{delimLine + 1, 1}
			}
			return nil, &tomlError{line: lc[0], col: lc[1],
				msg: fmt.Sprintf("%s nests arrays or tables more than %d deep", k, maxTOMLDepth)}
		}
	}
	var n yaml.Node
	if err := n.Encode(m); err != nil {
		return nil, &tomlError{line: delimLine + 1, col: 1, msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	setPos(&n, delimLine+1, 1)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if lc, ok := lines[n.Content[i].Value]; ok {
			setPos(n.Content[i], lc[0], lc[1])
			setPos(n.Content[i+1], lc[0], lc[1])
		}
	}
	// Encoding a map sorts its keys; order them as written.
	type kv struct{ k, v *yaml.Node }
	pairs := make([]kv, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, kv{n.Content[i], n.Content[i+1]})
	}
	slices.SortStableFunc(pairs, func(a, b kv) int { return a.k.Line - b.k.Line })
	n.Content = n.Content[:0]
	for _, p := range pairs {
		n.Content = append(n.Content, p.k, p.v)
	}
	return &n, nil
}

// maxTOMLDepth is how deep TOML front matter may nest arrays and tables.
const maxTOMLDepth = 64

// tooDeep reports whether a decoded TOML value, found at the given level,
// nests more than maxTOMLDepth deep. It stops looking once it is.
func tooDeep(v any, level int) bool {
	if level > maxTOMLDepth {
		return true
	}
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			if tooDeep(e, level+1) {
				return true
			}
		}
	case []map[string]any:
		for _, e := range v {
			if tooDeep(e, level+1) {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if tooDeep(e, level+1) {
				return true
			}
		}
	}
	return false
}

func setPos(n *yaml.Node, line, col int) {
	n.Line, n.Column = line, col
	for _, c := range n.Content {
		setPos(c, line, col)
	}
}
