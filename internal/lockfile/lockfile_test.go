package lockfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The test binary doubles as the other process: with LOCKFILE_HELPER set to
// a path it acquires that lock, prints "ok" (or "held"), and holds the lock
// until its stdin closes. With LOCKFILE_HELPER=wait it just waits on stdin.
func TestMain(m *testing.M) {
	switch path := os.Getenv("LOCKFILE_HELPER"); path {
	case "":
		os.Exit(m.Run())
	case "wait":
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	default:
		l, err := Acquire(path)
		var held *HeldError
		switch {
		case errors.As(err, &held):
			fmt.Println("held")
			os.Exit(3)
		case err != nil:
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ok")
		io.Copy(io.Discard, os.Stdin)
		if err := l.Release(); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// helper is a running copy of the test binary.
type helper struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
}

// startHelper starts the test binary with LOCKFILE_HELPER=mode.
func startHelper(t *testing.T, mode string) *helper {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LOCKFILE_HELPER="+mode)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &helper{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}
	t.Cleanup(func() { h.stdin.Close(); h.cmd.Process.Kill(); h.cmd.Wait() })
	return h
}

// line reads the helper's first line of output ("ok", "held", "error: …").
func (h *helper) line(t *testing.T) string {
	t.Helper()
	s, err := h.out.ReadString('\n')
	if err != nil {
		t.Fatalf("helper pid %d: reading its answer: %v", h.cmd.Process.Pid, err)
	}
	return strings.TrimSpace(s)
}

// deadPID returns the pid of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func lockText(pid int, host string, start time.Time) string {
	return format(Owner{PID: pid, Host: host, Start: start})
}

func TestAcquireRelease(t *testing.T) {
	path := For(t.TempDir())
	before := time.Now()
	l, err := Acquire(path)
	if err != nil {
		t.Fatalf("Acquire(%s) = %v, want the lock", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	o, ok := parse(b)
	if !ok || o.PID != os.Getpid() || o.Host != hostname() || o.Start.Before(before.Add(-time.Second)) {
		t.Errorf("lock file holds %q (parsed %+v, %v), want pid %d, host %s, start after %s", b, o, ok, os.Getpid(), hostname(), before)
	}
	if o != l.Owner() {
		t.Errorf("Owner() = %+v, file says %+v", l.Owner(), o)
	}
	if _, err := Acquire(path); err == nil {
		t.Fatalf("second Acquire in the same process succeeded, want *HeldError")
	} else if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("second Acquire: %q does not name %s and pid %d", err, path, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatalf("Release: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Release, stat %s = %v, want not exist", path, err)
	}
	if err := l.Release(); err != nil {
		t.Errorf("second Release = %v, want nil", err)
	}
	l2, err := Acquire(path)
	if err != nil {
		t.Fatalf("Acquire after Release = %v", err)
	}
	l2.Release()
}

// A live run in another process holds the lock; once it is SIGKILLed, its
// lock file stays behind and the next Acquire takes it over.
func TestLiveHolderThenCrash(t *testing.T) {
	path := For(t.TempDir())
	h := startHelper(t, path)
	if got := h.line(t); got != "ok" {
		t.Fatalf("helper: %s, want ok", got)
	}
	_, err := Acquire(path)
	var held *HeldError
	if !errors.As(err, &held) {
		t.Fatalf("Acquire while pid %d holds it = %v, want *HeldError", h.cmd.Process.Pid, err)
	}
	if held.Owner.PID != h.cmd.Process.Pid || held.Remote {
		t.Errorf("HeldError.Owner = %+v (remote %v), want pid %d on this host", held.Owner, held.Remote, h.cmd.Process.Pid)
	}
	msg := err.Error()
	if !strings.Contains(msg, path) || !strings.Contains(msg, fmt.Sprintf("pid %d", h.cmd.Process.Pid)) {
		t.Errorf("message %q does not name the lock file and the holder's pid", msg)
	}

	h.cmd.Process.Kill() // SIGKILL: no chance to release
	h.cmd.Wait()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the killed run's lock should still be there: %v", err)
	}
	l, err := Acquire(path)
	if err != nil {
		t.Fatalf("Acquire after the holder was killed = %v, want a takeover", err)
	}
	defer l.Release()
	if b, _ := os.ReadFile(path); !strings.Contains(string(b), fmt.Sprintf("pid: %d\n", os.Getpid())) {
		t.Errorf("after takeover the lock holds %q, want our pid", b)
	}
	if m, _ := filepath.Glob(path + "?*"); len(m) > 0 {
		t.Errorf("takeover left %v behind", m)
	}
}

// A clean Release by the other process frees the lock at once.
func TestReleasedByOtherProcess(t *testing.T) {
	path := For(t.TempDir())
	h := startHelper(t, path)
	if got := h.line(t); got != "ok" {
		t.Fatalf("helper: %s, want ok", got)
	}
	h.stdin.Close()
	if err := h.cmd.Wait(); err != nil {
		t.Fatalf("helper release: %v", err)
	}
	l, err := Acquire(path)
	if err != nil {
		t.Fatalf("Acquire after release = %v", err)
	}
	l.Release()
}

func TestStaleOrHeld(t *testing.T) {
	live := startHelper(t, "wait").cmd.Process.Pid
	dead := deadPID(t)
	now := time.Now().UTC()
	old := now.Add(-time.Hour)
	tests := []struct {
		name    string
		content string
		age     time.Duration // how old the file's mtime is
		linux   bool          // only decidable on Linux
		taken   bool          // want Acquire to take it over
		check   func(*HeldError) bool
	}{
		// owners that are gone
		{name: "dead pid", content: lockText(dead, hostname(), old), taken: true},
		{name: "our own pid from an earlier process", content: lockText(os.Getpid(), hostname(), old), taken: true},
		{name: "pid reused by a younger process", content: lockText(live, hostname(), now.Add(-24*time.Hour)), linux: true, taken: true},
		// owners that may be alive
		{name: "live pid", content: lockText(live, hostname(), now), check: func(e *HeldError) bool { return e.Owner.PID == live && !e.Remote }},
		{name: "another host", content: lockText(dead, "elsewhere.example", old), check: func(e *HeldError) bool { return e.Remote && e.Owner.Host == "elsewhere.example" }},
		// files a crash between create and write would leave
		{name: "garbled and fresh", content: "pid: 12", check: func(e *HeldError) bool { return e.Unreadable }},
		{name: "empty and fresh", content: "", check: func(e *HeldError) bool { return e.Unreadable }},
		{name: "garbled and old", content: "pid: x\nhost", age: time.Hour, taken: true},
		{name: "empty and old", content: "", age: time.Hour, taken: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.linux && runtime.GOOS != "linux" {
				t.Skip("process start times are read from /proc")
			}
			path := For(t.TempDir())
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.age > 0 {
				mt := time.Now().Add(-tt.age)
				os.Chtimes(path, mt, mt)
			}
			l, err := Acquire(path)
			if tt.taken {
				if err != nil {
					t.Fatalf("Acquire over %q = %v, want a takeover", tt.content, err)
				}
				l.Release()
				return
			}
			var held *HeldError
			if !errors.As(err, &held) {
				if l != nil {
					l.Release()
				}
				t.Fatalf("Acquire over %q = %v, want *HeldError", tt.content, err)
			}
			if !tt.check(held) {
				t.Errorf("HeldError = %+v", held)
			}
			if b, _ := os.ReadFile(path); string(b) != tt.content {
				t.Errorf("refused Acquire changed the lock to %q, want %q", b, tt.content)
			}
		})
	}
}

// Many processes find the same stale lock at once: exactly one takes it.
func TestRaceForStaleLock(t *testing.T) {
	const n = 8
	for round := range 3 {
		path := For(t.TempDir())
		if err := os.WriteFile(path, []byte(lockText(deadPID(t), hostname(), time.Now())), 0o644); err != nil {
			t.Fatal(err)
		}
		hs := make([]*helper, n)
		for i := range hs {
			hs[i] = startHelper(t, path)
		}
		answers := make([]string, n)
		var wg sync.WaitGroup
		for i, h := range hs {
			wg.Go(func() { answers[i] = h.line(t) })
		}
		wg.Wait()
		var ok, refused int
		for _, a := range answers {
			switch a {
			case "ok":
				ok++
			case "held":
				refused++
			default:
				t.Errorf("round %d: helper answered %q", round, a)
			}
		}
		if ok != 1 || refused != n-1 {
			t.Errorf("round %d: %d processes took the stale lock and %d were refused, want 1 and %d", round, ok, refused, n-1)
		}
		if m, _ := filepath.Glob(path + "?*"); len(m) > 0 {
			t.Errorf("round %d: the race left %v behind", round, m)
		}
	}
}

// Release never removes a lock that is no longer this process's.
func TestReleaseKeepsForeignLock(t *testing.T) {
	path := For(t.TempDir())
	l, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	other := lockText(12345, "elsewhere.example", time.Now())
	if err := os.WriteFile(path, []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err == nil {
		t.Errorf("Release of a replaced lock = nil, want an error")
	}
	if b, _ := os.ReadFile(path); string(b) != other {
		t.Errorf("Release changed a foreign lock to %q", b)
	}
}

func TestCreateFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", Name)
	_, err := Acquire(path)
	var held *HeldError
	if err == nil || errors.As(err, &held) || !strings.Contains(err.Error(), path) {
		t.Errorf("Acquire(%s) = %v, want an error naming the path", path, err)
	}
}

func TestParse(t *testing.T) {
	start := time.Date(2026, 11, 29, 2, 0, 0, 123456789, time.UTC)
	tests := []struct {
		in   string
		want Owner
		ok   bool
	}{
		{format(Owner{PID: 42, Host: "h", Start: start}), Owner{PID: 42, Host: "h", Start: start}, true},
		{"pid: 42\nhost: h\nstart: 2026-11-29T02:00:00Z\nnote: extra keys are ignored\n", Owner{PID: 42, Host: "h", Start: start.Truncate(time.Second)}, true},
		// incomplete or invalid
		{"", Owner{}, false},
		{"pid: 42\nhost: h\n", Owner{}, false},
		{"pid: 0\nhost: h\nstart: 2026-11-29T02:00:00Z\n", Owner{}, false},
		{"pid: -1\nhost: h\nstart: 2026-11-29T02:00:00Z\n", Owner{}, false},
		{"pid: 42\nhost: h\nstart: yesterday\n", Owner{}, false},
		{"pid 42\n", Owner{}, false},
	}
	for _, tt := range tests {
		got, ok := parse([]byte(tt.in))
		if ok != tt.ok || (ok && !got.Start.Equal(tt.want.Start)) || (ok && (got.PID != tt.want.PID || got.Host != tt.want.Host)) {
			t.Errorf("parse(%q) = %+v, %v, want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
