package recommend

// Incremental nights: a night that ranks only what the day's edits can
// change, from the state the previous night saved (Snapshot).
//
// What is kept. The vocabulary, the idf and the LSA basis V (the term
// directions of the randomized SVD) of the last full build. Under them an
// unchanged article's TF-IDF row is bit for bit the row it had, so its
// LSA coordinates (kept as they were) and its cosine with every other
// unchanged article are too. A changed or new article is vectorised over
// the kept vocabulary and idf (terms outside it are left out, as min_df
// leaves out a rare term) and folded into the basis: z = x·V, normalised,
// the coordinates an article of the SVD's own matrix gets (U·Σ = X·V).
// An article whose file has the bytes the snapshot kept is not analysed
// at all: its rows, written forms and word counts are the snapshot's
// (kept.go).
//
// Which lists can change. The blend re-ranks each article's Candidates
// best by TF-IDF cosine; the snapshot keeps them and each article's floor,
// the cosine at or under which every article outside them lies (the last
// candidate's, or 0 when the candidates are all the articles sharing a
// term). An article is changed when its content hash (contentHashes: id,
// the five text fields and the subject) differs or it is new. Each changed article's
// row is scanned against every row through the inverted index (exact
// cosines), which gives its own candidates and, by symmetry, its cosine
// with every other article: an unchanged article i gains a changed j when
// cos(i, j) reaches i's floor (a tie goes to the lower index, as in the
// searches), and loses a changed or deleted article that was among its
// candidates. Nothing else can enter or leave: every other pair's cosine
// is unchanged. An article whose candidates neither gained nor lost keeps
// them; one that gained keeps the Candidates best (its floor rises to the
// last one's); one that lost more than it gained has fewer known
// candidates than Candidates, all above its floor, and no knowledge of
// which unchanged article comes next: it is scanned again (exactly, as a
// changed article is) when it falls below refillBelow known candidates,
// and keeps its shorter list otherwise. The blend's re-ranking, the
// paraphrase rule and the lists' other rules then run over the changed,
// new and relisted articles' candidates exactly as in Build (rankBlend),
// so that copies, paraphrases and MinScore are decided as a full build
// decides them; every other article keeps the finished list the snapshot
// holds, which is what they would decide again (nightLists says why), so
// that the lists' cost follows the edits rather than the corpus. A
// relisted article keeps it too when every changed or new candidate
// scores below its list's last link and no link of the list changed
// (gainsBelow): 751 of the 6,735 relisted after the churn test's edit of
// the real corpus. An article whose rewordings crowd its candidates
// (widen.go) has deeper ones, widened, kept with their own floor in the
// same way: the scans report the changed rows over the lower of its two
// floors, and an article whose widened candidates gained or lost one is
// relisted too (204 more after the churn test's edit).
//
// What differs from a full rebuild. A full rebuild recomputes the idf and
// the basis from the edited corpus, which moves every score a little; the
// incremental night keeps them. Edits accumulate in the snapshot's drift
// (changed, new and deleted articles since the last full build); when it
// passes MaxDrift of the articles of that build, Update refuses and the
// caller rebuilds in full. BENCHMARKS.md ("Incremental nights") has the
// measured share of lists equal to a full rebuild's.
//
// Update refuses (a *RebuildError saying why) whenever it cannot be
// right: settings that differ from the snapshot's in anything but
// Workers, a ranking other than the exact blend, an LSA dimension count
// that no longer fits the corpus, or drift past MaxDrift.

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"reflect"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"recommend/corpus"
	"recommend/internal/linalg"
	"recommend/internal/par"
)

// MaxDrift is the share of the last full build's articles that may be
// changed, added or deleted (counted over the incremental nights since)
// before a night rebuilds in full: the kept idf and LSA basis drift from
// the corpus's own as edits accumulate. Measured on the churn test's
// 3,215 articles (TestIncrementalDrift; BENCHMARKS.md, "Incremental
// nights"), the engine's top-5 lists of an incremental night equal a full
// rebuild's for 0.808, 0.791, 0.786, 0.772 and 0.737 of the articles
// after 1, 2.5, 5, 10 and 20% of them were edited, where a full rebuild
// with another SVD seed equals it for 0.80 at every share (0.795–0.804):
// the rebuild's own noise. Up to 2.5% the incremental night is within
// that noise, at 5% 1.8 points under it, at 10% 3.1: 5% bounds the cost
// of keeping the basis to under 2 points, and lets four nights of 1% edits
// pass between full builds.
const MaxDrift = 0.05

// refillBelow is how few known candidates an article may keep before it is
// scanned again (see the file's comment): below the lists' TopK the lists
// themselves could come out short. Scanning every article that lost one
// (1,288 on the real corpus after the churn test's edit) cost more than
// the rest of the night.
func refillBelow(cfg Config) int { return cfg.TopK }

// RebuildError is Update's refusal: the reason a full build is needed.
type RebuildError struct {
	Reason string
}

func (e *RebuildError) Error() string { return "incremental night not possible: " + e.Reason }

// rebuild returns a *RebuildError with a formatted reason.
func rebuild(format string, args ...any) error {
	return &RebuildError{Reason: fmt.Sprintf(format, args...)}
}

// driftCount is the articles of the last full build and the changed,
// added and deleted articles counted since.
type driftCount struct {
	base, changed int
}

// Change is what an incremental night found and did.
type Change struct {
	// Changed, Added and Deleted count the articles whose content hash
	// differs from the snapshot's, the new ones and the gone ones.
	Changed, Added, Deleted int
	// Relisted counts the unchanged articles whose candidates (or widened
	// candidates) gained or lost an article; Rescanned those scanned again for lack of known
	// candidates; Short those left with fewer known candidates than
	// Config.Candidates (and more than the refill bound).
	Relisted, Rescanned, Short int
	// Finished counts the lists finished again (the changed, new and
	// relisted articles'); every other article kept the list the
	// snapshot holds.
	Finished int
	// Unreached counts the relisted articles that kept their list all the
	// same: no changed or new candidate can reach it (gainsBelow).
	Unreached int
	// Widened counts the lists finished again whose rewordings crowded
	// their candidates (widen.go), and WideSearched those of them whose
	// widened candidates were searched again, not taken from the
	// snapshot's.
	Widened, WideSearched int
	// Kept counts the articles whose analysis was the snapshot's: their
	// files' bytes are the ones it kept, so they were not analysed again
	// (kept.go).
	Kept int
	// Drift is the share of the last full build's articles changed, added
	// or deleted since it, this night included.
	Drift float64
}

