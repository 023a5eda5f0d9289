package serve

import (
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// hosts says which Host headers the preview answers: a page of the
// preview reached through any other name could be a DNS rebinding attack,
// in which a site the reader visits points its own name at 127.0.0.1 and
// reads the preview as if it were itself.
type hosts struct {
	port string
	ips  map[netip.Addr]bool
	any  bool // listening on every address: any IP address is the preview's
	log  *slog.Logger
}

// Listen tells the server the address it listens on. From then on it
// answers only requests whose Host is that address, localhost, 127.0.0.1
// or [::1], with the listening port or none; when it listens on every
// address (0.0.0.0 or [::]), any IP address will do, but never a name. A
// request for another host gets 421 Misdirected Request, and a line in
// log. The event stream also refuses, with 403, a request whose Origin is
// not one of those hosts.
func (s *Server) Listen(addr net.Addr, log *slog.Logger) {
	h := &hosts{ips: map[netip.Addr]bool{
		netip.MustParseAddr("127.0.0.1"): true,
		netip.IPv6Loopback():             true,
	}, log: log}
	if ap, err := netip.ParseAddrPort(addr.String()); err == nil {
		h.port = strconv.Itoa(int(ap.Port()))
		ip := ap.Addr().Unmap()
		if ip.IsUnspecified() {
			h.any = true
		}
		h.ips[ip] = true
	}
	s.mu.Lock()
	s.hosts = h
	s.mu.Unlock()
}

// allowed reports whether host, a Host header or the host of an Origin,
// names the preview.
func (h *hosts) allowed(host string) bool {
	name, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		name, port = host[:i], host[i+1:]
	}
	if port != "" && port != h.port {
		return false
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "["), "]")
	if strings.EqualFold(name, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(name)
	if err != nil || ip.Zone() != "" {
		return false
	}
	ip = ip.Unmap()
	return h.ips[ip] || h.any
}

// check answers a request not meant for the preview, and reports whether
// it did.
func (h *hosts) refuse(w http.ResponseWriter, r *http.Request) bool {
	if h == nil {
		return false
	}
	if !h.allowed(r.Host) {
		h.log.Warn("refused a request for another host", "host", r.Host, "path", r.URL.Path, "remote", r.RemoteAddr)
		http.Error(w, "this preview answers only to localhost, 127.0.0.1 and [::1]", http.StatusMisdirectedRequest)
		return true
	}
	return false
}

// foreignOrigin reports a request from a page of another site. A request
// without an Origin header is the browser's own (same-origin) or no
// browser's.
func (h *hosts) foreignOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if h == nil || o == "" {
		return false
	}
	rest, ok := strings.CutPrefix(o, "http://")
	return !ok || strings.ContainsAny(rest, "/?#@") || !h.allowed(rest)
}
