package recommend

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"recommend/corpus"
	"recommend/internal/corpustest"
	"recommend/internal/linalg"
)

var (
	ivfSweep  = flag.String("ivf.sweep", "", "probe:pool:heavyTerms:heavyList:heavyPool[:refine:rounds] settings (comma-separated) whose recall TestIVFRecall prints")
	ivfCorpus = flag.String("ivf.corpus", "", "the content folder TestIVFRecall measures on (default the real corpus), e.g. a generated one")
)

func docs(hs []Hit) []int {
	out := make([]int, len(hs))
	for p, h := range hs {
		out[p] = h.Doc
	}
	return out
}

// listsBy finishes the lists of m, built, as Build's "blend" does, with
// the TF-IDF candidates that tfidfCandidatesBy gives under cs.
func (m *Model) listsBy(cs candidateSearch) [][]Hit {
	return m.listsFrom(m.tfidfCandidatesBy(cs, m.lsaRows(m.z), m.cfg.Candidates, m.copyOf, 2))
}

// TestListsByUnwidened checks the exact lists TestIVFRecall measures
// against: listsBy finishes each article's candidates as the search found
// them, without the widening of widen.go (Build's). Where the rewordings
// of an article crowd its candidates, so that Build widens them, its list
// differs from Build's; every other list is Build's.
func TestListsByUnwidened(t *testing.T) {
	cfg := smallConfig()
	cfg.TopK, cfg.Candidates, cfg.Search = 3, 5, SearchExact
	m := mustBuild(t, rewordedCorpus(), cfg)
	byT := m.tfidfCandidatesBy(defaultCandidates, m.lsaRows(m.z), cfg.Candidates, m.copyOf, 2)
	wide, n := m.widenCandidates(byT, m.copyOf, 2)
	if n == 0 {
		t.Fatal("no article's candidates are widened: the test needs one")
	}
	narrow, built := m.listsBy(defaultCandidates), m.Lists()
	for i := range built {
		widened := !slices.Equal(docs(byT[i]), docs(wide[i]))
		if same := slices.Equal(narrow[i], built[i]); same == widened {
			t.Errorf("article %d (candidates widened: %v): listsBy %v, Build %v", i, widened, docs(narrow[i]), docs(built[i]))
		}
	}
}

// listsFrom finishes the lists of m from the TF-IDF candidates byT.
func (m *Model) listsFrom(byT [][]Hit) [][]Hit {
	z := m.lsaRows(m.z)
	byL := make([][]Hit, len(byT))
	if m.cfg.LSACandidates > 0 {
		byL = linalg.TopKDense(z, m.cfg.LSACandidates, linalg.TopKOptions{Skip: m.copyOf, Workers: 2})
	}
	return m.finish(m.merge(byT, byL, m.z, m.cfg.Blend), m.keys)
}

// recallAt5 is the share of the exact lists' entries that the other lists
// hold.
func recallAt5(exact, other [][]Hit) (float64, int) {
	found, all, same := 0, 0, 0
	for i := range exact {
		if slices.Equal(docs(exact[i]), docs(other[i])) {
			same++
		}
		for _, h := range exact[i] {
			all++
			if slices.ContainsFunc(other[i], func(g Hit) bool { return g.Doc == h.Doc }) {
				found++
			}
		}
	}
	return float64(found) / float64(max(all, 1)), len(exact) - same
}

// TestIVFRecall builds the default model on the real corpus with the exact
// search and with "ivf", and requires the final top-5 of "ivf" to hold at
// least 99% of the exact one's entries. With -ivf.sweep it prints instead
// the recall, lists that differ, and the candidate search's wall and CPU
// seconds of the settings given; -ivf.corpus measures on another folder.
func TestIVFRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("full-corpus build: skipped with -short")
	}
	dir := *ivfCorpus
	if dir == "" {
		dir = corpustest.Dir(t)
	}
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig
	cfg.Search = SearchExact
	exact := mustBuild(t, arts, cfg)
	// The search's own recall: the exact search also widens the
	// candidates of articles its rewordings crowd (widen.go), which the
	// "ivf" search does not, so the exact lists are finished here from
	// its candidates as it found them (listsBy, TestListsByUnwidened).
	exactLists := exact.listsBy(defaultCandidates)
	cfg.Search = SearchIVF
	if *ivfSweep == "" {
		ivf := mustBuild(t, arts, cfg)
		r, diff := recallAt5(exactLists, ivf.Lists())
		t.Logf("ivf: top-5 recall %.4f, %d of %d lists differ", r, diff, len(arts))
		if r < 0.99 {
			t.Errorf("top-5 recall %.4f, want ≥ 0.99", r)
		}
		return
	}
	exact.cfg.Search = SearchIVF
	for _, set := range strings.Split(*ivfSweep, ",") {
		var v [7]int
		for k, f := range strings.SplitN(set, ":", 7) {
			v[k], _ = strconv.Atoi(f)
		}
		cs := candidateSearch{probe: v[0], pool: v[1], heavyTerms: v[2], heavyList: v[3], heavyPool: v[4], refine: v[5], rounds: v[6]}
		start, cpu := time.Now(), corpustest.CPUSeconds()
		byT := exact.tfidfCandidatesBy(cs, exact.lsaRows(exact.z), cfg.Candidates, exact.copyOf, 2)
		sec, csec := time.Since(start).Seconds(), corpustest.CPUSeconds()-cpu
		lists := exact.listsFrom(byT)
		r, diff := recallAt5(exactLists, lists)
		fmt.Printf("| %s | %.4f | %d | %.2f | %.2f |\n", set, r, diff, sec, csec)
	}
}

