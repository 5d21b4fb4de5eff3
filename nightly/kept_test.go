package nightly

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"recommend/corpus"
	"recommend/internal/corpustest"
	"recommend/internal/termlog"
	"recommend/review"
)

// grownSeeds writes seeds/ four times over into a temporary folder, each
// copy's files under other names and urls (copies of one question, as
// cross-posts are), so that a night's few edits stay under the drift
// bound: 244 articles. It returns the folder.
func grownSeeds(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	url := regexp.MustCompile(`(?m)^(url: /learn/[^/]+/questions/[^\s]+)$`)
	for _, a := range seeds(t) {
		src, err := os.ReadFile(a.Path)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(filepath.Join("..", "seeds"), a.Path)
		if err != nil {
			t.Fatal(err)
		}
		for k := range 4 {
			b, p := src, filepath.Join(dir, rel)
			if k > 0 {
				b = url.ReplaceAll(src, []byte(fmt.Sprintf("${1}-%d", k)))
				p = strings.TrimSuffix(p, ".md") + fmt.Sprintf("-%d.md", k)
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// grownNight1 runs a writing night 1 over grownSeeds and returns the
// folder and the run's options (Write set).
func grownNight1(t *testing.T) (string, BatchOptions) {
	t.Helper()
	dir := grownSeeds(t)
	o, _ := testBatch(t, dir)
	o.Write = true
	o.Config = seedConfig(4 * len(seeds(t)))
	if _, err := Batch(o); err != nil {
		t.Fatal(err)
	}
	return dir, o
}

// TestBatchKeptAnalysis checks that a night that takes the analysis of
// the files whose bytes did not change from the saved state (neither
// parsing nor analysing them) writes what the same night writes when it
// parses and analyses every file: the same files, lists, index and review
// data, and a state from which the next night writes the same again. The
// day between the nights edits two answers, adds a file, deletes one,
// breaks one, rewrites one's links by hand, and changes the editors'
// decisions.
func TestBatchKeptAnalysis(t *testing.T) {
	dir := grownSeeds(t)
	corpustest.AddRewordings(t, dir) // a duplicate cluster, which the day breaks up
	o, _ := testBatch(t, dir)
	o.Write = true
	o.Config = seedConfig(4 * len(seeds(t)))
	if _, err := Batch(o); err != nil {
		t.Fatal(err)
	}
	clusterOf(t, o.Index, 3)

	arts, bad, err := corpus.Load(dir)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	n := len(arts)
	edit := func(path string, f func([]byte) []byte) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{3, 101} {
		edit(arts[i].Path, func(b []byte) []byte {
			out, err := corpustest.AppendToAnswer(b, corpustest.Sentence(arts[(i+n/2)%n].Answer, 300))
			if err != nil {
				t.Fatal(err)
			}
			return out
		})
	}
	src, err := os.ReadFile(arts[50].Path)
	if err != nil {
		t.Fatal(err)
	}
	added := bytes.Replace(src, []byte(arts[50].URL), []byte(arts[50].URL+"-new"), 1)
	added, err = corpustest.AppendToAnswer(added, corpustest.Sentence(arts[7].Answer, 200))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(arts[50].Path), "new-one.md"), added, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(arts[150].Path); err != nil {
		t.Fatal(err)
	}
	edit(arts[200].Path, func([]byte) []byte { return []byte("---\nurl: [\n---\n") })
	edit(arts[20].Path, func(b []byte) []byte { // the links alone, by hand: the text is as it was
		out, err := corpus.SetRelated(b, arts[20].Related[:2])
		if err != nil || bytes.Equal(out, b) {
			t.Fatalf("rewriting the links of %s: %v", arts[20].Path, err)
		}
		return out
	})
	reworded := slices.IndexFunc(arts, func(a corpus.Article) bool { return a.URL == corpustest.RewordedURLs[2] })
	edit(arts[reworded].Path, func(b []byte) []byte {
		return bytes.ReplaceAll(b, []byte("In photosynthesis, how do plants make food from sunlight?"), []byte("What limits the rate of photosynthesis in bright light?"))
	})
	pins := fmt.Sprintf("pins:\n  - article: %s\n    links: [%s]\n", arts[60].ID, arts[61].URL)
	if err := os.WriteFile(o.Editor.Overrides, []byte(pins), 0o644); err != nil {
		t.Fatal(err)
	}

	// Night 2 and night 3 (a dry run, nothing edited since), each way,
	// over the same paths (the index names its corpus).
	night1 := filepath.Join(t.TempDir(), "night1")
	save := func(to string) {
		for _, p := range [][2]string{{dir, "corpus"}, {o.Index, "index"}} {
			corpustest.CopyTreeTo(t, p[0], filepath.Join(to, p[1]))
		}
	}
	restore := func(from string) {
		for _, p := range [][2]string{{dir, "corpus"}, {o.Index, "index"}} {
			if err := os.RemoveAll(p[0]); err != nil {
				t.Fatal(err)
			}
			corpustest.CopyTreeTo(t, filepath.Join(from, p[1]), p[0])
		}
	}
	save(night1)
	type outcome struct {
		files, index [2]map[string]string
		lists        [2][]byte
		logs         [2]string
		changed      [2]int
	}
	var got [2]outcome
	for way, analyse := range []bool{false, true} {
		restore(night1)
		for k, write := range []bool{true, false} {
			o.analyseAll, o.Write = analyse, write
			var logs bytes.Buffer
			o.Term.Log = termlog.New(&logs, termlog.Text, "recommend: ", slog.LevelInfo)
			sum, err := Batch(o)
			if err != nil {
				t.Fatalf("analyse %v, night %d: %v", analyse, k+2, err)
			}
			g := &got[way]
			g.files[k], g.index[k], g.logs[k], g.changed[k] = files(t, dir), files(t, o.Index), logs.String(), sum.Changed
			delete(g.index[k], filepath.Join(o.Index, StateFile)) // its tables number the words in another order
			delete(g.index[k], filepath.Join(o.Index, StatFile))  // the copies' identities
			if g.lists[k], err = os.ReadFile(o.Lists); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(g.logs[k], "incremental night: ") {
				t.Fatalf("analyse %v, night %d was not incremental:\n%s", analyse, k+2, g.logs[k])
			}
		}
	}
	for k := range 2 {
		kept, fresh := got[0], got[1]
		if !reflect.DeepEqual(kept.files[k], fresh.files[k]) {
			t.Errorf("night %d: the files written differ from those of the night that analyses every file", k+2)
		}
		if !reflect.DeepEqual(kept.index[k], fresh.index[k]) {
			t.Errorf("night %d: the index or review data differ from those of the night that analyses every file", k+2)
		}
		if !bytes.Equal(kept.lists[k], fresh.lists[k]) || kept.changed[k] != fresh.changed[k] {
			t.Errorf("night %d: the lists differ from those of the night that analyses every file", k+2)
		}
	}
	// Night 2 kept the analysis of every file but the two edited, the new
	// one and the one whose links changed (its bytes did); night 3 that
	// of every file but the ones night 2 wrote, whose bytes the state
	// knows as written.
	if want := fmt.Sprintf("%d files' analysis kept", n-1-1-2-1-1); !strings.Contains(got[0].logs[0], want) {
		t.Errorf("night 2: log lacks %q:\n%s", want, got[0].logs[0])
	}
	if want := fmt.Sprintf("%d files' analysis kept", n-1); !strings.Contains(got[0].logs[1], want) {
		t.Errorf("night 3: log lacks %q:\n%s", want, got[0].logs[1])
	}
	// Night 2 read every file (the corpus is a copy: other identities),
	// too recent to record their identities, and a writing night does not
	// wait for the files it wrote to be safely old: night 3 reads every
	// file again (TestBatchStatIdentity has a night that reads few).
	if strings.Contains(got[0].logs[0], " unread: ") || strings.Contains(got[0].logs[1], " unread: ") {
		t.Errorf("nights 2 and 3 must read every file:\n%s\n%s", got[0].logs[0], got[0].logs[1])
	}
	if strings.Contains(got[1].logs[1], " unread: ") {
		t.Errorf("night 3 analysing every file: it must read every file:\n%s", got[1].logs[1])
	}
	if !strings.Contains(got[1].logs[0], " 0 files' analysis kept") {
		t.Errorf("night 2 analysing every file: log says otherwise:\n%s", got[1].logs[0])
	}
	if got[0].changed[0] == 0 {
		t.Error("night 2 wrote no file: the test's edits reach nothing")
	}
	// Night 1's three rewordings were one cluster; night 2 rewords one
	// of them into another question.
	clusterOf(t, o.Index, 2)
}

// clusterOf requires the review data in index to hold one duplicate
// cluster, of n articles.
func clusterOf(t *testing.T, index string, n int) {
	t.Helper()
	page, err := review.Load(filepath.Join(index, ReviewData))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Clusters) != 1 || len(page.Clusters[0].Members) != n {
		t.Errorf("the review data holds the clusters %v, want one of %d articles", page.Clusters, n)
	}
}

// TestBatchRebuildRereads checks that a night whose edits pass the drift
// bound, so that it rebuilds in full after a load that took the
// unchanged files' fields from the state, reads the corpus again and
// ranks on every file's text: its lists are a full rebuild's.
func TestBatchRebuildRereads(t *testing.T) {
	dir := grownSeeds(t)
	o, _ := testBatch(t, dir)
	o.Config = seedConfig(4 * len(seeds(t)))
	if _, err := Batch(o); err != nil {
		t.Fatal(err)
	}
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(arts); i += 10 { // 10%, past recommend.MaxDrift
		b, err := os.ReadFile(arts[i].Path)
		if err != nil {
			t.Fatal(err)
		}
		if b, err = corpustest.AppendToAnswer(b, corpustest.Sentence(arts[(i+7)%len(arts)].Answer, 200)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(arts[i].Path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	o.Term.Log = termlog.New(&logs, termlog.Text, "recommend: ", slog.LevelInfo)
	if _, err := Batch(o); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"full rebuild: ", "reading every file again for the full rebuild"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	rebuilt, err := os.ReadFile(o.Lists)
	if err != nil {
		t.Fatal(err)
	}
	o.Full = true
	if _, err := Batch(o); err != nil {
		t.Fatal(err)
	}
	full, err := os.ReadFile(o.Lists)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rebuilt, full) {
		t.Error("the rebuild after a load that kept files' fields wrote other lists than --full")
	}
}

// TestBatchStatIdentity checks the nights that know a file by its stat
// identity (StatFile) against nights that read and analyse every file:
// after a writing night 1 and, once its files are safely old, a dry
// night that records every file's identity, one file is touched without a change, one changed with
// its size and modification time kept (its change time moves), one
// replaced by a rename; night 2 must read those three and no other, and
// write the lists, index and review data of a night 2 that analyses
// every file.
func TestBatchStatIdentity(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("files' stat identities are recorded on Linux only")
	}
	dir, o := grownNight1(t)
	// Night 1 wrote files too recent to trust; once they are safely old
	// a dry night reads every file and records the identities.
	time.Sleep(corpus.StatMargin + 50*time.Millisecond)
	o.Write = false
	if _, err := Batch(o); err != nil {
		t.Fatal(err)
	}
	night1 := filepath.Join(t.TempDir(), "index")
	corpustest.CopyTreeTo(t, o.Index, night1)
	arts, bad, err := corpus.Load(dir)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	n := len(arts)

	now := time.Now()
	if err := os.Chtimes(arts[5].Path, now, now); err != nil { // touched
		t.Fatal(err)
	}
	same := arts[10].Path // one letter of its answer changed, size and modification time kept
	st, err := os.Stat(same)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(same)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(b, []byte("answer:"))
	k := bytes.IndexByte(b[at+20:], 'e')
	if at < 0 || k < 0 {
		t.Fatalf("%s: no answer to change", same)
	}
	b[at+20+k] = 'o'
	if err := os.WriteFile(same, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(same, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	renamed := arts[15].Path // replaced by a rename, as an editor's tool saves
	b, err = os.ReadFile(renamed)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = corpustest.AppendToAnswer(b, corpustest.Sentence(arts[n/2].Answer, 200)); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "saved.md")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, renamed); err != nil {
		t.Fatal(err)
	}

	// Night 2 each way (dry runs, so both see these files), from night
	// 1's index each time.
	var logs [2]string
	var lists [2][]byte
	var index [2]map[string]string
	for way, analyse := range []bool{false, true} {
		if err := os.RemoveAll(o.Index); err != nil {
			t.Fatal(err)
		}
		corpustest.CopyTreeTo(t, night1, o.Index)
		o.analyseAll, o.Write = analyse, false
		var buf bytes.Buffer
		o.Term.Log = termlog.New(&buf, termlog.Text, "recommend: ", slog.LevelInfo)
		if _, err := Batch(o); err != nil {
			t.Fatal(err)
		}
		logs[way], index[way] = buf.String(), files(t, o.Index)
		delete(index[way], filepath.Join(o.Index, StateFile))
		delete(index[way], filepath.Join(o.Index, StatFile))
		if lists[way], err = os.ReadFile(o.Lists); err != nil {
			t.Fatal(err)
		}
	}
	if want := fmt.Sprintf(" (%d unread: ", n-3); !strings.Contains(logs[0], want) {
		t.Errorf("night 2 must read the three files changed or touched and no other (%q):\n%s", want, logs[0])
	}
	if want := "incremental night: 2 articles changed, 0 new, 0 deleted"; !strings.Contains(logs[0], want) || !strings.Contains(logs[1], want) {
		t.Errorf("want %q each way:\n%s\n%s", want, logs[0], logs[1])
	}
	if !bytes.Equal(lists[0], lists[1]) {
		t.Error("night 2's lists differ from those of the night that analyses every file")
	}
	if !reflect.DeepEqual(index[0], index[1]) {
		t.Error("night 2's index or review data differ from those of the night that analyses every file")
	}
}
