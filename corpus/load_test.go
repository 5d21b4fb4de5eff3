package corpus

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"recommend/internal/corpustest"
)

// badCases are the files of testdata/load (and the two made by the test)
// that must be refused, with the reason and the line.
var badCases = []struct {
	file string
	want error
	line int
}{
	{"empty.md", ErrEmpty, 0},
	{"no-front-matter.md", ErrNoFrontMatter, 1},
	{"unterminated.md", ErrUnterminated, 1},
	{"invalid-yaml.md", ErrYAML, 5},
	{"bom.md", ErrBOM, 1},
	{"crlf.md", ErrCRLF, 1},
	{"not-utf8.md", ErrNotUTF8, 3},
	{"missing-url.md", ErrMissingField, 0},
	{"missing-question.md", ErrMissingField, 0},
	{"duplicate-key.md", ErrDuplicateKey, 5},
	{"related-not-map.md", ErrBadRelated, 5},
	{"related-no-url.md", ErrBadRelated, 5},
	{"zz-duplicate-url.md", ErrDuplicateURL, 5}, // good-folded.md has its url
	{"big.md", ErrTooLarge, 0},
	{"link.md", ErrSymlink, 0},
}

func TestLoadBadInput(t *testing.T) {
	dir := corpustest.CopyTree(t, "testdata/load")
	// A file over 1 MiB: a good article padded in its body.
	good, err := os.ReadFile(filepath.Join(dir, "good-plain.md"))
	if err != nil {
		t.Fatal(err)
	}
	big := bytes.Replace(good, []byte("good-plain"), []byte("big"), 1)
	big = append(big, bytes.Repeat([]byte("padding\n"), MaxFileSize/8)...)
	if err := os.WriteFile(filepath.Join(dir, "big.md"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("good-folded.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}

	arts, bad, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*FileError{}
	for _, fe := range bad {
		rel, _ := filepath.Rel(dir, fe.Path)
		if got[rel] != nil {
			t.Errorf("two errors for %s: %v and %v", rel, got[rel], fe)
		}
		got[rel] = fe
	}
	for _, c := range badCases {
		fe := got[c.file]
		switch {
		case fe == nil:
			t.Errorf("Load: no error for %s, want %v", c.file, c.want)
			continue
		case !errors.Is(fe, c.want):
			t.Errorf("Load: %s: error %v, want %v", c.file, fe, c.want)
		case fe.Line != c.line:
			t.Errorf("Load: %s: line %d (%v), want %d", c.file, fe.Line, fe, c.line)
		}
		msg := fe.Error()
		if !strings.Contains(msg, fe.Path) || c.line > 0 && !strings.Contains(msg, ":"+strconv.Itoa(c.line)+":") {
			t.Errorf("message %q does not name path and line", msg)
		}
		delete(got, c.file)
	}
	for rel, fe := range got {
		t.Errorf("unexpected error for %s: %v", rel, fe)
	}

	// The good files still load, in url order; notes.txt is ignored.
	var urls []string
	for _, a := range arts {
		urls = append(urls, a.URL)
	}
	want := []string{
		"/learn/biology/questions/how-do-plants-use-light",
		"/learn/biology/questions/what-is-photosynthesis",
		"/learn/others/questions/nested-folder",
	}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Fatalf("Load: urls %q, want %q", urls, want)
	}
	if arts[0].SubjectKey != arts[1].SubjectKey || arts[0].Subject == arts[1].Subject {
		t.Errorf("subjects %q and %q: keys %q and %q, want equal keys", arts[0].Subject, arts[1].Subject, arts[0].SubjectKey, arts[1].SubjectKey)
	}
	if a := arts[1]; a.Answer != "An answer.\nWith a second line." || a.Path != filepath.Join(dir, "good-folded.md") {
		t.Errorf("good-folded.md: Answer %q, Path %q", a.Answer, a.Path)
	}
	wantLink := Link{ID: "1", Title: "What is photosynthesis?", Subject: "Biology", URL: "/learn/biology/questions/what-is-photosynthesis"}
	if r := arts[0].Related; len(r) != 1 || r[0] != wantLink {
		t.Errorf("good-plain.md: Related = %+v, want [%+v]", r, wantLink)
	}
	if l := LinkTo(&arts[1]); l != wantLink {
		t.Errorf("LinkTo = %+v, want %+v", l, wantLink)
	}
}

// TestBadFilesNotRewritten checks that a file that does not load is never
// rewritten.
func TestBadFilesNotRewritten(t *testing.T) {
	links := []Link{{ID: "1", Title: "T", Subject: "S", URL: "/learn/s/questions/t"}}
	for _, c := range badCases {
		src, err := os.ReadFile(filepath.Join("testdata/load", c.file))
		if err != nil {
			continue // made by TestLoadBadInput only
		}
		if c.want == ErrDuplicateURL {
			continue // a Load-level error: the file itself is fine
		}
		if out, err := SetRelated(src, links); err == nil {
			t.Errorf("SetRelated(%s) = %d bytes, nil; want an error", c.file, len(out))
		}
	}
}

func TestLoadDirErrors(t *testing.T) {
	if _, _, err := Load(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("Load(absent folder): no error")
	}
	if _, _, err := Load("testdata/article.md"); err == nil {
		t.Error("Load(a file): no error")
	}
	arts, bad, err := Load(t.TempDir())
	if err != nil || len(arts) != 0 || len(bad) != 0 {
		t.Errorf("Load(empty folder) = %d, %d, %v; want 0, 0, nil", len(arts), len(bad), err)
	}
	// A root that is a link to a folder is followed; Path keeps the link.
	link := filepath.Join(t.TempDir(), "content")
	target, _ := filepath.Abs("testdata/load/sub")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	arts, bad, err = Load(link)
	if err != nil || len(bad) != 0 || len(arts) != 1 || arts[0].Path != filepath.Join(link, "good-nested.md") {
		t.Errorf("Load(link to a folder) = %d articles, %v, %v", len(arts), bad, err)
	}
}

// TestLoadDeterministic loads the same folder with 1 and 4 workers.
func TestLoadDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []Article
	var firstBad []string
	for _, procs := range []int{1, 4, 1} {
		runtime.GOMAXPROCS(procs)
		arts, bad, err := Load("testdata/load")
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, b := range bad {
			msgs = append(msgs, b.Error())
		}
		if first == nil {
			first, firstBad = arts, msgs
			continue
		}
		if !reflect.DeepEqual(arts, first) || !reflect.DeepEqual(msgs, firstBad) {
			t.Errorf("Load with GOMAXPROCS=%d differs", procs)
		}
	}
}

// TestParseRejectsBadLinkFields refuses the articles whose id, url or
// title would be copied into other files' links in a form the site cannot
// use (issue 12, case 4), naming the line and the key.
func TestParseRejectsBadLinkFields(t *testing.T) {
	const good = "---\nid: 7\ntitle: T\nquestion: Q?\nurl: /learn/law/questions/what-is-a-tort\n---\n\n&nbsp;\n"
	for _, c := range []struct {
		name, from, to string
		want           error
		line           int
		key            string
	}{
		{"no id", "id: 7\n", "", ErrMissingField, 0, "id"},
		{"empty id", "id: 7\n", "id: \"\"\n", ErrBadField, 2, "id"},
		{"id not a number", "id: 7\n", "id: seven\n", ErrBadField, 2, "id"},
		{"id with leading zero", "id: 7\n", "id: 07\n", ErrBadField, 2, "id"},
		{"no title", "title: T\n", "", ErrMissingField, 0, "title"},
		{"blank title", "title: T\n", "title: \"  \"\n", ErrBadField, 3, "title"},
		{"url climbing out", "url: /learn/law/questions/what-is-a-tort", "url: ../../../../etc/passwd", ErrBadField, 5, "url"},
		{"url of spaces", "url: /learn/law/questions/what-is-a-tort", "url: \"  \"", ErrBadField, 5, "url"},
		{"url with ..", "url: /learn/law/questions/what-is-a-tort", "url: /learn/../questions/x", ErrBadField, 5, "url"},
		{"url not below /learn", "url: /learn/law/questions/what-is-a-tort", "url: /law/what-is-a-tort", ErrBadField, 5, "url"},
		{"url with a space", "url: /learn/law/questions/what-is-a-tort", "url: /learn/law/questions/what is", ErrBadField, 5, "url"},
	} {
		src := strings.Replace(good, c.from, c.to, 1)
		_, err := Parse("law/a.md", []byte(src))
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, c.want) || fe.Line != c.line || !strings.Contains(err.Error(), c.key) || !strings.Contains(err.Error(), "law/a.md") {
			t.Errorf("%s: Parse = %v; want %v at line %d naming %s", c.name, err, c.want, c.line, c.key)
		}
	}
	for _, id := range []string{"7", "126061", "-3"} {
		if _, err := Parse("law/a.md", []byte(strings.Replace(good, "id: 7", "id: "+id, 1))); err != nil {
			t.Errorf("id %s: %v", id, err)
		}
	}
}

// TestLoadFound checks that LoadFound reports the *.md files it will read
// (the bad ones too, not notes.txt or a symbolic link) once, and loads
// what Load loads.
func TestLoadFound(t *testing.T) {
	dir := corpustest.CopyTree(t, "testdata/load")
	var mds int
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && filepath.Ext(p) == ".md" {
			mds++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("good-folded.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	var found []int
	arts, bad, err := LoadFound(dir, func(n int) { found = append(found, n) })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(found, []int{mds}) {
		t.Errorf("found called with %v, want [%d] (once, every regular *.md file)", found, mds)
	}
	wantArts, wantBad, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != len(wantArts) || len(bad) != len(wantBad) || len(arts)+len(bad) != mds+1 {
		t.Errorf("LoadFound: %d articles and %d bad files, Load %d and %d, of %d files and a link", len(arts), len(bad), len(wantArts), len(wantBad), mds)
	}
}
