package recommend

// Approximate candidates, re-ranked exactly by TF-IDF.
//
// The exact TF-IDF top-k (linalg.TopKSparse) scores every pair: its cost
// grows as n² and faster (the columns common enough for the tile kernel
// grow with the corpus). For a large corpus the blend's TF-IDF candidates
// come from a pool per article, gathered two ways (internal/linalg/ivf.go
// describes both), and re-ranked exactly:
//
//  1. LSA inverted file: linalg.TopKIVF over the normalised LSA rows, the
//     pool best per row (the lists' exclusions applied).
//  2. Heavy terms: linalg.HeavyIndex over the TF-IDF rows, each row's
//     heavyTerms heaviest terms indexed, heavyList rows kept per term, the
//     heavyPool rows of largest partial sum joining the pool.
//  3. Re-rank. Each pooled row is scored by the exact TF-IDF cosine (the
//     float64 gather of rowScorer) and the k best are the row's
//     candidates, best first, ties by the lower index.
//  4. Refine (refineCandidates), rounds times: each row also scores the
//     refine best candidates of its refine best candidates and of the rows
//     that hold it among theirs, and keeps the k best. On a generated
//     corpus of 100,000 articles, recombined from the real one's
//     paragraphs, many articles score nearly alike against one another and
//     the pools' fixed sizes miss more of them as the corpus grows: the
//     final top-5 recall against the exact search was 0.950 without this
//     step, 0.983 with one round of 10, 0.989 with one round of 20
//     (BENCHMARKS.md, "Top-k that scales").
//
// What is exact: every candidate's TF-IDF score, and so the blend's scores
// and the order of the final lists. What is approximate: which articles
// reach the pool. Work is about ivfProbe·n^1.5·d multiply-adds for the
// probing, n·d·√n for the assignment, n·heavyTerms·heavyList scattered
// adds for the heavy terms, n·(ivfPool+heavyPool) sparse gathers for
// the re-rank and at most 2·n·refine² per round of refinement. The result
// does not depend on the number of workers.

import (
	"cmp"
	"slices"

	"recommend/internal/linalg"
	"recommend/internal/par"
)

// Search methods for the TF-IDF candidates (Config.Search).
const (
	SearchAuto  = "auto"  // exact up to Config.ExactUpTo articles, "ivf" above
	SearchExact = "exact" // every pair scored (linalg.TopKSparse)
	SearchIVF   = "ivf"   // LSA inverted-file candidates, exact TF-IDF re-rank
)

// candidateSearch is the tuning of the IVF candidates: the measured
// recall/cost trade-off on the real corpus (BENCHMARKS.md, "Top-k that
// scales"): probe 8 instead of 12 gave a recall of 0.990, pools of 50
// 0.987, heavyList 100 0.989.
type candidateSearch struct {
	probe, pool                      int // LSA clusters probed, LSA candidates per row
	heavyTerms, heavyList, heavyPool int // terms per row, rows per term, candidates per row
	refine, rounds                   int // neighbours of neighbours: the best refine of the best refine, rounds times
}

// defaultCandidates is the candidateSearch of Build (tests pass their own
// to tfidfCandidatesBy rather than change it).
var defaultCandidates = candidateSearch{probe: linalg.DefaultProbe, pool: 100, heavyTerms: 12, heavyList: 200, heavyPool: 100, refine: 10, rounds: 1}

// lsaRows returns the normalised LSA rows z as a matrix.
func (m *Model) lsaRows(z []float32) linalg.Dense {
	return linalg.Dense{Rows: m.tf.x.Rows, Cols: m.lsaDims(), Data: z}
}

// tfidfCandidates returns the k best rows of every row by TF-IDF cosine,
// by the method Config.Search chooses for this corpus: the exact all-pairs
// search, or the pool of the IVF over z (normalised LSA rows, d columns)
// and the heavy terms, re-ranked by the exact TF-IDF cosine.
func (m *Model) tfidfCandidates(z []float32, d, k int, skip func(i, j int) bool, workers int) [][]Hit {
	return m.tfidfCandidatesBy(defaultCandidates, linalg.Dense{Rows: m.tf.x.Rows, Cols: d, Data: z}, k, skip, workers)
}