// Snapshot is what a night keeps for the next one (the file's comment says
// how Update uses it). It is written and read in a versioned binary form
// (WriteTo, ReadSnapshot).
type Snapshot struct {
	cfg       Config // the build's, Workers 0
	urls      []string
	hashes    []uint64
	terms     []string
	idf       []float64
	dims      int
	basis     []float32 // len(terms) × dims
	z         []float32 // len(urls) × dims
	explained float64
	cands     [][]int32 // candidates, as indices into urls
	floors    []float64
	// wide and wideFloors are the widened candidates (Model.wide), as
	// indices into urls (none for an article not widened), and their floors.
	wide       [][]int32
	wideFloors []float64
	// expl are the night's explanations (SetExplanations), by article, and
	// explN the terms asked per pair; nil when none were set.
	expl  [][]int32
	explN int
	lists [][]Hit // the finished lists, Docs indices into urls
	drift driftCount
	// What the night kept of each article's file and its analysis
	// (kept.go): the fingerprint of the file's bytes, its fields, its
	// answer's length, its TF-IDF and question rows, its written forms
	// and word counts, and the tables of their words.
	sums       []corpus.Fingerprint
	arts       []keptArticle
	answerLen  []int
	x, q       matrixRows // a model's CSR, or the rows read back (rowList)
	forms      [][]form
	formWords  []string
	counts     [][]byte // packed (packCounts); nil without stemming
	countWords []string
	hub        []float64 // each article's neighbourhood density (hubOf; RerankHub)
	// The duplicate pairs' search as the night left it (dupstate.go):
	// each article's nearest questions read and the pairs accepted, as
	// read (near nil: none kept), or from the model (dupsOf).
	near     [][]Hit
	dupPairs []DupPair
	dupsOf   func() ([][]Hit, []DupPair, bool)
}

// Len returns the number of articles the snapshot holds.
func (s *Snapshot) Len() int { return len(s.urls) }

// Snapshot returns what the next night needs to run incrementally from
// this model, built from arts (whose files' fingerprints and fields it
// keeps: take it once the night wrote its files, so that it describes
// them as written), or an error when the model cannot seed one (a
// ranking other than the exact blend, or the written forms let go:
// DropSurfaces). It shares the model's and the articles' arrays; none
// may be modified.
func (m *Model) Snapshot(arts []corpus.Article) (*Snapshot, error) {
	if m.cands == nil || m.basis == nil {
		return nil, fmt.Errorf("recommend: a %q build with search %q over %d articles keeps no candidates for an incremental night", m.cfg.Ranking, m.cfg.Search, len(m.urls))
	}
	if len(arts) != len(m.urls) || m.tf.forms == nil || m.cfg.Stem && m.tf.counts == nil {
		return nil, fmt.Errorf("recommend: the model's articles or their analysis are not at hand for a snapshot")
	}
	cfg := m.cfg
	cfg.Workers = 0
	s := &Snapshot{cfg: cfg, urls: m.urls, hashes: m.hashes, terms: m.tf.terms, idf: m.tf.idf,
		dims: m.lsaDims(), basis: m.basis, z: m.z, explained: m.explained,
		cands: make([][]int32, len(m.cands)), floors: m.floors, wide: make([][]int32, len(m.cands)), wideFloors: make([]float64, len(m.cands)),
		lists: m.lists, drift: m.drift, hub: m.hub,
		answerLen: m.answerLen, x: m.tf.x, q: m.tf.q, forms: m.tf.forms, formWords: m.tf.formWords,
		counts: m.tf.counts, countWords: m.tf.countWords, dupsOf: m.keptDuplicates}
	if err := s.SetFiles(arts); err != nil {
		return nil, err
	}
	for i, hs := range m.cands {
		s.cands[i] = docsOf(hs)
	}
	for i := range m.wide { // nil when nothing was widened
		if m.wide[i] != nil {
			s.wide[i], s.wideFloors[i] = docsOf(m.wide[i]), m.wideFloors[i]
		}
	}
	return s, nil
}

// docsOf returns the articles of hs, as a snapshot keeps candidates.
func docsOf(hs []Hit) []int32 {
	out := make([]int32, len(hs))
	for k, h := range hs {
		out[k] = int32(h.Doc)
	}
	return out
}

// SetFiles records in s the files of arts, the snapshot's articles in
// its order, as they are now: their fingerprints and fields (Known). A
// night that rewrote files calls it again once they are written, so that
// the next night knows them as written.
func (s *Snapshot) SetFiles(arts []corpus.Article) error {
	if len(arts) != len(s.urls) {
		return fmt.Errorf("recommend: %d articles for a snapshot of %d", len(arts), len(s.urls))
	}
	sums, kept := make([]corpus.Fingerprint, len(arts)), make([]keptArticle, len(arts))
	for i := range arts {
		if arts[i].URL != s.urls[i] {
			return fmt.Errorf("recommend: article %d is %s, not the snapshot's %s", i, arts[i].URL, s.urls[i])
		}
		sums[i], kept[i] = arts[i].Sum, keptOf(&arts[i])
	}
	s.sums, s.arts = sums, kept
	return nil
}

// keepCandidates records a full blend build's TF-IDF candidates for its
// Snapshot, with each article's floor: its last candidate's exact cosine
// when it has Candidates of them, else 0 (every article sharing a term is
// among them). Builds whose candidates are not exact (the IVF search) keep
// none.
func (m *Model) keepCandidates(byT [][]Hit, n int) {
	if !m.seeds(n) {
		return
	}
	m.cands = byT
	m.floors = make([]float64, n)
	par.For(n, m.workers, func(i int) {
		if hs := byT[i]; len(hs) >= m.cfg.Candidates {
			m.floors[i] = m.cosTFIDF(i, hs[len(hs)-1].Doc)
		}
	})
	m.drift = driftCount{base: n}
}

// seeds reports whether a build of m's settings over n articles can seed
// an incremental night: the exact blend, without LSA candidates.
func (m *Model) seeds(n int) bool {
	return m.cfg.Ranking == RankBlend && !m.useIVF(n) && m.cfg.LSACandidates == 0
}

// contentHashes returns a hash of what the engine reads of each article:
// its id, its five text fields and its normalised subject (SHA-256 of the
// fields, each after its length, first 8 bytes). The subject is in it
// because the blend's scores read it (RerankSubject): an article whose
// subject moved is changed, so that the lists that hold it are finished
// again. The fields are laid out in one buffer per goroutine, not copied
// field by field.
func contentHashes(arts []corpus.Article, workers int) []uint64 {
	out := make([]uint64, len(arts))
	par.Ranges(len(arts), workers, func(lo, hi int) {
		var buf []byte
		for i := lo; i < hi; i++ {
			a := &arts[i]
			buf = buf[:0]
			for _, s := range [...]string{a.ID, a.Question, a.Title, a.SEODescription, a.SEOKeywords, a.Answer, a.SubjectKey} {
				buf = binary.LittleEndian.AppendUint64(buf, uint64(len(s)))
				buf = append(buf, s...)
			}
			sum := sha256.Sum256(buf)
			out[i] = binary.LittleEndian.Uint64(sum[:])
		}
	})
	return out
}

