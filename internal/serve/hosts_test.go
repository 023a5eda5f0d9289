package serve

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wayfinder-health/wayfinder/internal/site"
)

func listening(t *testing.T, addr string) (*Server, *bytes.Buffer) {
	t.Helper()
	s := New()
	t.Cleanup(s.Close)
	s.Swap(map[string]site.File{"index.html": {Path: "index.html", Data: []byte("<html><body>home</body></html>")}}, "/")
	tcp, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	s.Listen(tcp, slog.New(slog.NewTextHandler(&log, nil)))
	return s, &log
}

func TestOnlyItsOwnHost(t *testing.T) {
	s, log := listening(t, "127.0.0.1:1414")
	for _, tc := range []struct {
		host string
		want int
	}{
		{"127.0.0.1:1414", 200},
		{"localhost:1414", 200},
		{"LOCALHOST:1414", 200},
		{"[::1]:1414", 200},
		{"localhost", 200},
		{"attacker.example", 421},
		{"attacker.example:1414", 421},
		{"localhost.attacker.example:1414", 421},
		{"127.0.0.1.nip.io:1414", 421},
		{"127.0.0.1:8080", 421},
		{"192.168.1.10:1414", 421},
		{"[fe80::1%25eth0]:1414", 421},
		{"", 421},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = tc.host
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != tc.want {
			t.Errorf("GET / with Host %q = %d, want %d", tc.host, w.Code, tc.want)
		}
	}
	if !strings.Contains(log.String(), "refused a request for another host") || !strings.Contains(log.String(), "host=attacker.example") {
		t.Errorf("log lacks the refusals:\n%s", log)
	}
}

func TestEveryAddressTakesIPsNotNames(t *testing.T) {
	s, _ := listening(t, "0.0.0.0:1414")
	for host, want := range map[string]int{"192.168.1.10:1414": 200, "127.0.0.1:1414": 200, "attacker.example:1414": 421} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("GET / with Host %q = %d, want %d", host, w.Code, want)
		}
	}
}

func TestEventsGetOnlyAndOwnOrigin(t *testing.T) {
	s, log := listening(t, "127.0.0.1:1414")
	for _, tc := range []struct {
		method, origin string
		want           int
	}{
		{"POST", "", 405},
		{"OPTIONS", "", 405},
		{"HEAD", "", 405},
		{"GET", "https://attacker.example", 403},
		{"GET", "http://attacker.example:1414", 403},
		{"GET", "null", 403},
		{"GET", "http://localhost:1414@attacker.example", 403},
		{"GET", "http://127.0.0.1:1414", 200},
		{"GET", "http://localhost:1414", 200},
		{"GET", "", 200},
	} {
		ctx, cancel := context.WithCancel(t.Context())
		r := httptest.NewRequest(tc.method, EventsPath, nil).WithContext(ctx)
		r.Host = "127.0.0.1:1414"
		if tc.origin != "" {
			r.Header.Set("Origin", tc.origin)
		}
		w := httptest.NewRecorder()
		if tc.want == 200 {
			cancel() // the stream ends at once, after its first event
		}
		s.ServeHTTP(w, r)
		cancel()
		if w.Code != tc.want {
			t.Errorf("%s %s with Origin %q = %d, want %d", tc.method, EventsPath, tc.origin, w.Code, tc.want)
		}
		if tc.want == 405 && w.Header().Get("Allow") != "GET" {
			t.Errorf("%s %s: Allow = %q, want GET", tc.method, EventsPath, w.Header().Get("Allow"))
		}
	}
	if !strings.Contains(log.String(), "refused the event stream to another site") {
		t.Errorf("log lacks the refusal:\n%s", log)
	}
}

// TestServeOverHTTP sends a rebinding request through a real listener.
func TestServeOverHTTP(t *testing.T) {
	s := New()
	defer s.Close()
	ts := httptest.NewUnstartedServer(s)
	s.Listen(ts.Listener.Addr(), slog.New(slog.DiscardHandler))
	ts.Start()
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.Host = "attacker.example"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("GET with Host attacker.example = %d, want 421", res.StatusCode)
	}
	res, err = http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode == http.StatusMisdirectedRequest {
		t.Errorf("GET at its own address = 421")
	}
}
