//go:build linux

package regular

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRefusesOtherFiles: a FIFO, a device, a symbolic link and a folder are
// refused at once, without blocking; a file over the limit is refused.
func TestRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	p := func(s string) string { return filepath.Join(dir, s) }
	if err := syscall.Mkfifo(p("fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("/dev/zero", p("zero"))
	os.WriteFile(p("file"), []byte("0123456789"), 0o644)
	os.Symlink("file", p("link"))
	os.Mkdir(p("dir"), 0o755)
	for _, name := range []string{"fifo", "zero", "link", "dir", "/dev/zero"} {
		path := name
		if name[0] != '/' {
			path = p(name)
		}
		done := make(chan error, 1)
		go func() { _, err := ReadFile(path, 1<<20); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Errorf("ReadFile(%s) = %v, want ErrNotRegular", name, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("ReadFile(%s) still blocked after 10s", name)
		}
	}
	if b, err := ReadFile(p("file"), 10); err != nil || string(b) != "0123456789" {
		t.Errorf("ReadFile(file, 10) = %q, %v", b, err)
	}
	if _, err := ReadFile(p("file"), 9); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFile(file, 9) = %v, want ErrTooLarge", err)
	}
}
