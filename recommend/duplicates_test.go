package recommend

import (
	"encoding/gob"
	"flag"
	"os"
	"slices"
	"testing"
	"time"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

var dupDump = flag.String("dup.dump", "", "with -dup.corpus: TestDumpQuestions writes the corpus's question matrix and copy keys (gob) to this file, for linalg's -prefix.matrix")

var dupCorpus = flag.String("dup.corpus", "", "a content folder (e.g. a generated corpus of 100,000 articles) on which TestDuplicatesPruned compares the near-duplicate searches and prints their times")

// duplicatesBy returns the near-duplicate pairs of m found with the pruned
// search or the all-pairs one, and the wall and CPU seconds it took.
func duplicatesBy(m *Model, pruned bool) ([]DupPair, float64, float64) {
	m.dups, m.dupOf = nil, nil
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
