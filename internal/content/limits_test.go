package content

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wayfinder-health/wayfinder/internal/config"
)

func manyKeys(n int, toml bool) string {
	var b strings.Builder
	if toml {
		b.WriteString("+++\ntitle = \"Keys\"\ndescription = \"Many.\"\n")
		for i := range n {
			fmt.Fprintf(&b, "k%d = \"v\"\n", i)
		}
		b.WriteString("+++\nBody.\n")
	} else {
		b.WriteString("---\ntitle: Keys\ndescription: Many.\n")
		for i := range n {
			fmt.Fprintf(&b, "k%d: v\n", i)
		}
		b.WriteString("---\nBody.\n")
	}
	return b.String()
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFrontMatterKeys loads a page with many unknown keys, at 1× and
// 4×: the time should grow about 4×.
func BenchmarkFrontMatterKeys(b *testing.B) {
	cfg, _ := config.Parse([]byte(siteYAML))
	for _, format := range []string{"yaml", "toml"} {
		for _, n := range []int{10000, 40000} {
			fsys := fstest.MapFS{"content/keys.md": {Data: []byte(manyKeys(n, format == "toml"))}}
			b.Run(fmt.Sprintf("%s/keys=%d", format, n), func(b *testing.B) {
				start := cpuTime()
				for b.Loop() {
					LoadFile(fsys, cfg, "content/keys.md")
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

func TestManyUnknownKeys(t *testing.T) {
	cfg, _ := config.Parse([]byte(siteYAML))
	for _, toml := range []bool{false, true} {
		fsys := fstest.MapFS{"content/keys.md": {Data: []byte(manyKeys(3250, toml))}}
		_, _, diags := LoadFile(fsys, cfg, "content/keys.md")
		if len(diags) != 11 {
			t.Fatalf("LoadFile(3,250 unknown keys, toml %v) = %d diagnostics, want 11:\n%v", toml, len(diags), diags)
		}
		got := diags[10].String()
		want := "content/keys.md:14:1: error: 3,240 more unknown fields from here on"
		if !strings.HasPrefix(got, want) {
			t.Errorf("last diagnostic = %q, want %q", got, want)
		}
	}
}

func TestTOMLTooDeep(t *testing.T) {
	cfg, _ := config.Parse([]byte(siteYAML))
	src := "+++\ntitle = \"Deep\"\ndescription = \"x\"\n\ndeep = " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n+++\nBody.\n"
	fsys := fstest.MapFS{"content/deep.md": {Data: []byte(src)}}
	_, _, diags := LoadFile(fsys, cfg, "content/deep.md")
	want := "content/deep.md:5:1: error: the front matter is not valid TOML: deep nests arrays or tables more than 64 deep [toml]"
	if got := diags.Error(); got != want {
		t.Errorf("LoadFile(deep TOML) = %q, want %q", got, want)
	}
}

func TestControlCharacterInText(t *testing.T) {
	cfg, _ := config.Parse([]byte(siteYAML))
	fsys := fstest.MapFS{"content/bell.md": {Data: []byte("---\ntitle: Bell\ndescription: \"ring \\a ring\"\n---\nBody.\n")}}
	_, _, diags := LoadFile(fsys, cfg, "content/bell.md")
	want := "content/bell.md:3:14: error: description contains the control character U+0007, which would reach the page's markup (remove it; write text only) [control-character]"
	if got := diags.Error(); got != want {
		t.Errorf("LoadFile = %q, want %q", got, want)
	}
}
