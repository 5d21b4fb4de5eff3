package editor

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sample = `# Decisions for the nightly batch.
pins:
  # the seed article: privacy first
  - article: 14219 # data privacy
    links:
      - /learn/law/questions/what-is-gdpr
blocks:
  - to: /learn/biology/questions/test-page # a placeholder page
locks:
  - /learn/art/questions/hand-curated
# end of file
`

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want *Overrides // only the exported slices are compared
		err  string     // substring of the error; "" for none
	}{
		{"empty", "", &Overrides{}, ""},
		{"only comments", "# nothing yet\n", &Overrides{}, ""},
		{"empty sections", "pins:\nblocks: []\nlocks:\n", &Overrides{}, ""},
		{"sample", sample, &Overrides{
			Pins:   []Pin{{Article: "14219", Links: []string{"/learn/law/questions/what-is-gdpr"}}},
			Blocks: []Block{{To: "/learn/biology/questions/test-page"}},
			Locks:  []string{"/learn/art/questions/hand-curated"},
		}, ""},
		{"flow lists and both", "blocks: [{from: 1, to: 2, both: true}]\nlocks: [3, /learn/x]\n", &Overrides{
			Blocks: []Block{{From: "1", To: "2", Both: true}},
			Locks:  []string{"3", "/learn/x"},
		}, ""},
		// errors carry the file and line
		{"unknown top key", "pins: []\npinz: []\n", nil, "o.yaml:2: unknown key \"pinz\""},
		{"not a mapping", "- 1\n", nil, "o.yaml:1: the file must be a mapping"},
		{"section not a list", "locks: 12\n", nil, "o.yaml:1: locks must be a list"},
		{"bad ref", "locks:\n  - hello world\n", nil, "o.yaml:2: lock: \"hello world\" is neither"},
		{"pin without article", "pins:\n  - links: [/a]\n", nil, "o.yaml:2: pin: article is missing"},
		{"pin links not a list", "pins:\n  - article: 1\n    links: /a\n", nil, "o.yaml:3: pin: links must be a list"},
		{"block without to", "blocks:\n  - from: 1\n", nil, "o.yaml:2: block: to is missing"},
		{"block bad both", "blocks:\n  - {to: 1, both: maybe}\n", nil, "o.yaml:2: block: both must be true or false"},
		{"block empty both", "blocks:\n  - {to: 1, both: }\n", nil, "o.yaml:2: block: both must be true or false"},
		{"block quoted both", "blocks:\n  - {to: 1, both: \"true\"}\n", nil, "o.yaml:2: block: both must be true or false"},
		{"block unknown key", "blocks:\n  - to: 1\n    form: 2\n", nil, "o.yaml:3: block: unknown key \"form\""},
		{"repeated key", "pins:\n  - article: 1\n    article: 2\n", nil, "o.yaml:3: pin: key \"article\" repeated"},
		{"bad yaml", "pins: [\n", nil, "o.yaml: yaml:"},
		// a second document would otherwise be dropped, and its locks with it
		{"second document", "locks: []\n---\nlocks: [/learn/x]\n", nil, "o.yaml: yaml: line 2: a second YAML document"},
	}
	for _, tt := range tests {
		got, err := Parse("o.yaml", []byte(tt.src))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: Parse error = %v, want it to contain %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: Parse: %v", tt.name, err)
			continue
		}
		g := [3]any{got.Pins, got.Blocks, got.Locks}
		w := [3]any{tt.want.Pins, tt.want.Blocks, tt.want.Locks}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: Parse = %+v, want %+v", tt.name, g, w)
		}
	}
}

