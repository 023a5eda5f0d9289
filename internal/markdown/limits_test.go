package markdown

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRepeatedHeadingIDs(t *testing.T) {
	// A heading written as another's numbered ID pushes the numbers on.
	src := "## Same\n\n## Same-1\n\n## Same\n\n## Same\n\n## Same 2\n\n## Same\n\n## Contents\n"
	doc, _ := New().Render("x.md", []byte(src), nil)
	var got []string
	for _, h := range doc.Headings {
		got = append(got, h.ID)
	}
	want := "same same-1 same-2 same-3 same-2-1 same-4 contents-1"
	if strings.Join(got, " ") != want {
		t.Errorf("heading IDs = %v, want %s", got, want)
	}
}

func TestAutoLinkPosition(t *testing.T) {
	// The same address twice: the second is reported where it is, not at
	// the first.
	src := "See [x](https://example.org/) and <javascript:alert(1)>.\n\nAgain <javascript:alert(1)>\n"
	_, diags := New().Render("x.md", []byte(src), nil)
	got := diags.Error()
	for _, want := range []string{"x.md:1:35: error: javascript: links are not allowed", "x.md:3:7: error: javascript: links are not allowed"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q; got:\n%s", want, got)
		}
	}
}

func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

func TestNestingLimit(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // "" for no problem
	}{
		{"list at the limit", nestedList(MaxNesting), ""},
		{"list past the limit", "Intro.\n\n" + nestedList(2000), fmt.Sprintf("x.md:%d:1: error: lists and block quotes nest 17 deep here, past the limit of 16", MaxNesting+3)},
		{"quotes past the limit", strings.Repeat("> ", 40) + "deep\n", "x.md:1:1: error: lists and block quotes nest 40 deep here, past the limit of 16"},
		{"quotes and lists", strings.Repeat("> - ", 9) + "deep\n", "x.md:1:1: error: lists and block quotes nest 18 deep here"},
		{"ordered", nestedOrdered(30), "nest 17 deep here"},
		{"a long rule is no list", strings.Repeat("- ", 40) + "\n", ""},
		{"code is no list", "```\n" + nestedList(40) + "```\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, diags := New().Render("x.md", []byte(tc.src), nil)
			got := diags.Error()
			if tc.want == "" {
				if got != "" {
					t.Errorf("Render = %s, want no problem", got)
				}
				return
			}
			if !strings.Contains(got, tc.want) || !strings.Contains(got, "[nesting]") {
				t.Errorf("Render = %q, want %q", got, tc.want)
			}
			if len(doc.HTML) != 0 {
				t.Errorf("Render made HTML for a file it refused")
			}
		})
	}
}

func nestedOrdered(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("   ", i) + "1. item\n")
	}
	return b.String()
}

// The benchmarks below render each input that once took quadratic time at
// two sizes, 1× and 4×: the time should grow about 4×, no more.

func benchSizes(b *testing.B, make func(n int) string, sizes ...int) {
	r := New()
	for _, n := range sizes {
		src := []byte(make(n))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			start := cpuTime()
			for b.Loop() {
				r.Render("x.md", src, nil)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the processor time the process has used, which a shared
// machine disturbs less than the wall time the benchmark reports.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkSameHeadings(b *testing.B) {
	benchSizes(b, func(n int) string { return strings.Repeat("## Same\n\ntext\n\n", n) }, 2500, 10000)
}

func BenchmarkLinksOnOneLine(b *testing.B) {
	benchSizes(b, func(n int) string {
		var s strings.Builder
		for i := range n {
			fmt.Fprintf(&s, "[a](https://example.org/%d) ", i)
		}
		return s.String()
	}, 10000, 40000)
}

func BenchmarkAutoLinksOnOneLine(b *testing.B) {
	benchSizes(b, func(n int) string {
		var s strings.Builder
		for i := range n {
			fmt.Fprintf(&s, "<https://example.org/%d> ", i)
		}
		return s.String()
	}, 10000, 40000)
}

// BenchmarkDeepList is refused at the limit, in time linear in its size.
func BenchmarkDeepList(b *testing.B) {
	benchSizes(b, nestedList, 1000, 2000) // 1× and 4× the bytes
}

func TestBackslashLinks(t *testing.T) {
	src := "[a](/\\evil.example) [b](<\\\\evil.example/x>) [c](/about/) ![d](/\\evil.example/i.png)\n"
	doc, diags := New().Render("x.md", []byte(src), nil)
	got := diags.Error()
	for _, want := range []string{
		`x.md:1:1: error: the link "/\\evil.example" contains a backslash, which browsers read as a slash: this leads to another site, evil.example (write / instead of \) [unsafe-url]`,
		`x.md:1:21: error: the link "\\\\evil.example/x" contains a backslash`,
		`x.md:1:58: error: the link "/\\evil.example/i.png" contains a backslash`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %s; got:\n%s", want, got)
		}
	}
	if strings.Contains(string(doc.HTML), "evil") {
		t.Errorf("output holds the link: %s", doc.HTML)
	}
}

// BenchmarkLongPage renders a long page of ordinary Markdown (headings,
// links, emphasis, lists) at 2 MB and 8 MB, with the checks that let a
// render stop when asked (stop.go) in place.
func BenchmarkLongPage(b *testing.B) {
	benchSizes(b, func(n int) string { return longPages(n)["mixed blocks"] }, 2<<20, 8<<20)
}
