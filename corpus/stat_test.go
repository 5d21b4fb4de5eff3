package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// shortMargin makes the stat margin short for a test, so that files it
// just wrote can be trusted after a short sleep (settle).
func shortMargin(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("files' stat identities are recorded on Linux only")
	}
	old := statMargin
	statMargin = 50 * time.Millisecond
	t.Cleanup(func() { statMargin = old })
}

// settle waits until files written so far are safely older than the
// stat margin.
func settle() { time.Sleep(statMargin + 20*time.Millisecond) }

// statArticle is a small valid article whose answer is answer.
func statArticle(slug, answer string) []byte {
	return fmt.Appendf(nil, "---\nid: 7\ntitle: >-\n    What is %[1]s?\nquestion: >-\n    What is %[1]s?\nanswer: >-\n    %[2]s\nsubject: Biology\nurl: /learn/biology/questions/%[1]s\n---\n\n&nbsp;\n", slug, answer)
}

// knownOf returns a Known that knows the articles of arts by their
// fingerprints, as an earlier night's state does.
func knownOf(arts []Article) Known {
	m := map[Fingerprint]Article{}
	for _, a := range arts {
		m[a.Sum] = a
	}
	return func(sum Fingerprint) (Article, bool) {
		a, ok := m[sum]
		return a, ok
	}
}

// recorded loads dir, records its files' identities as a night does
// (WriteStats) and reads them back (ReadStats).
func recorded(t *testing.T, dir string) ([]Article, *Stats) {
	t.Helper()
	arts, bad, err := LoadKnown(dir, nil, nil, nil)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	return arts, statsOf(t, dir, arts)
}

