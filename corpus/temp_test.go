package corpus

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestIsTempFile(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		// what replaceFile creates
		{".what-is-a-tort.md.tmp-123456789", true},
		{".a.md.tmp-0", true},
		// anything else stays
		{"what-is-a-tort.md", false},
		{".what-is-a-tort.md", false},
		{"what-is-a-tort.md.tmp-123", false},
		{".what-is-a-tort.md.tmp-", false},
		{".what-is-a-tort.md.tmp-12x", false},
		{".what-is-a-tort.txt.tmp-12", false},
		{".md.tmp-12", false},
		{".recommend.lock", false},
		{".git", false},
	}
	for _, tt := range tests {
		if got := IsTempFile(tt.name); got != tt.want {
			t.Errorf("IsTempFile(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A write interrupted after creating its temporary file leaves it behind;
// RemoveTempFiles deletes it and nothing else.
func TestRemoveTempFiles(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "law")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := []string{"law/what-is-a-tort.md", "law/.notes.txt", ".recommend.lock", "law/.x.md.tmp-1/inside.md"}
	stale := []string{"law/.what-is-a-tort.md.tmp-4242", ".top.md.tmp-7"}
	for _, p := range append(keep, stale...) {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A symbolic link with a temporary file's name is not removed.
	if err := os.Symlink("what-is-a-tort.md", filepath.Join(sub, ".link.md.tmp-9")); err != nil {
		t.Fatal(err)
	}
	keep = append(keep, "law/.link.md.tmp-9")

	removed, err := RemoveTempFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range removed {
		rel, _ := filepath.Rel(root, p)
		got = append(got, filepath.ToSlash(rel))
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(stale))
	if !slices.Equal(got, want) {
		t.Errorf("RemoveTempFiles removed %q, want %q", got, want)
	}
	for _, p := range keep {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p))); err != nil {
			t.Errorf("%s should be kept: %v", p, err)
		}
	}
	for _, p := range stale {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p))); err == nil {
			t.Errorf("%s should be gone", p)
		}
	}
}

// The names replaceFile really creates are recognised.
func TestIsTempFileMatchesReplaceFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "what-is-a-tort.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var seen string
	beforeRename = func(tmp, _ string) error { seen = filepath.Base(tmp); return nil }
	defer func() { beforeRename = nil }()
	if err := replaceFile(path, []byte("new"), []byte("old")); err != nil {
		t.Fatal(err)
	}
	if !IsTempFile(seen) {
		t.Errorf("replaceFile's temporary file %q is not recognised by IsTempFile", seen)
	}
}
