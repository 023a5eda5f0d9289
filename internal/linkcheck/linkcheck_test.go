package linkcheck

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// server answers as the sites a portal cites do: some fine, some moved,
// some gone, one that never answers, and one that refuses HEAD.
func server(t *testing.T) (*httptest.Server, *sync.Map) {
	t.Helper()
	release := make(chan struct{})
	var methods sync.Map // path -> methods seen, "HEAD,GET"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := methods.LoadOrStore(r.URL.Path, new(strings.Builder))
		b := v.(*strings.Builder)
		b.WriteString(r.Method + ",")
		switch r.URL.Path {
		case "/ok":
			w.WriteHeader(http.StatusOK)
		case "/moved":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		case "/moved-twice":
			http.Redirect(w, r, "/moved", http.StatusFound)
		case "/moved-to-gone":
			http.Redirect(w, r, "/gone", http.StatusMovedPermanently)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/gone":
			http.NotFound(w, r)
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
		case "/no-head":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			w.WriteHeader(http.StatusOK)
		case "/slow":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv, &methods
}

func TestCheck(t *testing.T) {
	srv, methods := server(t)
	c := &Checker{Client: srv.Client(), Timeout: 300 * time.Millisecond, Concurrency: 2}
	u := srv.URL
	urls := []string{u + "/ok", u + "/moved", u + "/moved-twice", u + "/moved-to-gone", u + "/loop",
		u + "/gone", u + "/broken", u + "/no-head", u + "/slow", u + "/ok#section"}
	got, err := c.Check(t.Context(), urls)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status  int
		final   string
		problem string
		method  string
	}{
		{200, "", "", "HEAD"},
		{200, u + "/ok", "", "HEAD"},
		{200, u + "/ok", "", "HEAD"},
		{404, u + "/gone", "404 Not Found", "GET"},
		{302, u + "/loop", "more than 10 redirects", "HEAD"},
		{404, "", "404 Not Found", "GET"},
		{500, "", "500 Internal Server Error", "GET"},
		{200, "", "", "GET"},
		{0, "", "no answer within 300ms", "HEAD"},
		{200, "", "", "HEAD"},
	}
	if len(got) != len(urls) {
		t.Fatalf("Check returned %d results for %d addresses", len(got), len(urls))
	}
	for i, w := range want {
		g := got[i]
		if g.URL != urls[i] || g.Status != w.status || g.Final != w.final || g.Problem != w.problem || g.Method != w.method {
			t.Errorf("Check(%s) = %+v, want status %d, final %q, problem %q, method %s", urls[i], g, w.status, w.final, w.problem, w.method)
		}
		if dead := w.problem != ""; g.Dead() != dead {
			t.Errorf("Check(%s).Dead() = %v, want %v", urls[i], g.Dead(), dead)
		}
	}
	// /ok and /ok#section are one address to the server: fetched once.
	if v, _ := methods.Load("/ok"); v == nil {
		t.Error("/ok was never fetched")
	}
	if v, _ := methods.Load("/no-head"); v.(*strings.Builder).String() != "HEAD,GET," {
		t.Errorf("/no-head saw %q, want HEAD then GET", v.(*strings.Builder).String())
	}
}

func TestCheckConcurrency(t *testing.T) {
	var now, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		now.Add(-1)
	}))
	defer srv.Close()
	var urls []string
	for i := range 12 {
		urls = append(urls, srv.URL+"/page"+strings.Repeat("x", i))
	}
	c := &Checker{Client: srv.Client(), Concurrency: 3}
	if _, err := c.Check(t.Context(), urls); err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p > 3 || p < 1 {
		t.Errorf("at most %d requests were in flight at once, want between 1 and 3", p)
	}
}

func TestCheckUnreachable(t *testing.T) {
	// A port nothing listens on: the connection is refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	got, err := (&Checker{Timeout: 2 * time.Second}).Check(t.Context(), []string{"http://" + addr + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if !got[0].Dead() || got[0].Status != 0 {
		t.Errorf("Check(closed port) = %+v, want dead with no status", got[0])
	}
}

func TestCheckCancelled(t *testing.T) {
	srv, _ := server(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := (&Checker{Client: srv.Client()}).Check(ctx, []string{srv.URL + "/slow"}); err == nil {
		t.Error("Check with a cancelled context returned no error")
	}
}
