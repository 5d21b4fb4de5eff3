package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLogLevelsAndProgress checks what a clean batch prints on stderr: a
// line per step with its time when stderr is not a terminal (and a
// progress line every interval in long steps), progress bars and no lines
// on a terminal, nothing with --quiet, debug detail with --verbose.
func TestLogLevelsAndProgress(t *testing.T) {
	seeds := copySeeds(t)
	tests := []struct {
		flags    []string
		tty      bool
		every    time.Duration // progress lines' interval
		want     []string      // substrings of stderr
		wantNone bool
	}{
		{flags: nil, want: []string{"recommend: loaded 52 articles in 1ms\nrecommend: full rebuild: no saved state from an earlier night (",
			"state.bin)\nrecommend: ranked the related articles in 1ms\n" +
				"recommend: applied the editors' decisions and hysteresis in 1ms\nrecommend: saved the index and the review data in 1ms\n" +
				"recommend: found 52 lists that would change in 1ms\n"}},
		{flags: []string{"--write"}, want: []string{"recommend: rewrote 52 files in 1ms\n"}},
		{flags: nil, every: time.Millisecond, want: []string{"recommend: ranking: still running after ", "recommend: ranked the related articles in 1ms"}},
		{flags: []string{"--quiet"}, wantNone: true},
		{flags: []string{"--quiet"}, tty: true, wantNone: true},
		{flags: []string{"--verbose"}, tty: true, want: []string{"recommend: debug: step done step=load", "step=build", "recommend: debug: index saved dir="}},
		{flags: []string{"--verbose", "--log-format", "json"}, want: []string{`{"level":"INFO","msg":"loaded 52 articles in 1ms","step":"load","seconds":0.001}`, `"msg":"index saved"`}},
		{flags: nil, tty: true, want: []string{"loading", "ranking", "saving", "writing"}},
		{flags: []string{"--write"}, tty: true, want: []string{"loading", "ranking", "saving", "writing"}},
	}
	for _, tt := range tests {
		io, _, errOut := testIO()
		io.ErrTTY, io.ProgressEvery = tt.tty, tt.every
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
