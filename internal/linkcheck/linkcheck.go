// Package linkcheck fetches web addresses and says which are dead and which
// redirect elsewhere. It is the only package that goes on the network, and
// only wayfinder links uses it: the build and check never do, and CI does
// not run it.
//
// Each address is asked for with HEAD; when the server refuses HEAD (any
// status of 400 or more, such as 405 Method Not Allowed), it is asked again
// with GET, whose body is not read. Redirects are followed, up to
// MaxRedirects, and the address they end at is reported. An address is dead
// when the last answer is a status of 400 or more, or when there is no
// answer: the site name does not exist, the connection fails, or nothing
// comes back within the timeout.
package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// The defaults of a Checker's zero fields.
const (
	DefaultConcurrency = 4
	DefaultTimeout     = 15 * time.Second
	MaxRedirects       = 10
	DefaultUserAgent   = "wayfinder-links/1 (+https://github.com/wayfinder-health/wayfinder)"
)

// Checker checks addresses. Its zero value is ready to use.
type Checker struct {
	// Client sends the requests; nil uses a client of its own. Its
	// redirect policy is replaced: the checker follows redirects itself.
	Client *http.Client
	// Concurrency is how many requests may be in flight at once
	// (DefaultConcurrency if 0).
	Concurrency int
	// Timeout bounds each request, redirects included (DefaultTimeout
	// if 0).
	Timeout   time.Duration
	UserAgent string // DefaultUserAgent if empty
}

// Result is what became of one address.
type Result struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"` // the last status received; 0 if none
	// Final is the address the redirects ended at, or "" if there were
	// none.
	Final string `json:"redirected_to,omitempty"`
	// Problem says in plain words why the address is dead, or "" if it
	// is not.
	Problem string `json:"problem,omitempty"`
	Method  string `json:"method"` // the method of the last request: HEAD, or GET when HEAD was refused
}

// Dead reports whether the address gave no good answer.
func (r Result) Dead() bool { return r.Problem != "" }

// Redirected reports whether the address led somewhere else.
func (r Result) Redirected() bool { return r.Final != "" }

// Check fetches each address and returns one result for each, in the same
// order. Addresses that are the same once any #fragment is removed are
// fetched once. It stops early, returning ctx's error, if ctx is done.
func (c *Checker) Check(ctx context.Context, urls []string) ([]Result, error) {
	client := c.client()
	limit := c.Concurrency
	if limit <= 0 {
		limit = DefaultConcurrency
	}
	limit = min(limit, 8*runtime.GOMAXPROCS(0))
	// Each distinct address is fetched once, into its own slot.
	index := map[string]int{}
	var distinct []string
	for _, u := range urls {
		k := key(u)
		if _, ok := index[k]; !ok {
			index[k] = len(distinct)
			distinct = append(distinct, k)
		}
	}
	fetched := make([]Result, len(distinct))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i, u := range distinct {
		g.Go(func() error {
			fetched[i] = c.check(gctx, client, u)
			return gctx.Err()
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]Result, len(urls))
	for i, u := range urls {
		out[i] = fetched[index[key(u)]]
		out[i].URL = u
	}
	return out, nil
}

// key is the address fetched for u: u without its fragment, which a server
// never sees.
func key(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

func (c *Checker) client() *http.Client {
	cl := &http.Client{}
	if c.Client != nil {
		copied := *c.Client
		cl = &copied
	}
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return cl
}

// check fetches one address within the timeout.
func (c *Checker) check(ctx context.Context, client *http.Client, u string) Result {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res := c.follow(ctx, client, http.MethodHead, u)
	if res.Status >= 400 {
		// Many servers refuse HEAD (405, 501, or 403 and 404 from
		// some); GET says what a reader would get.
		res = c.follow(ctx, client, http.MethodGet, u)
	}
	if res.Problem != "" && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		res.Problem = fmt.Sprintf("no answer within %s", timeout)
	}
	return res
}

// follow sends method to u and follows redirects.
func (c *Checker) follow(ctx context.Context, client *http.Client, method, u string) Result {
	res := Result{URL: u, Method: method}
	next := u
	for hop := 0; ; hop++ {
		if hop > MaxRedirects {
			res.Problem = fmt.Sprintf("more than %d redirects", MaxRedirects)
			return res
		}
		status, location, err := c.do(ctx, client, method, next)
		if err != nil {
			res.Status = 0
			res.Problem = plain(err)
			return res
		}
		res.Status = status
		if status < 300 || status >= 400 || location == "" {
			if status >= 400 {
				res.Problem = fmt.Sprintf("%d %s", status, http.StatusText(status))
			}
			return res
		}
		base, _ := url.Parse(next)
		loc, err := base.Parse(location)
		if err != nil {
			res.Problem = fmt.Sprintf("redirects to an address that is not valid: %q", location)
			return res
		}
		next = loc.String()
		res.Final = next
	}
}

func (c *Checker) do(ctx context.Context, client *http.Client, method, u string) (status int, location string, err error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, "", err
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	resp.Body.Close() // the status is all that matters
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

// plain says what went wrong with a request in plain words.
func plain(err error) string {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return "the site name does not exist (" + dns.Name + ")"
	case errors.As(err, &dns):
		return "the site name could not be looked up (" + dns.Name + ")"
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer in time"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return "the site refused the connection or could not be reached"
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err.Error()
	}
	return err.Error()
}
