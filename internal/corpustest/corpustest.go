// Package corpustest locates the real content corpus for tests that run on it.
//
// The corpus lives beside the project (../shared/quicktakes/content/learn) and
// is never copied into it. Where it is absent a test skips with a clear
// message, except under CI (CI=true), where a missing corpus is a failure.
// Under -short every full-corpus test skips: `go test -short ./...` is the
// quick loop.
package corpustest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Rel is the corpus's place relative to the repository root.
const Rel = "../shared/quicktakes/content/learn"

// Root returns the repository root, found from this source file's place.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Dir returns the absolute path of the real corpus, or skips (fails under CI)
// when it is not there. Under -short it always skips: a full-corpus test
// takes seconds to minutes, and `go test -short ./...` is the quick loop.
func Dir(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("-short: skipping the full-corpus test")
	}
	dir := filepath.Join(Root(), Rel)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus not found at %s: CI needs ../shared beside the project", dir)
		}
		tb.Skipf("corpus not found at %s: skipping the full-corpus test", dir)
	}
	return dir
}

// Shared returns the absolute path of a file or folder under ../shared.
func Shared(elem ...string) string {
	return filepath.Join(append([]string{Root(), "..", "shared"}, elem...)...)
}
