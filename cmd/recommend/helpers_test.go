package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"recommend/internal/goldenfile"
)

// repoFile is the path of a file at the repository root.
func repoFile(name string) string { return filepath.Join("..", "..", name) }

// testIO returns streams that write into buffers and a clock that moves
// one millisecond per reading, so that timings print the same every run.
func testIO() (*ioStreams, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := 0
	return &ioStreams{
		In:     strings.NewReader(""),
		Out:    &out,
		ErrOut: &errOut,
		Now: func() time.Time {
			calls++
			return t0.Add(time.Duration(calls) * time.Millisecond)
		},
	}, &out, &errOut
}

// runArgs runs a command line as main does and returns the exit code and
// what it printed.
func runArgs(args ...string) (code int, stdout, stderr string) {
	io, out, errOut := testIO()
	code = run(args, io)
	return code, out.String(), errOut.String()
}

// copySeeds copies the articles of seeds/ (the .md files inside its subject
// folders) into a temporary folder and returns it.
func copySeeds(t *testing.T) string {
	t.Helper()
	from, to := repoFile("seeds"), filepath.Join(t.TempDir(), "seeds")
	n := 0
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if filepath.Ext(p) != ".md" || !strings.Contains(rel, string(filepath.Separator)) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		os.MkdirAll(filepath.Join(to, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil || n == 0 {
		t.Fatalf("copying seeds/: %d files, %v", n, err)
	}
	return to
}

// snapshot returns every file below dir with its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, err := os.ReadFile(p)
			m[p] = string(b)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// golden compares got with testdata/name (goldenfile.Check), after
// replacing each of the temporary paths in repl with its placeholder;
// with -update it rewrites the file instead.
func golden(t *testing.T, name, got string, repl ...string) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), strings.NewReplacer(repl...).Replace(got))
}

// wantUsageError checks err against a table case: when want is empty it
// returns false and leaves err to the caller; otherwise err must be a usage
// error (exit 2) containing want, and it returns true.
func wantUsageError(t *testing.T, err error, want string) bool {
	t.Helper()
	if want == "" {
		return false
	}
	if err == nil || !strings.Contains(err.Error(), want) || exitCode(err) != exitUsage {
		t.Fatalf("error = %v (exit %d), want a usage error containing %q", err, exitCode(err), want)
	}
	return true
}

// wantOptions checks that a command parsed its arguments without error into
// options equal to want. The shared global options (field G) are not
// compared: each test's table states only the command's own options.
func wantOptions[T any](t *testing.T, err error, got *T, want T) {
	t.Helper()
	if err != nil || got == nil {
		t.Fatalf("error = %v, ran = %v", err, got != nil)
	}
	g := *got
	reflect.ValueOf(&g).Elem().FieldByName("G").SetZero()
	if !reflect.DeepEqual(g, want) {
		t.Errorf("options =\n%+v\nwant\n%+v", g, want)
	}
}
