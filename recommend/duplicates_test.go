package recommend

import (
	"cmp"
	"encoding/gob"
	"flag"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"recommend/corpus"
	"recommend/internal/corpustest"
	"recommend/internal/linalg"
)

var dupDump = flag.String("dup.dump", "", "with -dup.corpus: TestDumpQuestions writes the corpus's question matrix and copy keys (gob) to this file, for linalg's -prefix.matrix")

var dupCorpus = flag.String("dup.corpus", "", "a content folder (e.g. a generated corpus of 100,000 articles) on which TestDuplicatesPruned compares the near-duplicate searches and prints their times")

// duplicatesBy returns the near-duplicate pairs of m found with the pruned
// search or the all-pairs one, and the wall and CPU seconds it took.
func duplicatesBy(m *Model, pruned bool) ([]DupPair, float64, float64) {
	m.dups = nil
	m.verdicts = newVerdicts(m.tf.x.Rows) // the detector's memory would favour the second search
	start, cpu := time.Now(), corpustest.CPUSeconds()
	m.findDuplicates(m.copyOf, m.workers, pruned)
	return m.dups, time.Since(start).Seconds(), corpustest.CPUSeconds() - cpu
}

// TestDuplicatesPruned requires the prefix-filtered near-duplicate search
// (the one of corpora above ExactUpTo) to find exactly the pairs of the
// all-pairs search, scores and probabilities included: on the seeds with
// rewordings (corpustest.Reworded), on
// the real corpus (not with -short), and with -dup.corpus on the folder
// given, where it also prints both searches' times.
func TestDuplicatesPruned(t *testing.T) {
	dirs := []string{corpustest.Reworded(t)}
	switch {
	case *dupCorpus != "":
		dirs = append(dirs, *dupCorpus)
	case !testing.Short():
		dirs = append(dirs, corpustest.Dir(t))
	}
	for _, dir := range dirs {
		arts, _, err := corpus.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := prepare(arts, DefaultConfig, 2, nil)
		for _, pr := range []bool{true, false, true, false} { // the searches alone, alternating
			start, cpu := time.Now(), corpustest.CPUSeconds()
			m.nearQuestions(m.copyOf, m.workers, pr)
			t.Logf("question search, pruned %v: %.2f s wall, %.2f s CPU", pr, time.Since(start).Seconds(), corpustest.CPUSeconds()-cpu)
		}
		pruned, pw, pc := duplicatesBy(m, true)
		all, aw, ac := duplicatesBy(m, false)
		t.Logf("%s (%d articles): %d pairs; pruned search %.2f s wall, %.2f s CPU; all pairs %.2f s wall, %.2f s CPU",
			dir, len(arts), len(all), pw, pc, aw, ac)
		if len(all) == 0 {
			t.Errorf("%s: no near-duplicates found; the corpus has reworded copies", dir)
		}
		if !slices.Equal(pruned, all) {
			d := 0
			for d < min(len(pruned), len(all)) && pruned[d] == all[d] {
				d++
			}
			t.Errorf("%s: the pruned search found %d pairs, the all-pairs search %d; first difference at %d",
				dir, len(pruned), len(all), d)
		}
	}
}

// TestDumpQuestions writes, with -dup.corpus and -dup.dump, the question
// matrix the near-duplicate search runs on and what its skip compares (the
// question keys and ids), so that linalg's TestTopKSparseAboveOnMatrix can
// time the search on a large corpus's questions without loading it again.
func TestDumpQuestions(t *testing.T) {
	if *dupCorpus == "" || *dupDump == "" {
		t.Skip("needs -dup.corpus and -dup.dump")
	}
	arts, _, err := corpus.Load(*dupCorpus)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := prepare(arts, DefaultConfig, 2, nil)
	f, err := os.Create(*dupDump)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := struct {
		Q            *CSR
		Keys, IDs    []int32
		DupThreshold float64
	}{m.tf.q, m.keys, m.ids, m.cfg.DupThreshold}
	if err := gob.NewEncoder(f).Encode(d); err != nil {
		t.Fatal(err)
	}
}

// TestDuplicatesEachPairOnce requires findDuplicates, which asks the
// detector for the rows in parallel, to report what the serial reading of
// the near lists reports: each pair read from either side once, in the
// order of score, then A, then B; on the seeds with rewordings, with one
// worker and with three, and on the real corpus (not with -short).
func TestDuplicatesEachPairOnce(t *testing.T) {
	dirs := []string{corpustest.Reworded(t)}
	if !testing.Short() {
		dirs = append(dirs, corpustest.Dir(t))
	}
	for _, dir := range dirs {
		arts, _, err := corpus.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		duplicatesEachPairOnce(t, arts)
	}
}

func duplicatesEachPairOnce(t *testing.T, arts []corpus.Article) {
	for _, workers := range []int{1, 3} {
		m, _ := prepare(arts, DefaultConfig, workers, nil)
		near := m.nearQuestions(m.copyOf, workers, false)
		var want []DupPair
		seen := map[[2]int]bool{}
		for i, hs := range near {
			for _, h := range hs {
				if h.Score < m.cfg.DupThreshold-1e-6 {
					break
				}
				a, b := min(i, h.Doc), max(i, h.Doc)
				if seen[[2]int{a, b}] {
					continue
				}
				seen[[2]int{a, b}] = true
				ai, av := m.tf.q.Row(a)
				bi, bv := m.tf.q.Row(b)
				if s := linalg.SparseDot(ai, av, bi, bv); s >= m.cfg.DupThreshold && m.paraphrase(a, b) {
					want = append(want, DupPair{A: a, B: b, Score: s, Prob: m.ParaphraseProb(a, b)})
				}
			}
		}
		slices.SortFunc(want, func(x, y DupPair) int {
			if x.Score != y.Score {
				return cmp.Compare(y.Score, x.Score)
			}
			return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
		})
		got, _, _ := duplicatesBy(m, false)
		if len(want) == 0 {
			t.Fatal("no near-duplicates in the seeds with rewordings")
		}
		if !slices.Equal(got, want) {
			t.Errorf("workers %d: %d pairs, want %d:\n got %v\nwant %v", workers, len(got), len(want), got[:min(len(got), 5)], want[:min(len(want), 5)])
		}
	}
}

// TestVectorizeClusters: the model of Build's first stage alone (Vectorize)
// finds the near-duplicate pairs and clusters of the whole Build, on the
// seeds with rewordings, and ranks nothing (no lists, one stage timed).
func TestVectorizeClusters(t *testing.T) {
	arts, _, err := corpus.Load(corpustest.Reworded(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig
	cfg.Dims = min(cfg.Dims, len(arts)/2)
	full := mustBuild(t, arts, cfg)
	v, err := Vectorize(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Clusters()) == 0 {
		t.Fatal("no clusters on the reworded seeds: the test needs some")
	}
	if !slices.Equal(v.Duplicates(), full.Duplicates()) {
		t.Errorf("Vectorize's pairs %v, Build's %v", v.Duplicates(), full.Duplicates())
	}
	if got, want := v.Clusters(), full.Clusters(); !reflect.DeepEqual(got, want) {
		t.Errorf("Vectorize's clusters %v, Build's %v", got, want)
	}
	if v.Lists() != nil || len(v.Timings()) != 1 {
		t.Errorf("Vectorize ranked: %d lists, stages %v; want none, one", len(v.Lists()), v.Timings())
	}
	if _, err := Vectorize(arts, Config{}); err == nil {
		t.Error("Vectorize took an invalid configuration")
	}
}
