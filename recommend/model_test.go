package recommend

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

// mustBuild is Build for a test's articles and settings: the model, or the
// test stops with Build's error.
func mustBuild(t testing.TB, arts []corpus.Article, cfg Config) *Model {
	t.Helper()
	m, err := Build(arts, cfg)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return m
}

// synthetic returns n seeded articles on four topics, with cross-posted
// copies (same id and question, another folder), copies under a new id with
// the same question in other case and spacing, and reworded copies (one
// question word changed).
func synthetic(n int, seed uint64) []corpus.Article {
	rng := rand.New(rand.NewPCG(seed, 7))
	topics := [][]string{
		strings.Fields("cell membrane protein enzyme mitochondria photosynthesis chlorophyll glucose respiration ribosome nucleus gene"),
		strings.Fields("market price demand supply inflation interest bank budget revenue profit tariff trade"),
		strings.Fields("algorithm compiler recursion pointer array stack queue graph hashing sorting database query"),
		strings.Fields("memory learning behaviour cognition emotion motivation conditioning anxiety therapy perception attention stress"),
	}
	common := strings.Fields("analysis method process system role effect impact factor example study")
	words := func(topic []string, k int) string {
		w := make([]string, k)
		for i := range w {
			if rng.IntN(4) == 0 {
				w[i] = common[rng.IntN(len(common))]
			} else {
				w[i] = topic[rng.IntN(len(topic))]
			}
		}
		return strings.Join(w, " ")
	}
	var arts []corpus.Article
	for len(arts) < n {
		i := len(arts)
		topic := topics[rng.IntN(len(topics))]
		a := corpus.Article{
			URL:      fmt.Sprintf("/learn/f%d/questions/q%04d", i%5, i),
			ID:       fmt.Sprint(1000 + i),
			Question: "How does " + words(topic, 5) + " work?",
			Answer:   words(topic, 40) + `\n\n**` + words(topic, 3) + `**: \text{` + words(topic, 2) + `}`,
		}
		a.Title = a.Question
		a.SEOKeywords = strings.ReplaceAll(words(topic, 4), " ", ", ")
		arts = append(arts, a)
		switch rng.IntN(10) {
		case 0: // cross-posted: same id, same question, another folder
			c := a
			c.URL = strings.Replace(a.URL, "/f", "/x", 1)
			arts = append(arts, c)
		case 1: // same question, new id, other case and spacing
			c := a
			c.URL, c.ID, c.Question = a.URL+"-copy", fmt.Sprint(5000+i), "  "+strings.ToUpper(a.Question)+" "
			arts = append(arts, c)
		case 2: // reworded: one question word replaced
			c := a
			q := strings.Fields(a.Question)
			q[2] = common[rng.IntN(len(common))]
			c.URL, c.ID, c.Question = a.URL+"-reworded", fmt.Sprint(9000+i), strings.Join(q, " ")
			c.Answer = words(topic, 40)
			arts = append(arts, c)
		}
	}
	return arts[:n]
}

