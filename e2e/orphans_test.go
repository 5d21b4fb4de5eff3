package e2e

// The suite's scratch folders outlive a run that go test stops with
// -timeout; the next run removes them, and nothing else.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

func TestRemoveOrphans(t *testing.T) {
	root := t.TempDir()
	// A finished process's id: it ran and was waited for, so it no longer runs.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	dead := done.Process.Pid
	if processRuns(dead) {
		t.Skipf("process id %d was reused already", dead)
	}
	mk := func(name, owner string) string {
		d := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Join(d, "t-1", "content"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "t-1", "content", "a.md"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(d, ownerFile), []byte(owner), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	cases := []struct {
		name, owner string
		removed     bool
	}{
		{"recommend-e2e-dead", strconv.Itoa(dead), true},
		{"recommend-e2e-alive", strconv.Itoa(os.Getpid()), false},
		{"recommend-e2e-noowner", "", false},
		{"recommend-e2e-garbage", "not a number", false},
		{"other-dead", strconv.Itoa(dead), false},
	}
	for _, c := range cases {
		mk(c.name, c.owner)
	}
	removeOrphans(root)
	for _, c := range cases {
		_, err := os.Stat(filepath.Join(root, c.name))
		if gone := os.IsNotExist(err); gone != c.removed {
			t.Errorf("%s (owner %q): removed %v, want %v", c.name, c.owner, gone, c.removed)
		}
	}
}
