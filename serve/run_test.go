package serve

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeAndShutdown serves on a loopback port, answers a request, and
// returns nil once the context ends, logging that it stops.
func TestServeAndShutdown(t *testing.T) {
	f := newFixture(t, true, "")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !IsLoopback(ln.Addr()) {
		t.Errorf("%s: IsLoopback false", ln.Addr())
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.s.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: %d %s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after cancel: %v, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after the context ended")
	}
	if !strings.Contains(f.log.String(), "stopping: finishing the requests in flight") {
		t.Errorf("log %q, want the stopping line", f.log.String())
	}
}

// TestIsLoopback sorts addresses by whether only this machine reaches them.
func TestIsLoopback(t *testing.T) {
	for _, tt := range []struct {
		addr net.Addr
		want bool
	}{
		{&net.TCPAddr{IP: net.ParseIP("127.0.0.1")}, true},
		{&net.TCPAddr{IP: net.ParseIP("::1")}, true},
		{&net.TCPAddr{IP: net.ParseIP("0.0.0.0")}, false},
		{&net.TCPAddr{IP: net.ParseIP("192.168.1.2")}, false},
		{&net.UnixAddr{Name: "/tmp/x"}, false},
	} {
		if got := IsLoopback(tt.addr); got != tt.want {
			t.Errorf("IsLoopback(%v) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

// TestServeRefusesForeignHost: on a loopback listener, a request that
// names another site in its Host header (a page whose DNS name was
// rebound to 127.0.0.1) gets 403 and neither the page nor its token; the
// loopback names are served.
func TestServeRefusesForeignHost(t *testing.T) {
	f := newFixture(t, true, "")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.s.Serve(ctx, ln) }()
	defer func() {
		cancel()
		<-done
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	for _, tt := range []struct {
		host string
		want int
	}{
		{"evil.example:" + port, http.StatusForbidden},
		{"evil.example", http.StatusForbidden},
		{"127.0.0.1.evil.example:" + port, http.StatusForbidden},
		{"localhost:" + port, http.StatusOK},
		{"LOCALHOST", http.StatusOK},
		{"127.0.0.1:" + port, http.StatusOK},
		{"127.0.0.2:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
	} {
		req, err := http.NewRequest("GET", "http://"+ln.Addr().String()+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = tt.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("GET / with Host %q: %d, want %d (%s)", tt.host, resp.StatusCode, tt.want, body)
		}
		if has := strings.Contains(string(body), f.s.Token()); has != (tt.want == http.StatusOK) {
			t.Errorf("GET / with Host %q: token in the body %v, want %v", tt.host, has, tt.want == http.StatusOK)
		}
	}
	if !strings.Contains(f.log.String(), `for host \"evil.example:`) && !strings.Contains(f.log.String(), `for host "evil.example:`) {
		t.Errorf("log %q, want the refusal of evil.example", f.log.String())
	}
}

// TestIsLoopbackHost sorts Host headers.
func TestIsLoopbackHost(t *testing.T) {
	for _, tt := range []struct {
		host string
		want bool
	}{
		{"localhost", true}, {"localhost:8080", true}, {"LocalHost.", true},
		{"127.0.0.1", true}, {"127.0.0.1:80", true}, {"[::1]:8080", true}, {"::1", true},
		{"", false}, {"0.0.0.0:8080", false}, {"10.0.0.1", false},
		{"localhost.evil.example", false}, {"evil.example:8080", false},
	} {
		if got := IsLoopbackHost(tt.host); got != tt.want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

// TestCheckAddr: loopback addresses pass, others only when allowed, and a
// malformed one fails.
func TestCheckAddr(t *testing.T) {
	for _, tt := range []struct {
		addr    string
		remote  bool
		wantErr string
	}{
		{"127.0.0.1:8080", false, ""},
		{"localhost:0", false, ""},
		{"[::1]:8080", false, ""},
		{"0.0.0.0:8080", false, "is not a loopback address"},
		{":8080", false, "is not a loopback address"},
		{"192.168.1.2:8080", false, "give --allow-remote"},
		{"0.0.0.0:8080", true, ""},
		{"8080", false, "missing port"},
	} {
		err := CheckAddr(tt.addr, tt.remote)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("CheckAddr(%q, %v) = %v, want %q", tt.addr, tt.remote, err, tt.wantErr)
		}
	}
}