// TestBuildInvariants checks the promises of Build's doc on every ranking.
func TestBuildInvariants(t *testing.T) {
	arts := synthetic(300, 1)
	for _, c := range []struct {
		ranking string
		dup     float64
	}{{RankTFIDF, 0}, {RankTFIDF, 0.7}, {RankLSA, 0.7}, {RankBlend, 0}, {RankBlend, 0.7}} {
		ranking := fmt.Sprintf("%s/dup %v", c.ranking, c.dup)
		cfg := DefaultConfig
		cfg.Ranking, cfg.Dims, cfg.MinDF, cfg.DupThreshold = c.ranking, 20, 1, c.dup
		m, err := Build(arts, cfg)
		if err != nil {
			t.Fatalf("%s: Build: %v", ranking, err)
		}
		lists := m.Lists()
		if len(lists) != len(arts) {
			t.Fatalf("%s: %d lists for %d articles", ranking, len(lists), len(arts))
		}
		dup := map[[2]int]bool{}
		for _, p := range m.Duplicates() {
			if p.A >= p.B || p.Score < cfg.DupThreshold {
				t.Errorf("%s: duplicate pair %+v: want A < B and score ≥ %v", ranking, p, cfg.DupThreshold)
			}
			dup[[2]int{p.A, p.B}] = true
		}
		if c.dup > 0 && len(dup) == 0 {
			t.Errorf("%s: no near-duplicates found; the corpus has reworded copies", ranking)
		}
		for i, hs := range lists {
			if len(hs) != cfg.TopK {
				t.Errorf("%s: article %d: %d hits, want %d", ranking, i, len(hs), cfg.TopK)
			}
			qs := map[string]bool{QuestionKey(&arts[i]): true}
			for r, h := range hs {
				j := h.Doc
				switch {
				case j == i:
					t.Errorf("%s: article %d lists itself", ranking, i)
				case arts[j].ID == arts[i].ID:
					t.Errorf("%s: article %d lists %d, which has its id", ranking, i, j)
				case qs[QuestionKey(&arts[j])]:
					t.Errorf("%s: article %d lists a second copy of a question (%d)", ranking, i, j)
				case dup[[2]int{min(i, j), max(i, j)}]:
					t.Errorf("%s: article %d lists its near-duplicate %d", ranking, i, j)
				}
				qs[QuestionKey(&arts[j])] = true
				if r > 0 {
					p := hs[r-1]
					if p.Score < h.Score || p.Score == h.Score && arts[p.Doc].URL > arts[j].URL {
						t.Errorf("%s: article %d: hits %d and %d out of order", ranking, i, r-1, r)
					}
				}
			}
		}
		if c.ranking != RankTFIDF && !(m.Explained() > 0 && m.Explained() < 1) {
			t.Errorf("%s: Explained() = %v, want in (0, 1)", ranking, m.Explained())
		}
	}
}

// TestBuildDeterministic builds twice, on one and two threads, and wants the
// same lists, duplicates and vector bytes.
func TestBuildDeterministic(t *testing.T) {
	arts := synthetic(400, 2)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, ranking := range []string{RankTFIDF, RankBlend} {
		cfg := DefaultConfig
		cfg.Ranking, cfg.Dims, cfg.MinDF, cfg.Stem = ranking, 16, 1, true
		var first *Model
		var firstVec []byte
		for _, procs := range []int{1, 2, 2} {
			runtime.GOMAXPROCS(procs)
			m, err := Build(arts, cfg)
			if err != nil {
				t.Fatalf("%s: Build: %v", ranking, err)
			}
			var buf bytes.Buffer
			if _, err := m.Vectors().WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first, firstVec = m, buf.Bytes()
				continue
			}
			if !reflect.DeepEqual(m.Lists(), first.Lists()) {
				t.Errorf("%s: GOMAXPROCS %d: lists differ from the first build", ranking, procs)
			}
			if !reflect.DeepEqual(m.Duplicates(), first.Duplicates()) {
				t.Errorf("%s: GOMAXPROCS %d: duplicates differ from the first build", ranking, procs)
			}
			if !bytes.Equal(buf.Bytes(), firstVec) {
				t.Errorf("%s: GOMAXPROCS %d: vectors differ from the first build", ranking, procs)
			}
		}
	}
}

// BuildDropping makes Build's model (lists, duplicates, clusters, vectors,
// saved state) and leaves the articles without their analysis text, the
// rest of each article untouched.
func TestBuildDropping(t *testing.T) {
	for _, search := range []string{SearchExact, SearchIVF} {
		arts := synthetic(300, 3)
		cfg := DefaultConfig
		cfg.Dims, cfg.MinDF, cfg.Search = 16, 1, search
		want := mustBuild(t, arts, cfg)
		dropped := slices.Clone(arts)
		got, err := BuildDropping(dropped, cfg)
		if err != nil {
			t.Fatal(err)
		}
		kept := slices.Clone(arts)
		corpus.DropAnalysisText(kept)
		if !reflect.DeepEqual(dropped, kept) {
			t.Fatalf("%s: the articles after BuildDropping are not the articles without their analysis text", search)
		}
		if arts[0].Answer == "" {
			t.Fatal("the test's articles have no answers")
		}
		if !reflect.DeepEqual(got.Lists(), want.Lists()) || !reflect.DeepEqual(got.Duplicates(), want.Duplicates()) ||
			!reflect.DeepEqual(got.Clusters(), want.Clusters()) {
			t.Errorf("%s: lists, duplicates or clusters differ from Build's", search)
		}
		if !bytes.Equal(modelBytes(t, got, arts), modelBytes(t, want, arts)) {
			t.Errorf("%s: vectors or saved state differ from Build's", search)
		}
	}
}

