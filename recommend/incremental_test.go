package recommend

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
	"recommend/internal/linalg"
)

// editAnswers is the churn test's edit (editor/churn_test.go) in memory:
// every step-th article gets up to 300 plain characters of the answer of
// the article half the corpus away appended to its answer (and, when the
// articles were loaded, a fingerprint of other bytes). It returns a copy
// of arts.
func editAnswers(arts []corpus.Article, step int) []corpus.Article {
	out := append([]corpus.Article(nil), arts...)
	n := len(arts)
	for i := 0; i < n; i += step {
		out[i].Answer += " " + corpustest.Sentence(arts[(i+n/2)%n].Answer, 300)
		if out[i].Sum != (corpus.Fingerprint{}) { // an edited file's bytes differ
			out[i].Sum = corpus.FingerprintOf([]byte(out[i].Answer))
		}
	}
	return out
}

// buildSnapshot builds arts under cfg and returns the model and its
// snapshot.
func buildSnapshot(t testing.TB, arts []corpus.Article, cfg Config) (*Model, *Snapshot) {
	t.Helper()
	m, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.Snapshot(arts)
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// roundTrip writes s and reads it back.
func roundTrip(t testing.TB, s *Snapshot) *Snapshot {
	t.Helper()
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	r, err := ReadSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sameLists counts the articles whose first k hits (documents, in order)
// are equal in a and b.
func sameLists(a, b [][]Hit, k int) int {
	same := 0
	for i := range a {
		x, y := a[i][:min(k, len(a[i]))], b[i][:min(k, len(b[i]))]
		eq := len(x) == len(y)
		for p := 0; eq && p < len(x); p++ {
			eq = x[p].Doc == y[p].Doc
		}
		if eq {
			same++
		}
	}
	return same
}

var driftFlag = flag.Bool("incr.drift", false, "measure incremental nights against full rebuilds for growing shares of edited articles (TestIncrementalDrift)")

// TestIncrementalDrift measures, on the churn test's three subject folders
// of the real corpus (3,215 articles), how far an incremental night's
// lists (the engine's top 5) are from a full rebuild's as the share of
// edited articles grows, beside how far a full rebuild with another SVD
// seed is: the noise the rebuild itself has. MaxDrift's figures.
func TestIncrementalDrift(t *testing.T) {
	if !*driftFlag {
		t.Skip("run with -incr.drift")
	}
	var arts []corpus.Article
	for _, f := range []string{"biology", "business-and-management", "economics"} {
		a, _, err := corpus.Load(filepath.Join(corpustest.Dir(t), f))
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a...)
	}
	n := len(arts)
	for _, byTerm := range []bool{false, true} {
		cfg := DefaultConfig
		cfg.TopK = 15
		cfg.DrawByTerm = byTerm
		night1, snap := buildSnapshot(t, arts, cfg)
		for _, step := range []int{100, 40, 20, 10, 5} {
			edited := editAnswers(arts, step)
			inc, ch, err := update(snap, edited, cfg, 1, true)
			if err != nil {
				t.Fatal(err)
			}
			full, err := Build(edited, cfg)
			if err != nil {
				t.Fatal(err)
			}
			other := cfg
			other.Seed = 2
			noise, err := Build(edited, other)
			if err != nil {
				t.Fatal(err)
			}
			same, seed := sameLists(inc.Lists(), full.Lists(), 5), sameLists(noise.Lists(), full.Lists(), 5)
			// The unedited articles' lists before and after the edit, both
			// full builds: how far the edit moves a rebuild.
			var kept, unedited int
			for i := range n {
				if i%step != 0 {
					unedited++
					kept += sameLists(night1.Lists()[i:i+1], full.Lists()[i:i+1], 5)
				}
			}
			t.Logf("draw_by_term %v, %.1f%% edited: incremental = full for %.4f of the top-5 lists, full with seed 2 = full for %.4f; full = night 1's full for %.4f of the unedited articles",
				byTerm, 100*ch.Drift, float64(same)/float64(n), float64(seed)/float64(n), float64(kept)/float64(unedited))
		}
	}
}

// wordCorpus returns n articles of random words from a vocabulary of 400
// made-up words (a few frequent, most rare, as in text), deterministic
// for seed: large enough that an article's candidates are a fraction of
// the corpus.
func wordCorpus(n int, seed uint64) []corpus.Article {
	r := rand.New(rand.NewPCG(seed, 7))
	words := make([]string, 400)
	for k := range words {
		words[k] = fmt.Sprintf("w%sq%d", strings.Repeat("x", k%3), k)
	}
	pick := func(m int) string {
		out := make([]string, m)
		for k := range out {
			// Squaring a uniform draw favours the first words.
			u := r.Float64()
			out[k] = words[int(u*u*float64(len(words)))]
		}
		return strings.Join(out, " ")
	}
	arts := make([]corpus.Article, n)
	for i := range arts {
		arts[i] = corpus.Article{URL: fmt.Sprintf("/learn/s/questions/a%04d", i), ID: fmt.Sprint(1000 + i),
			Question: pick(6) + "?", SEOKeywords: pick(3), Answer: pick(40 + r.IntN(40))}
	}
	return arts
}

// exactUnderKept checks Update's model m against an exact recomputation
// under the same kept vocabulary, idf and LSA coordinates: every article
// with a full set of candidates has the exact top Candidates by TF-IDF
// cosine (linalg.TopKSparse over m's rows), and the lists are what the
// blend makes of those.
func exactUnderKept(t *testing.T, m *Model, ch *Change) {
	t.Helper()
	cfg := m.cfg
	ref := linalg.TopKSparse(m.tf.x, cfg.Candidates, linalg.SparseOptions{Skip: m.copyOf, Workers: 1})
	for i := range ref {
		if len(m.cands[i]) < cfg.Candidates && m.floors[i] > 0 {
			continue // short: a subset of the exact candidates, checked below
		}
		got := map[int]bool{}
		for _, h := range m.cands[i] {
			got[h.Doc] = true
		}
		for _, h := range ref[i] {
			if !got[h.Doc] {
				t.Fatalf("article %d: exact candidate %d (%.6f) missing from %v", i, h.Doc, h.Score, m.cands[i])
			}
		}
	}
	want := &Model{cfg: cfg, urls: m.urls, tf: m.tf, keys: m.keys, ids: m.ids, subjects: m.subjects, qMass: m.qMass, qLines: m.qLines, hub: m.hub,
		verdicts: newVerdicts(len(m.urls)), z: m.z, workers: 1}
	if ch.Short == 0 {
		want.rankBlend(ref, make([][]Hit, len(ref)), want.copyOf, m.keys, 1)
		if diff := sameLists(m.lists, want.lists, cfg.TopK); diff != len(ref) {
			t.Errorf("%d of %d lists differ from the exact recomputation under the kept model", len(ref)-diff, len(ref))
		}
	}
}

// TestUpdateWhichListsChange edits a corpus in each way a day can and
// checks that the incremental night equals an exact recomputation under
// the kept vocabulary, idf and basis, that it counts what changed, and
// that lists no edit can reach are untouched.
func TestUpdateWhichListsChange(t *testing.T) {
	base := wordCorpus(300, 1)
	cfg := DefaultConfig
	cfg.Workers = 2
	cfg.Dims = 20
	cfg.TopK = 15
	m0, s0 := buildSnapshot(t, base, cfg)
	snap := roundTrip(t, s0)
	other := wordCorpus(300, 2)
	cases := []struct {
		name                    string
		edit                    func([]corpus.Article) []corpus.Article
		changed, added, deleted int
	}{
		{"nothing", func(a []corpus.Article) []corpus.Article { return a }, 0, 0, 0},
		{"answer appended", func(a []corpus.Article) []corpus.Article {
			a[10].Answer += " " + other[10].Answer
			return a
		}, 1, 0, 0},
		{"1% rewritten", func(a []corpus.Article) []corpus.Article {
			for i := 0; i < len(a); i += 100 {
				a[i].Answer, a[i].Question = other[i].Answer, other[i].Question
			}
			return a
		}, 3, 0, 0},
		{"added", func(a []corpus.Article) []corpus.Article {
			b := other[5]
			b.URL = "/learn/s/questions/b-new"
			return append(a, b)
		}, 0, 1, 0},
		{"deleted", func(a []corpus.Article) []corpus.Article { return slices.Delete(a, 7, 9) }, 0, 0, 2},
		{"copy of another", func(a []corpus.Article) []corpus.Article {
			a[20].ID = a[21].ID // cross-posted: never listed for each other
			return a
		}, 1, 0, 0},
		{"reworded question of a neighbour", func(a []corpus.Article) []corpus.Article {
			j := m0.cands[30][0].Doc
			a[30].Question = a[j].Question + " indeed"
			a[30].Answer = a[j].Answer
			return a
		}, 1, 0, 0},
		{"id only", func(a []corpus.Article) []corpus.Article {
			a[40].ID = "x40"
			return a
		}, 1, 0, 0},
		{"subject only", func(a []corpus.Article) []corpus.Article {
			// The blend's subject term now joins 50 and its first
			// candidate: both are changed, and every list holding either
			// is finished again.
			j := m0.cands[50][0].Doc
			a[50].SubjectKey, a[j].SubjectKey = "one subject", "one subject"
			return a
		}, 2, 0, 0},
		{"moved in the folder order", func(a []corpus.Article) []corpus.Article {
			a[0], a[299] = a[299], a[0]
			return a
		}, 0, 0, 0},
	}
	unreached := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			arts := c.edit(slices.Clone(base))
			m, ch, err := Update(snap, arts, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if ch.Changed != c.changed || ch.Added != c.added || ch.Deleted != c.deleted {
				t.Errorf("changed/added/deleted = %d/%d/%d, want %d/%d/%d", ch.Changed, ch.Added, ch.Deleted, c.changed, c.added, c.deleted)
			}
			exactUnderKept(t, m, ch)
			// Only the changed, new and relisted articles' lists are
			// finished again, less the relisted ones no change reaches
			// (their lists, kept, are checked against the recomputation
			// above); the rest come from the snapshot.
			if want := ch.Changed + ch.Added + ch.Relisted - ch.Unreached; ch.Finished != want || ch.Unreached < 0 || ch.Unreached > ch.Relisted {
				t.Errorf("%d lists finished again, %d relisted kept unreached, want %d (changed, new and relisted, less those)", ch.Finished, ch.Unreached, want)
			}
			unreached += ch.Unreached
			// An unchanged article none of whose candidates changed keeps
			// its list (by URL) exactly.
			prevAt := map[string]int{}
			for p, u := range m0.urls {
				prevAt[u] = p
			}
			touched := map[string]bool{}
			for i, u := range m.urls {
				if p, ok := prevAt[u]; !ok || m0.hashes[p] != m.hashes[i] {
					touched[u] = true
				}
			}
			for u := range prevAt {
				if !slices.Contains(m.urls, u) {
					touched[u] = true
				}
			}
			kept := 0
			for i, u := range m.urls {
				p, ok := prevAt[u]
				if !ok || touched[u] {
					continue
				}
				reach := false
				for _, h := range m.cands[i] {
					reach = reach || touched[m.urls[h.Doc]]
				}
				for _, h := range m0.cands[p] {
					reach = reach || touched[m0.urls[h.Doc]]
				}
				if reach {
					continue
				}
				kept++
				if urlsOf(m.urls, m.lists[i]) != urlsOf(m0.urls, m0.lists[p]) {
					t.Errorf("%s: no edit reaches it, but its list changed:\n%s\n%s", u, urlsOf(m0.urls, m0.lists[p]), urlsOf(m.urls, m.lists[i]))
				}
			}
			if len(touched) == 0 && kept != len(arts) {
				t.Errorf("with no edit, %d of %d lists were checked unchanged", kept, len(arts))
			}
		})
	}
	if unreached == 0 {
		t.Error("no relisted list was kept as unreached: the edits do not test gainsBelow")
	}
}

