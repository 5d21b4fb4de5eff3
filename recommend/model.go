package recommend

// Build is a fixed sequence of stages over one corpus, each timed (Timings).
// prepare vectorises the articles (TF-IDF rows, tfidf.go) and numbers each
// article's question key (QuestionKey) and id, so that the searches skip an
// article's cross-posted copies by comparing integers. The ranking then
// fetches candidates by exact cosine top-k: slack = 3·TopK per article for
// "tfidf" (sparse kernel) or "lsa" (dense kernel over the normalised LSA
// rows of svd.go), or, for "blend", the Candidates best by TF-IDF and the
// LSACandidates best by LSA, merged and scored by
// Blend·cos_LSA + (1−Blend)·cos_TFIDF plus the re-ranking terms (blended:
// RerankSubject for one subject, RerankQuestion times the question
// cosine, RerankHub times one less the pair's mean neighbourhood density,
// setHub; an article whose rewordings crowd its TF-IDF candidates has
// them widened past the rewordings, widen.go). rescore replaces every kernel's
// float32 score by Score's exact float64 one, so that a listed score is
// what Score reports for the pair. finish orders each list (score
// descending, then URL), stops at the first score at or under 0 or under
// MinScore, drops the article's paraphrases, second copies of a listed
// question and paraphrases of a listed article, and cuts to TopK. The
// near-duplicate pairs (findDuplicates: question-vector neighbours the
// paraphrase detector accepts) are found only when Duplicates or Clusters
// asks. Every per-article loop runs on Config.Workers goroutines, each
// article written by one, so the result does not depend on their number.

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sync"
	"time"

	"recommend/corpus"
	"recommend/internal/linalg"
	"recommend/internal/par"
)

// DupPair is two articles whose questions are near-duplicates (the same
// question reworded): A < B, Score is the cosine of their question vectors.
type DupPair struct {
	A, B  int
	Score float64
	// Prob is the paraphrase detector's probability for the pair (see
	// ParaphraseProb).
	Prob float64
}

// Model is the built state of the engine over one corpus: vectors, the
// related lists, and what is needed to explain them.
type Model struct {
	cfg       Config
	urls      []string
	tf        *tfidf
	lists     [][]Hit
	dups      []DupPair
	keys, ids []int32        // question key and id of each article, as numbers (see prepare)
	subjects  []int32        // normalised subject of each article, as a number (-1 for none)
	answerLen []int          // length of each article's answer, in bytes (Clusters' canonical)
	qMass     []float64      // idf mass of each article's question row (paraphraseFeatures)
	qLines    []questionLine // each article's question row in one record (questionCos)
	hub       []float64      // each article's neighbourhood density (hubOf; RerankHub), "blend" only
	verdicts  verdicts       // the paraphrase detector's verdicts so far (paraphrase)
	explained float64
	z         []float32 // normalised LSA rows, lsaDims() columns ("lsa" and "blend" only)
	// near are the nearest questions findDuplicates read (dupstate.go),
	// kept for the snapshot.
	near [][]Hit
	// dupPrev is the snapshot's search, for an incremental night's
	// (dupnight.go; nil: search the whole corpus), and dupScanned the
	// rows the night's search scanned (-1: the whole corpus).
	dupPrev    *dupPrev
	dupScanned int
	// basis is the LSA term directions V (columns × lsaDims(), row-major)
	// that fold an article into z (incremental.go).
	basis []float32
	// cands are the blend's TF-IDF candidates of each article and floors
	// the score at or under which every other article lies (incremental.go);
	// nil when the build cannot seed an incremental night.
	cands  [][]Hit
	floors []float64
	// wide are the candidates of the articles whose rewordings crowded
	// their TF-IDF candidates, as widenCandidates searched them (nil for
	// the rest), and wideFloors their floors, for the snapshot; an
	// incremental night keeps them as it keeps cands, and widenCandidates
	// takes them rather than searching again (widen.go). Those of an
	// article an incremental night does not finish again hold no scores
	// (the snapshot keeps the articles only).
	wide       [][]Hit
	wideFloors []float64
	// explKept is the last night's explanations, for an incremental
	// night's Surfaces (explkept.go); nil otherwise.
	explKept *keptExpl
	// widened and wideSearched count the lists the last widenCandidates
	// widened and, of those, the ones it searched again.
	widened, wideSearched int
	hashes                []uint64 // each article's content hash (incremental.go)
	drift                 driftCount
	// single holds the lists of the single rankings ("tfidf", "lsa") that a
	// "blend" build yields from its candidates (see ListsFor).
	single map[string][][]Hit
	// lateLSA computes the "lsa" lists of a "blend" build whose candidates
	// do not hold them, once, on ListsFor's first request (under mu).
	lateLSA func() [][]Hit
	// lateTFIDF finishes the "tfidf" lists of a "blend" build from its
	// candidates, once, on ListsFor's first request (under mu).
	lateTFIDF func() [][]Hit
	dupOnce   sync.Once // findDuplicates, on Duplicates' first call
	mu        sync.Mutex
	workers   int // goroutines for the per-article loops of Build
	timings   []Timing
	start     time.Time // of the current stage of Build

	// scan is the scanner an incremental night made while it runs
	// (update), for widenCandidates to search with too: the inverted
	// index of every row is made once a night, not twice.
	scan *scanner
}

