package content

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

// CheckFileName reports what is wrong with the name of a file or folder
// under content/ or static/, or "" if nothing is. Names may be in any
// language, with spaces and capitals: a page's web address is made from
// its name by URLName. Refused are the names no partner could check out
// or publish on every system: control characters, slashes and the other
// characters Windows does not allow in names (< > : " | ? *), # and %,
// which break web addresses, "." and "..", names ending in a dot or a
// space, and the names Windows keeps for devices (CON, PRN, AUX, NUL,
// COM1 to COM9 and LPT1 to LPT9, with or without an extension, in any
// case).
func CheckFileName(name string) string {
	switch {
	case name == "":
		return "is empty"
	case !utf8.ValidString(name):
		return "is not valid UTF-8 text"
	case strings.ContainsAny(name, "/\\"):
		return "contains a slash or backslash"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "contains a control character, such as a tab or line break"
	case strings.ContainsAny(name, `<>:"|?*#%`):
		return `contains one of the characters < > : " | ? * # %, which some systems or web addresses cannot hold`
	case name == ".":
		return "is only a dot, which names the folder it is in"
	case name == ".." || strings.Contains(name, ".."):
		return "contains \"..\""
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " "):
		return "ends with a dot or a space, which Windows drops"
	case reserved(name):
		return "is a name Windows keeps for a device, so the file cannot be checked out there"
	}
	return ""
}

// reserved reports whether name is one Windows keeps for a device: the
// part before the first dot, with trailing spaces removed, is CON, PRN,
// AUX, NUL, COM0 to COM9 or LPT0 to LPT9 (with ¹ ² ³ as digits too).
func reserved(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) < 4 || (base[:3] != "COM" && base[:3] != "LPT") {
		return false
	}
	switch base[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

// URLName returns the part of a web address made from one segment of a
// file's path (a folder's name, or a Markdown file's name without .md).
// A name that is already fit for a web address is kept as it is; any
// other is transliterated and lower-cased by site.Slugify: "Café ñ
// project" is cafe-n-project and "Ynys Môn" is ynys-mon. It is "" when
// nothing is left, as for "!!!".
func URLName(seg string) string {
	if CheckName(seg) == "" {
		return seg
	}
	return site.Slugify(seg)
}

// SuggestName returns a name like name that CheckFileName accepts and that
// has letters or numbers for a web address, to offer when name is refused.
func SuggestName(name string) string {
	ext := ""
	if e := path.Ext(name); len(e) > 1 && e != name && len(e) <= 6 && CheckFileName(e[1:]) == "" && !strings.ContainsAny(e, " ") {
		ext = strings.ToLower(e)
	}
	base := strings.TrimSuffix(name, path.Ext(name))
	if ext == "" {
		base = name
	}
	base = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || strings.ContainsRune(`/\<>:"|?*#%.`, r) {
			return '-'
		}
		return r
	}, base)
	base = strings.Trim(strings.Join(strings.Fields(base), " "), " -")
	if site.Slugify(base) == "" {
		base = "page"
	}
	if reserved(base) {
		base += "-page"
	}
	return base + ext
}

// checkPageName reports what is wrong with the name of a Markdown file or
// a folder under content/, whose name also makes a web address.
func checkPageName(name string, isDir bool) string {
	if msg := CheckFileName(name); msg != "" {
		return msg
	}
	seg := name
	if !isDir {
		seg = strings.TrimSuffix(name, ".md")
	}
	if URLName(seg) == "" {
		return "has no letters or numbers to make a web address from"
	}
	return ""
}

func nameDiagHint(name string) string {
	return fmt.Sprintf("rename it to %s", SuggestName(name))
}
