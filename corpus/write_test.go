package corpus

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// setup copies testdata/article.md into a fresh folder and loads it; src
// is the file's bytes (Load keeps only their fingerprint).
func setup(t *testing.T) (dir string, a *Article, src []byte) {
	t.Helper()
	dir = t.TempDir()
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "biology"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "biology", "a.md"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	arts, bad, err := Load(dir)
	if err != nil || len(bad) > 0 || len(arts) != 1 {
		t.Fatalf("Load = %d articles, %v, %v", len(arts), bad, err)
	}
	return dir, &arts[0], src
}

// TestSourceAfterLoad checks that Load keeps a fingerprint, not the bytes,
// and that Source gives the bytes back while the file is the one loaded
// and refuses it once it changed.
func TestSourceAfterLoad(t *testing.T) {
	_, a, src := setup(t)
	if a.Src != nil || a.Sum != FingerprintOf(src) {
		t.Fatalf("Load kept Src (%d bytes) or a wrong fingerprint", len(a.Src))
	}
	got, err := a.Source()
	if err != nil || !bytes.Equal(got, src) {
		t.Fatalf("Source = %d bytes, %v; want the loaded %d", len(got), err, len(src))
	}
	for _, c := range []struct {
		name string
		edit []byte
	}{
		{"same size", bytes.Replace(src, []byte("score: -1.0"), []byte("score: -2.0"), 1)},
		{"longer", append(slices.Clone(src), '\n')},
		{"too large", bytes.Repeat([]byte("x"), MaxFileSize+1)},
	} {
		if err := os.WriteFile(a.Path, c.edit, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := a.Source()
		if got != nil || !errors.Is(err, ErrModified) || !strings.Contains(err.Error(), a.Path) {
			t.Errorf("Source(%s) = %d bytes, %v; want ErrModified naming the file", c.name, len(got), err)
		}
	}
	os.Remove(a.Path)
	if _, err := a.Source(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Source(removed) = %v; want not exist", err)
	}
}

func TestWriteRelated(t *testing.T) {
	dir, a, src := setup(t)
	links := []Link{linkA, a.Related[0]}
	want, err := SetRelated(src, links)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := WriteRelated(dir, a, links)
	if err != nil || !changed {
		t.Fatalf("WriteRelated = %v, %v; want true, nil", changed, err)
	}
	got, _ := os.ReadFile(a.Path)
	if !bytes.Equal(got, want) || a.Sum != FingerprintOf(want) || !slices.Equal(a.Related, links) {
		t.Errorf("after WriteRelated: file or Article not the new version")
	}
	if st, _ := os.Stat(a.Path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "biology", ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// An unchanged list writes nothing: not even an mtime change.
	st1, _ := os.Stat(a.Path)
	if changed, err := WriteRelated(dir, a, links); changed || err != nil {
		t.Errorf("WriteRelated(same links) = %v, %v; want false, nil", changed, err)
	}
	if st2, _ := os.Stat(a.Path); !st2.ModTime().Equal(st1.ModTime()) {
		t.Errorf("unchanged links touched the file")
	}
}

func TestWriteRelatedRefuses(t *testing.T) {
	dir, a, src := setup(t)
	other := t.TempDir()
	outside := *a
	outside.Path = filepath.Join(other, "a.md")
	os.WriteFile(outside.Path, src, 0o644)

	// Loaded with other bytes than the file now holds: by Load (the
	// fingerprint) and by Parse (the bytes themselves).
	editedSrc := bytes.Replace(src, []byte("score: -1.0"), []byte("score: 1.0"), 1)
	edited := *a
	edited.Sum = FingerprintOf(editedSrc)
	editedParsed := *a
	editedParsed.Src = editedSrc

	link := *a
	link.Path = filepath.Join(dir, "biology", "link.md")
	os.Symlink("a.md", link.Path)
	linkDir := *a
	os.Symlink("biology", filepath.Join(dir, "via"))
	linkDir.Path = filepath.Join(dir, "via", "a.md")

	dotdot := *a
	dotdot.Path = filepath.Join(dir, "..", filepath.Base(other), "a.md")

	links := []Link{linkA}
	for _, c := range []struct {
		name string
		a    *Article
		want error
	}{
		{"outside root", &outside, ErrOutsideRoot},
		{"outside root by ..", &dotdot, ErrOutsideRoot},
		{"edited since load", &edited, ErrModified},
		{"edited since parse", &editedParsed, ErrModified},
		{"symlink", &link, ErrSymlink},
		{"through a linked folder", &linkDir, ErrSymlink},
	} {
		changed, err := WriteRelated(dir, c.a, links)
		if changed || !errors.Is(err, c.want) {
			t.Errorf("WriteRelated(%s) = %v, %v; want false, %v", c.name, changed, err, c.want)
		}
	}
	if got, _ := os.ReadFile(a.Path); !bytes.Equal(got, src) {
		t.Errorf("a refused write changed the file")
	}
	if got, _ := os.ReadFile(outside.Path); !bytes.Equal(got, src) {
		t.Errorf("a refused write changed the file outside root")
	}
}

// TestWriteRelatedFailureBeforeRename injects a failure between the write of
// the temporary file and the rename: the file must be entirely old.
func TestWriteRelatedFailureBeforeRename(t *testing.T) {
	dir, a, old := setup(t)
	boom := errors.New("injected failure")
	var tmpSeen []byte
	beforeRename = func(tmp, path string) error {
		tmpSeen, _ = os.ReadFile(tmp)
		return boom
	}
	t.Cleanup(func() { beforeRename = nil })
	changed, err := WriteRelated(dir, a, []Link{linkA})
	if changed || !errors.Is(err, boom) {
		t.Fatalf("WriteRelated = %v, %v; want false, injected failure", changed, err)
	}
	if got, _ := os.ReadFile(a.Path); !bytes.Equal(got, old) || a.Sum != FingerprintOf(old) {
		t.Errorf("file or Article changed by a failed write")
	}
	if want, _ := SetRelated(old, []Link{linkA}); !bytes.Equal(tmpSeen, want) {
		t.Errorf("temporary file did not hold the complete new version")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "biology", ".*")); len(left) > 0 {
		t.Errorf("temporary files left after a failed write: %v", left)
	}
}

// TestWriteRelatedKilled kills a child process between write and rename:
// the file must be entirely old, and the leftover temporary file must not
// load as an article.
func TestWriteRelatedKilled(t *testing.T) {
	if path := os.Getenv("CORPUS_KILL_CHILD"); path != "" {
		arts, _, err := Load(filepath.Dir(filepath.Dir(path)))
		if err != nil || len(arts) != 1 {
			os.Exit(2)
		}
		beforeRename = func(string, string) error {
			os.Exit(3) // dies with the new version written but not renamed
			return nil
		}
		WriteRelated(filepath.Dir(filepath.Dir(path)), &arts[0], []Link{linkA})
		os.Exit(4)
	}
	dir, a, src := setup(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteRelatedKilled$")
	cmd.Env = append(os.Environ(), "CORPUS_KILL_CHILD="+a.Path)
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("child: %v, want exit status 3", err)
	}
	if got, _ := os.ReadFile(a.Path); !bytes.Equal(got, src) {
		t.Fatalf("file is not the old version after the kill")
	}
	left, _ := filepath.Glob(filepath.Join(dir, "biology", ".a.md.tmp-*"))
	if len(left) != 1 {
		t.Fatalf("temporary files after the kill: %v, want one", left)
	}
	arts, bad, err := Load(dir)
	if err != nil || len(bad) > 0 || len(arts) != 1 || arts[0].Sum != a.Sum {
		t.Errorf("Load after the kill = %d articles, %v, %v", len(arts), bad, err)
	}
	if strings.HasSuffix(left[0], ".md") {
		t.Errorf("temporary name %s ends in .md", left[0])
	}
}

// TestWriteRelatedEditedDuringWrite saves the file, as an editor would,
// after WriteRelated checked it and while the temporary file is being
// synced: the editor's version must survive and the write be reported
// (issue 12, case 1).
func TestWriteRelatedEditedDuringWrite(t *testing.T) {
	for _, c := range []struct {
		name string
		save func(path string, old []byte) error
	}{
		{"in place", func(path string, old []byte) error {
			return os.WriteFile(path, bytes.Replace(old, []byte("score: -1.0"), []byte("score: 2.0"), 1), 0o600)
		}},
		{"by a rename", func(path string, old []byte) error {
			tmp := path + ".cms"
			if err := os.WriteFile(tmp, append(slices.Clone(old), "\nedited\n"...), 0o600); err != nil {
				return err
			}
			return os.Rename(tmp, path)
		}},
		{"same size", func(path string, old []byte) error {
			return os.WriteFile(path, bytes.Replace(old, []byte("score: -1.0"), []byte("score: -2.0"[:11]), 1), 0o600)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, a, old := setup(t)
			var saved []byte
			beforeRename = func(tmp, path string) error {
				if err := c.save(path, old); err != nil {
					return err
				}
				saved, _ = os.ReadFile(path)
				return nil
			}
			t.Cleanup(func() { beforeRename = nil })
			changed, err := WriteRelated(dir, a, []Link{linkA})
			if changed || !errors.Is(err, ErrModified) {
				t.Fatalf("WriteRelated = %v, %v; want false, ErrModified", changed, err)
			}
			if !strings.Contains(err.Error(), a.Path) {
				t.Errorf("error %q does not name the file", err)
			}
			if got, _ := os.ReadFile(a.Path); !bytes.Equal(got, saved) || bytes.Equal(got, old) {
				t.Errorf("the editor's save was overwritten")
			}
			if a.Sum != FingerprintOf(old) {
				t.Errorf("Article.Sum changed by a refused write")
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "biology", ".*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// TestWriteRelatedReadOnly leaves a file without write permission alone.
func TestWriteRelatedReadOnly(t *testing.T) {
	dir, a, src := setup(t)
	if err := os.Chmod(a.Path, 0o444); err != nil {
		t.Fatal(err)
	}
	changed, err := WriteRelated(dir, a, []Link{linkA})
	if changed || !errors.Is(err, ErrReadOnly) {
		t.Fatalf("WriteRelated(0444 file) = %v, %v; want false, ErrReadOnly", changed, err)
	}
	if got, _ := os.ReadFile(a.Path); !bytes.Equal(got, src) {
		t.Errorf("a read-only file was replaced")
	}
	if st, _ := os.Stat(a.Path); st.Mode().Perm() != 0o444 {
		t.Errorf("mode %v, want 0444 kept", st.Mode().Perm())
	}
}

// TestWouldRewrite holds the dry run's test (WouldRewrite, on an article
// loaded without its bytes) to what WriteRelated then does to the file:
// the same change or none, the same error, without reading the file.
func TestWouldRewrite(t *testing.T) {
	flow := "---\nid: 1\ntitle: t\nquestion: q\nurl: /learn/x/questions/u\nrelated_article1: {id: 1, url: /learn/x/questions/v}\n---\n"
	block := "---\nid: 1\ntitle: t\nquestion: q\nurl: /learn/x/questions/u\nrelated_article1:\n  id: 1\n  url: /learn/x/questions/v\n---\n"
	same := []Link{{ID: "1", URL: "/learn/x/questions/v"}}
	other := []Link{{ID: "2", Title: "w", URL: "/learn/x/questions/w"}}
	bad := []Link{{ID: "2", Title: "w"}}
	for _, c := range []struct {
		name, src string
		links     []Link
		changed   bool
		err       error
	}{
		{"same links", block, same, false, nil},
		{"new links", block, other, true, nil},
		{"no links", block, nil, true, nil},
		{"bad link", block, bad, false, ErrBadLink},
		{"flow style, same links", flow, same, false, nil},
		{"flow style", flow, other, false, ErrNotRewritable},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "u.md")
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		arts, bad, err := Load(dir)
		if err != nil || len(bad) != 0 || len(arts) != 1 {
			t.Fatalf("%s: Load: %v %v", c.name, err, bad)
		}
		a := arts[0]
		if err := os.Remove(path); err != nil { // WouldRewrite must not need it
			t.Fatal(err)
		}
		changed, err := a.WouldRewrite(c.links)
		if changed != c.changed || !errors.Is(err, c.err) || (err == nil) != (c.err == nil) {
			t.Errorf("%s: WouldRewrite = %v, %v; want %v, %v", c.name, changed, err, c.changed, c.err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), a.Path+":") {
			t.Errorf("%s: error %q does not name the file %s first", c.name, err, a.Path)
		}
		// WriteRelated on the file put back does the same.
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		wrote, werr := WriteRelated(dir, &a, c.links)
		if wrote != changed || !errors.Is(werr, c.err) || (werr == nil) != (c.err == nil) {
			t.Errorf("%s: WriteRelated = %v, %v; WouldRewrite said %v, %v", c.name, wrote, werr, changed, err)
		}
		// An article holding its bytes gets SetRelated's own answer.
		held, err := Parse("u.md", []byte(c.src))
		if err != nil {
			t.Fatal(err)
		}
		if ch, err := held.WouldRewrite(c.links); ch != c.changed || !errors.Is(err, c.err) {
			t.Errorf("%s, bytes held: WouldRewrite = %v, %v; want %v, %v", c.name, ch, err, c.changed, c.err)
		}
	}
}