// Timing is the wall time of one stage of Build.
type Timing struct {
	Stage   string
	Seconds float64
}

// Timings returns the wall time of each stage of the Build that made m, in
// order, so that a slow night can be traced to its stage.
func (m *Model) Timings() []Timing { return m.timings }

// stage records the time since the previous stage ended as stage name.
func (m *Model) stage(name string) {
	now := time.Now()
	m.timings = append(m.timings, Timing{name, now.Sub(m.start).Seconds()})
	m.start = now
}

// Build vectorises arts and ranks, for every article, its most related
// others, by cfg (which it validates first). It never lists an article
// for itself, nor a copy of it (same id, or the same question after trim and
// lower-casing), nor a near-duplicate of its question, nor two copies of one
// question in one list. arts is not modified.
func Build(arts []corpus.Article, cfg Config) (*Model, error) {
	return build(arts, cfg, false)
}

// BuildDropping is Build for a caller that reads no more of the articles'
// analysis text: it empties those fields of arts (corpus.DropAnalysisText)
// as soon as they are vectorised, before the LSA and the searches, so that
// the ranking's stages do not hold them (at 100,000 generated articles the
// answers alone were 2.6 KB an article, a third of the live heap at its
// peak). The model is the one Build makes.
func BuildDropping(arts []corpus.Article, cfg Config) (*Model, error) {
	return build(arts, cfg, true)
}

// Vectorize is Build's first stage alone: arts vectorised (TF-IDF rows
// and question vectors) and their questions and ids numbered, by cfg
// (validated first), without the ranking. Its model has no lists and no
// LSA; it answers what needs neither: Duplicates, Clusters, SameQuestion
// and ParaphraseProb, as Build's model does, for `recommend duplicates`,
// which needs no more.
func Vectorize(arts []corpus.Article, cfg Config) (*Model, error) {
	m, _, err := vectorize(arts, cfg, false)
	return m, err
}

// vectorize is Vectorize, and with drop it empties arts' analysis text
// once read (BuildDropping). It returns the question keys too.
func vectorize(arts []corpus.Article, cfg Config, drop bool) (*Model, []int32, error) {
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	if len(arts) == 0 {
		return nil, nil, errors.New("recommend: no articles to build from")
	}
	workers := par.Workers(cfg.Workers)
	start := time.Now()
	m, keys := prepareDropping(arts, cfg, workers, nil, drop)
	if drop {
		corpus.DropAnalysisText(arts) // the few the analysis left (analyzeAll)
	}
	m.start = start
	m.stage("text and TF-IDF")
	return m, keys, nil
}