// TestEditKeepsComments adds and removes entries and checks that every
// comment of the original file survives, and that the edits read back.
func TestEditKeepsComments(t *testing.T) {
	o, err := Parse("o.yaml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() (bool, error)
		want bool
	}{
		{"pin second link", func() (bool, error) { return o.AddPin("14219", "/learn/law/questions/what-is-ccpa") }, true},
		{"pin again", func() (bool, error) { return o.AddPin("14219", "/learn/law/questions/what-is-ccpa") }, false},
		{"pin new article", func() (bool, error) { return o.AddPin("/learn/a/questions/b", "77") }, true},
		{"block pair", func() (bool, error) { return o.AddBlock(Block{From: "14219", To: "/learn/c/questions/d", Both: true}) }, true},
		{"block pair again", func() (bool, error) { return o.AddBlock(Block{From: "14219", To: "/learn/c/questions/d", Both: true}) }, false},
		{"lock", func() (bool, error) { return o.AddLock("999") }, true},
		{"unlock missing", func() (bool, error) { return o.RemoveLock("1000") }, false},
		{"unpin one link", func() (bool, error) { return o.RemovePin("/learn/a/questions/b", "77") }, true},
		{"unblock placeholder", func() (bool, error) { return o.RemoveBlock(Block{To: "/learn/biology/questions/test-page"}) }, true},
	}
	for _, s := range steps {
		got, err := s.do()
		if err != nil || got != s.want {
			t.Errorf("%s = %v, %v; want %v, nil", s.name, got, err, s.want)
		}
	}
	b, err := o.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	for _, c := range []string{"# Decisions for the nightly batch.", "# the seed article: privacy first", "# data privacy", "# end of file"} {
		if !strings.Contains(out, c) {
			t.Errorf("comment %q lost:\n%s", c, out)
		}
	}
	back, err := Parse("o.yaml", b)
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, out)
	}
	want := [3]any{
		[]Pin{{Article: "14219", Links: []string{"/learn/law/questions/what-is-gdpr", "/learn/law/questions/what-is-ccpa"}}},
		[]Block{{From: "14219", To: "/learn/c/questions/d", Both: true}},
		[]string{"/learn/art/questions/hand-curated", "999"},
	}
	if g := [3]any{back.Pins, back.Blocks, back.Locks}; !reflect.DeepEqual(g, want) {
		t.Errorf("after edits: %+v\nwant %+v\n%s", g, want, out)
	}
	// Saving what was loaded changes nothing the second time.
	b2, _ := back.Marshal()
	if string(b2) != out {
		t.Errorf("Marshal not stable:\n%s\n---\n%s", out, b2)
	}
}

func TestEditErrors(t *testing.T) {
	o := New("o.yaml")
	if _, err := o.AddPin("not a ref", "/a"); err == nil {
		t.Error("AddPin with a bad article: no error")
	}
	if _, err := o.AddBlock(Block{To: "/a", Both: true}); err == nil {
		t.Error("AddBlock everywhere with Both: no error")
	}
	if _, err := o.AddLock(""); err == nil {
		t.Error("AddLock(\"\"): no error")
	}
	if len(o.Pins)+len(o.Blocks)+len(o.Locks) != 0 {
		t.Errorf("failed edits changed the overrides: %+v", o)
	}
}

func TestSaveAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "overrides.yaml")
	if err := os.WriteFile(path, []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.AddLock("5"); err != nil {
		t.Fatal(err)
	}
	if err := o.Save(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode after Save = %v, want 0600", st.Mode().Perm())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("Save left %d files in the folder, want 1", len(ents))
	}
	back, err := Load(path)
	if err != nil || !reflect.DeepEqual(back.Locks, []string{"/learn/art/questions/hand-curated", "5"}) {
		t.Errorf("Load after Save = %v, %v", back.Locks, err)
	}
	// A missing file loads empty and is created by Save.
	fresh, err := Load(filepath.Join(dir, "new.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.AddPin("1", "2"); err != nil {
		t.Fatal(err)
	}
	if err := fresh.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "new.yaml"))
	if !strings.HasPrefix(string(b), "# Editors' decisions") || !strings.Contains(string(b), "article: 1\n") {
		t.Errorf("new file:\n%s", b)
	}
}

// FuzzParse checks that whatever Parse accepts survives Marshal and a
// second Parse unchanged.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("blocks: [{from: 1, to: 2, both: true}]\n"))
	f.Add([]byte("# c\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		o, err := Parse("f.yaml", src)
		if err != nil {
			return
		}
		b, err := o.Marshal()
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := Parse("f.yaml", b)
		if err != nil {
			t.Fatalf("re-Parse: %v\n%s", err, b)
		}
		if !reflect.DeepEqual([3]any{o.Pins, o.Blocks, o.Locks}, [3]any{back.Pins, back.Blocks, back.Locks}) {
			t.Fatalf("round trip changed the overrides:\n%q\n%s", src, b)
		}
	})
}

// TestSaveThroughSymlink: saving an overrides file that is a symbolic link
// replaces the file it points to and keeps the link; a link to nothing is
// an error and stays a link.
func TestSaveThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "shared.yaml")
	os.WriteFile(target, []byte("locks:\n  - 1\n"), 0o644)
	link := filepath.Join(dir, "overrides.yaml")
	os.Symlink("shared.yaml", link)
	o, err := Load(link)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.AddLock("2"); err != nil {
		t.Fatal(err)
	}
	if err := o.Save(); err != nil {
		t.Fatalf("Save through a link: %v", err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); !strings.Contains(string(b), "- 2") {
		t.Errorf("the linked file was not updated:\n%s", b)
	}
	dangling := filepath.Join(dir, "dangling.yaml")
	os.Symlink("nowhere.yaml", dangling)
	o2, err := Load(dangling)
	if err != nil {
		t.Fatal(err)
	}
	o2.AddLock("3")
	if err := o2.Save(); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Save through a dangling link = %v, want an error", err)
	}
	if st, err := os.Lstat(dangling); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the dangling link was replaced")
	}
}
