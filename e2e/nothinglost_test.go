package e2e

// The regression tests of issue 12 ("Nothing lost"), each on a copy of the
// project's sample corpus unless it needs the full one. A file saved by an
// editor during the rename window is tested in the corpus package
// (TestWriteRelatedEditedDuringWrite), where the window can be hit on
// purpose.

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"recommend/internal/runlock"
)

// TestIndexFolderOfOtherThings: a batch, even a dry run, given an index
// folder that holds other things refuses it with one line and removes
// nothing, however old its gen-* and tmp-* folders (case 2).
func TestIndexFolderOfOtherThings(t *testing.T) {
	content := seedsCopy(t)
	dir := t.TempDir()
	old := time.Now().Add(-48 * time.Hour)
	for _, d := range []string{"gen-2024-photos", "tmp-thesis", "gen-0123456789abcdef"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
		os.WriteFile(filepath.Join(dir, d, "precious.txt"), []byte(d), 0o644)
		os.Chtimes(filepath.Join(dir, d), old, old)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("notes"), 0o644)
	before := snapshot(t, dir)
	for _, args := range [][]string{
		{"batch", "--corpus", content, "--quiet", "--index", dir},
		{"batch", "--corpus", content, "--quiet", "--write"},
	} {
		r := run(t, []string{"RECOMMEND_INDEX=" + dir}, args...)
		checkOneLineError(t, r)
		if r.Code != 2 || !strings.Contains(string(r.Stderr), dir) || !strings.Contains(string(r.Stderr), "not an index folder") {
			t.Errorf("%s\nwant exit 2 and one line saying %s is not an index folder", r, dir)
		}
	}
	if d := compare(before, snapshot(t, dir)); !d.Empty() {
		t.Fatalf("the refused folder changed: %s", d)
	}
	// A new folder becomes the index's own; the next run accepts it.
	ix := filepath.Join(t.TempDir(), "ix")
	for range 2 {
		if r := run(t, nil, "batch", "--corpus", content, "--quiet", "--index", ix); r.Code != 0 {
			t.Fatalf("batch into a new index folder: %s", r)
		}
	}
}

// TestOverlappingRunsRefused: while a run holds a folder, a --write run on
// a folder inside it or around it is refused at once and changes nothing;
// one on a sibling folder goes ahead (case 3). The first run is stood in
// for by this process taking the same lock, so that it lasts as long as
// the test needs; TestConcurrentRuns runs two real batches.
func TestOverlappingRunsRefused(t *testing.T) {
	content := seedsCopy(t)
	ix := filepath.Join(t.TempDir(), "ix")
	before := snapshot(t, content)
	for _, c := range []struct{ holder, run string }{
		{content, filepath.Join(content, "biology")},
		{filepath.Join(content, "biology"), content},
		{content, content},
	} {
		lock, err := runlock.Acquire(c.holder)
		if err != nil {
			t.Fatal(err)
		}
		r := run(t, nil, "batch", "--corpus", c.run, "--write", "--quiet", "--index", ix)
		lock.Release()
		checkOneLineError(t, r)
		// The folder met first: the holder's own, or this run's when the
		// holder is inside it.
		met := c.holder
		if len(c.run) < len(c.holder) {
			met = c.run
		}
		if !strings.Contains(string(r.Stderr), met) || r.Took > 10*time.Second {
			t.Errorf("while %s is held: %s\nwant a prompt refusal naming %s", c.holder, r, met)
		}
	}
	if d := compare(before, snapshot(t, content)); !d.Empty() {
		t.Fatalf("a refused run changed the folder: %s", d)
	}
	lock, err := runlock.Acquire(filepath.Join(content, "biology"))
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if r := run(t, nil, "batch", "--corpus", filepath.Join(content, "psychology"), "--write", "--quiet", "--index", ix); r.Code != 0 {
		t.Errorf("a run on a sibling folder: %s\nwant it to go ahead", r)
	}
}

// TestOldLockFileIgnored: a .recommend.lock left by an older version, even
// a dangling symbolic link or one to /dev/zero, neither blocks nor feeds
// the run, and is left as it is (case 7).
func TestOldLockFileIgnored(t *testing.T) {
	content := seedsCopy(t)
	ix := filepath.Join(t.TempDir(), "ix")
	lock := filepath.Join(content, ".recommend.lock")
	for _, target := range []string{filepath.Join(content, "gone"), "/dev/zero"} {
		os.Remove(lock)
		if err := os.Symlink(target, lock); err != nil {
			t.Fatal(err)
		}
		r := run(t, nil, "batch", "--corpus", content, "--write", "--quiet", "--index", ix)
		if r.Code != 0 {
			t.Fatalf(".recommend.lock -> %s: %s\nwant the run to ignore it", target, r)
		}
		if got, err := os.Readlink(lock); err != nil || got != target {
			t.Errorf("the old lock was changed: %q, %v", got, err)
		}
	}
}

// relatedURLs lists the url of every related block in src.
var relatedURL = regexp.MustCompile(`(?m)^    url: (.*)$`)