// build is Build, and with drop BuildDropping: Vectorize's stage, then the
// ranking.
func build(arts []corpus.Article, cfg Config, drop bool) (*Model, error) {
	m, keys, err := vectorize(arts, cfg, drop)
	if err != nil {
		return nil, err
	}
	workers, copyOf := m.workers, m.copyOf
	// Copies are skipped by the searches; paraphrases are dropped when the
	// lists are finished (finish asks the detector for every pair), since
	// the pairs Duplicates found depend on ties at its cut.
	skip := copyOf

	switch cfg.Ranking {
	case RankTFIDF:
		byT := linalg.TopKSparse(m.tf.x, slack(cfg), linalg.SparseOptions{Skip: skip, Workers: workers})
		m.stage("TF-IDF top-k")
		m.lists = m.finish(m.rescore(byT, RankTFIDF), keys)
		m.stage("lists")
	case RankLSA:
		z, err2 := m.lsa(workers)
		if err2 != nil {
			return nil, err2
		}
		m.z = z
		m.stage("LSA")
		byL := linalg.TopKDense(m.lsaRows(z), slack(cfg), linalg.TopKOptions{Skip: skip, Workers: workers})
		m.stage("LSA top-k")
		m.lists = m.finish(m.rescore(byL, RankLSA), keys)
		m.stage("lists")
	case RankBlend:
		err = m.blend(skip, keys, workers)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// prepare vectorises arts and numbers their questions (keys) and ids, so
// that copyOf, which reports cross-posted copies (same question or same id),
// compares integers in the top-k loops.
// With fixed set, the TF-IDF rows are over that vocabulary and idf (an
// incremental night's, incremental.go).
func prepare(arts []corpus.Article, cfg Config, workers int, fixed *vocabulary) (m *Model, keys []int32) {
	return prepareDropping(arts, cfg, workers, fixed, false)
}

// prepareDropping is prepare, and with drop it empties each article's
// analysis text as soon as the analysis has read it (analyzeAll), once
// the content hashes are taken.
func prepareDropping(arts []corpus.Article, cfg Config, workers int, fixed *vocabulary, drop bool) (m *Model, keys []int32) {
	m, keys = numbered(arts, cfg, workers)
	for i := range arts {
		m.answerLen[i] = len(arts[i].Answer)
	}
	m.hashes = contentHashes(arts, workers)
	m.tf = buildTFIDFDropping(arts, cfg, workers, fixed, drop, m.seeds(len(arts)))
	m.questions()
	return m, keys
}

// numbered returns a model of arts with their urls, and their questions
// (keys), ids and subjects numbered: prepare's first part, which reads
// none of the articles' analysis text.
func numbered(arts []corpus.Article, cfg Config, workers int) (m *Model, keys []int32) {
	m = &Model{cfg: cfg, urls: make([]string, len(arts)), workers: workers}
	keys = make([]int32, len(arts))
	ids := make([]int32, len(arts))
	m.keys, m.ids = keys, ids
	m.subjects = make([]int32, len(arts))
	bySubject := make(map[string]int32)
	m.answerLen = make([]int, len(arts))
	byKey, byID := make(map[string]int32), make(map[string]int32)
	for i := range arts {
		m.urls[i] = arts[i].URL
		keys[i] = intern(byKey, QuestionKey(&arts[i]))
		ids[i] = -1 - int32(i) // an empty id matches nothing
		if arts[i].ID != "" {
			ids[i] = intern(byID, arts[i].ID)
		}
		m.subjects[i] = -1 // no subject: matches nothing (SameSubject)
		if arts[i].SubjectKey != "" {
			m.subjects[i] = intern(bySubject, arts[i].SubjectKey)
		}
	}
	return m, keys
}

// questions sets up what the paraphrase detector reads of the question
// rows m.tf.q: prepare's last part.
func (m *Model) questions() {
	n := m.tf.q.Rows
	m.verdicts = newVerdicts(n)
	m.qLines = questionLines(m.tf.q)
	m.qMass = make([]float64, n)
	for i := range m.qMass {
		ind, _ := m.tf.q.Row(i)
		m.qMass[i] = idfMass(ind, m.tf.idf)
	}
}

// copyOf reports whether i and j are copies of one question: the same
// question key or the same id (the corpus's cross-posts).
func (m *Model) copyOf(i, j int) bool { return m.keys[i] == m.keys[j] || m.ids[i] == m.ids[j] }

// intern returns the number of s in tab, adding it if new.
func intern(tab map[string]int32, s string) int32 {
	n, ok := tab[s]
	if !ok {
		n = int32(len(tab))
		tab[s] = n
	}
	return n
}

// slack is how many neighbours a single ranking fetches so that TopK remain
// after dropping second copies of a listed question.
func slack(cfg Config) int { return 3 * cfg.TopK }

// lsaDims is the number of LSA dimensions used: Dims, or fewer when the
// corpus is too small for them (fewer articles than Dims+1, or fewer
// terms than Dims), so that the default works on a sample of a few dozen
// articles.
func (m *Model) lsaDims() int {
	return max(1, min(m.cfg.Dims, m.tf.x.Rows-1, m.tf.x.Cols))
}

// termKeys returns each term's key for the SVD's test matrix
// (Config.DrawByTerm): the 64-bit FNV-1a hash of the term. Drawn by term
// rather than by column number, a term keeps its random direction when
// the vocabulary gains or loses terms that sort before it, so a rebuild's
// basis moves only with the data.
func termKeys(terms []string) []uint64 {
	keys := make([]uint64, len(terms))
	h := fnv.New64a()
	for i, t := range terms {
		h.Reset()
		h.Write([]byte(t))
		keys[i] = h.Sum64()
	}
	return keys
}

// lsa returns the articles' LSA coordinates, rows L2-normalised, with
// lsaDims() columns. A matrix without entries (no article has a kept term)
// has all-zero coordinates.
func (m *Model) lsa(workers int) ([]float32, error) {
	d := m.lsaDims()
	if m.tf.x.NNZ() == 0 {
		return make([]float32, m.tf.x.Rows*d), nil
	}
	opt := linalg.SVDOptions{Oversample: m.cfg.Oversample, PowerIters: m.cfg.PowerIters, Seed: m.cfg.Seed, Workers: workers}
	if m.cfg.DrawByTerm {
		opt.ColKeys = termKeys(m.tf.terms)
	}
	svd, err := linalg.RandomizedSVD(m.tf.x, d, opt)
	if err != nil {
		return nil, fmt.Errorf("recommend: LSA: %w", err)
	}
	m.explained = svd.Explained
	m.basis = svd.Terms.Data
	z := svd.Docs.Data
	for i := 0; i < m.tf.x.Rows; i++ {
		row := z[i*d : (i+1)*d]
		var ss float64
		for _, v := range row {
			ss += float64(v) * float64(v)
		}
		if ss > 0 {
			inv := 1 / math.Sqrt(ss)
			for c := range row {
				row[c] = float32(float64(row[c]) * inv)
			}
		}
	}
	return z, nil
}

// blend merges the Candidates best by TF-IDF and the LSACandidates best by
// LSA for every article and re-ranks the union by
// Blend·cos_LSA + (1−Blend)·cos_TFIDF.
func (m *Model) blend(skip func(i, j int) bool, keys []int32, workers int) error {
	z, err := m.lsa(workers)
	if err != nil {
		return err
	}
	m.z = z
	m.stage("LSA")
	byT := m.tfidfCandidates(z, m.lsaDims(), m.cfg.Candidates, skip, workers)
	m.stage("TF-IDF top-k")
	byL := make([][]Hit, len(byT))
	if m.cfg.LSACandidates > 0 {
		byL = linalg.TopKDense(m.lsaRows(z), m.cfg.LSACandidates, linalg.TopKOptions{Skip: skip, Workers: workers})
		m.stage("LSA top-k")
	}
	m.keepCandidates(byT, len(m.urls))
	m.setHub(byT)
	m.rankBlend(byT, byL, skip, keys, workers)
	m.stage("blend and lists")
	return nil
}

// rankBlend finishes a blend build from its TF-IDF candidates byT and LSA
// candidates byL: the lists, and the single rankings' lists on request.
func (m *Model) rankBlend(byT, byL [][]Hit, skip func(i, j int) bool, keys []int32, workers int) {
	m.lists = m.blendLists(byT, byL, keys)
	m.singleRankings(byT, byL, skip, keys, workers)
}

// blendLists finishes the blend's lists from the TF-IDF candidates byT,
// widened past the article's rewordings (widenCandidates), and the LSA
// candidates byL: a full build's and an incremental night's alike.
func (m *Model) blendLists(byT, byL [][]Hit, keys []int32) [][]Hit {
	wide, _ := m.widenCandidates(byT, m.copyOf, m.workers)
	return m.finish(m.merge(wide, byL, m.z, m.cfg.Blend), keys)
}

// singleRankings sets up the "tfidf" and "lsa" rankings' lists of a blend
// build from its candidates, once m.lists holds the blend's own (rankBlend;
// an incremental night sets them from the lists it kept, incremental.go).
func (m *Model) singleRankings(byT, byL [][]Hit, skip func(i, j int) bool, keys []int32, workers int) {
	z := m.z
	// The exact top-k of a row under (score descending, index ascending) is
	// unique and its scores do not depend on k, so the first slack
	// candidates of each are what a "tfidf" or "lsa" build fetches, with the
	// same exclusions: finishing them gives that build's lists. The "lsa"
	// lists that the candidates do not hold are searched for on request.
	m.single = map[string][][]Hit{}
	s := slack(m.cfg)
	if m.cfg.Candidates >= s {
		// Finished on ListsFor's first request: the batch never asks, and
		// finishing asks the paraphrase detector about every pair.
		m.lateTFIDF = func() [][]Hit { return m.finish(m.rescore(firstN(byT, s), RankTFIDF), keys) }
	}
	if m.cfg.LSACandidates >= s {
		m.single[RankLSA] = m.finish(m.rescore(firstN(byL, s), RankLSA), keys)
	} else {
		m.lateLSA = func() [][]Hit {
			byL := linalg.TopKDense(m.lsaRows(z), s, linalg.TopKOptions{Skip: skip, Workers: workers})
			return m.finish(m.rescore(byL, RankLSA), keys)
		}
	}
}

// firstN returns lists cut to at most n hits each (sharing their arrays).
func firstN(lists [][]Hit, n int) [][]Hit {
	out := make([][]Hit, len(lists))
	for i, hs := range lists {
		out[i] = hs[:min(n, len(hs))]
	}
	return out
}

// merge scores the union of each article's TF-IDF and LSA candidates by
// a·cos_LSA + (1−a)·cos_TFIDF, both cosines computed afresh for every pair
// (a candidate of one list may be missing from the other). z holds the
// normalised LSA rows.
func (m *Model) merge(byT, byL [][]Hit, z []float32, a float64) [][]Hit {
	d := len(z) / max(m.tf.x.Rows, 1)
	merged := make([][]Hit, len(byT))
	par.Ranges(len(merged), m.workers, func(lo, hi int) {
		sc := m.newRowScorer()
		for i := lo; i < hi; i++ {
			if len(byT[i])+len(byL[i]) == 0 {
				continue // nothing to score (an incremental night's kept lists)
			}
			sc.load(i)
			hs := make([]Hit, 0, len(byT[i])+len(byL[i]))
		next:
			for _, h := range slices.Concat(byT[i], byL[i]) {
				for _, s := range hs {
					if s.Doc == h.Doc {
						continue next
					}
				}
				hs = append(hs, Hit{Doc: h.Doc, Score: m.blended(a, i, h.Doc, cosLSA(z, d, i, h.Doc), sc.cos(h.Doc))})
			}
			merged[i] = hs
		}
	})
	return merged
}

// rescore replaces the scores of the top-k kernels (float32 sums in an
// order that depends on the kernel) by pairScore under ranking, so that
// every listed score is exactly what Score reports for the pair. The
// kernels only choose the candidates; lists are ordered on these scores.
func (m *Model) rescore(lists [][]Hit, ranking string) [][]Hit {
	out := make([][]Hit, len(lists))
	par.Ranges(len(lists), m.workers, func(lo, hi int) {
		sc := m.newRowScorer()
		for i := lo; i < hi; i++ {
			sc.load(i)
			out[i] = make([]Hit, len(lists[i]))
			for p, h := range lists[i] {
				out[i][p] = Hit{Doc: h.Doc, Score: m.scoreBy(ranking, i, h.Doc, sc.cosPair)}
			}
		}
	})
	return out
}

// rowScorer computes the TF-IDF cosines of one row against many: the row
// is spread into a dense array once, and each other row gathers from it.
// The sum runs over the other row's columns in ascending order, adding
// exact zeros where the first row has none, so it equals cosTFIDF's to
// the last bit (TF-IDF weights are finite).
type rowScorer struct {
	x     *CSR
	dense []float32
	row   int // loaded row, or -1
}

func (m *Model) newRowScorer() *rowScorer {
	return &rowScorer{x: m.tf.x, dense: make([]float32, m.tf.x.Cols), row: -1}
}

// load makes i the row that cos scores against.
func (r *rowScorer) load(i int) {
	if r.row >= 0 {
		ind, _ := r.x.Row(r.row)
		for _, c := range ind {
			r.dense[c] = 0
		}
	}
	ind, val := r.x.Row(i)
	for p, c := range ind {
		r.dense[c] = val[p]
	}
	r.row = i
}

// cosPair returns cosTFIDF(i, j) for the loaded row i.
func (r *rowScorer) cosPair(i, j int) float64 {
	if i != r.row {
		panic("recommend: rowScorer: row not loaded")
	}
	return r.cos(j)
}

// cos returns cosTFIDF(loaded row, j).
func (r *rowScorer) cos(j int) float64 {
	ind, val := r.x.Row(j)
	var s float64
	for p, c := range ind {
		s += float64(r.dense[c]) * float64(val[p])
	}
	return s
}

// cosTFIDF is the cosine of the TF-IDF rows of i and j, summed in float64.
func (m *Model) cosTFIDF(i, j int) float64 {
	ii, iv := m.tf.x.Row(i)
	ji, jv := m.tf.x.Row(j)
	return linalg.SparseDot(ii, iv, ji, jv)
}

// cosLSA is the cosine of rows i and j of z (normalised LSA rows of d
// columns), summed in float32 in column order.
func cosLSA(z []float32, d, i, j int) float64 {
	zi, zj := z[i*d:(i+1)*d], z[j*d:(j+1)*d]
	var s float32
	for c, v := range zi {
		s += v * zj[c]
	}
	return float64(s)
}

// blendScore combines the two cosines as the "blend" ranking does. The
// explicit conversions keep the compiler from fusing the multiply-adds, so
// that every caller gets the same bits.
func blendScore(a, cl, ct float64) float64 {
	return float64(a*cl) + float64((1-a)*ct)
}

// pairScore is the score of j on i's page under ranking.
func (m *Model) pairScore(ranking string, i, j int) float64 {
	return m.scoreBy(ranking, i, j, m.cosTFIDF)
}

// scoreBy is pairScore with the TF-IDF cosine computed by cosT.
func (m *Model) scoreBy(ranking string, i, j int, cosT func(i, j int) float64) float64 {
	switch ranking {
	case RankTFIDF:
		return cosT(i, j)
	case RankLSA:
		return cosLSA(m.z, m.lsaDims(), i, j)
	default:
		return m.blended(m.cfg.Blend, i, j, cosLSA(m.z, m.lsaDims(), i, j), cosT(i, j))
	}
}

// blended is the "blend" ranking's score of j on i's page from the LSA
// cosine cl and the TF-IDF cosine ct: blendScore with LSA weight a, plus
// the re-ranking terms, RerankQuestion times the question cosine,
// RerankSubject when both articles have one subject, and RerankHub times
// 1 − (h_i + h_j)/2, h the neighbourhood density (setHub; rerank_fit.go
// has the measurement that chose them). It is symmetric in i and j.
func (m *Model) blended(a float64, i, j int, cl, ct float64) float64 {
	s := blendScore(a, cl, ct)
	if w := m.cfg.RerankQuestion; w != 0 {
		s += float64(w * m.questionCos(i, j))
	}
	if m.cfg.RerankSubject != 0 && m.SameSubject(i, j) {
		s += m.cfg.RerankSubject
	}
	if w := m.cfg.RerankHub; w != 0 {
		s += w * (1 - (m.hub[i]+m.hub[j])/2)
	}
	return s
}

// NeighbourhoodDensity returns article a's neighbourhood density, the
// mean TF-IDF cosine of its HubNeighbours nearest articles, which the
// neighbourhood term (Config.RerankHub) reads: high for a broad article
// close to many others (0 for a model of another ranking than "blend" or
// an index outside the articles).
func (m *Model) NeighbourhoodDensity(a int) float64 {
	if a < 0 || a >= len(m.hub) {
		return 0
	}
	return m.hub[a]
}

// HubNeighbours is how many of an article's nearest articles by the
// TF-IDF cosine its neighbourhood density (Config.RerankHub) averages.
const HubNeighbours = 10

// setHub sets each article's neighbourhood density from its TF-IDF
// candidates byT (hubOf), whatever Config.RerankHub: it costs a few
// additions per article, and the snapshot keeps it for a night under
// another weight's build to refuse rather than guess (Update).
func (m *Model) setHub(byT [][]Hit) {
	m.hub = make([]float64, len(byT))
	par.For(len(byT), m.workers, func(i int) { m.hub[i] = m.hubOf(i, byT[i]) })
}

// hubOf is the neighbourhood density of article i whose TF-IDF
// candidates, best first, are hs: the mean exact TF-IDF cosine (cosTFIDF,
// not the search's own sums, so that every search and an incremental
// night's scan agree to the bit) of the first HubNeighbours (of all, when
// fewer; 0 with none).
func (m *Model) hubOf(i int, hs []Hit) float64 {
	hs = hs[:min(len(hs), HubNeighbours)]
	var s float64
	for _, h := range hs {
		s += m.cosTFIDF(i, h.Doc)
	}
	if len(hs) == 0 {
		return 0
	}
	return s / float64(len(hs))
}

// SameSubject reports whether articles a and b are filed under one
// subject (corpus.Article.SubjectKey, which is not empty); an index
// outside the articles has none.
func (m *Model) SameSubject(a, b int) bool {
	if a < 0 || b < 0 || a >= len(m.subjects) || b >= len(m.subjects) || m.subjects[a] < 0 {
		return false
	}
	return m.subjects[a] == m.subjects[b]
}

// QuestionCosine returns the cosine of the question vectors of articles a
// and b (the question field alone, with the corpus's idf): the signal of
// the paraphrase detector and of the re-ranking (0 for an index outside
// the articles).
func (m *Model) QuestionCosine(a, b int) float64 {
	if a < 0 || b < 0 || a >= m.tf.x.Rows || b >= m.tf.x.Rows {
		return 0
	}
	return m.questionCos(a, b)
}

// Score returns the model's ranking score of article b on article a's page,
// for any pair: the TF-IDF cosine ("tfidf"), the LSA cosine ("lsa"), or
// Blend·cos_LSA + (1−Blend)·cos_TFIDF plus the re-ranking terms
// (RerankQuestion times the question cosine, RerankSubject for one
// subject, the neighbourhood term RerankHub) ("blend"). For a pair that Lists
// holds it equals the listed score exactly, so that a caller can weigh a
// link the lists do not hold (an editor's current link that slipped out of
// the top) against those they do. Score does not apply the lists'
// exclusions (the article itself, its copies and near-duplicates, MinScore);
// that is the caller's business. Indices outside the articles score 0.
func (m *Model) Score(a, b int) float64 {
	if a < 0 || b < 0 || a >= m.tf.x.Rows || b >= m.tf.x.Rows {
		return 0
	}
	return m.pairScore(m.cfg.Ranking, a, b)
}

// finish orders each candidate list (score descending, then URL), drops
// scores of 0 or less and under MinScore, paraphrases of the article
// itself, second copies of a listed question and paraphrases of a listed
// article (the better-scored one stays, the next candidate takes the
// slot), and cuts to TopK.
func (m *Model) finish(cands [][]Hit, keys []int32) [][]Hit {
	out := make([][]Hit, len(cands))
	par.For(len(cands), m.workers, func(i int) {
		hs := slices.Clone(cands[i])
		slices.SortFunc(hs, func(a, b Hit) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(m.urls[a.Doc], m.urls[b.Doc]))
		})
		list := make([]Hit, 0, m.cfg.TopK)
	next:
		for _, h := range hs {
			if len(list) == m.cfg.TopK {
				break
			}
			if h.Score <= 0 || h.Score < m.cfg.MinScore {
				break // nothing in common: not related
			}
			if m.paraphrase(i, h.Doc) {
				continue
			}
			for _, p := range list {
				if keys[p.Doc] == keys[h.Doc] || m.paraphrase(p.Doc, h.Doc) {
					continue next
				}
			}
			list = append(list, h)
		}
		out[i] = list
	})
	return out
}

