// Package weburl reads a link that a person wrote the way a browser reads
// it, so that what a check accepts is what a reader's browser opens.
//
// A browser takes the value of an href apart as the WHATWG URL Standard
// says: it strips leading and trailing control characters and spaces,
// removes tabs and newlines wherever they are, and, for http and https
// addresses and for paths on an http site, reads a backslash as a slash.
// So "/\evil.example" is not a path on this site but "//evil.example",
// another site, and "java\tscript:" is "javascript:". Checks that look at
// the text as written miss both; Parse looks at it as read.
//
// finder.js applies the same rule to the links it builds (safeURL there),
// and tests hold the two to the same answers (testdata/sitelinks.txt).
package weburl

import "strings"

// Kind is what a link leads to.
type Kind int

const (
	// Invalid is a link no browser reads as a page, such as "https:x".
	Invalid Kind = iota
	// Path is a path on this site: "/about/".
	Path
	// Relative is relative to the page: "about.md", "../x", "?q", "#top".
	Relative
	// Web is an http or https address with a host: "https://nhs.uk/".
	Web
	// OtherSite is another site, reached by the page's own scheme:
	// "//evil.example/".
	OtherSite
	// Scheme is a link of another scheme: "mailto:", "tel:",
	// "javascript:". URL.Scheme says which.
	Scheme
)

// URL is a link as a browser reads it.
type URL struct {
	Clean  string // the text as the browser reads it
	Kind   Kind
	Scheme string // lower case, for Web and Scheme
	Host   string // for Web and OtherSite
}

// Clean returns s as a browser reads an href before it parses it: leading
// and trailing control characters and spaces stripped, tabs and newlines
// removed, and backslashes read as slashes. Backslashes are slashes only
// in http and https addresses and in links without a scheme, which on an
// http site is every path; in mailto: and the like they stay.
func Clean(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	if scheme, _ := splitScheme(s); scheme == "" || scheme == "http" || scheme == "https" {
		s = strings.ReplaceAll(s, `\`, "/")
	}
	return s
}

// splitScheme returns the lower-case scheme of s and what follows its
// colon, or "" and s when s has no scheme: a letter, then letters, digits,
// "+", "-" or ".", then ":".
func splitScheme(s string) (scheme, rest string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(s[:i]), s[i+1:]
		default:
			return "", s
		}
	}
	return "", s
}

// Parse reads s as a browser reads the value of an href.
func Parse(s string) URL {
	u := URL{Clean: Clean(s)}
	c := u.Clean
	scheme, rest := splitScheme(c)
	switch {
	case scheme == "http" || scheme == "https":
		u.Scheme = scheme
		if h, ok := strings.CutPrefix(rest, "//"); ok {
			u.Host = host(h)
		}
		if u.Host != "" {
			u.Kind = Web
		}
	case scheme != "":
		u.Kind, u.Scheme = Scheme, scheme
	case strings.HasPrefix(c, "//"):
		u.Kind, u.Host = OtherSite, host(c[2:])
		if u.Host == "" {
			u.Kind = Invalid
		}
	case strings.HasPrefix(c, "/"):
		u.Kind = Path
	default:
		u.Kind = Relative
	}
	return u
}

// host returns the host at the start of s, up to the path, query or
// fragment, without any user name.
func host(s string) string {
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// Suspicious reports what in s a browser reads differently from how it
// is written, which a person would not mean: a backslash, which is a
// slash, or a control character, which is dropped. It is "" when the
// browser reads s as written (apart from spaces at either end).
func Suspicious(s string) string {
	trimmed := strings.TrimFunc(s, func(r rune) bool { return r == ' ' })
	for _, r := range trimmed {
		if r < ' ' || r == 0x7f {
			return "contains a control character, which browsers drop"
		}
	}
	if !strings.Contains(trimmed, `\`) {
		return ""
	}
	u := Parse(s)
	if u.Kind == OtherSite && !strings.HasPrefix(trimmed, "//") {
		return "contains a backslash, which browsers read as a slash: this leads to another site, " + u.Host
	}
	if scheme, _ := splitScheme(u.Clean); scheme == "" || scheme == "http" || scheme == "https" {
		return "contains a backslash, which browsers read as a slash"
	}
	return ""
}

// SiteLink reports what is wrong with s as a link on a page of the site,
// written in site.yaml or front matter, that must be a path on this site
// ("/about/") or a web address ("https://…"), and mailto: when mail is
// true. It returns "" when s is one of those.
func SiteLink(s string, mail bool) string {
	if msg := Suspicious(s); msg != "" {
		return msg
	}
	u := Parse(s)
	switch u.Kind {
	case Path, Web:
		return ""
	case Scheme:
		if mail && u.Scheme == "mailto" {
			return ""
		}
		return "uses " + u.Scheme + ":, which links may not"
	case OtherSite:
		return "leads to another site, " + u.Host + ", without saying how: write https:// before it"
	case Relative:
		return "is not a path on this site or a web address"
	}
	return "is not a web address a browser can open"
}
