package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"recommend/home"
)

// execSub runs one subcommand built by newCmd with args, as the root
// would, and returns what it printed and its error.
func execSub(newCmd func(*globalOptions) *cobra.Command, json bool, args ...string) (string, error) {
	io, out, _ := testIO()
	cmd := newCmd(&globalOptions{IO: io, JSON: json})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestNewCmdOverrides(t *testing.T) {
	// Without --overrides the file is overrides.yaml at the top of the
	// work tree (this repository's, for the working directory and for c).
	def := filepath.Join(home.Work(), home.DefaultOverrides)
	newCmds := map[string]func(*globalOptions, func(*overrideOptions) error) *cobra.Command{
		"pin": newPinCmd, "block": newBlockCmd, "lock": newLockCmd,
	}
	tests := []struct {
		args    string
		want    overrideOptions // G is not compared
		wantErr string          // a usage error containing it
	}{
		{args: "pin --id 14219 --url /learn/a/questions/b",
			want: overrideOptions{Kind: "pin", File: def, ID: "14219", URL: "/learn/a/questions/b"}},
		{args: "pin --id 14219 --remove --overrides o.yaml",
			want: overrideOptions{Kind: "pin", File: "o.yaml", ID: "14219", Remove: true}},
		{args: "block --url /learn/x/questions/y",
			want: overrideOptions{Kind: "block", File: def, URL: "/learn/x/questions/y"}},
		{args: "block --id 1 --url /learn/x/questions/y --both --corpus c",
			want: overrideOptions{Kind: "block", File: def, ID: "1", URL: "/learn/x/questions/y", Both: true, Corpus: "c"}},
		{args: "lock --url /learn/x/questions/y --remove",
			want: overrideOptions{Kind: "lock", File: def, URL: "/learn/x/questions/y", Remove: true}},
		// usage errors
		{args: "pin --url /learn/x/questions/y", wantErr: "pin needs --id"},
		{args: "pin --id 1", wantErr: "pin needs --url"},
		{args: "pin --id /learn/a --url /learn/x/questions/y", wantErr: `--id "/learn/a" is not an id`},
		{args: "pin --id 1 --url learn/x", wantErr: `--url "learn/x" is not a site path`},
		{args: "block --id 1", wantErr: "block needs --url"},
		{args: "block --url /learn/x/questions/y --both", wantErr: "block --both needs --id"},
		{args: "lock", wantErr: "lock needs exactly one of --id and --url"},
		{args: "lock --id 1 --url /learn/x/questions/y", wantErr: "lock needs exactly one of --id and --url"},
		{args: "lock --id 1 extra", wantErr: `unexpected argument "extra"`},
		{args: "lock --id 1 --overrides=", wantErr: "--overrides must name a file"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			argv := strings.Fields(tt.args)
			var got *overrideOptions
			_, err := execSub(func(g *globalOptions) *cobra.Command {
				return newCmds[argv[0]](g, func(o *overrideOptions) error { got = o; return nil })
			}, false, argv[1:]...)
			if wantUsageError(t, err, tt.wantErr) {
				return
			}
			wantOptions(t, err, got, tt.want)
		})
	}
}

// TestOverrideRun edits a commented overrides file through the commands
// and checks what they print and what the file holds afterwards.
func TestOverrideRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "overrides.yaml")
	os.WriteFile(file, []byte("# kept by the editors\nlocks:\n  - 90001 # reviewed by hand\n"), 0o644)
	steps := []struct {
		cmd  func(*globalOptions, func(*overrideOptions) error) *cobra.Command
		args string
		json bool
		want string
	}{
		{newPinCmd, "--id 14219 --url /learn/a/questions/b", false, "pinned /learn/a/questions/b on 14219"},
		{newPinCmd, "--id 14219 --url /learn/a/questions/c", false, "pinned /learn/a/questions/c on 14219"},
		{newPinCmd, "--id 14219 --url /learn/a/questions/b", false, "nothing to do: pinned /learn/a/questions/b on 14219"},
		{newBlockCmd, "--id 14219 --url /learn/a/questions/d --both", false, "blocked /learn/a/questions/d on 14219, nor 14219 on it"},
		{newBlockCmd, "--url /learn/a/questions/e", true, `"action": "block",`},
		{newLockCmd, "--url /learn/a/questions/f", false, "locked /learn/a/questions/f"},
		{newPinCmd, "--id 14219 --url /learn/a/questions/b --remove", false, "unpinned /learn/a/questions/b from 14219"},
		{newBlockCmd, "--url /learn/a/questions/e --remove", false, "unblocked /learn/a/questions/e"},
		{newLockCmd, "--id 90001 --remove", false, "unlocked 90001"},
		{newLockCmd, "--id 90001 --remove", true, `"changed": false,`},
	}
	for _, s := range steps {
		args := append(strings.Fields(s.args), "--overrides", file)
		out, err := execSub(func(g *globalOptions) *cobra.Command { return s.cmd(g, nil) }, s.json, args...)
		if err != nil || !strings.Contains(out, s.want) {
			t.Errorf("%s: printed %q, error %v; want %q", s.args, out, err, s.want)
		}
	}
	b, _ := os.ReadFile(file)
	want := `# kept by the editors
locks:
  - /learn/a/questions/f
pins:
  - article: 14219
    links:
      - /learn/a/questions/c
blocks:
  - from: 14219
    to: /learn/a/questions/d
    both: true
`
	if string(b) != want {
		t.Errorf("overrides file:\n%s\nwant:\n%s", b, want)
	}
}

// TestEditorsCheckedBeforeLoad wants a bad overrides file or --margin to
// stop batch and eval before the corpus is read: on an empty content folder
// (which loading would reject as "no usable articles") the error is the
// editors' one, with the usage exit code.
func TestEditorsCheckedBeforeLoad(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "overrides.yaml")
	if err := os.WriteFile(bad, []byte("pinz: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	index := filepath.Join(t.TempDir(), "index")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"batch file", []string{"batch", "--corpus", empty, "--overrides", bad, "--index", index}, bad},
		{"batch margin", []string{"batch", "--corpus", empty, "--margin", "2", "--index", index}, "margin"},
		{"eval file", []string{"eval", "--corpus", empty, "--overrides", bad}, bad},
	} {
		code, _, stderr := runArgs(tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "no usable articles") {
			t.Errorf("%s: exit %d, stderr %q; want 2 and an error naming %q", tt.name, code, stderr, tt.want)
		}
	}
}