// modelBytes returns m's vectors and saved state as written (or why it
// has none).
func modelBytes(t *testing.T, m *Model, arts []corpus.Article) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := m.Vectors().WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	snap, err := m.Snapshot(arts)
	if err != nil { // a model that cannot seed a night: its reason
		return append(buf.Bytes(), err.Error()...)
	}
	if _, err := snap.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBuildShuffled checks that the input order changes indices only.
func TestBuildShuffled(t *testing.T) {
	arts := synthetic(200, 3)
	perm := rand.New(rand.NewPCG(3, 3)).Perm(len(arts))
	shuffled := make([]corpus.Article, len(arts))
	for i, p := range perm {
		shuffled[i] = arts[p]
	}
	cfg := DefaultConfig
	cfg.MinDF, cfg.Dims = 1, 20
	// On four topics of a dozen words, the paraphrase detector calls most
	// pairs the same question, so lists run through all their candidates
	// and exact ties of copies at the search's cut (broken by index)
	// decide; the question-cosine rule keeps the lists inside the cut.
	cfg.DupThreshold, cfg.Paraphrase = 0.8, 0
	a := mustBuild(t, arts, cfg)
	b := mustBuild(t, shuffled, cfg)
	urls := func(arts []corpus.Article, m *Model) map[string][]string {
		out := map[string][]string{}
		for i, hs := range m.Lists() {
			for _, h := range hs {
				out[arts[i].URL] = append(out[arts[i].URL], arts[h.Doc].URL)
			}
		}
		return out
	}
	if ua, ub := urls(arts, a), urls(shuffled, b); !reflect.DeepEqual(ua, ub) {
		for u := range ua {
			if !reflect.DeepEqual(ua[u], ub[u]) {
				t.Errorf("%s: %q in corpus order, %q shuffled", u, ua[u], ub[u])
				break
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	if _, err := Build(nil, DefaultConfig); err == nil {
		t.Error("Build(nil) succeeded, want an error")
	}
	// More dimensions than a small corpus has room for: as many as it has.
	for _, ranking := range []string{RankLSA, RankBlend} {
		cfg := DefaultConfig
		cfg.Ranking, cfg.Dims, cfg.MinDF = ranking, 200, 1
		m, err := Build(synthetic(10, 1), cfg)
		if err != nil {
			t.Errorf("%s: Build on 10 articles with Dims 200: %v", ranking, err)
			continue
		}
		if got := m.lsaDims(); got != 9 {
			t.Errorf("%s: %d LSA dimensions on 10 articles, want 9", ranking, got)
		}
		for i, hs := range m.Lists() {
			if len(hs) == 0 {
				t.Errorf("%s: article %d has no related article", ranking, i)
			}
		}
	}
	// Articles without a kept term get empty lists, not an error.
	cfg := DefaultConfig
	cfg.MinDF = 5
	m, err := Build(questions("alpha", "beta", "gamma"), cfg)
	if err != nil {
		t.Fatalf("Build with no kept term: %v", err)
	}
	for i, hs := range m.Lists() {
		if len(hs) != 0 {
			t.Errorf("article %d lists %v, want nothing", i, hs)
		}
	}
}

func TestSharedTerms(t *testing.T) {
	arts := []corpus.Article{
		{URL: "a", ID: "1", Question: "photosynthesis chlorophyll light"},
		{URL: "b", ID: "2", Question: "photosynthesis chlorophyll chlorophyll water"},
		{URL: "c", ID: "3", Question: "market price"},
	}
	cfg := DefaultConfig
	cfg.Ranking, cfg.Stem = RankTFIDF, false
	cfg.MinDF, cfg.MaxDF, cfg.Fields = 1, 1, FieldWeights{Question: 1}
	m := mustBuild(t, arts, cfg)
	tests := []struct {
		a, b, n int
		want    []string
	}{
		{0, 1, 5, []string{"chlorophyll", "photosynthesis"}},
		{0, 1, 1, []string{"chlorophyll"}},
		{0, 2, 5, []string{}},
		{0, 9, 5, nil},
	}
	for _, tt := range tests {
		got := m.SharedTerms(tt.a, tt.b, tt.n)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SharedTerms(%d, %d, %d) = %q, want %q", tt.a, tt.b, tt.n, got, tt.want)
		}
	}
}

// TestSharedTermsStemmed checks that stems are shown as their most frequent
// word.
func TestSharedTermsStemmed(t *testing.T) {
	arts := questions("privacy policies for customers", "privacy policy of a customer", "customer privacy", "market prices")
	m := questionModel(t, arts, true)
	// privacy ×3 → "privaci"; customer ×2, customers ×1 → "custom";
	// policies ×1, policy ×1 → "polici", shown as the smaller word.
	got := m.SharedTerms(0, 1, 5)
	slices.Sort(got)
	if want := []string{"customer", "policies", "privacy"}; !slices.Equal(got, want) {
		t.Errorf("SharedTerms(0, 1, 5) = %q, want %q (in any order)", got, want)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string // substring of the error; "" for valid
	}{
		{"default", func(*Config) {}, ""},
		{"ranking", func(c *Config) { c.Ranking = "bm25" }, `ranking: "bm25" is not "blend", "tfidf" or "lsa"`},
		{"topk", func(c *Config) { c.TopK = 0 }, "top_k: 0 is not in 1–50"},
		{"minscore", func(c *Config) { c.MinScore = 1.5 }, "min_score: 1.5"},
		{"negative weight", func(c *Config) { c.Fields.Answer = -1 }, "fields.answer: -1 is not a weight"},
		{"no field", func(c *Config) { c.Fields = FieldWeights{} }, "fields: every weight is 0"},
		{"mindf", func(c *Config) { c.MinDF = 0 }, "min_df: 0"},
		{"maxdf", func(c *Config) { c.MaxDF = 0 }, "max_df: 0"},
		{"dims", func(c *Config) { c.Ranking, c.Dims = RankLSA, 0 }, "dims: 0"},
		{"dims unused by tfidf", func(c *Config) { c.Ranking, c.Dims = RankTFIDF, 0 }, ""},
		{"power", func(c *Config) { c.Ranking, c.PowerIters = RankBlend, 11 }, "power_iters: 11"},
		{"blend", func(c *Config) { c.Ranking, c.Blend = RankBlend, 2 }, "blend: 2"},
		{"candidates", func(c *Config) { c.Ranking, c.Candidates = RankBlend, 2 }, "candidates: 2 is not in top_k (5)–500"},
		{"rerank question", func(c *Config) { c.RerankQuestion = 1.5 }, "rerank_question: 1.5 is not in 0–1"},
		{"rerank subject", func(c *Config) { c.RerankSubject = math.NaN() }, "rerank_subject: NaN is not in 0–1"},
		{"rerank unused by tfidf", func(c *Config) { c.Ranking, c.RerankSubject = RankTFIDF, 2 }, ""},
		{"dup", func(c *Config) { c.DupThreshold = -0.1 }, "dup_threshold: -0.1"},
		{"workers", func(c *Config) { c.Workers = -1 }, "workers: -1"},
		{"too many workers", func(c *Config) { c.Workers = 100000 }, "workers: 100000"},
		{"huge weight", func(c *Config) { c.Fields.Answer = 1e308 }, "fields.answer: 1e+308 is not a weight"},
		{"infinite weight", func(c *Config) { c.Fields.Answer = math.Inf(1) }, "fields.answer: +Inf is not a weight"},
	}
	for _, tt := range tests {
		c := DefaultConfig
		tt.edit(&c)
		err := c.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: Validate() = %v, want nil", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: Validate() = %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

// TestSharedTermsDefinition checks SharedTerms on every pair of the seed
// articles against its definition: all shared terms by the product of
// their weights, descending, ties by term, the first n.
func TestSharedTermsDefinition(t *testing.T) {
	arts, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil || len(arts) == 0 {
		t.Fatalf("loading seeds/: %d articles, %v", len(arts), err)
	}
	m := mustBuild(t, arts, DefaultConfig)
	type tw struct {
		term string
		w    float32
	}
	for a := range arts {
		for b := range arts {
			ai, av := m.tf.x.Row(a)
			bi, bv := m.tf.x.Row(b)
			var all []tw
			for p, c := range ai {
				if q, ok := slices.BinarySearch(bi, c); ok {
					all = append(all, tw{m.tf.terms[c], av[p] * bv[q]})
				}
			}
			slices.SortFunc(all, func(x, y tw) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.term, y.term)) })
			for _, n := range []int{1, 3, 5, 1000} {
				want := []string{}
				for _, x := range all[:min(n, len(all))] {
					want = append(want, m.tf.shown[slices.Index(m.tf.terms, x.term)])
				}
				if got := m.SharedTerms(a, b, n); !slices.Equal(got, want) {
					t.Fatalf("SharedTerms(%d, %d, %d) = %q, want %q", a, b, n, got, want)
				}
			}
		}
	}
}

// TestTimings checks that a build reports each of its stages, in order.
func TestTimings(t *testing.T) {
	arts := questions("privacy law for online shops", "data protection for online shops", "market prices", "prices in markets", "law of markets")
	for _, tt := range []struct {
		ranking string
		lsaCand int
		want    []string
	}{
		{RankBlend, 0, []string{"text and TF-IDF", "LSA", "TF-IDF top-k", "blend and lists"}},
		{RankBlend, 3, []string{"text and TF-IDF", "LSA", "TF-IDF top-k", "LSA top-k", "blend and lists"}},
		{RankTFIDF, 0, []string{"text and TF-IDF", "TF-IDF top-k", "lists"}},
		{RankLSA, 0, []string{"text and TF-IDF", "LSA", "LSA top-k", "lists"}},
	} {
		cfg := DefaultConfig
		cfg.Ranking, cfg.MinDF, cfg.LSACandidates = tt.ranking, 1, tt.lsaCand
		m := mustBuild(t, arts, cfg)
		var got []string
		for _, s := range m.Timings() {
			got = append(got, s.Stage)
			if s.Seconds < 0 {
				t.Errorf("%s: stage %q took %g s", tt.ranking, s.Stage, s.Seconds)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: stages %q, want %q", tt.ranking, got, tt.want)
		}
	}
}

// TestRowScorer checks that the gathered cosine equals the merged one bit
// for bit, on every pair of the seed articles, loading rows in an order
// that reuses the scorer.
func TestRowScorer(t *testing.T) {
	arts, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	m := mustBuild(t, arts, DefaultConfig)
	sc := m.newRowScorer()
	for _, i := range rand.New(rand.NewPCG(3, 4)).Perm(len(arts)) {
		sc.load(i)
		for j := range arts {
			if got, want := sc.cos(j), m.cosTFIDF(i, j); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("cos(%d, %d) = %v, merged %v", i, j, got, want)
			}
		}
	}
}

// TestConfigKeys checks the keys derived from Config's fields: the names
// recommend.yaml, the flags, a sweep grid and Validate's errors share.
func TestConfigKeys(t *testing.T) {
	want := map[string]string{"TopK": "top_k", "MinDF": "min_df", "PowerIters": "power_iters",
		"LSACandidates": "lsa_candidates", "Fields.Question": "fields.question", "DupThreshold": "dup_threshold"}
	got := map[string]string{}
	for _, k := range ConfigKeys() {
		got[k.Field] = k.Key
	}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("key of %s = %q, want %q", f, got[f], k)
		}
		for _, name := range []string{f, k, strings.ToUpper(k)} {
			if c, ok := LookupKey(name); !ok || c.Key != k {
				t.Errorf("LookupKey(%q) = %q, %v; want %q", name, c.Key, ok, k)
			}
		}
	}
	if _, ok := LookupKey("no_such_key"); ok {
		t.Error("LookupKey(no_such_key) found a key")
	}
}