// Refuses returns the *RebuildError Update would give, from the
// settings alone, for a night under cfg from s; nil when they allow one.
// A caller asks before it loads the corpus (Known).
func (s *Snapshot) Refuses(cfg Config) error {
	if why := s.compatible(cfg); why != "" {
		return rebuild("%s", why)
	}
	return nil
}

// compatible returns why prev cannot seed a night under cfg over n
// articles ("" when it can).
func (prev *Snapshot) compatible(cfg Config) string {
	if cfg.Ranking != RankBlend || cfg.LSACandidates > 0 || cfg.Search == SearchIVF {
		return fmt.Sprintf("the ranking is not the exact blend (ranking %s, lsa_candidates %d, search %s)", cfg.Ranking, cfg.LSACandidates, cfg.Search)
	}
	was, now := reflect.ValueOf(prev.cfg), reflect.ValueOf(cfg)
	for _, k := range ConfigKeys() {
		if k.Field == "Workers" {
			continue
		}
		a, b := was.FieldByIndex(k.Index).Interface(), now.FieldByIndex(k.Index).Interface()
		if a != b {
			return fmt.Sprintf("setting %s changed from %v to %v", k.Key, a, b)
		}
	}
	return ""
}

// Update ranks arts as Build would under cfg, from the previous night's
// snapshot prev, recomputing only what the articles changed, added or
// deleted since can change (the file's comment has the method). It
// returns a *RebuildError when it cannot (the caller then builds in full),
// and what the night changed.
//
// An article whose url and file fingerprint are the snapshot's is not
// analysed again: its analysis is the snapshot's (kept.go), and arts may
// hold only the fields Known gives for it.
func Update(prev *Snapshot, arts []corpus.Article, cfg Config) (*Model, *Change, error) {
	return update(prev, arts, cfg, MaxDrift, true)
}

// UpdateAnalysing is Update analysing every article's text again, none
// taken from the snapshot, and searching the duplicate pairs over the
// whole corpus (Duplicates; dupnight.go): arts must hold every article's
// text. It gives Update's model (tests hold them to it).
func UpdateAnalysing(prev *Snapshot, arts []corpus.Article, cfg Config) (*Model, *Change, error) {
	return update(prev, arts, cfg, MaxDrift, false)
}

