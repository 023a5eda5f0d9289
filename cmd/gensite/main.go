// Gensite writes a generated site for benchmarks: site.yaml, content/ with
// N pages of realistic Markdown across the four sections, and copies of
// the repository's layouts/ and static/.
//
// Usage:
//
//	go run ./cmd/gensite [-seed N] DIR PAGES
//
// Then time a full build of it, for example with output on tmpfs:
//
//	/usr/bin/time -v go run ./cmd/wayfinder build -s DIR -o /dev/shm/out
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/wayfinder-health/wayfinder/internal/gensite"
)

func main() {
	seed := flag.Uint64("seed", 1, "the random seed; the same seed gives the same site")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: gensite [-seed N] DIR PAGES")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	n, err := strconv.Atoi(flag.Arg(1))
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "gensite: PAGES must be a positive number")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := gensite.Write(dir, n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gensite:", err)
		os.Exit(1)
	}
	for _, d := range []string{"layouts", "static"} {
		if err := os.CopyFS(dir+"/"+d, os.DirFS(d)); err != nil {
			fmt.Fprintf(os.Stderr, "gensite: copying %s (run it from the repository root): %v\n", d, err)
			os.Exit(1)
		}
	}
}
