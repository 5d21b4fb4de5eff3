// Package goldenfile keeps a test's expected output in a file under
// testdata, the golden file: Check compares what the test got with it,
// and with the test flag -update writes what it got instead, for a change
// that is meant (the diff is then reviewed before committing). It is
// imported by tests only: it registers -update on the test binary.
package goldenfile

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Update reports whether the test binary runs with -update: a test that
// keeps expected output elsewhere (a README's examples) rewrites it then.
func Update() bool { return *update }

// Check compares got with the golden file at path; with -update it writes
// got there instead. A difference fails t, showing both.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (if the change is intended, run the test with -update and review the diff):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
