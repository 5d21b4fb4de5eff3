// Package lockfile keeps two runs from rewriting one content folder at once.
//
// A lock is a small file, created with O_CREATE|O_EXCL so that exactly one
// process can create it, holding the owner's pid, host name and start time:
//
//	pid: 4242
//	host: build-7
//	start: 2026-11-29T02:00:00.123456789Z
//
// While the owner lives, every other Acquire fails with a *HeldError that
// names the file and the owner. A run that is killed cannot remove its lock,
// so a lock whose owner is gone is taken over: on the same host, the owner is
// gone when its pid no longer exists, when the pid is our own (a previous
// process that had our pid, common in containers), or, on Linux, when the
// process now holding that pid started after the lock was written (the pid
// was reused). A lock written on another host is never taken over, since its
// owner cannot be checked from here; the error says so and which file to
// remove.
//
// # Taking over
//
// Two runs may find the same stale lock at once. Deleting it is the one step
// that needs care: a run must never delete a lock that another run has just
// created in its place. So the judgement is repeated under flock(2) on the
// folder holding the lock: the run that gets the folder lock re-reads the
// file and deletes it only if it still holds the very bytes judged stale,
// then every run goes back to O_EXCL creation, where exactly one wins. The
// kernel drops a flock when its holder dies, so this step cannot get stuck
// either; it lasts microseconds. (Off Unix the re-read is done without the
// folder lock, which leaves a small window.)
//
// # Invariants
//
// Release removes the lock only while it still holds this process's bytes. A
// process holds a given lock at most once: a second Acquire of a path it
// holds fails with *HeldError like any other.
package lockfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Name is the lock file's name inside the content folder it guards. It does
// not end in .md, so loading the folder ignores it.
const Name = ".recommend.lock"

// For returns the path of the lock that guards the content folder dir.
func For(dir string) string { return filepath.Join(dir, Name) }

// Grace is how long an unreadable lock (empty or garbled, as a crash between
// creating and filling it would leave) counts as being written rather than
// stale. Creating and filling take microseconds, so a second is ample.
const Grace = 5 * time.Second

// reuseSlack is how much later than the lock its owner's process may seem to
// have started before the pid counts as reused. A process always starts
// before it writes its lock, but the start time read from /proc is only
// second-precise and moves if the wall clock is stepped, so the margin is
// wide; a reused pid, from a run days later, is far outside it.
const reuseSlack = time.Minute

// Owner identifies the run that holds a lock.
type Owner struct {
	PID   int
	Host  string
	Start time.Time // when the lock was taken
}

// String formats o as it appears in messages: "pid 4242 on build-7 since …".
func (o Owner) String() string {
	return fmt.Sprintf("pid %d on host %s since %s", o.PID, o.Host, o.Start.UTC().Format(time.RFC3339))
}

// HeldError reports a lock held by a live run (or by a run on another host,
// which cannot be checked).
type HeldError struct {
	Path  string
	Owner Owner
	// Remote is true when the owner runs on another host, so the lock is
	// never taken over automatically.
	Remote bool
	// Unreadable is true when the lock file could not be parsed and is
	// younger than Grace (its owner is still writing it).
	Unreadable bool
}

func (e *HeldError) Error() string {
	switch {
	case e.Unreadable:
		return fmt.Sprintf("lockfile: %s is being created by another run; try again in a few seconds", e.Path)
	case e.Remote:
		return fmt.Sprintf("lockfile: %s is held by %s; another run may be in progress there (delete the file if that run is gone)", e.Path, e.Owner)
	default:
		return fmt.Sprintf("lockfile: %s is held by %s; another run is in progress", e.Path, e.Owner)
	}
}

// Lock is a lock this process holds. Release it when the guarded work ends.
type Lock struct {
	path    string
	content []byte
	owner   Owner

	mu       sync.Mutex
	released bool
}

// held records the paths this process holds, so that a second Acquire in the
// same process is refused rather than mistaken for a stale lock of our pid.
var held = struct {
	sync.Mutex
	m map[string]Owner
}{m: map[string]Owner{}}

