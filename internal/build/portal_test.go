package build

import (
	"strings"
	"testing"
	"time"
)

// TestPortalHasNoDiagnostics builds the repository's own portal, as
// go run ./cmd/wayfinder build does, and expects not one diagnostic: no
// errors, and no warnings either, readability included. Guides' review
// dates are measured against a fixed day, so the test does not start
// failing as the calendar moves on; wayfinder check uses today.
func TestPortalHasNoDiagnostics(t *testing.T) {
	res := Run(t.Context(), repoSite(t), Options{Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}, nil)
	if len(res.Diags) > 0 {
		var b strings.Builder
		res.Diags.Print(&b)
		t.Errorf("the portal has %d diagnostics:\n%s", len(res.Diags), b.String())
	}
	if len(res.Pages) < 40 {
		t.Errorf("built %d pages, want the whole portal", len(res.Pages))
	}
}

// TestPortalChromeMemoized holds the portal's header and footer to what
// lets their output be reused across pages (see layout.Memo): they read
// the site's settings, the language switcher and which menu item is the
// page, nothing else of it. A partial that starts to read more is still
// right, run on every page, but the build slows by about a tenth; if the
// header must show something of the page, put that in its own partial.
func TestPortalChromeMemoized(t *testing.T) {
	s := Start(t.Context(), repoSite(t), Options{})
	w := s.worker()
	if w == nil {
		t.Fatal("the portal's layouts did not load")
	}
	got := strings.Join(w.set.Memoized(), " ")
	if want := "partials/footer.html partials/header.html"; got != want {
		t.Errorf("memoized partials %q, want %q", got, want)
	}
}
