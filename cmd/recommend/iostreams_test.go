package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLogLevelsAndProgress checks what a clean batch prints on stderr:
// nothing by default or with --quiet, step timings with --verbose, and a
// progress bar only when stderr is a terminal.
func TestLogLevelsAndProgress(t *testing.T) {
	seeds := copySeeds(t)
	tests := []struct {
		flags    []string
		tty      bool
		want     []string // substrings of stderr
		wantNone bool
	}{
		{flags: nil, wantNone: true},
		{flags: []string{"--quiet"}, tty: true, wantNone: true},
		{flags: []string{"--verbose"}, want: []string{"recommend: debug: step done step=load", "step=build", "recommend: debug: index saved dir="}},
		{flags: []string{"--verbose", "--log-format", "json"}, want: []string{`{"level":"DEBUG","msg":"step done","step":"load"`, `"msg":"index saved"`}},
		{flags: nil, tty: true, want: []string{"loading", "ranking", "saving", "writing"}},
		{flags: []string{"--write"}, tty: true, want: []string{"loading", "ranking", "saving", "writing"}},
	}
	for _, tt := range tests {
		io, _, errOut := testIO()
		io.ErrTTY = tt.tty
		corpus := seeds
		if slices.Contains(tt.flags, "--write") {
			corpus = copySeeds(t)
		}
		args := append([]string{"batch", "--corpus", corpus, "--index", filepath.Join(t.TempDir(), "ix")}, tt.flags...)
		if code := run(args, io); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		got := errOut.String()
		if tt.wantNone && got != "" {
			t.Errorf("flags %v, tty %v: stderr %q, want nothing", tt.flags, tt.tty, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("flags %v, tty %v: stderr %q, want it to contain %q", tt.flags, tt.tty, got, w)
			}
		}
	}
}
