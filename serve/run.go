package serve

// Serving is the handler behind an http.Server with timeouts on every
// phase (a slow client cannot hold a connection for ever), beside a
// goroutine that reloads the index when a batch replaces it. When the
// context ends (SIGINT or SIGTERM in the command) the server stops taking
// connections and finishes the requests in flight, for at most ten
// seconds.

import (
	"context"
	"errors"
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
