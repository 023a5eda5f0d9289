package config

import (
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
	} {
		_, diags := Parse([]byte(tc.src))
		if !strings.Contains(diags.Error(), tc.want) {
			t.Errorf("Parse(%q) = %q, want it to contain %q", tc.src, diags.Error(), tc.want)
		}
	}
}
