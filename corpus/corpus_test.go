package corpus

import (
	"path/filepath"
	"testing"

	"recommend/internal/corpustest"
)

// TestLoadCorpus loads the real corpus and checks it against the facts its
// README states.
func TestLoadCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	arts, bad, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("bad file: %v", b)
	}
	if len(arts) != 35915 {
		t.Errorf("Load: %d articles, want 35915", len(arts))
	}
	links, with := 0, 0
	for i := range arts {
		a := &arts[i]
		if i > 0 && arts[i-1].URL >= a.URL {
			t.Fatalf("not sorted by url at %d: %q then %q", i, arts[i-1].URL, a.URL)
		}
		if a.Question == "" || a.Title == "" || a.ID == "" || a.Subject == "" || a.Answer == "" {
			t.Errorf("%s: empty field in %+v", a.Path, a.Related)
		}
		if filepath.Dir(filepath.Dir(a.Path)) != dir {
			t.Errorf("Path %q not below %q", a.Path, dir)
		}
		links += len(a.Related)
		if len(a.Related) > 0 {
			with++
		}
	}
	if links != 103133 || with != 26218 {
		t.Errorf("related links: %d in %d articles, want 103133 in 26218", links, with)
	}
}