// statsOf records the identities of arts, loaded from dir, as a night
// does (WriteStats) and reads them back (ReadStats).
func statsOf(t *testing.T, dir string, arts []Article) *Stats {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteStats(&buf, dir, arts); err != nil {
		t.Fatal(err)
	}
	s, err := ReadStats(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLoadKnownByStat records the identities of three files, changes one
// of them in a way each case names, and loads again: every file whose
// identity did not move is taken unread, and the changed one is read and
// gets its new bytes' fingerprint, however the change hid its tracks.
func TestLoadKnownByStat(t *testing.T) {
	shortMargin(t)
	cases := []struct {
		name   string
		change func(t *testing.T, path string)
		read   bool // the changed file must be read
		answer string
	}{
		{name: "untouched", change: func(*testing.T, string) {}, answer: "Old answer."},
		{name: "touched, bytes unchanged", change: func(t *testing.T, p string) {
			now := time.Now()
			if err := os.Chtimes(p, now, now); err != nil {
				t.Fatal(err)
			}
		}, read: true, answer: "Old answer."},
		{name: "same size, modification time restored", change: func(t *testing.T, p string) {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, statArticle("b", "New answer."), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, read: true, answer: "New answer."},
		{name: "replaced by a rename", change: func(t *testing.T, p string) {
			tmp := p + ".tmp-1"
			if err := os.WriteFile(tmp, statArticle("b", "Newer one."), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		}, read: true, answer: "Newer one."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, slug := range []string{"a", "b", "c"} {
				if err := os.WriteFile(filepath.Join(dir, slug+".md"), statArticle(slug, "Old answer."), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			settle()
			before, stats := recorded(t, dir)
			if stats.Len() != 3 {
				t.Fatalf("%d identities recorded, want 3", stats.Len())
			}
			path := filepath.Join(dir, "b.md")
			time.Sleep(20 * time.Millisecond) // a clock tick past the recorded times
			c.change(t, path)
			settle()
			arts, bad, err := LoadKnown(dir, nil, knownOf(before), stats)
			if err != nil || len(bad) > 0 {
				t.Fatal(err, bad)
			}
			wantUnread := 3
			if c.read {
				wantUnread = 2
			}
			if got := stats.Unread(); got != wantUnread {
				t.Errorf("%d files taken unread, want %d", got, wantUnread)
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b := arts[1]
			if b.Path != path || b.Sum != FingerprintOf(src) || b.Stat == (FileStat{}) {
				t.Errorf("b: path %s, fingerprint of its bytes %v, identity %+v", b.Path, b.Sum == FingerprintOf(src), b.Stat)
			}
			if c.read && !strings.Contains(string(src), c.answer) {
				t.Fatalf("the change left %q", src)
			}
		})
	}
}

// TestLoadKnownRacy checks the racy case: a file loaded within the
// margin of its last write has no identity recorded, and a recorded
// identity newer than the margin before the load is not trusted.
func TestLoadKnownRacy(t *testing.T) {
	shortMargin(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "a.md")
	if err := os.WriteFile(path, statArticle("a", "An answer."), 0o644); err != nil {
		t.Fatal(err)
	}
	arts, stats := recorded(t, dir) // at once: within the margin
	if arts[0].Stat != (FileStat{}) || stats.Len() != 0 {
		t.Errorf("a file loaded right after its write: identity %+v recorded (%d), want none", arts[0].Stat, stats.Len())
	}
	// An identity recorded anyway (as a clock set back would leave it) is
	// not trusted while it is within the margin of the load.
	st, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := statOf(st)
	racy := &Stats{rels: []string{"a.md"}, files: []statEntry{{stat: id, sum: arts[0].Sum}}}
	if _, _, err := LoadKnown(dir, nil, knownOf(arts), racy); err != nil {
		t.Fatal(err)
	}
	if racy.Unread() != 0 {
		t.Errorf("a recorded identity within the margin was trusted")
	}
	settle()
	if _, _, err := LoadKnown(dir, nil, knownOf(arts), racy); err != nil {
		t.Fatal(err)
	}
	if racy.Unread() != 1 {
		t.Errorf("the same identity past the margin: %d unread, want 1", racy.Unread())
	}
	// Known does not know the bytes: the file is read.
	other := &Stats{rels: racy.rels, files: racy.files}
	if got, _, err := LoadKnown(dir, nil, knownOf(nil), other); err != nil || other.Unread() != 0 || got[0].URL != arts[0].URL {
		t.Errorf("bytes the caller does not know: %d unread, %v", other.Unread(), err)
	}
}

// TestWrittenReadOnce checks that a file a run rewrote has no identity
// recorded (too recent to trust), so that the next load reads it, knows
// its bytes and records its identity, and the load after that reads it
// no more.
func TestWrittenReadOnce(t *testing.T) {
	shortMargin(t)
	dir := t.TempDir()
	for _, slug := range []string{"a", "b"} {
		if err := os.WriteFile(filepath.Join(dir, slug+".md"), statArticle(slug, "An answer."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	settle()
	arts, _, err := LoadKnown(dir, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteRelated(dir, &arts[0], []Link{{ID: "9", Title: "Other", Subject: "Biology", URL: "/learn/biology/questions/other"}}); err != nil {
		t.Fatal(err)
	}
	if arts[0].Stat != (FileStat{}) || arts[1].Stat == (FileStat{}) {
		t.Fatalf("identities after a's rewrite: %+v, %+v; want none for a, b's", arts[0].Stat, arts[1].Stat)
	}
	settle()
	// The next load reads a (known by its bytes) and not b, and records a.
	s2 := statsOf(t, dir, arts)
	next, _, err := LoadKnown(dir, nil, knownOf(arts), s2)
	if err != nil || s2.Unread() != 1 || next[0].Stat == (FileStat{}) {
		t.Fatalf("the load after the rewrite: %d unread (%v), a's identity %+v; want b unread, a recorded", s2.Unread(), err, next[0].Stat)
	}
	// The load after that reads neither.
	s3 := statsOf(t, dir, next)
	if _, _, err := LoadKnown(dir, nil, knownOf(next), s3); err != nil || s3.Unread() != 2 {
		t.Errorf("the second load after the rewrite: %d unread (%v), want 2", s3.Unread(), err)
	}
}

// TestReadStatsCorrupt checks that damaged stats are refused with an
// error, and another version with ErrStatsVersion.
func TestReadStatsCorrupt(t *testing.T) {
	b := statsSeed(t)
	if _, err := ReadStats(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, 5, len(statsMagic) + 4, len(b) / 2, len(b) - 1} {
		if _, err := ReadStats(bytes.NewReader(b[:cut])); err == nil {
			t.Errorf("cut at %d: no error", cut)
		}
	}
	flipped := bytes.Clone(b)
	flipped[len(flipped)/2] ^= 1
	if _, err := ReadStats(bytes.NewReader(flipped)); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("a flipped bit: %v, want a checksum mismatch", err)
	}
	other := bytes.Clone(b)
	other[len(statsMagic)] = 9
	if _, err := ReadStats(bytes.NewReader(other)); !errors.Is(err, ErrStatsVersion) {
		t.Errorf("another version: %v, want ErrStatsVersion", err)
	}
}

// statsSeed returns the stats of two made-up files.
func statsSeed(tb testing.TB) []byte {
	tb.Helper()
	arts := []Article{
		{Path: filepath.Join("root", "a.md"), Sum: FingerprintOf([]byte("a")), Stat: FileStat{Size: 1, ModTime: 1e18, ChangeTime: 1e18 + 5, Inode: 12, Device: 2049}},
		{Path: filepath.Join("root", "sub", "b.md"), Sum: FingerprintOf([]byte("bb")), Stat: FileStat{Size: 2, ModTime: -3, ChangeTime: 7, Inode: 1 << 40, Device: 1}},
		{Path: filepath.Join("root", "c.md"), Sum: FingerprintOf([]byte("c"))}, // no identity: left out
	}
	var buf bytes.Buffer
	if err := WriteStats(&buf, "root", arts); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzReadStats checks that no bytes make ReadStats panic, and that what
// it accepts holds consistent entries.
func FuzzReadStats(f *testing.F) {
	f.Add(statsSeed(f))
	f.Add([]byte(statsMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadStats(bytes.NewReader(b))
		if err != nil {
			return
		}
		if !slices.IsSorted(s.rels) || len(s.rels) != len(s.files) {
			t.Errorf("paths not ascending, or not one entry each")
		}
		for k, rel := range s.rels {
			e := s.files[k]
			if rel == "" || e.stat.Size != e.sum.Size || e.sum.Size > MaxFileSize {
				t.Errorf("%q: inconsistent entry %+v", rel, e)
			}
		}
	})
}