// findDuplicates finds, for every article, the others that ask its
// question reworded (see paraphrase): among the nearest questions by the
// question vectors' cosine, those the detector accepts (cross-posted
// copies aside: they are excluded anyway). pruned chooses the search (see
// nearQuestions).
func (m *Model) findDuplicates(copyOf func(i, j int) bool, workers int, pruned bool) {
	var near [][]Hit
	prev := m.dupPrev
	m.dupPrev = nil
	if opt := (linalg.SparseOptions{Skip: copyOf, Workers: workers}); prev != nil && !pruned && prev.usable(m, opt) {
		prev.pairIndex()
		near = m.nearAgain(prev, opt)
	} else {
		prev, m.dupScanned = nil, -1
		near = m.nearQuestions(copyOf, workers, pruned)
	}
	m.keepNear(near)
	lo := m.dupFloor()
	// reads reports whether row i reads j from its list: the lists are
	// best first, and findDuplicates reads each down to lo.
	reads := func(i, j int) bool {
		for _, h := range near[i] {
			if h.Score < lo {
				return false
			}
			if h.Doc == j {
				return true
			}
		}
		return false
	}
	// Each pair once, from its lower row if that row reads it, else from
	// the higher; the rows in parallel (the detector is safe for that).
	found := make([][]DupPair, len(near))
	par.For(len(near), workers, func(i int) {
		for _, h := range near[i] {
			if h.Score < lo {
				break
			}
			if h.Doc < i && reads(h.Doc, i) {
				continue // the lower row's
			}
			a, b := min(i, h.Doc), max(i, h.Doc)
			if prev != nil {
				if p, dup, ok := prev.verdict(a, b); ok {
					if dup {
						found[i] = append(found[i], p)
					}
					continue
				}
			}
			// Score the pair once, in float64, so that it does not depend
			// on which side found it.
			ai, av := m.tf.q.Row(a)
			bi, bv := m.tf.q.Row(b)
			s := linalg.SparseDot(ai, av, bi, bv)
			if s < m.cfg.DupThreshold || !m.paraphrase(a, b) {
				continue
			}
			found[i] = append(found[i], DupPair{A: a, B: b, Score: s, Prob: m.ParaphraseProb(a, b)})
		}
	})
	for _, ps := range found {
		m.dups = append(m.dups, ps...)
	}
	slices.SortFunc(m.dups, func(a, b DupPair) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	})
}

