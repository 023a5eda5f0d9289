package config

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cfg, diags := Parse([]byte(`title: T
baseURL: https://example.org/sub
menus:
  main:
    - name: Guides
      url: /guides/
help:
  text: Help
  url: /about/
vocabularies:
  regions: [London, North East]
  levels:
    - value: first-steps
      label: First steps
`))
	if len(diags) != 0 {
		t.Fatalf("Parse: unexpected diagnostics:\n%v", diags)
	}
	if cfg.BasePath != "/sub/" || cfg.BaseURL != "https://example.org/sub/" {
		t.Errorf("base = %q %q, want /sub/ and https://example.org/sub/", cfg.BasePath, cfg.BaseURL)
	}
	if got := cfg.Menus["main"][0].URL; got != "/sub/guides/" {
		t.Errorf("menu URL = %q, want /sub/guides/", got)
	}
	if got := cfg.Help.URL; got != "/sub/about/" {
		t.Errorf("help URL = %q, want /sub/about/", got)
	}
	if got := cfg.Label("levels", "first-steps"); got != "First steps" {
		t.Errorf("Label = %q, want First steps", got)
	}
	if got := cfg.Label("regions", "London"); got != "London" {
		t.Errorf("Label = %q, want London", got)
	}
}

// TestParseSynonyms reads a synonyms table: phrases with their spaces
// tidied, and where each entry is written.
func TestParseSynonyms(t *testing.T) {
	cfg, diags := Parse([]byte("search:\n  synonyms:\n    - [GP, doctor]\n    - [mum, someone   else]\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	g := cfg.Search.Synonyms
	if len(g) != 2 || len(g[1].Words) != 2 || g[1].Words[1].Text != "someone else" || g[1].Words[1].Pos.Line != 4 || g[1].Words[1].Pos.Col != 13 {
		t.Errorf("synonyms = %+v", g)
	}
}

func TestParseDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string
	}{
		{"titel: x\n", `site.yaml:1:1: error: unknown setting "titel" (did you mean "title"?) [config-key]`},
		{"title: x\nmenus:\n  main: 3\n", "site.yaml:3:9: error: menus.main should be a list of {name, url}, got a number [config-type]"},
		{"baseURL: example.org\n", `site.yaml:1:10: error: base URL "example.org" must be an absolute http or https URL (write the full address, such as https://example.org/) [config-type]`},
		{"readability:\n  guides: many\n", "site.yaml:2:11: error: readability.guides should be a positive number, got text [config-type]"},
		{"vocabularies:\n  regions: [A, A]\n", `site.yaml:2:16: error: vocabularies.regions lists "A" twice [config-key]`},
		{"title: [x\n", "site.yaml:1:1: error: site.yaml is not valid YAML"},
		{"title: a\ntitle: b\n", "site.yaml:2:1: error: title is set twice (keep one of them) [config-key]"},
		{"search:\n  synonyms: [GP, doctor]\n", "site.yaml:2:14: error: search.synonyms should be a list of groups of words, such as [[GP, doctor], [app, phone]], got text [config-type]"},
		{"search:\n  synonyms:\n    - [GP]\n", "site.yaml:3:7: error: a group of search.synonyms needs two or more different words, has 1 (add the words that mean the same, or remove the group) [config-type]"},
		{"search:\n  synonyms:\n    - [GP, doctor]\n    - [app, gp]\n", `site.yaml:4:13: error: search.synonyms lists "gp" twice (first at line 3) (keep it in one group: a word in two groups would join them) [config-key]`},
		{"search:\n  synonyms:\n    - [GP, '  ']\n", "site.yaml:3:12: error: search.synonyms has an empty entry"},
		{"search:\n  synonym: []\n", `site.yaml:2:3: error: unknown setting "search.synonym" (did you mean "synonyms"?) [config-key]`},
		{"sources:\n  refused_host: []\n", `site.yaml:2:3: error: unknown setting "sources.refused_host" (did you mean "refused_hosts"?) [config-key]`},
		{"sources:\n  refused_hosts: slideshare.net\n", "site.yaml:2:18: error: sources.refused_hosts should be a list of {host, why, instead}, got text [config-type]"},
		{"sources:\n  refused_hosts:\n    - host: https://slideshare.net/\n      why: x\n", `site.yaml:3:13: error: sources.refused_hosts.host "https://slideshare.net/" is a web address, not a site name (write the site name only, in lowercase, such as slideshare.net) [config-type]`},
		{"sources:\n  refused_hosts:\n    - host: SlideShare.net\n      why: x\n", `site.yaml:3:13: error: sources.refused_hosts.host "SlideShare.net" has capital letters`},
		{"sources:\n  refused_hosts:\n    - host: slideshare.net\n", "site.yaml:3:7: error: a refused host needs both a host and a why"},
		{"sources:\n  refused_hosts:\n    - host: a.net\n      why: x\n    - host: a.net\n      why: y\n", `site.yaml:5:13: error: sources.refused_hosts lists "a.net" twice (first on line 3) (keep one of them) [config-key]`},
		{"sources:\n  refused_hosts:\n    - host: a.net\n      why: x\n      reason: y\n", `site.yaml:5:7: error: unknown setting "sources.refused_hosts.reason"`},
	} {
		_, diags := Parse([]byte(tc.src))
		if !strings.Contains(diags.Error(), tc.want) {
			t.Errorf("Parse(%q) = %q, want it to contain %q", tc.src, diags.Error(), tc.want)
		}
	}
}