// linksTo counts, per file below root, the related links to url.
func linksTo(t *testing.T, root, url string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for rel := range snapshot(t, root) {
		for _, m := range relatedURL.FindAllStringSubmatch(string(readFile(t, filepath.Join(root, rel))), -1) {
			if m[1] == url {
				out[rel]++
			}
		}
	}
	return out
}

// TestBadLinkFieldsNotCopied: an article without an id, or whose url
// climbs out of the site or is blank, is skipped and reported with its
// file, line and key, and nothing of it is written into other files
// (case 4).
func TestBadLinkFieldsNotCopied(t *testing.T) {
	content := seedsCopy(t)
	src := readFile(t, filepath.Join(content, "biology", "how-does-dna-replication-work.md"))
	bad := map[string]struct{ from, to, key string }{
		"no-id.md":    {"id: 90036\n", "", "id"},
		"empty-id.md": {"id: 90036\n", "id: \"\"\n", "id"},
		"passwd.md":   {"url: /learn/biology/questions/how-does-dna-replication-work", "url: ../../../../etc/passwd", "url"},
		"blank.md":    {"url: /learn/biology/questions/how-does-dna-replication-work", "url: \"  \"", "url"},
	}
	for name, b := range bad {
		// Each its own question, so that the others would rank it.
		s := strings.Replace(string(src), b.from, b.to, 1)
		s = strings.Replace(s, "/learn/biology/questions/how-does-dna-replication-work", "/learn/biology/questions/"+strings.TrimSuffix(name, ".md"), 1)
		os.WriteFile(filepath.Join(content, "biology", name), []byte(s), 0o644)
	}
	r := run(t, nil, "batch", "--corpus", content, "--write", "--json", "--quiet", "--index", filepath.Join(t.TempDir(), "ix"))
	if r.Code != 3 {
		t.Fatalf("%s\nwant exit 3 (bad files skipped)", r)
	}
	skipped := byRel(t, content, parseSummary(t, r).Skipped)
	for name, b := range bad {
		reason, ok := skipped["biology/"+name]
		if !ok || !strings.Contains(reason, b.key) || (b.key == "url" && !regexp.MustCompile(`\.md:\d+:`).MatchString(reason)) {
			t.Errorf("%s: skipped as %q; want it skipped, naming the line and the key %s", name, reason, b.key)
		}
	}
	for rel := range snapshot(t, content) {
		if _, isBad := bad[filepath.Base(rel)]; isBad {
			continue
		}
		b := readFile(t, filepath.Join(content, rel))
		for _, s := range []string{`id: ""`, "etc/passwd", `url: "  "`, "questions/no-id", "questions/empty-id"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s: a bad article's %q was written into it", rel, s)
			}
		}
	}
}

// TestPinToNothingWritesNothing: pins to a url no article has, and of an
// article to itself, are reported and write no link (case 5).
func TestPinToNothingWritesNothing(t *testing.T) {
	content := seedsCopy(t)
	ov := filepath.Join(t.TempDir(), "overrides.yaml")
	os.WriteFile(ov, []byte("pins:\n  - article: 90036\n    links:\n      - /learn/biology/questions/nowhere\n      - /learn/biology/questions/how-does-dna-replication-work\n"), 0o644)
	r := run(t, nil, "batch", "--corpus", content, "--write", "--quiet", "--overrides", ov, "--index", filepath.Join(t.TempDir(), "ix"))
	if r.Code != 0 {
		t.Fatalf("%s", r)
	}
	for _, want := range []string{"nowhere names no article", "cannot be pinned to itself"} {
		if !strings.Contains(string(r.Stderr), want) {
			t.Errorf("stderr does not report %q:\n%s", want, r.Stderr)
		}
	}
	self := filepath.Join(content, "biology", "how-does-dna-replication-work.md")
	for rel := range snapshot(t, content) {
		b := readFile(t, filepath.Join(content, rel))
		if bytes.Contains(b, []byte("questions/nowhere")) || bytes.Contains(b, []byte(`id: ""`)) || bytes.Contains(b, []byte("title: \"\"")) {
			t.Errorf("%s: a link to no article was written", rel)
		}
	}
	if n := linksTo(t, filepath.Dir(self), "/learn/biology/questions/how-does-dna-replication-work")["how-does-dna-replication-work.md"]; n > 0 {
		t.Errorf("the article links to itself")
	}
}

