//go:build linux

package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenOnlyRegularFiles replaces each file of an index by a FIFO and by
// a symbolic link to /dev/zero: the reader must fail at once with
// ErrCorrupt instead of hanging or growing without limit (issue 12,
// case 8).
func TestOpenOnlyRegularFiles(t *testing.T) {
	for _, file := range []string{currentTag, lookupName, manifName, vectorName} {
		for _, kind := range []string{"fifo", "/dev/zero"} {
			dir := t.TempDir()
			gen, err := Write(dir, sample(3), strings.NewReader("vectors"), Manifest{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, gen, file)
			if file == currentTag {
				path = filepath.Join(dir, file)
			}
			os.Remove(path)
			if kind == "fifo" {
				err = syscall.Mkfifo(path, 0o644)
			} else {
				err = os.Symlink(kind, path)
			}
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				ix, err := Open(dir)
				if err == nil {
					_, err = ix.Vectors()
					ix.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("%s as %s: %v, want ErrCorrupt", file, kind, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s as %s: the reader still hangs after 10s", file, kind)
			}
		}
	}
}
