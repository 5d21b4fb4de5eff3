package main

// The README shows what the commands print on the sample articles. Each
// example is a fenced block after a marker line
//
//	<!-- output of: recommend ARGS -->
//
// and TestREADMEExamples runs ARGS on a copy of seeds/ (the working
// directory is the copy's parent, so that "seeds" and ".recommend" read as
// in the project) and checks that the block is what the command prints:
// stdout, then stderr, without the lines that give times (the batch's
// timings line and its steps' lines), which vary from run to run. With -update it rewrites the blocks instead.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"recommend/internal/goldenfile"
)

// stepLine is a step's line on stderr, which ends with its time.
var stepLine = regexp.MustCompile(`^recommend: .* in [0-9.]+[µnm]?s\n$`)

var readmeExample = regexp.MustCompile("(?s)<!-- output of: recommend ([^\n]*?) -->\n```text\n(.*?)```\n")

func TestREADMEExamples(t *testing.T) {
	path, err := filepath.Abs(repoFile("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if err := os.Rename(copySeeds(t), filepath.Join(work, "seeds")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	t.Setenv("RECOMMEND_INDEX", "")
	matches := readmeExample.FindAllSubmatchIndex(src, -1)
	if len(matches) < 3 {
		t.Fatalf("README.md has %d examples marked <!-- output of: recommend ... -->, want at least 3", len(matches))
	}
	var out strings.Builder
	last := 0
	for _, m := range matches {
		args := splitArgs(string(src[m[2]:m[3]]))
		_, stdout, stderr := runArgs(args...)
		var lines []string
		for _, l := range strings.SplitAfter(stdout+stderr, "\n") {
			if !strings.HasPrefix(l, "timings ") && !stepLine.MatchString(l) && l != "" {
				lines = append(lines, l)
			}
		}
		got := strings.Join(lines, "")
		if want := string(src[m[4]:m[5]]); got != want && !goldenfile.Update() {
			t.Errorf("README.md: the example of `recommend %s` is not what it prints:\n--- README\n%s--- printed\n%s(run go test ./cmd/recommend -update to rewrite it)", strings.Join(args, " "), want, got)
		}
		out.Write(src[last:m[4]])
		out.WriteString(got)
		last = m[5]
	}
	out.Write(src[last:])
	if goldenfile.Update() {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// splitArgs splits a command line on spaces, keeping "double-quoted"
// words whole.
func splitArgs(s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`"[^"]*"|\S+`).FindAllString(s, -1) {
		out = append(out, strings.Trim(m, `"`))
	}
	return out
}