// update is Update with the drift bound maxDrift, taking unchanged
// articles' analysis and the duplicate pairs' search from prev when
// reuse is set.
func update(prev *Snapshot, arts []corpus.Article, cfg Config, maxDrift float64, reuse bool) (*Model, *Change, error) {
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	if len(arts) == 0 {
		return nil, nil, errors.New("recommend: no articles to build from")
	}
	if prev == nil {
		return nil, nil, rebuild("no saved state from an earlier night")
	}
	if why := prev.compatible(cfg); why != "" {
		return nil, nil, rebuild("%s", why)
	}
	if len(prev.hub) != prev.Len() {
		return nil, nil, rebuild("the saved state has no neighbourhood densities (rerank_hub)")
	}
	n := len(arts)
	if cfg.Search == SearchAuto && n > cfg.ExactUpTo {
		return nil, nil, rebuild("%d articles are searched approximately (exact_up_to %d)", n, cfg.ExactUpTo)
	}
	workers := par.Workers(cfg.Workers)
	start := time.Now()
	m, keys, kept := prepareNight(prev, arts, cfg, workers, reuse)
	m.start = start
	if d := m.lsaDims(); d != prev.dims {
		return nil, nil, rebuild("the corpus now has room for %d LSA dimensions, not %d", d, prev.dims)
	}

	// Match the articles to the snapshot's by URL and content.
	byURL := prev.positions()
	ch := &Change{Kept: kept}
	old := make([]int32, n)            // article → its index in prev, -1 when changed or new
	newOf := make([]int32, prev.Len()) // prev index → article, -1 when changed or gone
	for p := range newOf {
		newOf[p] = -1
	}
	var touched []int // changed and new articles, ascending
	for i, u := range m.urls {
		p, ok := byURL[u]
		switch {
		case !ok:
			ch.Added++
		case prev.hashes[p] != m.hashes[i]:
			ch.Changed++
		default:
			old[i], newOf[p] = p, int32(i)
			continue
		}
		old[i] = -1
		touched = append(touched, i)
	}
	ch.Deleted = prev.Len() - (n - ch.Added)
	if reuse && prev.expl != nil {
		m.explKept = newKeptExpl(prev, old, m.tf.formWords)
	}
	m.drift = driftCount{base: prev.drift.base, changed: prev.drift.changed + ch.Changed + ch.Added + ch.Deleted}
	ch.Drift = float64(m.drift.changed) / float64(max(m.drift.base, 1))
	if ch.Drift > maxDrift {
		return nil, nil, rebuild("%d articles changed, added or deleted since the last full build, %.1f%% of its %d (over %g%%)",
			m.drift.changed, 100*ch.Drift, m.drift.base, 100*maxDrift)
	}
	m.stage("text and TF-IDF")

	// LSA: unchanged articles keep their coordinates, the rest fold in.
	d := prev.dims
	m.basis, m.explained = prev.basis, prev.explained
	m.z = make([]float32, n*d)
	par.For(n, workers, func(i int) {
		if p := old[i]; p >= 0 {
			copy(m.z[i*d:(i+1)*d], prev.z[int(p)*d:(int(p)+1)*d])
			return
		}
		m.foldIn(i, d)
	})
	m.stage("LSA fold-in")

	// Candidates: the touched articles' scans, then every list.
	scan := m.newScanner(workers)
	m.scan = scan // widenCandidates searches with it too
	defer func() { m.scan = nil }()
	// The scans report, for each unchanged article, the changed rows over
	// the lower of its floors: its TF-IDF candidates' and, when its
	// rewordings crowd them, its widened candidates' (widen.go).
	floors := make([]float64, n) // -1 for changed and new articles
	for i, p := range old {
		floors[i] = -1
		if p >= 0 {
			floors[i] = prev.floors[p]
			if len(prev.wide[p]) > 0 {
				floors[i] = min(floors[i], prev.wideFloors[p])
			}
		}
	}
	own, arrivals := scan.rows(touched, floors, cfg.Candidates, m.copyOf)
	byT := make([][]Hit, n)
	m.floors = make([]float64, n)
	m.wide, m.wideFloors = make([][]Hit, n), make([]float64, n)
	relisted := make([]bool, n)
	rescanned := make([]bool, n) // relisted articles scanned again (refill)
	var mu sync.Mutex
	var refill []int
	par.Ranges(n, workers, func(lo, hi int) {
		sc := m.newRowScorer()
		var mine []int
		for i := lo; i < hi; i++ {
			p := old[i]
			if p < 0 {
				continue
			}
			floor := prev.floors[p]
			hs, lost := keptCands(prev.cands[p], newOf)
			var gains []Hit // the changed rows over the candidates' floor
			for _, h := range arrivals[i] {
				if h.Score >= floor {
					gains = append(gains, h)
				}
			}
			// The widened candidates are kept the same way: less the
			// changed and gone, plus the changed rows over their floor.
			var wide []Hit
			wideMoved := false
			if w := prev.wide[p]; len(w) > 0 {
				var wlost bool
				wide, wlost = keptCands(w, newOf)
				wideMoved = wlost
				for _, h := range arrivals[i] {
					if h.Score >= prev.wideFloors[p] {
						wide = append(wide, h)
						wideMoved = true
					}
				}
				m.wideFloors[i] = prev.wideFloors[p]
			}
			m.wide[i] = wide
			if !lost && len(gains) == 0 && !wideMoved {
				byT[i], m.floors[i] = hs, floor
				continue
			}
			// Relisted: its list is finished again, from candidates
			// with their scores.
			relisted[i] = true
			sc.load(i)
			for k := range hs {
				hs[k].Score = sc.cos(hs[k].Doc)
			}
			hs = append(hs, gains...)
			sortHits(hs)
			if len(hs) > cfg.Candidates {
				hs = hs[:cfg.Candidates]
				floor = hs[len(hs)-1].Score
			}
			byT[i], m.floors[i] = hs, floor
			for k := range wide {
				if old[wide[k].Doc] >= 0 { // a changed row's score is its scan's
					wide[k].Score = sc.cos(wide[k].Doc)
				}
			}
			sortHits(wide)
			if len(hs) < refillBelow(cfg) && floor > 0 {
				mine = append(mine, i)
			}
		}
		mu.Lock()
		refill = append(refill, mine...)
		mu.Unlock()
	})
	slices.Sort(refill)
	for _, i := range touched {
		byT[i], m.floors[i] = own[i].hits, own[i].floor
		m.wide[i] = nil // widened again if its rewordings crowd it
	}
	again, _ := scan.rows(refill, nil, cfg.Candidates, m.copyOf)
	for _, i := range refill {
		byT[i], m.floors[i] = again[i].hits, again[i].floor
		rescanned[i] = true
	}
	for i := range n {
		if relisted[i] {
			ch.Relisted++
		}
		if old[i] >= 0 && len(byT[i]) < cfg.Candidates && m.floors[i] > 0 {
			ch.Short++
		}
	}
	ch.Rescanned = len(refill)
	m.cands = byT
	if reuse && prev.near != nil {
		m.dupPrev = &dupPrev{near: prev.near, pairs: prev.dupPairs, old: old, newOf: newOf}
		m.seedVerdicts(m.dupPrev, workers)
	}
	m.nightHub(prev, old, touched, byT)
	m.stage("TF-IDF candidates")
	lists := m.nightLists(prev, old, newOf, byT, relisted, rescanned, keys)
	ch.Widened, ch.WideSearched = m.widened, m.wideSearched
	for i, l := range lists {
		switch {
		case l.again:
			ch.Finished++
		case relisted[i]:
			ch.Unreached++
		}
	}
	m.lists = hitsOf(lists)
	m.singleRankings(byT, make([][]Hit, n), m.copyOf, keys, workers)
	m.stage("blend and lists")
	return m, ch, nil
}

// nightHub sets the night's neighbourhood densities (RerankHub): an
// unchanged article keeps the snapshot's, so that every score between
// unchanged articles stays bit for bit last night's and the kept lists
// stay right (nightLists); a changed or new article gets its own from its
// candidates byT, which its scan scored. The densities of unchanged
// articles then drift from a full rebuild's as the idf and the basis do,
// until the next full build.
func (m *Model) nightHub(prev *Snapshot, old []int32, touched []int, byT [][]Hit) {
	m.hub = make([]float64, len(byT))
	for i, p := range old {
		if p >= 0 {
			m.hub[i] = prev.hub[p]
		}
	}
	for _, i := range touched {
		m.hub[i] = m.hubOf(i, byT[i])
	}
}

// nightList is one article's list on an incremental night, and whether it
// was finished again rather than kept.
type nightList struct {
	hits  []Hit
	again bool
}

// hitsOf returns the lists' hits.
func hitsOf(lists []nightList) [][]Hit {
	out := make([][]Hit, len(lists))
	for i, l := range lists {
		out[i] = l.hits
	}
	return out
}

// nightLists returns every article's list from its candidates byT. An
// unchanged article whose candidates neither gained nor lost (relisted
// false) keeps the snapshot's list: its candidates are the ones it had,
// every score of theirs reads only unchanged rows (its TF-IDF and question
// rows, its LSA coordinates, its subject, id and question key, all in the
// content hash) and so is bit for bit last night's, and finish decides
// from those scores, the URLs and the pairs' paraphrase verdicts alone,
// which are unchanged too. So does a relisted article, not scanned
// again, when no changed or new candidate can reach its list
// (gainsBelow). The other lists (changed, new and relisted articles', and any kept list
// that names an article gone or changed, which cannot happen since a list
// holds candidates only) are merged and finished as rankBlend does.
func (m *Model) nightLists(prev *Snapshot, old, newOf []int32, byT [][]Hit, relisted, rescanned []bool, keys []int32) []nightList {
	n := len(byT)
	out := make([]nightList, n)
	redo := make([][]Hit, n) // the candidates of the lists finished again, nil for the rest
	par.Ranges(n, m.workers, func(lo, hi int) {
		var sc *rowScorer
		for i := lo; i < hi; i++ {
			if p := old[i]; p >= 0 && !rescanned[i] {
				if hs, ok := keptList(prev.lists[p], newOf); ok {
					if !relisted[i] {
						out[i].hits = hs
						continue
					}
					if sc == nil {
						sc = m.newRowScorer()
					}
					if m.gainsBelow(i, hs, byT[i], old, sc) {
						out[i].hits = hs
						continue
					}
				}
			}
			out[i].again = true
			redo[i] = byT[i]
		}
	})
	fresh := m.blendLists(redo, make([][]Hit, n), keys)
	for i := range out {
		if out[i].again {
			out[i].hits = fresh[i]
		}
	}
	return out
}

