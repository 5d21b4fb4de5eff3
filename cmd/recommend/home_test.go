package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recommend/home"
)

// TestContentHome checks the rule that places the index, overrides.yaml
// and recommend.yaml: the top of the git work tree holding the content
// folder, else its parent; never the content folder itself.
func TestContentHome(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(root, p)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mk("site/.git")
	mk("site/content/learn")
	mk("plain/content/learn")
	mk("repo/.git")
	mk("linked/content")
	os.WriteFile(filepath.Join(root, "linked", ".git"), []byte("gitdir: /elsewhere\n"), 0o644)
	tests := []struct{ corpus, want string }{
		{"site/content/learn", "site"},
		{"site/content", "site"},
		{"plain/content/learn", "plain/content"},
		{"repo", "."},                // the content folder is the work tree's top: its parent
		{"linked/content", "linked"}, // a linked work tree has a .git file
	}
	for _, tt := range tests {
		got := home.Of(filepath.Join(root, tt.corpus))
		if want := filepath.Join(root, tt.want); got != want {
			t.Errorf("home.Of(%s) = %s, want %s", tt.corpus, got, want)
		}
	}
}

// TestSettingsLiveWithTheContent runs the batch from inside the content
// folder (`cd content && recommend batch --corpus .`) and from another
// site's folder, and checks that the index and the overrides are those of
// the content's home, whatever the working directory; and that --index
// and $RECOMMEND_INDEX still win.
func TestSettingsLiveWithTheContent(t *testing.T) {
	site := t.TempDir()
	os.Mkdir(filepath.Join(site, ".git"), 0o755)
	content := filepath.Join(site, "content")
	if err := os.Rename(copySeeds(t), content); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(site, "overrides.yaml"), []byte("locks:\n  - \"14219\"\n"), 0o644)
	os.WriteFile(filepath.Join(site, "recommend.yaml"), []byte("margin: 0.1\n"), 0o644)
	other := t.TempDir() // a second site, run from the first one's folder
	otherContent := filepath.Join(other, "content")
	if err := os.Rename(copySeeds(t), otherContent); err != nil {
		t.Fatal(err)
	}

	t.Chdir(content)
	code, out, errOut := runArgs("batch", "--corpus", ".", "--json")
	if code != exitOK {
		t.Fatalf("batch --corpus . from the content folder: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(content, home.DefaultIndexDir)); err == nil {
		t.Error("batch put .recommend/ inside the content folder")
	}
	if _, err := os.Stat(filepath.Join(site, home.DefaultIndexDir, "CURRENT")); err != nil {
		t.Errorf("no index in the site's folder: %v", err)
	}
	if !strings.Contains(out, `"locked": 1`) || !strings.Contains(out, `"margin": 0.1`) {
		t.Errorf("the site's overrides.yaml and recommend.yaml were not applied:\n%s", out)
	}
	// A lookup from inside the content folder finds the index above it.
	if code, _, errOut := runArgs("--id", "14219"); code != exitOK {
		t.Errorf("lookup from the content folder: exit %d: %s", code, errOut)
	}

	// Another corpus run from this site's folder gets none of its settings.
	t.Chdir(site)
	code, out, errOut = runArgs("batch", "--corpus", otherContent, "--json")
	if code != exitOK || !strings.Contains(out, `"locked": 0`) || !strings.Contains(out, `"margin": 0.05`) {
		t.Errorf("batch of another site from this one's folder: exit %d, applied this site's settings: %s %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(other, home.DefaultIndexDir, "CURRENT")); err != nil {
		t.Errorf("the other site's index is not beside its content: %v", err)
	}

	// Explicit choices win.
	ix := filepath.Join(t.TempDir(), "ix")
	if code, _, errOut := runArgs("batch", "-q", "--corpus", content, "--index", ix); code != exitOK {
		t.Fatalf("batch --index: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(ix, "CURRENT")); err != nil {
		t.Errorf("--index not used: %v", err)
	}
	env := filepath.Join(t.TempDir(), "env")
	t.Setenv("RECOMMEND_INDEX", env)
	if code, _, errOut := runArgs("batch", "-q", "--corpus", content); code != exitOK {
		t.Fatalf("batch with $RECOMMEND_INDEX: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(env, "CURRENT")); err != nil {
		t.Errorf("$RECOMMEND_INDEX not used: %v", err)
	}
}
