// Package htmlcheck finds anything executable in HTML: script-like
// elements, event-handler attributes, and URLs whose scheme runs code. The
// tests of every stage use it to prove untrusted content stays inert.
package htmlcheck

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// dangerous elements run code or embed other documents.
var dangerous = map[string]bool{
	"script": true, "iframe": true, "object": true, "embed": true, "frame": true,
	"frameset": true, "applet": true, "base": true, "form": true, "meta": false,
}

// urlAttrs hold URLs.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"poster": true, "background": true, "srcset": true, "data": true, "cite": true,
}

// Unsafe returns a description of each executable thing in doc. allowed
// lists script sources and form actions the site itself emits (its own
// files and pages), which are not reported. A script element that is a
// JSON data block (type application/json or application/ld+json) is not
// run, so it is not reported either.
func Unsafe(doc []byte, allowedScripts ...string) []string {
	var problems []string
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return problems
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		name := strings.ToLower(tok.Data)
		if dangerous[name] {
			ok := false
			switch name {
			case "script":
				src := attr(tok, "src")
				ok = src != "" && allowed(src, allowedScripts) || dataBlock(attr(tok, "type"))
			case "form":
				action := attr(tok, "action")
				ok = action != "" && allowed(action, allowedScripts)
			}
			if !ok {
				problems = append(problems, fmt.Sprintf("<%s> element", name))
			}
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"):
				problems = append(problems, fmt.Sprintf("<%s %s=…> event handler", name, key))
			case key == "style" && strings.Contains(strings.ToLower(a.Val), "url("):
				problems = append(problems, fmt.Sprintf("<%s style> with url()", name))
			case urlAttrs[key]:
				if s := scheme(a.Val); s != "" && !(s == "data" && name == "img" && isImageData(a.Val)) {
					problems = append(problems, fmt.Sprintf("<%s %s=%q>", name, key, a.Val))
				}
			}
		}
	}
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// dataBlock reports whether a script element's type makes it a block of
// JSON data, which browsers do not run.
func dataBlock(typ string) bool {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "application/json", "application/ld+json":
		return true
	}
	return false
}

func allowed(src string, list []string) bool {
	for _, a := range list {
		if strings.HasPrefix(src, a) {
			return true
		}
	}
	return false
}

// scheme returns the scheme of a URL if it is one that can run code or
// carry a document, as a browser reads it (ignoring spaces and control
// characters), or "".
func scheme(u string) string {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(u))
	for _, s := range []string{"javascript", "vbscript", "data", "livescript", "mocha"} {
		if strings.HasPrefix(clean, s+":") {
			return s
		}
	}
	return ""
}

func isImageData(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	for _, t := range []string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"} {
		if strings.HasPrefix(l, t) {
			return true
		}
	}
	return false
}
