package weburl

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// siteLinks reads testdata/sitelinks.txt, which finder.js's test reads too.
func siteLinks(t *testing.T) map[string]bool {
	data, err := os.ReadFile("testdata/sitelinks.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		ok, quoted, found := strings.Cut(line, "\t")
		if !found || strings.HasPrefix(line, "#") {
			continue
		}
		var s string
		if err := json.Unmarshal([]byte(quoted), &s); err != nil {
			t.Fatalf("sitelinks.txt: %q: %v", line, err)
		}
		cases[s] = ok == "yes"
	}
	return cases
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in    string
		clean string
		kind  Kind
		host  string
	}{
		{"/about/", "/about/", Path, ""},
		{`/\evil.example`, "//evil.example", OtherSite, "evil.example"},
		{`\\evil.example/x`, "//evil.example/x", OtherSite, "evil.example"},
		{"/\t/evil.example", "//evil.example", OtherSite, "evil.example"},
		{" \x00/about/\n", "/about/", Path, ""},
		{"https://www.nhs.uk/", "https://www.nhs.uk/", Web, "www.nhs.uk"},
		{`https:\\evil.example\`, "https://evil.example/", Web, "evil.example"},
		{"HTTPS://user@evil.example:443/p", "HTTPS://user@evil.example:443/p", Web, "evil.example:443"},
		{"https:evil.example", "https:evil.example", Invalid, ""},
		{"java\tscript:alert(1)", "javascript:alert(1)", Scheme, ""},
		{"JavaScript:alert(1)", "JavaScript:alert(1)", Scheme, ""},
		{`mailto:a\b@example.org`, `mailto:a\b@example.org`, Scheme, ""},
		{"about/", "about/", Relative, ""},
		{"#top", "#top", Relative, ""},
		{"1:2", "1:2", Relative, ""},
	} {
		u := Parse(tc.in)
		if u.Clean != tc.clean || u.Kind != tc.kind || u.Host != tc.host {
			t.Errorf("Parse(%q) = %+v, want clean %q, kind %d, host %q", tc.in, u, tc.clean, tc.kind, tc.host)
		}
	}
}

func TestSiteLink(t *testing.T) {
	for in, want := range siteLinks(t) {
		if got := SiteLink(in, false) == ""; got != want {
			t.Errorf("SiteLink(%q) accepts = %v, want %v (%s)", in, got, want, SiteLink(in, false))
		}
	}
	if msg := SiteLink(`/\evil.example`, false); msg != "contains a backslash, which browsers read as a slash: this leads to another site, evil.example" {
		t.Errorf("SiteLink(/\\evil.example) = %q", msg)
	}
	if msg := SiteLink("javascript:alert(1)", true); msg != "uses javascript:, which links may not" {
		t.Errorf("SiteLink(javascript:) = %q", msg)
	}
	if SiteLink("mailto:x@example.org", true) != "" || SiteLink("mailto:x@example.org", false) == "" {
		t.Errorf("SiteLink(mailto:) does not follow its mail argument")
	}
}