// nearQuestions returns each article's DupNeighbours nearest questions by
// the question vectors' cosine. findDuplicates reads only those from
// DupThreshold (less 1e-6) down to nothing: with pruned, for a corpus
// above the exact search's size (useIVF), only those are searched for, by
// prefix filtering (linalg.TopKSparseAbove: the same pairs and float32
// scores as the row-by-row all-pairs search, without visiting every pair
// that shares a term); otherwise by the all-pairs search, the reference.
func (m *Model) nearQuestions(copyOf func(i, j int) bool, workers int, pruned bool) [][]Hit {
	opt := linalg.SparseOptions{Skip: copyOf, Workers: workers}
	if !pruned {
		return linalg.TopKSparse(m.tf.q, DupNeighbours, opt)
	}
	// The largest float32 at or under the floor findDuplicates applies, so
	// that every score it reads is kept.
	t := m.cfg.DupThreshold - 1e-6
	floor := float32(t)
	if float64(floor) > t {
		floor = math.Nextafter32(floor, 0)
	}
	opt.Lines = m.qLines // the detector's records of the same rows
	return linalg.TopKSparseAbove(m.tf.q, DupNeighbours, floor, opt)
}

// Lists returns the related articles of every article, in the order of the
// articles passed to Build, best first.
func (m *Model) Lists() [][]Hit { return m.lists }