// TestUnreadableFileKeepsItsLinks: while a file fails to parse, the links
// other files have to it stay as they are, and they are still there once
// it is fixed (case 6).
func TestUnreadableFileKeepsItsLinks(t *testing.T) {
	content := seedsCopy(t)
	ix := filepath.Join(t.TempDir(), "ix")
	args := []string{"batch", "--corpus", content, "--write", "--quiet", "--index", ix}
	if r := run(t, nil, args...); r.Code != 0 {
		t.Fatalf("%s", r)
	}
	// The article the most files link to.
	var target string
	var before map[string]int
	for rel := range snapshot(t, content) {
		url := "/learn/" + strings.TrimSuffix(strings.Replace(rel, "/", "/questions/", 1), ".md")
		if in := linksTo(t, content, url); len(in) > len(before) {
			target, before = rel, in
		}
	}
	if len(before) < 2 {
		t.Fatalf("no article of the sample has two incoming links")
	}
	url := "/learn/" + strings.TrimSuffix(strings.Replace(target, "/", "/questions/", 1), ".md")
	path := filepath.Join(content, target)
	good := readFile(t, path)
	os.WriteFile(path, bytes.Replace(good, []byte("\n---\n"), []byte("\n"), 1), 0o644) // unterminated front matter
	r := run(t, nil, args...)
	if r.Code != 3 {
		t.Fatalf("%s\nwant exit 3 for the broken file", r)
	}
	if after := linksTo(t, content, url); len(after) != len(before) {
		t.Errorf("while %s could not be read, %d files linked to it, before %d", target, len(after), len(before))
	}
	os.WriteFile(path, good, 0o644)
	if r := run(t, nil, args...); r.Code != 0 {
		t.Fatalf("%s", r)
	}
	if after := linksTo(t, content, url); len(after) != len(before) {
		t.Errorf("once %s was fixed, %d files linked to it, before %d", target, len(after), len(before))
	}
}

// TestIndexFilesNotRegular: a lookup whose index files were replaced by a
// FIFO or a symbolic link to /dev/zero fails at once, with one line,
// instead of hanging or growing without limit (case 8).
func TestIndexFilesNotRegular(t *testing.T) {
	ix := filepath.Join(t.TempDir(), "ix")
	if r := run(t, nil, "batch", "--corpus", seedsCopy(t), "--quiet", "--index", ix); r.Code != 0 {
		t.Fatalf("%s", r)
	}
	gens, _ := filepath.Glob(filepath.Join(ix, "gen-*"))
	if len(gens) != 1 {
		t.Fatalf("generations: %v", gens)
	}
	for _, file := range []string{filepath.Join(gens[0], "lookup.bin"), filepath.Join(ix, "CURRENT"), filepath.Join(gens[0], "vectors.bin")} {
		saved := readFile(t, file)
		for _, kind := range []string{"fifo", "/dev/zero"} {
			os.Remove(file)
			if kind == "fifo" {
				syscall.Mkfifo(file, 0o644)
			} else {
				os.Symlink(kind, file)
			}
			for _, q := range [][]string{{"--id", "90036"}, {"--text", "how do cells copy their DNA"}} {
				_, wait := start(t, nil, append(q, "--index", ix)...)
				done := make(chan result, 1)
				go func() { done <- wait() }()
				select {
				case r := <-done:
					if filepath.Base(file) == "vectors.bin" && q[0] == "--id" {
						continue // an --id lookup does not read the vectors
					}
					checkOneLineError(t, r)
				case <-time.After(20 * time.Second):
					t.Fatalf("lookup %s with %s as %s: still running after 20s", q[0], filepath.Base(file), kind)
				}
			}
		}
		os.Remove(file)
		os.WriteFile(file, saved, 0o644)
	}
}

// TestSignalFinishesCleanly sends SIGTERM to `batch --write` in the middle
// of its write phase: the run stops with exit 143, every file is entirely
// old or new, no temporary file is left, and a rerun finishes the job.
func TestSignalFinishesCleanly(t *testing.T) {
	ref := getReference(t)
	if len(ref.WriteOrder) < 2 {
		t.Skip("the reference run rewrote too few files to stop it in the middle")
	}
	work := filepath.Join(workDir(t), "content")
	copyTree(t, ref.Src, work)
	args := []string{"batch", "--corpus", work, "--write", "--json", "--quiet", "--index", filepath.Join(workDir(t), "index")}
	kth := replaced(filepath.Join(work, filepath.FromSlash(ref.WriteOrder[len(ref.WriteOrder)/2])))
	r, sent, _ := runSignalled(t, syscall.SIGTERM, func(time.Duration) bool { return kth() }, nil, args...)
	if !sent {
		t.Skipf("the run ended before the signal: %s", r)
	}
	if r.Code != 128+int(syscall.SIGTERM) || !strings.Contains(string(r.Stderr), "stopped by a signal") {
		t.Errorf("%s\nwant exit %d and a message", r, 128+int(syscall.SIGTERM))
	}
	var old, new int
	for p, e := range snapshot(t, work) {
		switch {
		case e == ref.Old[p]:
			old++
		case e == ref.New[p]:
			new++
		default:
			t.Errorf("%s is neither its old nor its new version, nor a file of the corpus", p)
		}
	}
	t.Logf("stopped with %d files new and %d old", new, old)
	if rr := run(t, nil, args...); rr.Code != ref.Run.Code {
		t.Fatalf("rerun: %s", rr)
	}
	if d := compare(ref.New, snapshot(t, work)); !d.Empty() {
		t.Errorf("after the rerun the folder differs from an uninterrupted run: %s", d)
	}
}