// TestDrawByTerm checks that with Config.DrawByTerm the LSA coordinates
// follow the data rather than the terms' row numbers. Two articles
// sharing a word that sorts before every other join the corpus (a night
// that adds a term at the top of the vocabulary): drawn by term, the LSA
// cosines among the other articles stay close to what they were; drawn by
// row number, every later term's draw shifts and they move about as far
// as under another seed. Few dimensions and no power iteration make the
// basis depend on the draw as much as it can.
func TestDrawByTerm(t *testing.T) {
	arts := wordCorpus(300, 4)
	grown := slices.Clone(arts)
	for k := range 2 {
		grown = append(grown, corpus.Article{URL: fmt.Sprintf("/learn/s/questions/new%d", k), ID: fmt.Sprint(5000 + k),
			Question: "aaa " + arts[k].Question, Answer: "aaa " + arts[k].Answer})
	}
	// lsaGap is the largest change of the LSA cosine between two of the
	// first n articles from model a to model b.
	lsaGap := func(a, b *Model, n int) float64 {
		d := a.lsaDims()
		var gap float64
		for i := range n {
			for j := range i {
				var ca, cb float64
				for c := range d {
					ca += float64(a.z[i*d+c]) * float64(a.z[j*d+c])
					cb += float64(b.z[i*d+c]) * float64(b.z[j*d+c])
				}
				gap = math.Max(gap, math.Abs(ca-cb))
			}
		}
		return gap
	}
	build := func(arts []corpus.Article, byTerm bool, seed uint64) *Model {
		cfg := DefaultConfig
		cfg.Stem, cfg.Dims, cfg.Oversample, cfg.PowerIters = false, 8, 2, 0
		cfg.DrawByTerm, cfg.Seed = byTerm, seed
		m := mustBuild(t, arts, cfg)
		return m
	}
	before, after := build(arts, true, 1), build(grown, true, 1)
	if after.tf.terms[0] != "aaa" {
		t.Fatalf("the new word sorts as %q, want it first", after.tf.terms[0])
	}
	byTerm := lsaGap(before, after, len(arts))
	byRow := lsaGap(build(arts, false, 1), build(grown, false, 1), len(arts))
	seed := lsaGap(before, build(arts, true, 2), len(arts))
	t.Logf("largest LSA cosine change: drawn by term %.3f, by row number %.3f, another seed %.3f", byTerm, byRow, seed)
	if byTerm > seed/4 {
		t.Errorf("drawn by term, the new word moves the LSA cosines by %.3f, want under a quarter of another seed's %.3f", byTerm, seed)
	}
	if byRow < seed/2 {
		t.Errorf("drawn by row number, the new word moves the LSA cosines by %.3f only, want about another seed's %.3f", byRow, seed)
	}
}

