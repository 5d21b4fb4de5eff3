package serve

// Serving is the handler behind an http.Server with timeouts on every
// phase (a slow client cannot hold a connection for ever), beside a
// goroutine that reloads the index when a batch replaces it. When the
// context ends (SIGINT or SIGTERM in the command) the server stops taking
// connections and finishes the requests in flight, for at most ten
// seconds.
//
// On a loopback listener every request must also name a loopback host
// (localhost or a loopback address) in its Host header. A site that points
// its own DNS name at 127.0.0.1 ("DNS rebinding") makes the browser treat
// this server as that site, so its page could read the workspace, token
// included, and then make decisions; the browser still sends the site's
// name as Host, and that is what is refused.
//
// Addresses to listen on are checked by CheckAddr: loopback unless told
// otherwise, since the workspace shows the whole index to whoever reaches it.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Serve answers on ln until ctx ends, reloading the index every two
// seconds if a batch replaced it, then shuts down after the requests in
// flight. It returns nil after a clean shutdown, else the listener's or
// the shutdown's error.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	watch, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go s.Watch(watch, 2*time.Second)
	var h http.Handler = s
	if IsLoopback(ln.Addr()) {
		h = s.loopbackHostsOnly(s)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("stopping: finishing the requests in flight")
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// IsLoopback reports whether a is a TCP address on the loopback
// interface, where only this machine can reach the server.
func IsLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// loopbackHostsOnly answers 403 to a request whose Host is not a loopback
// name, and passes the rest to next.
func (s *Server) loopbackHostsOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsLoopbackHost(r.Host) {
			s.log.Warn("refused a request to "+r.URL.Path+" for host "+strconv.Quote(r.Host)+": the server listens on loopback, where only localhost and loopback addresses are served", "remote", r.RemoteAddr, "host", r.Host, "path", r.URL.Path)
			fail(w, http.StatusForbidden, "host %q is not served: open the workspace at localhost or a loopback address", r.Host)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// IsLoopbackHost reports whether the host of a Host header (with or
// without a port) is localhost or a loopback address.
func IsLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") || strings.EqualFold(host, "localhost.") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckAddr refuses an address to listen on (host:port) that is not on
// the loopback interface ("localhost", 127.0.0.1, ::1), unless
// allowRemote; its messages name the command's flags.
func CheckAddr(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %v", addr, err)
	}
	if IsLoopbackHost(host) {
		return nil
	}
	if !allowRemote {
		return fmt.Errorf("--addr %s is not a loopback address: the workspace would be open to the network; give --allow-remote to mean it", addr)
	}
	return nil
}
