package index

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestWriteRemovesOnlyItsOwn: a folder holding other things, old folders
// named gen-* or tmp-* among them, is refused before anything in it is
// written or removed (issue 12, case 2); in its own folder Write removes
// only the generations and temporary folders it named.
func TestWriteRemovesOnlyItsOwn(t *testing.T) {
	old := time.Now().Add(-24 * time.Hour)
	user := t.TempDir()
	for _, d := range []string{"gen-photos", "tmp-build", "gen-0123456789abcdef/keep", "notes"} {
		if err := os.MkdirAll(filepath.Join(user, d), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(user, d, "a.txt"), []byte("mine"), 0o644)
		os.Chtimes(filepath.Join(user, d), old, old)
	}
	before := snapshot(t, user)
	_, err := Write(user, sample(3), nil, Manifest{})
	if !errors.Is(err, ErrNotIndex) || !strings.Contains(err.Error(), user) {
		t.Fatalf("Write into a folder of other things = %v, want ErrNotIndex naming the folder", err)
	}
	if err := Claim(user, "*.txt"); !errors.Is(err, ErrNotIndex) {
		t.Errorf("Claim(folder of other things) = %v, want ErrNotIndex", err)
	}
	if after := snapshot(t, user); !reflect.DeepEqual(before, after) {
		t.Errorf("a refused index folder changed")
	}
	if _, err := os.Stat(filepath.Join(user, MarkerName)); !os.IsNotExist(err) {
		t.Errorf("a refused folder was marked: %v", err)
	}

	// The index's own folder: stale generations and temporary folders go,
	// the caller's files named in Claim stay, and a foreign file is refused.
	defer func(d time.Duration) { staleAfter = d }(staleAfter)
	staleAfter = 0
	dir := filepath.Join(t.TempDir(), "ix")
	if err := Claim(dir, "review.json.gz"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "review.json.gz"), []byte("x"), 0o644)
	var gens []string
	for i := range 3 {
		arts := sample(3)
		arts[0].Title = strings.Repeat("x", i)
		g, err := Write(dir, arts, nil, Manifest{})
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, g)
		os.Mkdir(filepath.Join(dir, "tmp-123"), 0o755)
	}
	if err := Claim(dir, "review.json.gz"); err != nil {
		t.Errorf("Claim(own folder) = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, gens[0])); !os.IsNotExist(err) {
		t.Errorf("stale generation %s kept: %v", gens[0], err)
	}
	if _, err := os.Stat(filepath.Join(dir, "review.json.gz")); err != nil {
		t.Errorf("the caller's file was removed: %v", err)
	}
	os.Mkdir(filepath.Join(dir, "photos"), 0o755)
	if err := Claim(dir, "review.json.gz"); !errors.Is(err, ErrNotIndex) || !strings.Contains(err.Error(), `"photos"`) {
		t.Errorf("Claim(own folder with a foreign folder) = %v, want ErrNotIndex naming it", err)
	}
}

// TestClaimAdoptsAnOldIndex: an index folder written before the marker
// existed holds only index entries and is accepted and marked.
func TestClaimAdoptsAnOldIndex(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, sample(3), nil, Manifest{}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, MarkerName))
	if err := Claim(dir); err != nil {
		t.Fatalf("Claim(old index) = %v", err)
	}
	if !marked(dir) {
		t.Errorf("the old index folder was not marked")
	}
}

// TestFolderNames checks which folder names are a generation's and which
// a temporary folder of Write's.
func TestFolderNames(t *testing.T) {
	tests := []struct {
		name     string
		gen, tmp bool
	}{
		{"gen-0123456789abcdef", true, false},
		{"gen-0123456789ABCDEF", false, false},
		{"gen-0123456789abcde", false, false},
		{"gen-0123456789abcdef0", false, false},
		{"gen-0123456789abcdeg", false, false},
		{"xgen-0123456789abcdef", false, false},
		{"gen-", false, false},
		{"tmp-1234567890", false, true},
		{"tmp-", false, false},
		{"tmp-12a", false, false},
		{".tmp-12", false, false},
		{"CURRENT", false, false},
	}
	for _, tt := range tests {
		if got := isGenName(tt.name); got != tt.gen {
			t.Errorf("isGenName(%q) = %v, want %v", tt.name, got, tt.gen)
		}
		if got := isTmpName(tt.name); got != tt.tmp {
			t.Errorf("isTmpName(%q) = %v, want %v", tt.name, got, tt.tmp)
		}
	}
}
