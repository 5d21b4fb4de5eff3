package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodes runs whole command lines as main does and checks the
// documented exit codes, and that every error is one line on stderr.
func TestExitCodes(t *testing.T) {
	seeds := copySeeds(t)
	withBad := copySeeds(t)
	bad, _ := os.ReadFile(filepath.Join("testdata", "bad.md"))
	os.WriteFile(filepath.Join(withBad, "bad.md"), bad, 0o644)
	ix := filepath.Join(t.TempDir(), "ix")
	empty := t.TempDir()
	badCfg := filepath.Join(empty, "r.yaml")
	os.WriteFile(badCfg, []byte("top_k: many\n"), 0o644)

	tests := []struct {
		args    []string
		code    int
		wantErr string // the one line on stderr; "" for none
	}{
		// 0: done
		{[]string{}, exitOK, ""},
		{[]string{"version"}, exitOK, ""},
		{[]string{"batch", "-q", "--corpus", seeds, "--index", ix}, exitOK, ""},
		{[]string{"--id", "14219", "--index", ix}, exitOK, ""},
		{[]string{"completion", "bash"}, exitOK, ""},
		// 1: failure
		{[]string{"--id", "14219", "--index", empty}, exitError, "recommend: no index in " + empty},
		{[]string{"--url", "/learn/nope", "--index", ix}, exitError, "recommend: no article with url /learn/nope"},
		// 2: usage
		{[]string{"--bogus"}, exitUsage, "recommend: unknown flag: --bogus (see recommend --help)"},
		{[]string{"frobnicate"}, exitUsage, `recommend: unknown command "frobnicate" (see recommend --help)`},
		{[]string{"batch", "--corpus"}, exitUsage, "recommend: flag needs an argument: --corpus (see recommend batch --help)"},
		{[]string{"batch"}, exitUsage, "recommend: batch needs --corpus DIR, the content folder"},
		{[]string{"batch", "--corpus", filepath.Join(empty, "nope"), "--index", ix}, exitUsage, "recommend: corpus folder " + filepath.Join(empty, "nope") + " does not exist or is not a folder"},
		{[]string{"batch", "--corpus", seeds, "--index", ix, "--config", badCfg}, exitUsage, "recommend: " + badCfg + `:1: top_k: "many" is not an integer`},
		{[]string{"batch", "--corpus", seeds, "--index", ix, "--top-k", "500"}, exitUsage, "recommend: --top-k: 500 is not in 1–50"},
		{[]string{"-n", "x", "--id", "1"}, exitUsage, `recommend: -n: "x" is not an integer (see recommend --help)`},
		// 3: done, some files skipped
		{[]string{"batch", "-q", "--corpus", withBad, "--index", ix}, exitSkipped, ""},
	}
	for _, tt := range tests {
		code, _, stderr := runArgs(tt.args...)
		if code != tt.code {
			t.Errorf("recommend %s: exit %d, want %d (stderr %q)", strings.Join(tt.args, " "), code, tt.code, stderr)
			continue
		}
		if tt.wantErr == "" {
			if code == exitOK && stderr != "" {
				t.Errorf("recommend %s: stderr %q, want none", strings.Join(tt.args, " "), stderr)
			}
			continue
		}
		if !strings.HasPrefix(stderr, tt.wantErr) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("recommend %s: stderr %q, want one line starting %q", strings.Join(tt.args, " "), stderr, tt.wantErr)
		}
	}
}

// TestMemoryLimitFlag: a bad --memory-limit is a usage error naming it.
func TestMemoryLimitFlag(t *testing.T) {
	code, _, errOut := runArgs("--memory-limit", "lots", "version")
	if code != exitUsage || !strings.Contains(errOut, `--memory-limit: "lots" is not a size`) {
		t.Errorf("--memory-limit lots: exit %d, stderr %q", code, errOut)
	}
}

// profileRun runs `version` with a profile flag (--cpuprofile,
// --memprofile) naming a new file, and checks that the file left holds
// gzip data, as go tool pprof reads it. It returns the streams and the path.
func profileRun(t *testing.T, flag string) (*ioStreams, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "prof.out")
	io, _, errOut := testIO()
	if code := run([]string{"version", flag, p}, io); code != 0 {
		t.Fatalf("%s: exit %d: %s", flag, code, errOut)
	}
	b, err := os.ReadFile(p)
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("%s: profile %q: %v; want gzip data", flag, b, err)
	}
	return io, p
}

// TestCPUProfileClosed: --cpuprofile leaves a whole profile (gzip data,
// flushed) and its file closed once the command returns.
func TestCPUProfileClosed(t *testing.T) {
	if io, _ := profileRun(t, "--cpuprofile"); io.profile != nil {
		t.Error("the profile's file is still open")
	}
}

// TestMemProfile: --memprofile leaves a whole heap profile (gzip data) and
// stops its watcher when the command returns; a file that cannot be
// created is a usage error.
func TestMemProfile(t *testing.T) {
	io, p := profileRun(t, "--memprofile")
	if io.memprof != nil {
		t.Error("the watcher is still running")
	}
	if _, err := os.Stat(p + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary profile left: %v", err)
	}
	io, _, errOut := testIO()
	bad := filepath.Join(t.TempDir(), "no", "such", "heap.out")
	if code := run([]string{"version", "--memprofile", bad}, io); code != exitUsage || !strings.Contains(errOut.String(), "--memprofile") {
		t.Errorf("--memprofile %s: exit %d, stderr %q; want a usage error", bad, code, errOut)
	}
}
