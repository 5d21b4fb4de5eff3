package serve

// Serving is the handler behind an http.Server with timeouts on every
// phase (a slow client cannot hold a connection for ever), beside a
// goroutine that reloads the index when a batch replaces it. When the
// context ends (SIGINT or SIGTERM in the command) the server stops taking
// connections and finishes the requests in flight, for at most ten
// seconds. It listens on the loopback interface unless told otherwise
// (CheckAddr): the workspace shows the whole index to whoever reaches it.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
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
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: time.Minute}
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

// CheckAddr refuses an address to listen on (host:port) that is not on
// the loopback interface ("localhost", 127.0.0.1, ::1), unless
// allowRemote; its messages name the command's flags.
func CheckAddr(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	if !allowRemote {
		return fmt.Errorf("--addr %s is not a loopback address: the workspace would be open to the network; give --allow-remote to mean it", addr)
	}
	return nil
}