// urlsOf is a list as its URLs.
func urlsOf(urls []string, hs []Hit) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "%s %.6f ", urls[h.Doc], h.Score)
	}
	return b.String()
}

// TestUpdateRefuses checks that every reason a night cannot be
// incremental gives a RebuildError naming it.
func TestUpdateRefuses(t *testing.T) {
	base := wordCorpus(200, 3)
	cfg := DefaultConfig
	cfg.Dims = 20
	_, snap := buildSnapshot(t, base, cfg)
	other := wordCorpus(200, 4)
	cases := []struct {
		name string
		prev *Snapshot
		arts []corpus.Article
		cfg  func(Config) Config
		want string
	}{
		{"no state", nil, base, nil, "no saved state"},
		{"ranking setting", snap, base, func(c Config) Config { c.Blend = 0.2; return c }, "setting blend changed from 0.1 to 0.2"},
		{"field weight", snap, base, func(c Config) Config { c.Fields.Title = 1; return c }, "setting fields.title changed"},
		{"other ranking", snap, base, func(c Config) Config { c.Ranking = RankTFIDF; return c }, "not the exact blend"},
		{"drift", snap, other, nil, "since the last full build"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := cfg
			if c.cfg != nil {
				cfg = c.cfg(cfg)
			}
			_, _, err := Update(c.prev, c.arts, cfg)
			var rb *RebuildError
			if !errors.As(err, &rb) || !strings.Contains(rb.Reason, c.want) {
				t.Fatalf("got %v, want a RebuildError saying %q", err, c.want)
			}
		})
	}
	// Workers does not matter.
	cfg.Workers = 3
	if _, _, err := Update(snap, base, cfg); err != nil {
		t.Errorf("another worker count: %v", err)
	}
}

