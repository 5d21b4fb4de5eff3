package recommend

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

var ivfSweep = flag.String("ivf.sweep", "", "probe:pool settings (comma-separated) whose recall TestIVFRecall prints")

// unitRows returns n random L2-normalised rows of d columns drawn around
// a few directions, so that clusters exist.
func unitRows(n, d int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	centers := make([]float32, 8*d)
	for i := range centers {
		centers[i] = float32(rng.NormFloat64())
	}
	x := make([]float32, n*d)
	for i := range n {
		c := rng.IntN(8)
		var ss float32
		for q := range d {
			v := centers[c*d+q] + 0.7*float32(rng.NormFloat64())
			x[i*d+q] = v
			ss += v * v
		}
		inv := 1 / sqrt32(ss)
		for q := range d {
			x[i*d+q] *= inv
		}
	}
	return x
}

func sqrt32(v float32) float32 {
	r := v
	for range 30 {
		r = (r + v/r) / 2
	}
	return r
}

func docs(hs []Hit) []int {
	out := make([]int, len(hs))
	for p, h := range hs {
		out[p] = h.Doc
	}
	return out
}

// Probing every cluster scores every pair: the IVF search is then the
// exact one, to the bit.
func TestTopKIVFProbeAllIsExact(t *testing.T) {
	for _, tc := range []struct{ n, d, k int }{{1, 5, 3}, {7, 3, 10}, {500, 20, 7}, {1100, 33, 5}} {
		x := unitRows(tc.n, tc.d, uint64(tc.n))
		skip := func(i, j int) bool { return (i+j)%17 == 0 }
		want := TopKDense(x, tc.n, tc.d, tc.k, skip, 2)
		got := TopKIVF(x, tc.n, tc.d, tc.k, tc.n, 1, skip, 2)
		for i := range want {
			if !slices.Equal(docs(got[i]), docs(want[i])) {
				t.Fatalf("n=%d row %d: got %v, want %v", tc.n, i, docs(got[i]), docs(want[i]))
			}
			for p := range want[i] {
				if got[i][p].Score != want[i][p].Score {
					t.Fatalf("n=%d row %d: score %v, want %v", tc.n, i, got[i][p].Score, want[i][p].Score)
				}
			}
		}
	}
}

// Few probes miss some neighbours but keep most; the result does not
// depend on the workers.
func TestTopKIVFRecallAndWorkers(t *testing.T) {
	const n, d, k = 3000, 24, 10
	x := unitRows(n, d, 3)
	exact := TopKDense(x, n, d, k, nil, 2)
	one := TopKIVF(x, n, d, k, 6, 1, nil, 1)
	two := TopKIVF(x, n, d, k, 6, 1, nil, 2)
	found, all := 0, 0
	for i := range n {
		if !slices.Equal(docs(one[i]), docs(two[i])) {
			t.Fatalf("row %d differs between 1 and 2 workers", i)
		}
		for _, h := range exact[i] {
			all++
			if slices.ContainsFunc(one[i], func(g Hit) bool { return g.Doc == h.Doc }) {
				found++
			}
		}
	}
	if r := float64(found) / float64(all); r < 0.8 || r == 1 {
		t.Errorf("recall %.3f with 6 of 55 clusters probed, want in [0.8, 1)", r)
	}
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
// least 99% of the exact one's entries. With -ivf.sweep it also prints the
// recall and time of other probe:pool settings.
func TestIVFRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("full-corpus build: skipped with -short")
	}
	arts, _, err := corpus.Load(corpustest.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig
	cfg.Search = SearchExact
	exact, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Search = SearchIVF
	if *ivfSweep == "" {
		ivf, err := Build(arts, cfg)
		if err != nil {
			t.Fatal(err)
		}
		r, diff := recallAt5(exact.Lists(), ivf.Lists())
		t.Logf("ivf: top-5 recall %.4f, %d of %d lists differ", r, diff, len(arts))
		if r < 0.99 {
			t.Errorf("top-5 recall %.4f, want ≥ 0.99", r)
		}
		return
	}
	keys := make([]int32, len(arts))
	byKey := map[string]int32{}
	for i := range arts {
		keys[i] = intern(byKey, QuestionKey(&arts[i]))
	}
	skip := func(i, j int) bool { return keys[i] == keys[j] || arts[i].ID == arts[j].ID || exact.isDup(i, j) }
	defer func(p, q int) { ivfProbe, ivfPool = p, q }(ivfProbe, ivfPool)
	exact.cfg.Search = SearchIVF
	for _, set := range strings.Split(*ivfSweep, ",") {
		pp := strings.Split(set, ":")
		ivfProbe, _ = strconv.Atoi(pp[0])
		ivfPool, _ = strconv.Atoi(pp[1])
		heavyTerms, _ = strconv.Atoi(pp[2])
		heavyList, _ = strconv.Atoi(pp[3])
		heavyPool, _ = strconv.Atoi(pp[4])
		start := time.Now()
		byT := exact.tfidfCandidates(exact.z, exact.lsaDims(), cfg.Candidates, skip, 0)
		sec := time.Since(start).Seconds()
		lists := exact.finish(exact.merge(byT, make([][]Hit, len(byT)), exact.z, cfg.Blend), keys)
		r, diff := recallAt5(exact.Lists(), lists)
		fmt.Printf("| %s | %.4f | %d | %.2f |\n", set, r, diff, sec)
	}
}

func TestSelectLargest(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{1, 2, 3, 10, 100, 1000} {
		for _, k := range []int{1, 2, n / 2, n} {
			if k < 1 || k > n {
				continue
			}
			v := make([]float32, n)
			for i := range v {
				v[i] = float32(rng.IntN(n/2 + 1)) // ties
			}
			sorted := slices.Clone(v)
			slices.Sort(sorted)
			if got, want := selectLargest(v, k), sorted[n-k]; got != want {
				t.Errorf("n=%d k=%d: %v, want %v", n, k, got, want)
			}
		}
	}
}

// With a pool as large as the corpus and every cluster probed, "ivf"
// re-ranks every article by the exact cosine: its lists are the exact
// search's, scores included. With the default pool the lists still hold
// exact scores (Model.Score of each pair).
func TestIVFSearchExactWhenPoolCoversAll(t *testing.T) {
	arts, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig
	cfg.Search = SearchExact
	exact, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Search = SearchIVF
	defer func(p, q, h int) { ivfProbe, ivfPool, heavyPool = p, q, h }(ivfProbe, ivfPool, heavyPool)
	ivfProbe, ivfPool, heavyPool = len(arts), len(arts), 1
	all, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range arts {
		if !slices.Equal(exact.Lists()[i], all.Lists()[i]) {
			t.Fatalf("article %d: ivf %v, exact %v", i, all.Lists()[i], exact.Lists()[i])
		}
	}
	ivfProbe, ivfPool, heavyPool = 2, 3, 3
	small, err := Build(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, hs := range small.Lists() {
		for _, h := range hs {
			if s := small.Score(i, h.Doc); s != h.Score {
				t.Fatalf("article %d → %d: listed %v, Score %v", i, h.Doc, h.Score, s)
			}
		}
	}
}
