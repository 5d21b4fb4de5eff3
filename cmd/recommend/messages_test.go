package main

// The command's messages are checked as a whole, in one golden file: each
// mistake a user can make, the exit code and every line printed on stderr.
// Beyond the golden, every line must keep to the one voice: it starts with
// "recommend: ", names a file as FILE:LINE: and a setting by its key, and
// never shows a Go name, a package prefix, a path twice or a temporary
// file's name.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// codeWords are signs of code leaking into a message: Go field names of
// recommend.Config, package prefixes, Go functions, temporary files.
var codeWords = regexp.MustCompile(`\b(TopK|MinScore|MinDF|MaxDF|PowerIters|LSACandidates|DupThreshold|PerField|Fields =|strconv\.|corpus: |editor: |review: |eval: |index: |recommend: recommend:|level=|msg=)|\.go\b|~|\.tmp-`)

func TestMessages(t *testing.T) {
	dir := t.TempDir()
	seeds := copySeeds(t)
	ix := filepath.Join(dir, "ix")
	if code, _, errOut := runArgs("batch", "-q", "--corpus", seeds, "--index", ix); code != exitOK {
		t.Fatalf("batch: exit %d: %s", code, errOut)
	}
	withBad := copySeeds(t)
	os.WriteFile(filepath.Join(withBad, "biology", "bad.md"), []byte("no front matter\n"), 0o644)
	os.WriteFile(filepath.Join(withBad, "biology", "badyaml.md"), []byte("---\ntitle: a\nid: [\n---\nbody\n"), 0o644)
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfgRange := file("range.yaml", "ranking: blend\ntop_k: 500\n")
	cfgType := file("type.yaml", "\nmin_df: two\n")
	cfgFields := file("fields.yaml", "fields:\n  question: 0\n  keywords: 0\n  answer: 0\n")
	cfgUnknown := file("unknown.yaml", "topk: 5\n")
	cfgMargin := file("margin.yaml", "top_k: 5\nmargin: 2\n")
	ovBad := file("ov-bad.yaml", "pins:\n  - article: 14219\n    links: /learn/x\n")
	ovNone := file("ov-none.yaml", "locks:\n  - \"123456789\"\nblocks:\n  - to: /learn/nowhere/questions/none\n")

	tests := [][]string{
		{"bathc"},
		{"completion", "tcsh"},
		{"--log-format", "xml", "version"},
		{"-n", "x", "--id", "14219"},
		{"batch", "--corpus", seeds, "--index", ix, "--top-k", "500"},
		{"batch", "--corpus", seeds, "--index", ix, "--top-k", "five"},
		{"batch", "--corpus", seeds, "--index", ix, "--ranking", "bm25"},
		{"batch", "--corpus", seeds, "--index", ix, "--config", cfgRange},
		{"batch", "--corpus", seeds, "--index", ix, "--config", cfgType},
		{"batch", "--corpus", seeds, "--index", ix, "--config", cfgFields},
		{"batch", "--corpus", seeds, "--index", ix, "--config", cfgUnknown},
		{"batch", "--corpus", seeds, "--index", ix, "--config", cfgMargin},
		{"batch", "--corpus", seeds, "--index", ix, "--candidates", "3"},
		{"batch", "--corpus", filepath.Join(dir, "nope"), "--index", ix},
		{"batch", "-q", "--corpus", withBad, "--index", ix},
		{"batch", "-q", "--corpus", seeds, "--index", ix, "--overrides", ovBad},
		{"batch", "--corpus", seeds, "--index", ix, "--overrides", ovNone, "--margin", "2"},
		{"batch", "-q", "--corpus", seeds, "--index", ix, "--overrides", ovNone},
		{"eval", "--corpus", seeds, "--sweep", "dims=x"},
		{"review", "--index", ix, "--out", filepath.Join(dir, "missing", "r.html")},
		{"review", "--index", filepath.Join(dir, "empty"), "--out", filepath.Join(dir, "r.html")},
		{"--id", "14219", "--index", filepath.Join(dir, "empty")},
	}
	var b strings.Builder
	for _, args := range tests {
		code, _, stderr := runArgs(args...)
		fmt.Fprintf(&b, "$ recommend %s\nexit %d\n%s\n", strings.Join(args, " "), code, stderr)
		for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
			if !strings.HasPrefix(line, "recommend: ") {
				t.Errorf("recommend %s: line %q does not start with \"recommend: \"", strings.Join(args, " "), line)
			}
			if m := codeWords.FindString(line); m != "" {
				t.Errorf("recommend %s: line %q shows code (%q)", strings.Join(args, " "), line, m)
			}
			said := regexp.MustCompile("`[^`]*`").ReplaceAllString(line, "") // a command to run may repeat a path
			for _, p := range []string{dir, seeds, withBad} {
				if strings.Count(said, p) > 1 {
					t.Errorf("recommend %s: line %q names a path twice", strings.Join(args, " "), line)
				}
			}
		}
	}
	golden(t, "messages.golden", b.String(), withBad, "WITHBAD", seeds, "SEEDS", dir, "DIR")
}

// TestFlagHelpNamesNoCode checks every flag's help text of every command:
// no Go names, no source files.
func TestFlagHelpNamesNoCode(t *testing.T) {
	io, _, _ := testIO()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		check := func(f *pflag.Flag) {
			if m := codeWords.FindString(f.Usage); m != "" || regexp.MustCompile(`\b[A-Z][a-z]+[A-Z]\w*\b`).MatchString(f.Usage) {
				t.Errorf("%s --%s: help %q names code", c.CommandPath(), f.Name, f.Usage)
			}
		}
		c.LocalFlags().VisitAll(check)
		for _, sc := range c.Commands() {
			walk(sc)
		}
	}
	walk(newRootCmd(io))
}

// TestHelpAndCompletion checks that a command's help lists only the global
// flags it reads, and that shell completion offers --ranking's values.
func TestHelpAndCompletion(t *testing.T) {
	tests := []struct {
		args      []string
		want, not []string
	}{
		{[]string{"version", "--help"}, []string{"--json"}, []string{"--index", "--memory-limit", "--quiet", "--log-format"}},
		{[]string{"pin", "--help"}, []string{"--json"}, []string{"--index", "--memory-limit"}},
		{[]string{"batch", "--help"}, []string{"--index", "--memory-limit", "--log-format", "--quiet"}, nil},
		{[]string{"--help"}, []string{"--index", "--json"}, []string{"--memory-limit"}},
		{[]string{"__complete", "batch", "--ranking", ""}, []string{"blend\ntfidf\nlsa\n"}, nil},
	}
	for _, tt := range tests {
		code, out, errOut := runArgs(tt.args...)
		if code != exitOK {
			t.Errorf("recommend %s: exit %d: %s", strings.Join(tt.args, " "), code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("recommend %s: output lacks %q:\n%s", strings.Join(tt.args, " "), w, out)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(out, n) {
				t.Errorf("recommend %s: output shows %q, a flag it ignores", strings.Join(tt.args, " "), n)
			}
		}
	}
}
