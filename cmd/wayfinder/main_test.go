package main

import (
	"context"
	"flag"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wayfinder-health/wayfinder/internal/cli"
)

var update = flag.Bool("update", false, "update golden files (testscript cmp targets)")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"wayfinder": func() {
			os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
		},
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
