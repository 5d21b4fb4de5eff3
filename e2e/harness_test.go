package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"recommend/internal/corpustest"
)

// bin is the recommend binary that TestMain builds; scratch is a folder
// for what several tests share (the reference run), removed at the end.
var bin, scratch string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "recommend-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "bin", "recommend")
	removeOrphans(workRoot())
	scratch, err = os.MkdirTemp(workRoot(), "recommend-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(scratch)
	if err := os.WriteFile(filepath.Join(scratch, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	if b := os.Getenv("E2E_BIN"); b != "" {
		bin = b
		return m.Run()
	}
	// go test puts the go command that runs it first on PATH.
	build := exec.Command("go", "build", "-o", bin, "./cmd/recommend")
	build.Dir = corpustest.Root()
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/recommend: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	Args   []string
	Code   int // exit code; -1 when killed by a signal
	Stdout []byte
	Stderr []byte
	Took   time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("recommend %s: exit %d after %s\nstderr: %s", strings.Join(r.Args, " "), r.Code, r.Took.Round(time.Millisecond), tail(r.Stderr, 2000))
}

// tail returns at most the last n bytes of b, as a string.
func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// command prepares a run of the binary. It runs in an empty working folder
// (so no recommend.yaml there is read) with RECOMMEND_INDEX and GOMAXPROCS
// unset, then env added.
func command(t testing.TB, env []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "RECOMMEND_INDEX" || k == "GOMAXPROCS" {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// run runs the binary to completion (at most 10 minutes).
func run(t testing.TB, env []string, args ...string) result {
	t.Helper()
	cmd, stdout, stderr := command(t, env, args...)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		cmd.Process.Kill()
		<-done
		t.Fatalf("recommend %s: still running after 10 minutes", strings.Join(args, " "))
	}
	r := result{Args: args, Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Took: time.Since(start)}
	r.Code = exitCode(err)
	return r
}

// exitCode returns the exit code Wait reported, -1 for a signal.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -1
		}
		return ee.ExitCode()
	}
	return -2
}

// checkOneLineError fails unless r failed (non-zero exit) with exactly one
// line on stderr and no sign of a panic or a stack trace.
func checkOneLineError(t *testing.T, r result) {
	t.Helper()
	if r.Code <= 0 {
		t.Errorf("%s\nwant a non-zero exit", r)
	}
	msg := strings.TrimRight(string(r.Stderr), "\n")
	if msg == "" || strings.Contains(msg, "\n") {
		t.Errorf("%s\nwant exactly one line on stderr, got %d", r, strings.Count(msg, "\n")+1)
	}
	for _, bad := range []string{"panic", "goroutine ", "runtime error", ".go:"} {
		if bytes.Contains(r.Stderr, []byte(bad)) || bytes.Contains(r.Stdout, []byte(bad)) {
			t.Errorf("%s\noutput contains %q: a panic or stack trace", r, bad)
		}
	}
}

// ownerFile, in a scratch folder, holds the process id of the test binary
// that made it. A binary stopped by go test's -timeout (a panic: deferred
// removals do not run) leaves its folder, with gigabytes of corpus copies,
// in a tmpfs; the next run removes it.
const ownerFile = "owner.pid"

// removeOrphans removes the scratch folders under root that an earlier run
// of this suite made and left behind: those named like scratch whose
// ownerFile names a process that no longer runs. A folder without the file,
// or whose owner still runs (or whose id another process now has), is
// left alone, so only what this suite made is ever deleted.
func removeOrphans(root string) {
	dirs, _ := filepath.Glob(filepath.Join(root, "recommend-e2e-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || processRuns(pid) {
			continue
		}
		err = os.RemoveAll(d)
		if err != nil {
			// TestWriteFailures makes files immutable and undoes it when it
			// ends, which a stopped run never reached.
			exec.Command("chattr", "-R", "-i", d).Run()
			err = os.RemoveAll(d)
		}
		if err == nil {
			fmt.Fprintf(os.Stderr, "e2e: removed %s, left by an earlier run (process %d) that was stopped\n", d, pid)
		}
	}
}

// processRuns reports whether a process with this id exists (signal 0
// checks without sending anything).
func processRuns(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// workRoot is where the full-corpus copies go: E2E_WORKDIR if set, else
// /dev/shm where it is a writable folder, else the system's temporary
// folder. On tmpfs a file's fsync costs nothing, which keeps the dozen full
// rewrites of 35,915 files the suite makes within CI's budget (on this
// machine's disk one rewrite takes minutes); what the tests prove does not
// depend on it, since a SIGKILLed process leaves the page cache intact and
// rename is atomic on both. E2E_WORKDIR=/tmp runs them on the disk.
func workRoot() string {
	if d := os.Getenv("E2E_WORKDIR"); d != "" {
		return d
	}
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if f, err := os.CreateTemp("/dev/shm", "recommend-e2e-probe-"); err == nil {
			f.Close()
			os.Remove(f.Name())
			return "/dev/shm"
		}
	}
	return os.TempDir()
}

// workDir returns a new folder under the work root, removed when the test
// ends. Full-corpus copies, their indexes and lists go there.
func workDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp(scratch, "t-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// trials returns how many SIGKILL trials to run: E2E_TRIALS, else 20
// locally and 3 under CI.
func trials(t *testing.T) int {
	if s := os.Getenv("E2E_TRIALS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("E2E_TRIALS=%q: want a positive number", s)
		}
		return n
	}
	if os.Getenv("CI") == "true" {
		return 3
	}
	return 20
}

// seed returns E2E_SEED, default 1.
func seed(t *testing.T) uint64 {
	if s := os.Getenv("E2E_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("E2E_SEED=%q: want a number", s)
		}
		return n
	}
	return 1
}

// seedsDir returns the project's small sample corpus.
func seedsDir() string { return filepath.Join(corpustest.Root(), "seeds") }

// seedsCopy copies the articles of seeds/ (its subject folders, not its
// README) into a temporary folder and returns it.
func seedsCopy(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, seedsDir(), dir)
	if err := os.Remove(filepath.Join(dir, "README.md")); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return dir
}

// fullCorpus returns the real corpus (or E2E_CORPUS, a smaller folder in
// the same format, for working on the tests themselves), skipping in -short
// mode or where it is absent (failing under CI).
func fullCorpus(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("full-corpus end-to-end test skipped in -short mode")
	}
	if dir := os.Getenv("E2E_CORPUS"); dir != "" {
		return dir
	}
	return corpustest.Dir(t)
}