// With a pool as large as the corpus and every cluster probed, "ivf"
// re-ranks every article by the exact cosine: its lists are the exact
// search's, scores included. With a small pool the lists still hold exact
// scores (Model.Score of each pair). listsBy, which tries other settings,
// is first checked to finish lists as Build does.
func TestIVFSearchExactWhenPoolCoversAll(t *testing.T) {
	arts, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig
	cfg.Search = SearchExact
	exact := mustBuild(t, arts, cfg)
	if got := exact.listsBy(defaultCandidates); !slices.EqualFunc(got, exact.Lists(), slices.Equal) {
		t.Fatal("listsBy with the exact search differs from Build's lists")
	}
	cfg.Search = SearchIVF
	ivf := mustBuild(t, arts, cfg)
	if got := ivf.listsBy(defaultCandidates); !slices.EqualFunc(got, ivf.Lists(), slices.Equal) {
		t.Fatal("listsBy with the default IVF search differs from Build's lists")
	}
	all := ivf.listsBy(candidateSearch{probe: len(arts), pool: len(arts), heavyTerms: 12, heavyList: 200, heavyPool: 1})
	for i := range arts {
		if !slices.Equal(exact.Lists()[i], all[i]) {
			t.Fatalf("article %d: ivf %v, exact %v", i, all[i], exact.Lists()[i])
		}
	}
	// Refining keeps the k best of the old candidates and the new ones, so
	// each row's p-th candidate scores at least as high as before, and the
	// search finds more of the exact candidates.
	z := ivf.lsaRows(ivf.z)
	tiny := candidateSearch{probe: 2, pool: 3, heavyTerms: 2, heavyList: 5, heavyPool: 3}
	before := ivf.tfidfCandidatesBy(tiny, z, cfg.Candidates, ivf.copyOf, 2)
	tiny.refine, tiny.rounds = 5, 1
	after := ivf.tfidfCandidatesBy(tiny, z, cfg.Candidates, ivf.copyOf, 2)
	byT := linalg.TopKSparse(ivf.tf.x, cfg.Candidates, linalg.SparseOptions{Skip: ivf.copyOf, Workers: 2})
	found := func(cands [][]Hit) (n int) {
		for i := range cands {
			for _, h := range byT[i] {
				n += linalg.B2i(slices.ContainsFunc(cands[i], func(g Hit) bool { return g.Doc == h.Doc }))
			}
		}
		return n
	}
	for i := range before {
		if len(after[i]) < len(before[i]) {
			t.Fatalf("article %d: %d candidates after refining, %d before", i, len(after[i]), len(before[i]))
		}
		for p, h := range before[i] {
			if after[i][p].Score < h.Score || ivf.copyOf(i, after[i][p].Doc) || after[i][p].Doc == i {
				t.Fatalf("article %d: refined %v, before %v", i, after[i], before[i])
			}
		}
	}
	if f0, f1 := found(before), found(after); f1 <= f0 {
		t.Errorf("refining found %d of the exact candidates, %d before", f1, f0)
	}
	small := ivf.listsBy(candidateSearch{probe: 2, pool: 3, heavyTerms: 12, heavyList: 200, heavyPool: 3, refine: 3, rounds: 2})
	for i, hs := range small {
		for _, h := range hs {
			if s := ivf.Score(i, h.Doc); s != h.Score {
				t.Fatalf("article %d → %d: listed %v, Score %v", i, h.Doc, h.Score, s)
			}
		}
	}
}