// smallSnapshot is the written snapshot of a blend build over n
// articles of wordCorpus.
func smallSnapshot(tb testing.TB, n int) []byte {
	tb.Helper()
	return smallSnapshotOf(tb, n, Config{Ranking: RankBlend, TopK: 3, Fields: FieldWeights{Answer: 1}, MinDF: 1, MaxDF: 1,
		Dims: 4, Blend: 0.1, Candidates: 5, Search: SearchExact, DupThreshold: 0.2})
}

// smallSnapshotOf is smallSnapshot under cfg.
func smallSnapshotOf(tb testing.TB, n int, cfg Config) []byte {
	tb.Helper()
	arts := wordCorpus(n, 5)
	for i := range arts { // files with links: one as its target says of itself, one not
		arts[i].Sum = corpus.FingerprintOf([]byte(arts[i].Answer))
		arts[i].Related = []corpus.Link{corpus.LinkTo(&arts[(i+1)%n]), {ID: "1", Title: "an old title", URL: arts[(i+2)%n].URL}}
	}
	m, err := Build(arts, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := m.Snapshot(arts)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestSnapshotCorrupt checks that a damaged snapshot is refused, never
// read wrong.
func TestSnapshotCorrupt(t *testing.T) {
	good := smallSnapshot(t, 60)
	if _, err := ReadSnapshot(bytes.NewReader(good)); err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{0, 9, len(good) / 2, len(good) - 1} {
		b := slices.Clone(good)
		b[at] ^= 1
		if _, err := ReadSnapshot(bytes.NewReader(b)); err == nil {
			t.Errorf("byte %d flipped: read without error", at)
		}
	}
	if _, err := ReadSnapshot(bytes.NewReader(good[:len(good)/3])); err == nil {
		t.Error("truncated: read without error")
	}
	v := slices.Clone(good)
	v[len(snapshotMagic)] = 9
	if _, err := ReadSnapshot(bytes.NewReader(v)); !errors.Is(err, ErrSnapshotVersion) {
		t.Errorf("other version: %v, want ErrSnapshotVersion", err)
	}
}

// TestReadSnapshotFile checks that a snapshot read from its file (mapped,
// where the platform can) is the one read from its bytes, that nothing
// read points into the file's mapping once it is let go (the snapshot
// is written again after), and that a truncated file is an error.
func TestReadSnapshotFile(t *testing.T) {
	good := smallSnapshot(t, 60)
	want, err := ReadSnapshot(bytes.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.bin")
	read := func(b []byte) (*Snapshot, error) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		return ReadSnapshot(f)
	}
	got, err := read(good)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the snapshot read from its file differs from the one read from its bytes")
	}
	if err := os.WriteFile(path, []byte("overwritten"), 0o644); err != nil { // the page cache's bytes change too
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := got.WriteTo(&out); err != nil || !bytes.Equal(out.Bytes(), good) {
		t.Errorf("the snapshot read from its file, written again after the file changed: %d bytes (%v), want the %d read", out.Len(), err, len(good))
	}
	for _, n := range []int{0, 3, len(good) / 2, len(good) - 1} {
		if _, err := read(good[:n]); err == nil {
			t.Errorf("a file cut at %d bytes: read without error", n)
		}
	}
}

// FuzzReadSnapshot checks that no bytes make ReadSnapshot panic, and that
// what it accepts writes back to the same bytes.
func FuzzReadSnapshot(f *testing.F) {
	f.Add(smallSnapshot(f, 30))
	f.Add([]byte(snapshotMagic))
	// With stemming (the word counts kept), the neighbourhood term (each
	// article's density) and articles with no candidates or empty rows.
	stemmed := DefaultConfig
	stemmed.MinDF, stemmed.MaxDF, stemmed.Dims, stemmed.Candidates, stemmed.TopK = 1, 1, 3, 4, 2
	f.Add(smallSnapshotOf(f, 12, stemmed))
	f.Add(smallSnapshotOf(f, 2, Config{Ranking: RankBlend, TopK: 1, Fields: FieldWeights{Question: 1}, MinDF: 1, MaxDF: 1,
		Dims: 1, Blend: 0.1, Candidates: 1, Search: SearchExact}))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadSnapshot(bytes.NewReader(b))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if _, err := s.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), b) {
			t.Errorf("read and written again, %d bytes became %d", len(b), out.Len())
		}
	})
}