// gainsBelow reports whether article i, unchanged, whose candidates cands
// are its old ones less those changed, gone or cut and plus changed or
// new articles (old < 0), still has the finished list list (the
// snapshot's, renumbered: every article of it unchanged). finish walks
// the candidates by blended score (then URL) and decides each from i,
// the candidate and the list so far; the walk over the old candidates
// gave list. An old candidate that is no longer one was not in list
// when list is in cands: it was passed over, and a passed-over candidate
// decides nothing for the rest. So when list is in cands and every
// changed or new candidate comes after list's last hit in that order (a
// full list) or scores where the walk stops (a short list: at most 0 or
// under MinScore), the walk over cands gives list again. sc is the
// caller's row scorer; it is loaded with i.
func (m *Model) gainsBelow(i int, list, cands []Hit, old []int32, sc *rowScorer) bool {
	for _, h := range list {
		if !slices.ContainsFunc(cands, func(c Hit) bool { return c.Doc == h.Doc }) {
			return false
		}
	}
	d := len(m.z) / max(m.tf.x.Rows, 1)
	loaded := false
	for _, c := range cands {
		if old[c.Doc] >= 0 {
			continue
		}
		if !loaded {
			sc.load(i)
			loaded = true
		}
		s := m.blended(m.cfg.Blend, i, c.Doc, cosLSA(m.z, d, i, c.Doc), sc.cos(c.Doc))
		if len(list) < m.cfg.TopK {
			if s <= 0 || s < m.cfg.MinScore {
				continue
			}
			return false
		}
		last := list[len(list)-1]
		if cmp.Or(cmp.Compare(last.Score, s), cmp.Compare(m.urls[c.Doc], m.urls[last.Doc])) <= 0 {
			return false
		}
	}
	return true
}

// keptList returns the snapshot's list hs with its articles renumbered by
// newOf (snapshot index → article), or false when one of them is changed
// or gone.
func keptList(hs []Hit, newOf []int32) ([]Hit, bool) {
	out := make([]Hit, len(hs))
	for k, h := range hs {
		j := newOf[h.Doc]
		if j < 0 {
			return nil, false
		}
		out[k] = Hit{Doc: int(j), Score: h.Score}
	}
	return out, true
}

// keptCands returns the snapshot's candidates cs renumbered by newOf
// (snapshot index → article), without scores, less the changed and gone
// ones, and whether there were any of those.
func keptCands(cs []int32, newOf []int32) (hs []Hit, lost bool) {
	hs = make([]Hit, 0, len(cs))
	for _, q := range cs {
		if j := newOf[q]; j >= 0 {
			hs = append(hs, Hit{Doc: int(j)})
		} else {
			lost = true
		}
	}
	return hs, lost
}

// sortHits orders hits by score descending, then index ascending, the
// top-k searches' order.
func sortHits(hs []Hit) { linalg.SortHits(hs) }

