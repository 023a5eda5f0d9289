package finder_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/weburl"
)

// TestSafeURLAsGo holds finder.js's safeURL to weburl.SiteLink on the
// cases both packages share, so that a link the build would refuse is
// never one the script makes.
func TestSafeURLAsGo(t *testing.T) {
	node := needNode(t)
	data, err := os.ReadFile("../weburl/testdata/sitelinks.txt")
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, line := range strings.Split(string(data), "\n") {
		_, quoted, found := strings.Cut(line, "\t")
		if !found || strings.HasPrefix(line, "#") {
			continue
		}
		var s string
		if err := json.Unmarshal([]byte(quoted), &s); err != nil {
			t.Fatal(err)
		}
		links = append(links, s)
	}
	in, _ := json.Marshal(links)
	js, err := filepath.Abs("../../static/js/finder.js")
	if err != nil {
		t.Fatal(err)
	}
	prog := `const f = require(process.argv[1]); const links = JSON.parse(process.argv[2]);
console.log(JSON.stringify(links.map(l => f.safeURL(l) !== null)));`
	out, err := exec.CommandContext(t.Context(), node, "-e", prog, js, string(in)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []bool
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(links) {
		t.Fatalf("node printed %q: %v", out, err)
	}
	for i, l := range links {
		if want := weburl.SiteLink(l, false) == ""; got[i] != want {
			t.Errorf("safeURL(%q) accepts = %v, but SiteLink accepts = %v", l, got[i], want)
		}
	}
}