func TestParseRefusedHosts(t *testing.T) {
	cfg, diags := Parse([]byte(`sources:
  refused_hosts:
    - host: ebmdatalab.net
      why: it holds copies of other sites' pages
      instead: cite the same page on the body's own site
    - host: slideshare.net
      why: it holds slides, not the body's own page
`))
	if len(diags) != 0 {
		t.Fatalf("Parse: unexpected diagnostics:\n%v", diags)
	}
	if got := len(cfg.Sources.RefusedHosts); got != 2 {
		t.Fatalf("RefusedHosts has %d entries, want 2", got)
	}
	for _, tc := range []struct {
		host string
		want string
	}{
		{"nhsd-proxy.dokku3.ebmdatalab.net", "ebmdatalab.net"},
		{"EBMDataLab.net.", "ebmdatalab.net"},
		{"www.slideshare.net", "slideshare.net"},
		{"notslideshare.net", ""},
		{"digital.nhs.uk", ""},
	} {
		r, ok := cfg.Sources.Refused(tc.host)
		if r.Host != tc.want || ok != (tc.want != "") {
			t.Errorf("Refused(%q) = %q, %v, want %q", tc.host, r.Host, ok, tc.want)
		}
	}
	if r, _ := cfg.Sources.Refused("ebmdatalab.net"); r.Instead != "cite the same page on the body's own site" {
		t.Errorf("Refused(ebmdatalab.net).Instead = %q", r.Instead)
	}
}

// TestParseNationServices reads nation_services, whose nations are
// checked against the nations vocabulary even when it comes later in the
// file, and reports each kind of mistake where it is written.
func TestParseNationServices(t *testing.T) {
	const vocab = "vocabularies:\n  nations: [england, wales]\n"
	cfg, diags := Parse([]byte("nation_services:\n  - name: NHS App\n    also: [the app]\n    nations: [england]\n    service: nhs-app\n    source: https://example.org/app\n" + vocab))
	if len(diags) != 0 {
		t.Fatalf("Parse: unexpected diagnostics:\n%v", diags)
	}
	if got := cfg.NationServices; len(got) != 1 || got[0].Name != "NHS App" || !slices.Equal(got[0].Names(), []string{"NHS App", "the app"}) ||
		!slices.Equal(got[0].Nations, []string{"england"}) || got[0].Service != "nhs-app" || got[0].Pos.Line != 2 {
		t.Errorf("NationServices = %+v", got)
	}
	for _, tc := range []struct {
		src  string
		want string
	}{
		{"nation_services: NHS App\n" + vocab, "site.yaml:1:18: error: nation_services should be a list of services, each {name, nations, source}, got text [config-type]"},
		{"nation_services:\n  - name: NHS App\n    nations: [englnd]\n    source: https://example.org/\n" + vocab,
			`site.yaml:3:15: error: nation_services.nations: unknown nations "englnd" (did you mean "england"?) [vocabulary]`},
		{"nation_services:\n  - name: NHS App\n    nations: [england]\n" + vocab, "site.yaml:2:5: error: a nation service needs a name, nations and a source"},
		{"nation_services:\n  - name: NHS App\n    nations: [england]\n    source: http://example.org/\n" + vocab, `site.yaml:2:5: error: nation_services.source "http://example.org/" is not a web address starting https://`},
		{"nation_services:\n  - name: NHS App\n    nations: [england]\n    source: https://example.org/\n  - name: NHS login\n    also: [nhs app]\n    nations: [england]\n    source: https://example.org/\n" + vocab,
			`site.yaml:6:12: error: nation_services names "nhs app" twice (first on line 2) (a name can belong to one service only) [config-key]`},
		{"nation_services:\n  - name: NHS App\n    nations: [england]\n    service: nhs-ap\n    source: https://example.org/\n" + vocab,
			`site.yaml:4:14: error: nation_services.service "nhs-ap" is not a value of guides' services field (did you mean "nhs-app"?) [config-type]`},
		{"nation_services:\n  - name: NHS App\n    nation: [england]\n    source: https://example.org/\n" + vocab, `site.yaml:3:5: error: unknown setting "nation_services.nation" (did you mean "nations"?) [config-key]`},
		{"nation_services:\n  - name: NHS App\n    nations: [england]\n    source: https://example.org/\n", `site.yaml:3:15: error: nation_services.nations: site.yaml has no vocabulary nations to check "england" against`},
	} {
		_, diags := Parse([]byte(tc.src))
		if !strings.Contains(diags.Error(), tc.want) {
			t.Errorf("Parse(%q) = %q, want it to contain %q", tc.src, diags.Error(), tc.want)
		}
	}
}
