package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers lists the temporary files of Write in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if IsTemp(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

var errFill = errors.New("fill failed")
var errChanged = errors.New("changed since it was read")

// TestWrite covers each way a write ends: what the target holds afterwards,
// the error, and that no temporary file is ever left behind.
func TestWrite(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, path string) // prepares the target
		fill    func(io.Writer) error
		check   func(string) error
		want    string // the target's content afterwards; "" for absent
		wantErr error  // errors.Is target; nil for success
		msg     string // a substring of the error's message
	}{
		{name: "new file", fill: writeString("new\n"), want: "new\n"},
		{name: "replace", setup: existing("old\n"), fill: writeString("new\n"), want: "new\n"},
		{name: "empty content", setup: existing("old\n"), fill: writeString(""), want: ""},
		{name: "large content, past the buffer", fill: writeString(strings.Repeat("x", 300_000)), want: strings.Repeat("x", 300_000)},
		{name: "fill fails: old kept", setup: existing("old\n"),
			fill: func(w io.Writer) error { io.WriteString(w, "half"); return errFill },
			want: "old\n", wantErr: errFill, msg: "fill failed"},
		{name: "fill fails: nothing created",
			fill:    func(io.Writer) error { return errFill },
			wantErr: errFill},
		{name: "check refuses: old kept, error unwrapped", setup: existing("old\n"),
			fill: writeString("new\n"), check: func(string) error { return errChanged },
			want: "old\n", wantErr: errChanged},
		{name: "check accepts", setup: existing("old\n"),
			fill: writeString("new\n"), check: func(string) error { return nil }, want: "new\n"},
		{name: "target is a folder", setup: func(t *testing.T, p string) { mkdir(t, p); write(t, filepath.Join(p, "inside"), "x") },
			fill: writeString("new\n"), wantErr: fs.ErrExist, msg: "target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "target")
			if tt.setup != nil {
				tt.setup(t, path)
			}
			err := WriteChecked(path, 0o644, tt.fill, tt.check)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Write: %v", err)
			case tt.wantErr != nil && err == nil:
				t.Fatalf("Write succeeded, want %v", tt.wantErr)
			case tt.wantErr == errChanged && err != errChanged:
				t.Errorf("Write = %#v, want the check's error itself", err)
			case tt.wantErr == fs.ErrExist:
				// rename(2) of a file over a non-empty folder fails with
				// EISDIR or ENOTEMPTY depending on the system: only the
				// outcome matters.
				var ae *Error
				if !errors.As(err, &ae) || ae.Op != "rename" {
					t.Errorf("Write = %v, want a failed rename", err)
				}
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("Write = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if strings.Contains(err.Error(), tempInfix) {
					t.Errorf("error %q names the temporary file", err)
				}
				if tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
					t.Errorf("error %q does not say %q", err, tt.msg)
				}
			}
			if tt.wantErr != fs.ErrExist {
				got, rerr := os.ReadFile(path)
				switch {
				case tt.want == "" && tt.wantErr != nil && tt.setup == nil:
					if !errors.Is(rerr, fs.ErrNotExist) {
						t.Errorf("target exists after a failed write of a new file")
					}
				case rerr != nil:
					t.Fatal(rerr)
				case string(got) != tt.want:
					t.Errorf("target holds %.40q, want %.40q", got, tt.want)
				}
			}
			if left := leftovers(t, dir); len(left) > 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
		})
	}
}

func existing(content string) func(*testing.T, string) {
	return func(t *testing.T, p string) { write(t, p, content) }
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestCheckSeesTheWholeFile: the check runs when the temporary file holds
// all the new bytes, beside the target, and the target is still the old one.
func TestCheckSeesTheWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.md")
	write(t, path, "old")
	checked := false
	err := WriteChecked(path, 0o644, writeString("new"), func(tmp string) error {
		checked = true
		left := leftovers(t, dir)
		if len(left) != 1 || filepath.Join(dir, left[0]) != tmp {
			t.Fatalf("temporary files at the check: %v, want one, %s", left, tmp)
		}
		if base, _ := TempOf(left[0]); base != "a.md" {
			t.Errorf("temporary file %q is not named for a.md", left[0])
		}
		if b, _ := os.ReadFile(filepath.Join(dir, left[0])); string(b) != "new" {
			t.Errorf("temporary file holds %q at the check, want the whole new content", b)
		}
		if b, _ := os.ReadFile(path); string(b) != "old" {
			t.Errorf("target holds %q at the check, want the old content", b)
		}
		return nil
	})
	if err != nil || !checked {
		t.Fatalf("WriteChecked: %v (check ran: %v)", err, checked)
	}
}

// TestPanicLeavesNothing: a panic in fill propagates, and the temporary
// file does not outlive it.
func TestPanicLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x")
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not propagate")
			}
		}()
		Write(path, 0o644, func(io.Writer) error { panic("boom") })
	}()
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("target exists after a panic: %v", err)
	}
}

// TestMissingFolder: the error names the target and says what is missing.
func TestMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "file.yaml")
	err := WriteBytes(path, 0o644, []byte("x"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Write = %v, want fs.ErrNotExist", err)
	}
	if want := path + ": its folder does not exist"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// TestSymlinkReplaced: a link at the target is replaced by a file, and what
// it pointed to is untouched.
func TestSymlinkReplaced(t *testing.T) {
	dir := t.TempDir()
	real, link := filepath.Join(dir, "real"), filepath.Join(dir, "link")
	write(t, real, "real")
	if err := os.Symlink("real", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteBytes(link, 0o644, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || !st.Mode().IsRegular() {
		t.Errorf("link is not a regular file after the write: %v %v", st, err)
	}
	if b, _ := os.ReadFile(real); string(b) != "real" {
		t.Errorf("the link's target was changed to %q", b)
	}
}

// TestWriteInCurrentFolder: a bare file name writes in the working folder.
func TestWriteInCurrentFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteBytes("bare.txt", 0o644, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile("bare.txt"); err != nil || string(b) != "x" {
		t.Errorf("bare.txt = %q, %v", b, err)
	}
}

func TestTempNames(t *testing.T) {
	tests := []struct {
		name, base string
		ok         bool
	}{
		{".a.md.tmp-123456789", "a.md", true},
		{".CURRENT.tmp-0", "CURRENT", true},
		{".review.json.gz.tmp-42", "review.json.gz", true},
		{".a.tmp-1.tmp-2", "a.tmp-1", true},
		{"a.md.tmp-1", "", false},   // not hidden
		{".a.md.tmp-", "", false},   // no digits
		{".a.md.tmp-1x", "", false}, // not only digits
		{"..tmp-1", "", false},      // no base
		{".a.md", "", false},
		{".a.md.1", "", false}, // the index's older names
	}
	for _, tt := range tests {
		base, ok := TempOf(tt.name)
		if ok != tt.ok || base != tt.base || IsTemp(tt.name) != tt.ok {
			t.Errorf("TempOf(%q) = %q, %v, want %q, %v", tt.name, base, ok, tt.base, tt.ok)
		}
	}
	// What create makes, TempOf and TempPattern recognise.
	dir := t.TempDir()
	f, err := create(dir, "x.yaml", 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	name := filepath.Base(f.Name())
	if base, ok := TempOf(name); !ok || base != "x.yaml" {
		t.Errorf("TempOf(%q) = %q, %v: create's own name not recognised", name, base, ok)
	}
	if ok, _ := filepath.Match(TempPattern("x.yaml"), name); !ok {
		t.Errorf("TempPattern(x.yaml) = %q does not match %q", TempPattern("x.yaml"), name)
	}
}
