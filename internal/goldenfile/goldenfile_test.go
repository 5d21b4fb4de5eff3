package goldenfile

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

// TestCheck passes on the golden file's bytes and fails on others, or on
// a missing file.
func TestCheck(t *testing.T) {
	if Update() {
		t.Skip("-update: nothing to compare")
	}
	path := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(path, []byte("same\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path, got string
		fail      bool
	}{
		{path, "same\n", false},
		{path, "same", true},
		{filepath.Join(t.TempDir(), "none.golden"), "same\n", true},
	} {
		r := &recorder{TB: t}
		Check(r, tt.path, tt.got)
		if r.failed != tt.fail {
			t.Errorf("Check(%s, %q) failed = %v, want %v", tt.path, tt.got, r.failed, tt.fail)
		}
	}
}