// ErrOtherRanking is returned by ListsFor for a ranking whose lists the
// model did not compute: build with that ranking instead.
var ErrOtherRanking = errors.New("ranking not computed by this build")

// ListsFor returns the lists that Build would return for the same articles
// under the same Config with Ranking set to ranking, without building
// again, so that the single rankings can be compared with the blend at
// the cost of one build. Every model has its own ranking's lists (those of
// Lists). A "blend" model also has the "tfidf" lists when
// Config.Candidates is at least 3·TopK (as by default): its candidates are
// the exact top-k of the TF-IDF cosine, with the same exclusions (the
// article itself, its copies, its near-duplicates), and hold the
// neighbours a "tfidf" build fetches. It has the "lsa" lists too: from its
// LSA candidates when LSACandidates is at least 3·TopK, otherwise by an
// exact search over its LSA vectors on the first request (a few seconds on
// the full corpus; the vectors and exclusions are the build's). Any other
// ranking gives an error wrapping ErrOtherRanking. ListsFor is safe for
// concurrent use.
func (m *Model) ListsFor(ranking string) ([][]Hit, error) {
	if ranking == m.cfg.Ranking {
		return m.lists, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if ranking == RankLSA && m.lateLSA != nil {
		m.single[RankLSA], m.lateLSA = m.lateLSA(), nil
	}
	if ranking == RankTFIDF && m.lateTFIDF != nil {
		m.single[RankTFIDF], m.lateTFIDF = m.lateTFIDF(), nil
	}
	if l, ok := m.single[ranking]; ok {
		return l, nil
	}
	return nil, fmt.Errorf("recommend: lists for ranking %q from a %q build with %d candidates: %w",
		ranking, m.cfg.Ranking, m.cfg.Candidates, ErrOtherRanking)
}

// DropLSA lets go of the LSA vectors and term directions, and of the
// single rankings' lists not yet finished, of a model that cannot seed an
// incremental night (its Snapshot fails: the "ivf" search keeps no
// candidates), for a caller that asks nothing more of them: a batch's
// outputs read the TF-IDF rows, the lists and the explanations, not the
// LSA (some 0.85 KB an article). Afterwards Score, ListsFor with another
// ranking than the model's own and Update must not be called. A model
// that can seed an incremental night keeps them all (its Snapshot shares
// them): DropLSA reports whether it dropped them.
func (m *Model) DropLSA() bool {
	if m.cands != nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.z, m.basis, m.lateLSA, m.lateTFIDF = nil, nil, nil, nil
	return true
}

// Duplicates returns the near-duplicate question pairs found (empty when
// Config.DupThreshold is 0), by score descending, then A, then B.
// They are searched for on the first call (an all-pairs search over the
// question vectors, a few seconds on the full corpus), which the batch's
// lists do not need: they ask the detector pair by pair. Safe for
// concurrent use.
func (m *Model) Duplicates() []DupPair {
	m.dupOnce.Do(func() {
		if m.cfg.DupThreshold > 0 {
			m.findDuplicates(m.copyOf, m.workers, m.useIVF(m.tf.q.Rows))
		}
	})
	return m.dups
}

// Explained returns the share of the TF-IDF matrix's squared Frobenius norm
// that the LSA dimensions keep (0 for the "tfidf" ranking).
func (m *Model) Explained() float64 { return m.explained }

// SharedTerms returns up to n terms that make articles a and b related: the
// largest products of their TF-IDF weights, best first (ties by term). With
// stemming on, each stem is shown as the corpus's most frequent word with
// that stem ("privacy" rather than "privaci").
func (m *Model) SharedTerms(a, b, n int) []string {
	cols := m.sharedCols(a, b, n)
	if cols == nil {
		return nil
	}
	out := make([]string, len(cols))
	for k, c := range cols {
		out[k] = m.tf.shown[c]
	}
	return out
}

// sharedCols returns the vocabulary columns of SharedTerms(a, b, n).
func (m *Model) sharedCols(a, b, n int) []int32 {
	if a < 0 || b < 0 || a >= m.tf.x.Rows || b >= m.tf.x.Rows || n <= 0 {
		return nil
	}
	ai, av := m.tf.x.Row(a)
	bi, bv := m.tf.x.Row(b)
	// The n best products, kept in order as the rows are merged; the
	// vocabulary is sorted by term, so a tie goes to the lower column.
	type tw struct {
		t int32
		w float32
	}
	top := make([]tw, 0, n)
	for p, q := range linalg.Shared(ai, bi) {
		x := tw{ai[p], av[p] * bv[q]}
		k := len(top)
		for k > 0 && x.w > top[k-1].w { // earlier columns win ties
			k--
		}
		if k < n {
			if len(top) < n {
				top = append(top, tw{})
			}
			copy(top[k+1:], top[k:])
			top[k] = x
		}
	}
	out := make([]int32, len(top))
	for k, x := range top {
		out[k] = x.t
	}
	return out
}
