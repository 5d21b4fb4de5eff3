package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOverrideTargetsChecked: pin, block and lock check the articles they
// name against the index when no --corpus is given, refuse a pin of an
// article to itself, and say so when there is nothing to check against
// (issue 12, case 5).
func TestOverrideTargetsChecked(t *testing.T) {
	seeds := copySeeds(t)
	ix := filepath.Join(t.TempDir(), "ix")
	if code, _, errOut := runArgs("batch", "--corpus", seeds, "--index", ix, "--quiet"); code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errOut)
	}
	file := filepath.Join(t.TempDir(), "overrides.yaml")
	const self = "/learn/biology/questions/how-does-dna-replication-work" // id 90036
	for _, c := range []struct {
		args     string
		code     int
		inStderr string
	}{
		{"pin --id 90036 --url /learn/biology/questions/nowhere", 2, "no article in the index " + ix + " has url /learn/biology/questions/nowhere"},
		{"pin --id 99999 --url /learn/biology/questions/how-does-photosynthesis-convert-light-energy-into-chemical-energy", 2, "no article in the index " + ix + " has id 99999"},
		{"pin --id 90036 --url " + self, 2, "cannot be pinned to itself"},
		{"block --url /learn/biology/questions/nowhere", 2, "has url /learn/biology/questions/nowhere"},
		{"lock --id 424242", 2, "has id 424242"},
		{"pin --id 90036 --url /learn/biology/questions/nowhere --corpus " + seeds, 2, "no article in " + seeds + " has url"},
		{"pin --id 90036 --url " + self + " --corpus " + seeds, 2, "cannot be pinned to itself"},
		{"pin --id 90036 --url /learn/biology/questions/how-does-photosynthesis-convert-light-energy-into-chemical-energy", 0, ""},
		{"pin --id 90036 --url /learn/biology/questions/nowhere --remove", 0, ""},
	} {
		args := append(strings.Fields(c.args), "--index", ix, "--overrides", file)
		code, _, errOut := runArgs(args...)
		if code != c.code || !strings.Contains(errOut, c.inStderr) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", c.args, code, errOut, c.code, c.inStderr)
		}
	}
	b, _ := os.ReadFile(file)
	if strings.Contains(string(b), "nowhere") || strings.Contains(string(b), self) {
		t.Errorf("a refused target was recorded:\n%s", b)
	}
	// Without an index or a corpus the target cannot be checked: recorded,
	// with a warning that says so.
	code, _, errOut := runArgs("lock", "--id", "424242", "--index", filepath.Join(t.TempDir(), "none"), "--overrides", file)
	if code != 0 || !strings.Contains(errOut, "424242 not checked") {
		t.Errorf("lock without an index: exit %d, stderr %q; want 0 and a warning", code, errOut)
	}
}

// TestLookupEmptyAndControlArguments: an empty --id, --url or --text is a
// usage error, and control characters in an argument are escaped, never
// sent to the terminal as they are.
func TestLookupEmptyAndControlArguments(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if code, _, errOut := runArgs("batch", "--corpus", copySeeds(t), "--index", ix, "--quiet"); code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errOut)
	}
	for _, flag := range []string{"--id", "--url", "--text"} {
		code, _, errOut := runArgs(flag, "", "--index", ix)
		if code != exitUsage || !strings.Contains(errOut, flag+" needs a value") {
			t.Errorf("lookup %s \"\": exit %d, stderr %q; want a usage error", flag, code, errOut)
		}
	}
	code, _, errOut := runArgs("--url", "/learn/x/questions/\x1b[2J\x07\u202e", "--index", ix)
	if code == 0 || strings.ContainsAny(errOut, "\x1b\x07\u202e") || !strings.Contains(errOut, `\x1b[2J\a\u202e`) {
		t.Errorf("lookup with control characters: exit %d, stderr %q; want them escaped", code, errOut)
	}
}
