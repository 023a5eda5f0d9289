package site

import "strconv"

// DefaultPageSize is how many pages a list shows on each of its pages
// when site.yaml does not say (lists.page_size): enough to scan, few
// enough that a list page stays under the 50 KB budget with its CSS. The
// heaviest list is the pathfinder projects' (a card of five lines each,
// and the region map): at 50 a page it weighed 55 KB with the site's
// 20 KB stylesheet; at 25, 43 KB.
const DefaultPageSize = 25

// A Pager says where one page of a list is among the list's pages, for
// the pagination nav: its number, how many there are, the previous and
// next pages, and a short run of numbered links around it.
type Pager struct {
	Number, Count int
	// First and Last number the items this page shows, from 1, of Total.
	First, Last, Total int
	Prev, Next         *PagerLink
	// Links are the first and last pages and those next to this one, in
	// order; a Gap before a link marks numbers left out.
	Links []PagerLink
}

// PagerLink is one page of a list.
type PagerLink struct {
	Number  int
	URL     string
	Current bool // the page showing the nav: aria-current="page"
	Gap     bool // numbers between the link before and this one are left out
}

// ListPath is the site path of page n (from 1) of the list at base:
// base itself for the first, base + "page/N/" after.
func ListPath(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// Chunks cuts n items into pages of size: the bounds of each, [from, to).
// There is always one page, empty for no items.
func Chunks(n, size int) [][2]int {
	if size <= 0 {
		size = DefaultPageSize
	}
	var out [][2]int
	for i := 0; i < n; i += size {
		out = append(out, [2]int{i, min(n, i+size)})
	}
	if out == nil {
		out = [][2]int{{0, 0}}
	}
	return out
}

// NewPager returns the pager of page n (from 1) of a list cut into
// chunks (see Chunks), with url giving each page's address; nil when
// there is only one page.
func NewPager(n int, chunks [][2]int, url func(int) string) *Pager {
	count := len(chunks)
	if count <= 1 {
		return nil
	}
	p := &Pager{Number: n, Count: count, First: chunks[n-1][0] + 1, Last: chunks[n-1][1], Total: chunks[count-1][1]}
	link := func(i int) *PagerLink { return &PagerLink{Number: i, URL: url(i), Current: i == n} }
	if n > 1 {
		p.Prev = link(n - 1)
	}
	if n < count {
		p.Next = link(n + 1)
	}
	last := 0
	for i := 1; i <= count; i++ {
		if i != 1 && i != count && (i < n-2 || i > n+2) {
			continue
		}
		l := *link(i)
		l.Gap = last != 0 && i != last+1
		p.Links = append(p.Links, l)
		last = i
	}
	return p
}