// keepBest adds h to hs, the best hits so far in sortHits' order, keeping
// at most k.
func keepBest(hs []Hit, h Hit, k int) []Hit {
	better := func(a, b Hit) bool { return a.Score > b.Score || a.Score == b.Score && a.Doc < b.Doc }
	if len(hs) == k && !better(h, hs[k-1]) {
		return hs
	}
	p, _ := slices.BinarySearchFunc(hs, h, func(a, b Hit) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	if len(hs) < k {
		hs = append(hs, Hit{})
	}
	copy(hs[p+1:], hs[p:])
	hs[p] = h
	return hs
}

// foldIn sets row i of m.z to x_i·V, normalised (zero for an article
// without a kept term): the LSA coordinates of an article the basis was
// not computed from.
func (m *Model) foldIn(i, d int) {
	row := m.z[i*d : (i+1)*d]
	acc := make([]float64, d)
	ind, val := m.tf.x.Row(i)
	for p, c := range ind {
		v := float64(val[p])
		for k, b := range m.basis[int(c)*d : (int(c)+1)*d] {
			acc[k] += v * float64(b)
		}
	}
	var ss float64
	for _, v := range acc {
		ss += v * v
	}
	if ss == 0 {
		return
	}
	inv := 1 / math.Sqrt(ss)
	for k, v := range acc {
		row[k] = float32(v * inv)
	}
}

// scanner scores whole rows against every row through the inverted index
// (the transpose of the TF-IDF matrix): the products of a row's entries
// with each column's postings, summed in the row's column order in
// float64, so that a score equals cosTFIDF's for the pair.
type scanner struct {
	m       *Model
	t       *linalg.CSR
	workers int
}

func (m *Model) newScanner(workers int) *scanner {
	return &scanner{m: m, t: m.tf.x.Transpose(), workers: workers}
}

// scanned is one scanned row's candidates and floor.
type scanned struct {
	hits  []Hit
	floor float64
}

// rows scans each of rows: its k best other articles (copies left out, by
// score descending then index) and its floor, indexed by article. With
// floors (nil for none), also, for every article i whose floor is not
// negative, the scanned rows whose score with i exceeds it, as hits of i,
// by score descending then index. The result does not depend on the
// number of workers.
func (s *scanner) rows(rows []int, floors []float64, k int, skip func(i, j int) bool) (map[int]scanned, [][]Hit) {
	n := s.m.tf.x.Rows
	out := make(map[int]scanned, len(rows))
	gains := floors != nil
	var arrivals [][]Hit
	if gains {
		arrivals = make([][]Hit, n)
	}
	type part struct {
		own  map[int]scanned
		gain []int // the article each of hits is a gain of
		hits []Hit
	}
	var parts []part
	var mu sync.Mutex
	par.Ranges(len(rows), s.workers, func(lo, hi int) {
		// A row's postings reach most of the corpus through its common
		// terms, so the accumulator is read whole rather than tracked.
		acc := make([]float64, n)
		pt := part{own: map[int]scanned{}}
		for _, r := range rows[lo:hi] {
			ind, val := s.m.tf.x.Row(r)
			for p, c := range ind {
				v := float64(val[p])
				post := s.t.Ind[s.t.Ptr[c]:s.t.Ptr[c+1]]
				pval := s.t.Val[s.t.Ptr[c]:s.t.Ptr[c+1]]
				pval = pval[:len(post)]
				for q, i := range post {
					acc[i] += v * float64(pval[q])
				}
			}
			var hs []Hit
			total := 0
			for i, sc := range acc {
				if sc == 0 {
					continue
				}
				acc[i] = 0
				if i == r || sc <= 0 || skip(r, i) {
					continue
				}
				total++
				hs = keepBest(hs, Hit{Doc: i, Score: sc}, k)
				if gains && floors[i] >= 0 && sc >= floors[i] {
					pt.gain = append(pt.gain, i)
					pt.hits = append(pt.hits, Hit{Doc: r, Score: sc})
				}
			}
			var floor float64
			if total > k {
				floor = hs[k-1].Score
			}
			pt.own[r] = scanned{hits: slices.Clip(hs), floor: floor}
		}
		mu.Lock()
		parts = append(parts, pt)
		mu.Unlock()
	})
	for _, pt := range parts {
		for r, sc := range pt.own {
			out[r] = sc
		}
		for x, i := range pt.gain {
			arrivals[i] = append(arrivals[i], pt.hits[x])
		}
	}
	if gains {
		for i := range arrivals {
			sortHits(arrivals[i])
		}
	}
	return out, arrivals
}

// snapshotMagic and snapshotVersion open a snapshot file. The format
// (little-endian; strings as a uvarint length and bytes; float arrays as
// their IEEE bits):
//
//	magic "RCSNAP\n\x00", version uint32
//	config   string (JSON of Config, Workers 0)
//	n        uvarint, then n × (url string, hash uint64)
//	files    per article: the file's size uvarint and SHA-256 (32 bytes); its
//	         id, date, subject, title, question strings; links count uvarint,
//	         each a uvarint: 1 + the index of the article it points at when
//	         it says of it what that article says of itself (corpus.LinkTo),
//	         else 0 and its (id, title, subject, url) strings; unrewritable
//	         uvarint (0 or 1)
//	T        uvarint, then T × (term string, idf float64)
//	dims     uvarint, explained float64
//	basis    T·dims float32, z n·dims float32
//	per article: candidate count uvarint, candidates uvarint each, floor float64,
//	             list length uvarint, list (article uvarint, score float64) each,
//	             widened candidate count uvarint, widened candidates uvarint
//	             each and, when there are any, their floor float64
//	the tables of words: forms' count uvarint and strings, counts' the same
//	counts kept uvarint (0 or 1)
//	per article: answer length uvarint; its TF-IDF row and question
//	             row, each a length uvarint and (column step uvarint, value
//	             float32) entries, the step from the last column (from -1);
//	             forms count uvarint, each (column, count, word) uvarints;
//	             with counts, a length uvarint and the counts packed
//	             (packCounts: word step, count uvarints)
//	base, changed uvarint (the drift)
//	hub count uvarint (0 or n), then that many float64: each article's
//	             neighbourhood density (RerankHub)
//	the duplicate pairs' search (dupstate.go)
//	the explanations (explkept.go): terms per pair uvarint, then per
//	             article a count uvarint and that many uvarints, its runs
//	CRC-32C of every byte before it, uint32
//
// A file of another version is refused (ErrSnapshotVersion): the next
// night rebuilds in full.
const (
	snapshotMagic   = "RCSNAP\n\x00"
	snapshotVersion = 5
)

// ErrSnapshotVersion is ReadSnapshot's error for a snapshot written by
// another version of the format.
var ErrSnapshotVersion = errors.New("snapshot from another format version")

// castagnoli is the CRC-32C table of the snapshot's checksum, made on
// first use so that a program that never reads a snapshot does not pay
// for it at start.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// WriteTo writes the snapshot in its binary form.
func (s *Snapshot) WriteTo(w io.Writer) (int64, error) {
	cfg, err := json.Marshal(s.cfg)
	if err != nil {
		return 0, fmt.Errorf("recommend: snapshot: %w", err)
	}
	// The snapshot is tens of megabytes: it is encoded in pieces of about
	// 64 KiB, each added to the checksum and written as it fills.
	sum := crc32.New(castagnoli())
	var total int64
	var werr error
	b := make([]byte, 0, 1<<16)
	flush := func(force bool) {
		if werr != nil || !force && len(b) < 1<<16-64 {
			return
		}
		sum.Write(b)
		var n int
		n, werr = w.Write(b)
		total += int64(n)
		b = b[:0]
	}
	str := func(x string) {
		b = binary.AppendUvarint(b, uint64(len(x)))
		if len(x) > cap(b)-len(b) {
			flush(true)
			sum.Write([]byte(x))
			var n int
			if werr == nil {
				n, werr = io.WriteString(w, x)
			}
			total += int64(n)
			return
		}
		b = append(b, x...)
		flush(false)
	}
	f64 := func(x float64) { b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x)); flush(false) }
	b = append(b, snapshotMagic...)
	b = binary.LittleEndian.AppendUint32(b, snapshotVersion)
	str(string(cfg))
	b = binary.AppendUvarint(b, uint64(len(s.urls)))
	for i, u := range s.urls {
		str(u)
		b = binary.LittleEndian.AppendUint64(b, s.hashes[i])
	}
	u := func(x uint64) { b = binary.AppendUvarint(b, x); flush(false) }
	s.writeFiles(u, str, func(p []byte) { b = append(b, p...) })
	b = binary.AppendUvarint(b, uint64(len(s.terms)))
	for j, t := range s.terms {
		str(t)
		f64(s.idf[j])
	}
	b = binary.AppendUvarint(b, uint64(s.dims))
	f64(s.explained)
	for _, a := range [][]float32{s.basis, s.z} {
		for _, v := range a {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
			flush(false)
		}
	}
	for i, cs := range s.cands {
		b = binary.AppendUvarint(b, uint64(len(cs)))
		for _, c := range cs {
			b = binary.AppendUvarint(b, uint64(c))
		}
		f64(s.floors[i])
		b = binary.AppendUvarint(b, uint64(len(s.lists[i])))
		for _, h := range s.lists[i] {
			b = binary.AppendUvarint(b, uint64(h.Doc))
			f64(h.Score)
		}
		var wide []int32
		if s.wide != nil {
			wide = s.wide[i]
		}
		b = binary.AppendUvarint(b, uint64(len(wide)))
		for _, c := range wide {
			b = binary.AppendUvarint(b, uint64(c))
		}
		if len(wide) > 0 {
			f64(s.wideFloors[i])
		}
	}
	for _, t := range [][]string{s.formWords, s.countWords} {
		u(uint64(len(t)))
		for _, w := range t {
			str(w)
		}
	}
	hasCounts := uint64(0)
	if s.counts != nil {
		hasCounts = 1
	}
	u(hasCounts)
	row := func(c matrixRows, i int) {
		ind, val := c.Row(i)
		u(uint64(len(ind)))
		last := int32(-1)
		for k, j := range ind {
			u(uint64(j - last)) // ascending: the step from the last
			last = j
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(val[k]))
		}
	}
	for i := range s.urls {
		u(uint64(s.answerLen[i]))
		row(s.x, i)
		row(s.q, i)
		u(uint64(len(s.forms[i])))
		for _, f := range s.forms[i] {
			u(uint64(f.col))
			u(uint64(f.n))
			u(uint64(f.word))
		}
		if s.counts != nil {
			u(uint64(len(s.counts[i])))
			b = append(b, s.counts[i]...)
		}
	}
	b = binary.AppendUvarint(b, uint64(s.drift.base))
	b = binary.AppendUvarint(b, uint64(s.drift.changed))
	b = binary.AppendUvarint(b, uint64(len(s.hub)))
	for _, h := range s.hub {
		f64(h)
	}
	s.writeDups(u, func(x float32) { b = appendF32(b, x); flush(false) }, f64)
	s.writeExpl(u)
	flush(true)
	b = binary.LittleEndian.AppendUint32(b[:0], sum.Sum32())
	if werr == nil {
		var n int
		n, werr = w.Write(b)
		total += int64(n)
	}
	return total, werr
}

