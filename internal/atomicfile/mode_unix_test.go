//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestMode: a new file gets perm less the umask; an existing file keeps its
// own bits exactly, even those the umask would clear.
func TestMode(t *testing.T) {
	tests := []struct {
		name  string
		umask int
		old   fs.FileMode // 0: no file before
		perm  fs.FileMode
		want  fs.FileMode
	}{
		{"new, umask 022", 0o022, 0, 0o644, 0o644},
		{"new, umask 077", 0o077, 0, 0o644, 0o600},
		{"new, private perm", 0o022, 0, 0o600, 0o600},
		{"existing 0600 kept", 0o022, 0o600, 0o644, 0o600},
		{"existing 0664 kept despite umask 022", 0o022, 0o664, 0o644, 0o664},
		{"existing 0444 kept", 0o022, 0o444, 0o644, 0o444},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := syscall.Umask(tt.umask)
			defer syscall.Umask(old)
			path := filepath.Join(t.TempDir(), "f")
			if tt.old != 0 {
				write(t, path, "old")
				if err := os.Chmod(path, tt.old); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteBytes(path, tt.perm, []byte("new")); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != tt.want {
				t.Errorf("mode %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReadOnlyFolder: a folder the process may not write in gives a
// permission error naming the target, and nothing is created.
func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes in any folder")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "f")
	err := WriteBytes(path, 0o644, []byte("x"))
	if !os.IsPermission(err) || err.Error() != path+": permission denied" {
		t.Errorf("Write = %v, want %s: permission denied", err, path)
	}
}
