package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// start starts the binary and returns a func that waits for it; the
// process is killed at the test's end if it is still running.
func start(t testing.TB, env []string, args ...string) (pid int, wait func() result) {
	t.Helper()
	cmd, stdout, stderr := command(t, env, args...)
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	var r result
	wait = func() result {
		once.Do(func() {
			err := cmd.Wait()
			r = result{Args: args, Code: exitCode(err), Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Took: time.Since(begin)}
		})
		return r
	}
	t.Cleanup(func() { cmd.Process.Kill(); wait() })
	return cmd.Process.Pid, wait
}

// runKilled runs the binary and sends it SIGKILL as soon as kill, polled
// every millisecond with the time since the start, says so, unless it has
// finished by then. killed reports whether the kill landed, at when.
func runKilled(t testing.TB, kill func(elapsed time.Duration) bool, env []string, args ...string) (r result, killed bool, at time.Duration) {
	t.Helper()
	r, sent, at := runSignalled(t, syscall.SIGKILL, kill, env, args...)
	return r, sent && r.Code == -1, at
}

// runSignalled is runKilled with another signal: sent reports whether sig
// was sent (at when) before the process ended by itself.
func runSignalled(t testing.TB, sig syscall.Signal, kill func(elapsed time.Duration) bool, env []string, args ...string) (r result, sent bool, at time.Duration) {
	t.Helper()
	cmd, stdout, stderr := command(t, env, args...)
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var err error
loop:
	for {
		select {
		case err = <-done:
			break loop
		case <-tick.C:
			if at = time.Since(begin); kill(at) {
				sent = cmd.Process.Signal(sig) == nil
				err = <-done
				break loop
			}
		}
	}
	return result{Args: args, Code: exitCode(err), Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Took: time.Since(begin)}, sent, at
}

// replaced returns a func that reports whether the file at path has been
// replaced (renamed over, created or removed) since replaced was called.
func replaced(path string) func() bool {
	before, errBefore := os.Stat(path)
	return func() bool {
		now, err := os.Stat(path)
		if errBefore != nil || err != nil {
			return (errBefore == nil) != (err == nil)
		}
		return !os.SameFile(before, now)
	}
}

// summary is the part of `batch --json`'s output the tests read.
type summary struct {
	Articles int    `json:"articles"`
	Changed  int    `json:"changed"`
	Written  bool   `json:"written"`
	Skipped  []file `json:"skipped"`
	Failed   []file `json:"failed"`
}

type file struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// parseSummary decodes the JSON summary a batch printed.
func parseSummary(t testing.TB, r result) summary {
	t.Helper()
	var s summary
	if err := json.Unmarshal(r.Stdout, &s); err != nil {
		t.Fatalf("%s\nstdout is not the JSON summary: %v\n%s", r, err, tail(r.Stdout, 500))
	}
	return s
}

// byRel maps the files of a summary list by their path relative to root.
func byRel(t testing.TB, root string, files []file) map[string]string {
	t.Helper()
	out := make(map[string]string, len(files))
	for _, f := range files {
		p := f.Path
		if filepath.IsAbs(p) || strings.HasPrefix(p, root) {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				t.Fatalf("listed file %s is not under %s", p, root)
			}
			p = rel
		}
		out[filepath.ToSlash(p)] = f.Reason
	}
	return out
}

// readFile returns a file's bytes, failing the test if it cannot.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