// ReadSnapshot reads a snapshot written by WriteTo. A truncated, corrupt
// or inconsistent file is an error (ErrSnapshotVersion for another
// version); it never panics. From an *os.File it decodes the file's
// mapping where the platform maps files (mmap_linux.go), without a copy
// of the file in memory; nothing it returns points into the mapping.
func ReadSnapshot(r io.Reader) (*Snapshot, error) { return ReadSnapshotEarly(r, nil) }

// ReadSnapshotEarly is ReadSnapshot calling files (nil: none), once the
// articles' files are read and checked and before the rest is (and
// before the checksum is known to hold), with the snapshot so far, whose
// Known answers from then on: a night's load need not wait for the rest.
// A snapshot that fails later is still an error; the caller must then
// not trust what Known gave (a load that used it is made again).
func ReadSnapshotEarly(r io.Reader, files func(*Snapshot)) (s *Snapshot, err error) {
	if f, ok := r.(*os.File); ok {
		if b, unmap, ok := mapFile(f); ok {
			// Nothing decoded points into the mapping (strings and
			// arrays are copies), and a fault reading it (the file
			// truncated under it) is an error, not a crash.
			defer unmap()
			if fault := faultless(func() { s, err = decodeSnapshot(b, files) }); fault != nil {
				return nil, fault
			}
			return s, err
		}
	}
	b, err := readSized(r)
	if err != nil {
		return nil, fmt.Errorf("recommend: reading the snapshot: %w", err)
	}
	return decodeSnapshot(b, files)
}

// faultless runs read, which reads bytes that may be a file's mapping,
// on the calling goroutine, and returns the error a fault while reading
// them (the file truncated under the mapping) becomes, rather than a
// crash: nil when read returned.
func faultless(read func()) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("recommend: reading the snapshot: %v", p)
		}
	}()
	read()
	return nil
}

// decodeSnapshot is ReadSnapshotEarly from the snapshot's bytes b, which
// nothing it returns points into.
func decodeSnapshot(b []byte, files func(*Snapshot)) (*Snapshot, error) {
	bad := func(what string) error { return fmt.Errorf("recommend: corrupt snapshot: %s", what) }
	if len(b) < len(snapshotMagic)+8 || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, bad("not a snapshot")
	}
	if v := binary.LittleEndian.Uint32(b[len(snapshotMagic):]); v != snapshotVersion {
		return nil, fmt.Errorf("recommend: snapshot version %d, want %d: %w", v, snapshotVersion, ErrSnapshotVersion)
	}
	// The checksum is verified on a goroutine of its own while the body
	// is decoded (files gets the files before it is known to hold); a
	// mismatch is the error, whatever the decoding found.
	body := b[:len(b)-4]
	var check sync.WaitGroup
	var sumOK bool
	var sumFault error
	check.Go(func() {
		sumFault = faultless(func() {
			sumOK = crc32.Checksum(body, castagnoli()) == binary.LittleEndian.Uint32(b[len(b)-4:])
		})
	})
	defer check.Wait() // before the bytes are let go, whatever the outcome
	s, err := decodeBody(body[len(snapshotMagic)+4:], files)
	switch check.Wait(); {
	case sumFault != nil:
		return nil, sumFault
	case !sumOK:
		return nil, bad("checksum mismatch")
	}
	return s, err
}