// TestDropLSA: a model the "ivf" search built keeps no state for an
// incremental night and lets its LSA go; its lists, duplicates, shared
// terms and paraphrase verdicts stay what they were. An exact build,
// whose Snapshot shares the LSA, keeps it and still gives its snapshot.
func TestDropLSA(t *testing.T) {
	arts := synthetic(300, 3)
	for _, search := range []string{SearchExact, SearchIVF} {
		cfg := DefaultConfig
		cfg.Dims, cfg.MinDF, cfg.Search = 16, 1, search
		m := mustBuild(t, arts, cfg)
		_, snapErr := m.Snapshot(arts)
		lists, dups := slices.Clone(m.Lists()), slices.Clone(m.Duplicates())
		terms, same := m.SharedTerms(0, 1, 5), m.SameQuestion(0, 1)
		dropped := m.DropLSA()
		if dropped != (search == SearchIVF) || dropped != (snapErr != nil) {
			t.Errorf("%s: DropLSA = %v, Snapshot's error %v: want it to drop exactly when no snapshot is possible", search, dropped, snapErr)
		}
		if dropped && (m.z != nil || m.basis != nil) {
			t.Errorf("%s: DropLSA kept %d LSA values, %d term directions", search, len(m.z), len(m.basis))
		}
		if !dropped {
			if s, err := m.Snapshot(arts); err != nil || len(s.z) == 0 {
				t.Errorf("%s: Snapshot after DropLSA kept the LSA = %v, want the snapshot with its vectors", search, err)
			}
		}
		if !reflect.DeepEqual(m.Lists(), lists) || !reflect.DeepEqual(m.Duplicates(), dups) ||
			!slices.Equal(m.SharedTerms(0, 1, 5), terms) || m.SameQuestion(0, 1) != same {
			t.Errorf("%s: the lists, duplicates, shared terms or verdicts changed with DropLSA", search)
		}
	}
}
