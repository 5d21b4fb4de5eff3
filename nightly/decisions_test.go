package nightly

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recommend/editor"
	"recommend/home"
	"recommend/internal/runlock"
)

// TestRecord records decisions checked against a content folder: an
// article the folder does not have is refused (editor.ErrInput) and not
// recorded; without a folder or an index the decision is recorded
// unchecked, saying why; and a folder a batch is writing is refused.
func TestRecord(t *testing.T) {
	dir := seedCopy(t)
	file := filepath.Join(t.TempDir(), "overrides.yaml")
	for _, tt := range []struct {
		d       editor.Decision
		wantErr string
	}{
		{editor.Decision{Kind: "lock", ID: "14219"}, ""},
		{editor.Decision{Kind: "lock", ID: "99999999"}, "no article in " + dir + " has id 99999999"},
		{editor.Decision{Kind: "lock", URL: "/learn/nowhere/questions/x"}, "no article in " + dir + " has url"},
	} {
		out, unchecked, err := Record(file, tt.d, dir, "")
		switch {
		case unchecked != nil:
			t.Errorf("%+v: unchecked (%v) with a content folder", tt.d, unchecked)
		case tt.wantErr == "" && (err != nil || !out.Changed):
			t.Errorf("%+v: %v, %+v; want it recorded", tt.d, err, out)
		case tt.wantErr != "" && (!errors.Is(err, editor.ErrInput) || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%+v: %v; want editor.ErrInput and %q", tt.d, err, tt.wantErr)
		}
	}
	b, _ := os.ReadFile(file)
	if !strings.Contains(string(b), "- 14219") || strings.Contains(string(b), "99999999") {
		t.Errorf("overrides file:\n%s", b)
	}

	out, unchecked, err := Record(file, editor.Decision{Kind: "lock", ID: "424242"}, "", filepath.Join(t.TempDir(), "none"))
	if err != nil || !out.Changed || unchecked == nil || !strings.Contains(unchecked.Error(), "no index in") {
		t.Errorf("no index: %v, %+v, unchecked %v; want it recorded unchecked, saying there is no index", err, out, unchecked)
	}
	lock, err := runlock.Acquire(dir) // what batch --write takes
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	var held *runlock.HeldError
	if _, _, err := Record(file, editor.Decision{Kind: "lock", ID: "90036"}, dir, ""); !errors.As(err, &held) {
		t.Errorf("while a batch writes the folder: %v, want a *runlock.HeldError", err)
	}
}

// TestOverridesFile finds the overrides file in the content folder's
// home, never inside the folder.
func TestOverridesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if got, want := OverridesFile(dir), home.ShortPath(filepath.Join(filepath.Dir(dir), home.DefaultOverrides)); got != want {
		t.Errorf("OverridesFile(%s) = %s, want %s", dir, got, want)
	}
	if got, want := OverridesFile(""), home.ShortPath(filepath.Join(home.Work(), home.DefaultOverrides)); got != want {
		t.Errorf(`OverridesFile("") = %s, want %s`, got, want)
	}
}
