//go:build linux

package runlock

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func mkdirs(t *testing.T, root string, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOverlap: runs on a folder and on a folder inside it exclude each
// other whichever starts first; siblings and disjoint folders do not.
func TestOverlap(t *testing.T) {
	root := t.TempDir()
	mkdirs(t, root, "learn/economics", "learn/law", "other")
	if err := os.Symlink("learn", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	p := func(s string) string { return filepath.Join(root, s) }
	for _, c := range []struct {
		first, second string
		conflict      bool
	}{
		{"learn", "learn", true},
		{"learn", "learn/economics", true},
		{"learn/economics", "learn", true},
		{"learn/economics", "learn/economics/", true},
		{"link", "learn/law", true}, // through a symbolic link
		{"learn/law/../economics", "learn/economics", true},
		{"learn/economics", "learn/law", false}, // siblings
		{"learn", "other", false},
	} {
		a, err := Acquire(p(c.first))
		if err != nil {
			t.Fatalf("Acquire(%s): %v", c.first, err)
		}
		b, err := Acquire(p(c.second))
		var held *HeldError
		switch {
		case c.conflict && !errors.As(err, &held):
			t.Errorf("%s then %s: second Acquire = %v, want a *HeldError", c.first, c.second, err)
		case c.conflict && !strings.Contains(err.Error(), root):
			t.Errorf("%s then %s: message %q names no folder", c.first, c.second, err)
		case !c.conflict && err != nil:
			t.Errorf("%s then %s: second Acquire = %v, want it to go ahead", c.first, c.second, err)
		}
		if b != nil {
			b.Release()
		}
		a.Release()
		// Once released, the second run goes ahead.
		if b, err := Acquire(p(c.second)); err != nil {
			t.Errorf("%s after %s was released: %v", c.second, c.first, err)
		} else {
			b.Release()
		}
	}
}

// TestNoFileLeft: the lock leaves nothing in the folder, and a lock file
// left by an older version, even a symbolic link to /dev/zero or to
// nowhere, is not looked at.
func TestNoFileLeft(t *testing.T) {
	dir := t.TempDir()
	for _, target := range []string{"/dev/zero", filepath.Join(dir, "nowhere")} {
		os.Remove(filepath.Join(dir, ".recommend.lock"))
		if err := os.Symlink(target, filepath.Join(dir, ".recommend.lock")); err != nil {
			t.Fatal(err)
		}
		l, err := Acquire(dir)
		if err != nil {
			t.Fatalf("Acquire with .recommend.lock -> %s: %v", target, err)
		}
		l.Release()
		l.Release() // twice is harmless
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("folder holds %d entries after a lock, want only the old link", len(ents))
	}
}

// TestKilledHolderReleases: a process that holds the lock blocks others
// and names its pid; once it is killed the lock is free at once.
func TestKilledHolderReleases(t *testing.T) {
	if dir := os.Getenv("RUNLOCK_CHILD"); dir != "" {
		if _, err := Acquire(dir); err != nil {
			os.Exit(2)
		}
		os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644)
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	dir := t.TempDir()
	mkdirs(t, dir, "sub")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledHolderReleases$")
	cmd.Env = append(os.Environ(), "RUNLOCK_CHILD="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child took no lock within 30s")
		}
	}
	_, err := Acquire(filepath.Join(dir, "sub"))
	var held *HeldError
	if !errors.As(err, &held) || held.PID != cmd.Process.Pid {
		t.Fatalf("Acquire while the child holds the parent folder = %v, want a *HeldError naming pid %d", err, cmd.Process.Pid)
	}
	cmd.Process.Kill()
	cmd.Wait()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after the holder was killed: %v", err)
	}
	l.Release()
}