// decodeBody decodes the snapshot's body b, between its version and its
// checksum (decodeSnapshot).
func decodeBody(b []byte, files func(*Snapshot)) (*Snapshot, error) {
	bad := func(what string) error { return fmt.Errorf("recommend: corrupt snapshot: %s", what) }
	d := &decoder{b: b}
	s := &Snapshot{}
	if err := json.Unmarshal([]byte(d.str()), &s.cfg); err != nil && d.err == nil {
		return nil, bad("settings: " + err.Error())
	}
	count := func(size int) int { // a count whose items take at least size bytes each
		v := d.uvarint()
		if d.err != nil || v > uint64(len(d.b)/max(size, 1)) {
			d.fail()
			return 0
		}
		return int(v)
	}
	n := count(9)
	s.urls, s.hashes = make([]string, n), make([]uint64, n)
	for i := range n {
		s.urls[i] = d.str()
		s.hashes[i] = d.u64()
	}
	if d.err != nil {
		return nil, bad("articles")
	}
	if err := s.readFiles(d, n, count); err != nil {
		return nil, bad(err.Error())
	}
	if files != nil {
		files(s)
	}
	nt := count(9)
	s.terms, s.idf = make([]string, nt), make([]float64, nt)
	for j := range nt {
		s.terms[j] = d.str()
		s.idf[j] = d.f64()
	}
	s.dims = count(0)
	s.explained = d.f64()
	if d.err != nil || !slices.IsSorted(s.terms) || s.dims < 1 || !d.room((nt+n)*s.dims, 4) {
		return nil, bad("header")
	}
	// The LSA arrays, tens of megabytes at a fixed place, are decoded on
	// a goroutine of their own while the rest is read.
	s.basis, s.z = make([]float32, nt*s.dims), make([]float32, n*s.dims)
	rawBasis, rawZ := d.take(4*len(s.basis)), d.take(4*len(s.z)) // room checked above
	var lsa sync.WaitGroup
	var lsaFault error
	defer lsa.Wait() // before the bytes are let go, whatever the outcome
	lsa.Go(func() {
		lsaFault = faultless(func() {
			for _, p := range [...]struct {
				a   []float32
				raw []byte
			}{{s.basis, rawBasis}, {s.z, rawZ}} {
				for k := range p.a {
					p.a[k] = math.Float32frombits(binary.LittleEndian.Uint32(p.raw[4*k:]))
				}
			}
		})
	})
	article := func() int { // an index into the articles
		v := d.uvarint()
		if v >= uint64(n) {
			d.fail()
			return 0
		}
		return int(v)
	}
	// Every article's candidates in one array, its list in another and its
	// widened candidates in a third.
	s.floors, s.wideFloors = make([]float64, n), make([]float64, n)
	cands, lists := make([]int32, 0, min(n*max(s.cfg.Candidates, 1), len(d.b))), make([]Hit, 0, min(n*max(s.cfg.TopK, 1), len(d.b)/9))
	var wides []int32
	candAt, listAt, wideAt := make([]int, n+1), make([]int, n+1), make([]int, n+1)
	for i := range n {
		for range count(1) {
			cands = append(cands, int32(article()))
		}
		s.floors[i] = d.f64()
		for range count(9) {
			lists = append(lists, Hit{Doc: article(), Score: d.f64()})
		}
		if nw := count(1); nw > 0 {
			for range nw {
				wides = append(wides, int32(article()))
			}
			s.wideFloors[i] = d.f64()
		}
		candAt[i+1], listAt[i+1], wideAt[i+1] = len(cands), len(lists), len(wides)
	}
	if d.err != nil {
		return nil, bad("lists")
	}
	s.cands, s.lists, s.wide = split(cands, candAt), split(lists, listAt), split(wides, wideAt)
	if err := s.readKept(d, n, count); err != nil {
		return nil, bad(err.Error())
	}
	s.drift.base, s.drift.changed = int(d.uvarint()), int(d.uvarint())
	if nh := count(8); nh > 0 {
		if nh != n {
			d.fail()
		}
		s.hub = make([]float64, nh)
		for i := range s.hub {
			s.hub[i] = d.f64()
		}
	}
	s.readDups(d, n, count)
	s.readExpl(d, n, count)
	if d.err != nil || len(d.b) != 0 || s.drift.base < 0 || s.drift.changed < 0 {
		return nil, bad("body")
	}
	if lsa.Wait(); lsaFault != nil {
		return nil, lsaFault
	}
	return s, nil
}

// readKept reads the snapshot's kept files and analysis (WriteTo's
// second part) for n articles from d; count reads a count of items of at
// least size bytes each.
func (s *Snapshot) readKept(d *decoder, n int, count func(size int) int) error {
	small := func(limit int) int32 { // a number below limit
		v := d.uvarint()
		if v >= uint64(limit) {
			d.fail()
			return 0
		}
		return int32(v)
	}
	tables := [2][]string{}
	for t := range tables {
		tables[t] = make([]string, count(1))
		for k := range tables[t] {
			tables[t][k] = d.str()
		}
	}
	s.formWords, s.countWords = tables[0], tables[1]
	hasCounts := small(2) == 1
	nt := len(s.terms)
	// The rows and forms are read into large chunks, not an array per
	// article.
	var inds chunks[int32]
	var vals chunks[float32]
	var fs chunks[form]
	row := func(rows []rowBuf, i int) {
		m := count(5)
		r := rowBuf{ind: inds.take(m), val: vals.take(m)}
		last := int64(-1)
		for k := range m {
			step := d.uvarint()
			if step == 0 || step > uint64(nt) || last+int64(step) >= int64(nt) {
				d.fail()
				step = 1
			}
			last += int64(step)
			r.ind[k] = int32(last)
			r.val[k] = math.Float32frombits(d.u32())
		}
		rows[i] = r
	}
	s.answerLen = make([]int, n)
	s.forms = make([][]form, n)
	var packed [][2]int // each article's counts: its bytes' place in the file, read whole below
	if hasCounts {
		s.counts = make([][]byte, n)
		packed = make([][2]int, n)
	}
	body := d.b
	xs, qs := make([]rowBuf, n), make([]rowBuf, n)
	for i := range n {
		s.answerLen[i] = int(small(corpus.MaxFileSize + 1))
		row(xs, i)
		row(qs, i)
		s.forms[i] = fs.take(count(3))
		for f := range s.forms[i] {
			s.forms[i][f] = form{col: small(nt), n: small(math.MaxInt32), word: small(len(s.formWords))}
		}
		if hasCounts {
			m := count(1)
			at := len(body) - len(d.b)
			d.take(m)
			packed[i] = [2]int{at, at + m}
		}
		if d.err != nil {
			return fmt.Errorf("article %d: %v", i, d.err)
		}
	}
	// The rows are packed once, when a night splices them (spliceRows).
	s.x, s.q = rowList(xs), rowList(qs)
	if hasCounts { // one array for every article's counts, not the file's buffer
		size := 0
		for _, at := range packed {
			size += at[1] - at[0]
		}
		all := make([]byte, 0, size)
		for i, at := range packed {
			all = append(all, body[at[0]:at[1]]...)
			s.counts[i] = all[len(all)-(at[1]-at[0]) : len(all) : len(all)]
		}
	}
	return s.checkKept()
}

// split returns all cut at the offsets at (len(at)-1 slices, slice i
// all[at[i]:at[i+1]], each capped at its end).
func split[T any](all []T, at []int) [][]T {
	out := make([][]T, len(at)-1)
	for i := range out {
		out[i] = all[at[i]:at[i+1]:at[i+1]]
	}
	return out
}

// chunks hands out slices of large arrays, so that many small slices
// read one after another cost an allocation per chunk, not one each.
type chunks[T any] struct{ cur []T }

// take returns a slice of m items, capped at its end.
func (c *chunks[T]) take(m int) []T {
	if cap(c.cur)-len(c.cur) < m {
		c.cur = make([]T, 0, max(m, 1<<16))
	}
	c.cur = c.cur[:len(c.cur)+m]
	return c.cur[len(c.cur)-m : len(c.cur) : len(c.cur)]
}

// readSized reads r to its end. A file is read into a buffer of its
// size, not one grown by doubling: the snapshot is tens of megabytes.
func readSized(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			buf.Grow(int(st.Size()) + bytes.MinRead)
		}
	}
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

// uvarint reads an unsigned varint.
func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return v
}

// fail records a malformed field.
func (d *decoder) fail() {
	if d.err == nil {
		d.err = errors.New("malformed or truncated field")
	}
}
