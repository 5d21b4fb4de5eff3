package main

// A lookup builds the root command alone (commandFor); these tests check
// that the shortcut is taken exactly for lookups and never changes what a
// command line prints or its exit code.

import (
	"path/filepath"
	"strings"
	"testing"

	"recommend/index"
)

// TestCommandForLookup runs command lines through commandFor, as main
// does, and through the whole command tree, and compares exit codes and
// everything printed; it also checks which lines took the shortcut.
func TestCommandForLookup(t *testing.T) {
	u := func(s string) string { return "/learn/x/questions/" + s }
	ix := filepath.Join(t.TempDir(), "ix")
	arts := []index.Article{
		{URL: u("a"), ID: "1", Title: "A", Subject: "X", Question: "A?", Related: []index.Related{{Doc: 1, Score: 0.9, Terms: []string{"t"}}, {Doc: 2, Score: 0.5}}},
		{URL: u("b"), ID: "2", Title: "B", Subject: "X", Question: "B?", Related: []index.Related{{Doc: 0, Score: 0.9}}},
		{URL: u("c"), ID: "2", Title: "C", Subject: "Y", Question: "C?"},
	}
	if _, err := index.Write(ix, arts, nil, index.Manifest{}); err != nil {
		t.Fatal(err)
	}
	none := filepath.Join(t.TempDir(), "overrides.yaml")
	tests := []struct {
		args   string // split on spaces; IX is the index, OV an overrides file that is not there
		lookup bool   // commandFor builds the root command alone
	}{
		{"--index IX --id 1 --overrides OV", true},
		{"--index=IX --id=2 --json --overrides=OV", true},
		{"--id 1 --index IX -n 1 --overrides OV", true},
		{"--index IX --url " + u("b") + " --overrides OV", true},
		{"--index IX --url https://www.example.com" + u("c") + "/ --json --overrides OV", true},
		{"--index IX --id 9 --overrides OV", true},
		{"--index IX --text privacy --overrides OV", true},
		{"--index IX --id 1 --url /x", true},
		{"--index IX --id 1 -n 0", true},
		{"--index IX --id 1 -q -v", true},
		{"--index IX --id 1 --memory-limit lots", true},
		{"--index IX --id 1 --log-format xml", true},
		{"", false},
		{"--json", false},
		{"--help", false},
		{"-h", false},
		{"--index IX --id 1 --help", false},
		{"--index IX --id 1 extra", false},
		{"--index IX --id 1 -- batch", false},
		{"--id", false},
		{"--id 1 --bogus", false},
		{"version", false},
		{"version --json", false},
		{"bathc --id 1", false},
		{"--index IX batch --id 1", false},
		{"help", false},
		{"completion", false},
		{"__complete --ind", false},
		{"__complete --index IX --url ", false},
	}
	for _, tt := range tests {
		args := strings.Fields(strings.NewReplacer("IX", ix, "OV", none).Replace(tt.args))
		io, _, _ := testIO()
		if got := len(commandFor(io, args).Commands()) == 0; got != tt.lookup {
			t.Errorf("%q: root command alone = %v, want %v", tt.args, got, tt.lookup)
		}
		code, out, errOut := runArgs(args...)
		fio, fout, ferrOut := testIO()
		full := newRootCmd(fio)
		full.SetArgs(args)
		err := full.Execute()
		if err != nil {
			printError(fio.ErrOut, err)
		}
		if fcode := exitCode(err); code != fcode || out != fout.String() || errOut != ferrOut.String() {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; the whole tree: exit %d, stdout %q, stderr %q",
				tt.args, code, out, errOut, fcode, fout, ferrOut)
		}
		if tt.lookup && (out == "" && errOut == "") {
			t.Errorf("%q printed nothing", tt.args)
		}
	}
}