// Acquire takes the lock at path (see For), taking over a stale one. It fails
// with *HeldError while a live run holds it, and with a wrapped error when
// the file cannot be created or read.
func Acquire(path string) (*Lock, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("lockfile: %s: %w", path, err)
	}
	held.Lock()
	defer held.Unlock()
	if o, ok := held.m[abs]; ok {
		return nil, &HeldError{Path: path, Owner: o}
	}
	owner := Owner{PID: os.Getpid(), Host: hostname(), Start: time.Now().UTC()}
	content := []byte(format(owner))

	// Each round either creates the lock, reports it held, or removes one
	// stale lock; a stale lock can only reappear if a run dies in between,
	// so a few rounds are plenty.
	for range 8 {
		err := create(path, content)
		if err == nil {
			held.m[abs] = owner
			return &Lock{path: path, content: content, owner: owner}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("lockfile: %w", err)
		}
		old, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("lockfile: %w", err)
		}
		if herr := check(path, old); herr != nil {
			return nil, herr
		}
		if err := takeOver(path, old); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("lockfile: %s: could not take the lock: other runs keep taking and leaving it", path)
}

// create makes path with O_EXCL and writes content to it.
func create(path string, content []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(content)
	if werr == nil {
		werr = f.Sync()
	}
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// check returns a *HeldError when the lock with bytes old belongs to a live
// owner (or one that cannot be checked), and nil when it is stale.
func check(path string, old []byte) error {
	owner, ok := parse(old)
	if !ok {
		st, err := os.Stat(path)
		if err == nil && time.Since(st.ModTime()) < Grace {
			return &HeldError{Path: path, Unreadable: true}
		}
		return nil
	}
	if owner.Host != hostname() {
		return &HeldError{Path: path, Owner: owner, Remote: true}
	}
	if owner.PID == os.Getpid() {
		return nil // a previous process with our pid; in-process locks are refused earlier
	}
	if !alive(owner.PID) {
		return nil
	}
	if started, ok := processStart(owner.PID); ok && started.After(owner.Start.Add(reuseSlack)) {
		return nil // the pid was reused by a process younger than the lock
	}
	return &HeldError{Path: path, Owner: owner}
}

// takeOver deletes the lock at path if it still holds old, the bytes judged
// stale, serialised with other runs by lockDir (see the package doc).
func takeOver(path string, old []byte) error {
	unlock, err := lockDir(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("lockfile: taking over %s: %w", path, err)
	}
	defer unlock()
	cur, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !bytes.Equal(cur, old)) {
		return nil // already taken over or released: judge again
	}
	if err != nil {
		return fmt.Errorf("lockfile: taking over %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("lockfile: taking over %s: %w", path, err)
	}
	return nil
}

// Path returns the lock file's path.
func (l *Lock) Path() string { return l.path }

// Owner returns the pid, host and start time written into the lock.
func (l *Lock) Owner() Owner { return l.owner }

// Release removes the lock if it still holds this process's bytes. Calling it
// again does nothing.
func (l *Lock) Release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.released {
		return nil
	}
	l.released = true
	if abs, err := filepath.Abs(l.path); err == nil {
		held.Lock()
		delete(held.m, abs)
		held.Unlock()
	}
	cur, err := os.ReadFile(l.path)
	if err != nil {
		return fmt.Errorf("lockfile: release: %w", err)
	}
	if !bytes.Equal(cur, l.content) {
		return fmt.Errorf("lockfile: release: %s no longer holds this run's lock; left in place", l.path)
	}
	if err := os.Remove(l.path); err != nil {
		return fmt.Errorf("lockfile: release: %w", err)
	}
	return nil
}

// hostname returns this machine's name, or "unknown" when it has none.
func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "unknown"
	}
	return h
}

// format writes an owner in the lock file's format.
func format(o Owner) string {
	return fmt.Sprintf("pid: %d\nhost: %s\nstart: %s\n", o.PID, o.Host, o.Start.UTC().Format(time.RFC3339Nano))
}

// parse reads the lock file's format; ok is false unless all three fields
// are present and valid.
func parse(b []byte) (o Owner, ok bool) {
	var seen int
	for line := range strings.Lines(string(b)) {
		key, val, found := strings.Cut(strings.TrimRight(line, "\n"), ": ")
		if !found {
			return Owner{}, false
		}
		switch key {
		case "pid":
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return Owner{}, false
			}
			o.PID = n
		case "host":
			o.Host = val
		case "start":
			t, err := time.Parse(time.RFC3339Nano, val)
			if err != nil {
				return Owner{}, false
			}
			o.Start = t
		default:
			continue
		}
		seen++
	}
	return o, seen == 3 && o.Host != ""
}
