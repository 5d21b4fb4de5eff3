package corpus

import (
	"os"
	"path/filepath"
	"slices"
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

func TestRewriteBasic(t *testing.T) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("testdata/article.md", src)
	if err != nil {
		t.Fatal(err)
	}
	same, err := SetRelated(src, a.Related)
	if err != nil || string(same) != string(src) {
		t.Fatalf("SetRelated(own links) changed the file (err %v)", err)
	}
	rev := slices.Clone(a.Related)
	slices.Reverse(rev)
	out, err := SetRelated(src, rev)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Related, rev) {
		t.Errorf("links read back = %v, want %v", b.Related, rev)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "a.md")
	if err := os.WriteFile(path, src, 0o640); err != nil {
		t.Fatal(err)
	}
	a.Path = path
	changed, err := WriteRelated(dir, &a, rev)
	if err != nil || !changed {
		t.Fatalf("WriteRelated = %v, %v; want true, nil", changed, err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(out) {
		t.Errorf("file after WriteRelated differs from SetRelated output")
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode after write = %v, want 0640", st.Mode().Perm())
	}
	changed, err = WriteRelated(dir, &a, rev)
	if err != nil || changed {
		t.Errorf("second WriteRelated = %v, %v; want false, nil", changed, err)
	}
}
