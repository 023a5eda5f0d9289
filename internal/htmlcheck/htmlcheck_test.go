package htmlcheck

import "testing"

func TestUnsafe(t *testing.T) {
	for doc, n := range map[string]int{
		`<p>javascript: is just text</p>`:                                 0,
		`<a href="/x/">ok</a><img src="data:image/png;base64,x" alt="">`:  0,
		`<script src="/js/site.js"></script>`:                             0,
		`<script>alert(1)</script>`:                                       1,
		`<a href=" java&#x09;script:alert(1)">x</a>`:                      1,
		`<img src=x onerror=alert(1)>`:                                    1,
		`<a href="VBScript:x">x</a><iframe src="/"></iframe>`:             2,
		`<img src="data:text/html,x">`:                                    1,
		`<script type="application/ld+json">{"@type":"WebPage"}</script>`: 0,
		`<script type="text/javascript">alert(1)</script>`:                1,
		`<form action="/js/search/"></form><form action="https://x/">`:    1,
	} {
		if got := Unsafe([]byte(doc), "/js/"); len(got) != n {
			t.Errorf("Unsafe(%q) = %v, want %d problems", doc, got, n)
		}
	}
}