// tfidfCandidatesBy is tfidfCandidates tuned by cs.
func (m *Model) tfidfCandidatesBy(cs candidateSearch, z linalg.Dense, k int, skip func(i, j int) bool, workers int) [][]Hit {
	n := m.tf.x.Rows
	if !m.useIVF(n) {
		return linalg.TopKSparse(m.tf.x, k, linalg.SparseOptions{Skip: skip, Workers: workers})
	}
	heavy := linalg.NewHeavyIndex(m.tf.x, cs.heavyTerms, cs.heavyList, workers)
	out := make([][]Hit, n)
	// Each row is re-ranked as soon as its LSA pool is final (TopKIVFEach),
	// so that no more than the clusters being searched hold a pool.
	pk := 0 // no LSA pool
	if cs.pool > 0 {
		pk = max(cs.pool, k)
	}
	linalg.TopKIVFEach(z, pk, linalg.IVFOptions{Probe: cs.probe, Seed: m.cfg.Seed, Skip: skip, Workers: workers}, func() func(i int, pool []Hit) {
		sc := m.newRowScorer()
		hp := heavy.NewProber()
		var cand []int32
		var hs []Hit
		return func(i int, pool []Hit) {
			sc.load(i)
			cand = cand[:0]
			for _, h := range pool {
				cand = append(cand, int32(h.Doc))
			}
			cand = hp.Candidates(i, cs.heavyPool, skip, cand)
			slices.Sort(cand)
			cand = slices.Compact(cand)
			hs = hs[:0]
			for _, j := range cand {
				if s := sc.cos(int(j)); s > 0 {
					hs = append(hs, Hit{Doc: int(j), Score: s})
				}
			}
			slices.SortFunc(hs, func(a, b Hit) int {
				return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Doc, b.Doc))
			})
			out[i] = firstOf(hs, k)
		}
	})
	for range cs.rounds {
		out = m.refineCandidates(out, cs.refine, k, skip, workers)
	}
	return out
}

// refineCandidates is one round of neighbour-of-neighbour search over the
// candidates byT (each row's best k by the exact TF-IDF cosine, best first):
// each row also scores the r best of each of its r best, and the rows that
// hold it among their r best, and keeps the k best of old and new. Two
// articles that share a third's neighbourhood are likely neighbours, which
// is what the pools miss where many articles score nearly alike. It reads
// byT only, so the result does not depend on the workers.
func (m *Model) refineCandidates(byT [][]Hit, r, k int, skip func(i, j int) bool, workers int) [][]Hit {
	n := len(byT)
	// rev[i]: the rows that hold i among their r best, ascending.
	rev := make([][]int32, n)
	for j, hs := range byT {
		for _, h := range hs[:min(r, len(hs))] {
			rev[h.Doc] = append(rev[h.Doc], int32(j))
		}
	}
	out := make([][]Hit, n)
	par.Ranges(n, workers, func(lo, hi int) {
		sc := m.newRowScorer()
		var cand []int32
		var hs []Hit
		for i := lo; i < hi; i++ {
			cand = cand[:0]
			for _, h := range byT[i][:min(r, len(byT[i]))] {
				for _, g := range byT[h.Doc][:min(r, len(byT[h.Doc]))] {
					cand = append(cand, int32(g.Doc))
				}
			}
			for _, j := range rev[i] {
				cand = append(cand, j)
				for _, g := range byT[j][:min(r, len(byT[j]))] {
					cand = append(cand, int32(g.Doc))
				}
			}
			slices.Sort(cand)
			cand = slices.Compact(cand)
			hs = append(hs[:0], byT[i]...)
			loaded := false
			for _, j32 := range cand {
				j := int(j32)
				if j == i || slices.ContainsFunc(byT[i], func(h Hit) bool { return h.Doc == j }) || (skip != nil && skip(i, j)) {
					continue
				}
				if !loaded {
					sc.load(i)
					loaded = true
				}
				if s := sc.cos(j); s > 0 {
					hs = append(hs, Hit{Doc: j, Score: s})
				}
			}
			slices.SortFunc(hs, func(a, b Hit) int {
				return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Doc, b.Doc))
			})
			out[i] = firstOf(hs, k)
		}
	})
	return out
}

// useIVF reports whether the TF-IDF candidates of an n-article corpus come
// from the IVF search.
func (m *Model) useIVF(n int) bool {
	switch m.cfg.Search {
	case SearchIVF:
		return true
	case SearchAuto:
		return n > m.cfg.ExactUpTo
	}
	return false
}

// firstOf returns a copy of the first k of hs (all when fewer), in an
// array of its own: a row's list must not keep the scratch it was sorted
// in alive (at a million rows, some 200 pooled candidates of 16 bytes
// each where 20 are kept).
func firstOf(hs []Hit, k int) []Hit {
	m := min(k, len(hs))
	return append(make([]Hit, 0, m), hs[:m]...)
}
