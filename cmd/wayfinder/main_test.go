package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "update golden files (testscript cmp targets)")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wayfinder": func() { os.Exit(run()) },
	})
}

// TestScripts runs the CLI end to end: one script per behaviour in
// testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("GITHUB_STEP_SUMMARY", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"treesame": treeSame,
			"reencode": reencode,
			"generate": generate,
		},
	})
}

// treeSame compares two folders file by file: "treesame a b" fails unless
// they hold the same files with the same bytes.
func treeSame(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: treesame DIR1 DIR2")
	}
	a, b := readTree(ts, ts.MkAbs(args[0])), readTree(ts, ts.MkAbs(args[1]))
	same := len(a) == len(b)
	for name, data := range a {
		if other, ok := b[name]; !ok || other != data {
			same = false
			if !neg {
				ts.Logf("differs: %s", name)
			}
		}
	}
	if same == neg {
		if neg {
			ts.Fatalf("%s and %s are the same", args[0], args[1])
		}
		ts.Fatalf("%s and %s differ", args[0], args[1])
	}
}

func readTree(ts *testscript.TestScript, dir string) map[string]string {
	out := map[string]string{}
	err := walk(dir, "", out)
	ts.Check(err)
	return out
}

func walk(root, rel string, out map[string]string) error {
	entries, err := os.ReadDir(root + "/" + rel)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if rel != "" {
			name = rel + "/" + name
		}
		if e.IsDir() {
			if err := walk(root, name, out); err != nil {
				return err
			}
			continue
		}
		b, err := os.ReadFile(root + "/" + name)
		if err != nil {
			return err
		}
		out[name] = string(b)
	}
	return nil
}

// reencode saves files as other editors do: "reencode MODE FILE..." with
// MODE crlf (CR LF line endings), cr (lone CR), bom (a UTF-8 byte-order
// mark first), notepad (both), utf16le or utf16be (with a byte-order
// mark). Modes join with +, as in bom+crlf. txtar cannot hold these bytes
// safely, so scripts make them.
func reencode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: reencode MODE FILE...")
	}
	for _, file := range args[1:] {
		data := []byte(ts.ReadFile(file))
		for _, mode := range bytes.Split([]byte(args[0]), []byte("+")) {
			switch string(mode) {
			case "crlf":
				data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			case "cr":
				data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r"))
			case "bom":
				data = append([]byte("\ufeff"), data...)
			case "notepad":
				data = append([]byte("\ufeff"), bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))...)
			case "utf16le", "utf16be":
				var b bytes.Buffer
				for _, u := range append([]uint16{0xFEFF}, utf16.Encode([]rune(string(data)))...) {
					if string(mode) == "utf16le" {
						b.Write([]byte{byte(u), byte(u >> 8)})
					} else {
						b.Write([]byte{byte(u >> 8), byte(u)})
					}
				}
				data = b.Bytes()
			default:
				ts.Fatalf("reencode: unknown mode %q", mode)
			}
		}
		ts.Check(os.WriteFile(ts.MkAbs(file), data, 0o666))
	}
}

// generate writes a large hostile input, so that scripts need not commit
// one: "generate FILE KIND N" writes FILE with front matter and N of KIND:
//
//	headings   "## Same" headings
//	links      links on one line
//	autolinks  <https://…> autolinks on one line
//	keys       unknown YAML front-matter keys
//	tomlkeys   unknown TOML front-matter keys
//	list       a list nested N deep
//	quotes     block quotes nested N deep
//	bytes      a paragraph of N bytes
//	tomldeep   TOML front matter with arrays nested N deep
func generate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: generate FILE KIND N")
	}
	n, err := strconv.Atoi(args[2])
	ts.Check(err)
	var b strings.Builder
	head := "---\ntitle: Generated\ndescription: A generated page.\n---\n"
	switch args[1] {
	case "headings":
		b.WriteString(head)
		for range n {
			b.WriteString("## Same\n\nText.\n\n")
		}
	case "links":
		b.WriteString(head)
		for i := range n {
			fmt.Fprintf(&b, "[link %d](https://example.org/%d) ", i, i)
		}
	case "autolinks":
		b.WriteString(head)
		for i := range n {
			fmt.Fprintf(&b, "<https://example.org/%d> ", i)
		}
	case "keys":
		b.WriteString("---\ntitle: Generated\ndescription: A generated page.\n")
		for i := range n {
			fmt.Fprintf(&b, "key%d: value\n", i)
		}
		b.WriteString("---\nBody.\n")
	case "tomlkeys":
		b.WriteString("+++\ntitle = \"Generated\"\ndescription = \"A generated page.\"\n")
		for i := range n {
			fmt.Fprintf(&b, "key%d = \"value\"\n", i)
		}
		b.WriteString("+++\nBody.\n")
	case "list":
		b.WriteString(head)
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
	case "quotes":
		b.WriteString(head + strings.Repeat("> ", n) + "deep\n")
	case "tomldeep":
		b.WriteString("+++\ntitle = \"Generated\"\ndescription = \"A generated page.\"\ndeep = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n+++\nBody.\n")
	case "bytes":
		b.WriteString(head)
		b.WriteString(strings.Repeat("word ", n/5))
	default:
		ts.Fatalf("generate: unknown kind %q", args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}