// BenchmarkCorpusUpdate is Update, the incremental night's ranking, on the
// whole real corpus after the churn test's edit (every 100th article gets
// about 300 characters of another article's answer appended), from the
// snapshot of a full build over the unedited corpus, read back from its
// binary form. With -cpuprofile it shows each stage's share:
//
//	go test -run '^$' -bench 'CorpusUpdate' -benchtime 1x -count 5 ./recommend/ -corpus.bench
func BenchmarkCorpusUpdate(b *testing.B) {
	arts := benchArticles(b)
	_, s := buildSnapshot(b, arts, DefaultConfig)
	snap := roundTrip(b, s)
	edited := editAnswers(arts, 100)
	n := len(edited)
	b.ReportAllocs()
	var ch *Change
	c0 := corpustest.CPUSeconds()
	for b.Loop() {
		var err error
		if _, ch, err = Update(snap, edited, DefaultConfig); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((corpustest.CPUSeconds()-c0)/float64(b.N), "cpu-s/op")
	if ch.Changed != (n+99)/100 {
		b.Fatalf("%d articles changed, want %d", ch.Changed, (n+99)/100)
	}
	b.ReportMetric(float64(ch.Finished), "lists-finished")
}

// TestUpdateKeepsAnalysis checks that an incremental night that takes the
// analysis of the articles whose files did not change from the snapshot
// (Update) makes the model of the same night analysing every article
// (UpdateAnalysing): the rows, the written forms (as words), the words
// shown for each term, and the lists, after edits that add, delete and
// change articles and move the corpus's most frequent word of a stem.
func TestUpdateKeepsAnalysis(t *testing.T) {
	base := synthetic(300, 3)
	for i := range base {
		switch i % 8 {
		case 0:
			base[i].Answer += " connections"
		case 1, 2:
			base[i].Answer += " connection"
		}
	}
	fingerprint := func(a *corpus.Article) { // a file's bytes: its text
		a.Sum = corpus.FingerprintOf([]byte(a.Question + "\x00" + a.Answer + "\x00" + a.ID))
	}
	for i := range base {
		fingerprint(&base[i])
	}
	cfg := DefaultConfig
	cfg.Workers, cfg.Dims, cfg.MinDF = 2, 16, 1
	_, s := buildSnapshot(t, base, cfg)
	snap := roundTrip(t, s)

	edited := slices.Clone(base)
	for i := 1; i < len(edited); i += 50 {
		edited[i].Answer += strings.Repeat(" connections", 40)
		fingerprint(&edited[i])
	}
	added := base[9]
	added.URL, added.ID = added.URL+"-new", "new"
	added.Answer += " photosynthesis"
	fingerprint(&added)
	edited = slices.Delete(edited, 7, 8)
	edited = append(edited, added)
	slices.SortFunc(edited, func(a, b corpus.Article) int { return strings.Compare(a.URL, b.URL) })

	kept, ch, err := Update(snap, edited, cfg)
	if err != nil {
		t.Fatal(err)
	}
	fresh, _, err := UpdateAnalysing(snap, edited, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(edited) - 6 - 1; ch.Kept != want {
		t.Errorf("%d articles' analysis kept, want %d", ch.Kept, want)
	}
	col, ok := slices.BinarySearch(kept.tf.terms, "connect")
	if !ok || kept.tf.shown[col] != "connections" || s.cfg.Stem && m0Shown(t, base, cfg, col) != "connection" {
		t.Fatalf("term \"connect\" shown as %q, want the edit to turn %q into %q", kept.tf.shown[col], "connection", "connections")
	}
	if !reflect.DeepEqual(kept.tf.shown, fresh.tf.shown) {
		t.Error("the words shown differ from the night analysing every article")
	}
	if !reflect.DeepEqual(kept.tf.x, fresh.tf.x) || !reflect.DeepEqual(kept.tf.q, fresh.tf.q) {
		t.Error("the TF-IDF or question rows differ from the night analysing every article")
	}
	words := func(m *Model, i int) []string {
		var out []string
		for _, f := range m.tf.forms[i] {
			out = append(out, fmt.Sprint(f.col, f.n, m.tf.formWords[f.word]))
		}
		return out
	}
	for i := range edited {
		if !slices.Equal(words(kept, i), words(fresh, i)) {
			t.Fatalf("article %d: written forms %v, analysing every article %v", i, words(kept, i), words(fresh, i))
		}
	}
	if !reflect.DeepEqual(kept.Lists(), fresh.Lists()) || !reflect.DeepEqual(kept.answerLen, fresh.answerLen) {
		t.Error("the lists or answers' lengths differ from the night analysing every article")
	}
}

// m0Shown is how a full build over arts under cfg shows term col.
func m0Shown(t *testing.T, arts []corpus.Article, cfg Config, col int) string {
	t.Helper()
	m, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m.tf.shown[col]
}
