package recommend

// The ranking's parameter sweep: opt-in (-sweep), on the real corpus. Unlike
// TestTune (one Build per configuration), it computes each stage once per
// setting that changes it and re-ranks the rest in memory: per text setting
// the TF-IDF matrix, the question vectors and 60 TF-IDF candidates; per
// Dims the SVD and 60 LSA candidates; then every duplicate threshold,
// candidate count and blend weight from those. The lists it scores are the
// lists Build makes under the same Config (Build's candidates exclude
// near-duplicates before the cut; so do these).
//
// Scores follow ../shared/bench/judged_eval.py (nDCG@5, P@5, strict P@5,
// unjudged share, on eval/testdata/judged-dev) and related_eval.py
// (recall@5 against the existing links).
//
//	go test ./recommend -run TestSweep -sweep -v -timeout 60m \
//	    -sweep.text '[{"Fields":{"Question":2,"Answer":1,"Keywords":1}}]' -sweep.dims 200,300

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
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
	sweep     = flag.Bool("sweep", false, "run the ranking's parameter sweep on the real corpus")
	sweepText = flag.String("sweep.text", `[{}]`, "JSON list of Config overrides that change the TF-IDF (fields, stemming, df bounds)")
	sweepDims = flag.String("sweep.dims", "200", "comma-separated LSA dimensions to try (empty: TF-IDF only)")
	sweepDup  = flag.String("sweep.dup", "0,0.7,0.75,0.8,0.85", "comma-separated duplicate thresholds")
	sweepCand = flag.String("sweep.cand", "10,20,30,60", "comma-separated candidate counts for the blend")
	sweepMix  = flag.String("sweep.blend", "0,0.1,0.2,0.3,0.4,0.5,0.7", "comma-separated blend weights")
	sweepOut  = flag.String("sweep.lists", "", "write the judged queries' lists of every combination into this folder (JSON lines), for judged_eval.py --todo")
)

// writeQueryLists writes the judged queries' lists, as judged_eval.py reads
// them, to dir/name.jsonl.
func (js *judgeSet) writeQueryLists(t *testing.T, name string, lists [][]Hit) {
	if *sweepOut == "" {
		return
	}
	if err := os.MkdirAll(*sweepOut, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, i := range js.queries {
		line := struct {
			URL     string   `json:"url"`
			Related []string `json:"related"`
		}{URL: js.arts[i].URL, Related: []string{}}
		for _, h := range lists[i] {
			line.Related = append(line.Related, js.arts[h.Doc].URL)
		}
		enc, _ := json.Marshal(line)
		b.Write(enc)
		b.WriteByte('\n')
	}
	name = strings.NewReplacer(" ", "_", "{", "", "}", "", `"`, "", ":", "", ",", "_").Replace(name)
	if err := os.WriteFile(filepath.Join(*sweepOut, name+".jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func floats(t *testing.T, s string) []float64 {
	var out []float64
	if strings.TrimSpace(s) == "" {
		return nil
	}
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// judgeSet is the development judgments and the existing links, indexed.
type judgeSet struct {
	arts    []corpus.Article
	byURL   map[string]int
	qkey    []string
	queries []int
	grades  []map[int]int // per query
	ideal   []float64     // ideal DCG@5 per query
	gold    [][]int       // existing links, cleaned
}

func loadJudgeSet(t *testing.T, arts []corpus.Article) *judgeSet {
	dir := filepath.Join(corpustest.Root(), "eval", "testdata", "judged-dev")
	if d := os.Getenv("JUDGED_DEV"); d != "" {
		dir = d
	}
	var queries []string
	var qrels map[string]map[string]int
	for name, v := range map[string]any{"queries.json": &queries, "qrels.json": &qrels} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	js := &judgeSet{arts: arts, byURL: map[string]int{}, qkey: make([]string, len(arts))}
	for i := range arts {
		js.byURL[strings.TrimSpace(arts[i].URL)] = i
		js.qkey[i] = strings.ToLower(strings.TrimSpace(arts[i].Question))
	}
	for _, q := range queries {
		i, ok := js.byURL[q]
		if !ok {
			t.Fatalf("judged query %s not in the corpus", q)
		}
		g := map[int]int{}
		var all []int
		for u, grade := range qrels[q] {
			if j, ok := js.byURL[u]; ok {
				g[j] = grade
			}
			all = append(all, grade)
		}
		slices.Sort(all)
		slices.Reverse(all)
		js.queries = append(js.queries, i)
		js.grades = append(js.grades, g)
		js.ideal = append(js.ideal, dcg(all[:min(5, len(all))]))
	}
	js.gold = make([][]int, len(arts))
	for i := range arts {
		for _, l := range arts[i].Related {
			j, ok := js.byURL[strings.TrimSpace(l.URL)]
			if ok && j != i && js.qkey[j] != js.qkey[i] && !slices.Contains(js.gold[i], j) {
				js.gold[i] = append(js.gold[i], j)
			}
		}
	}
	return js
}

func dcg(gains []int) float64 {
	var s float64
	for r, g := range gains {
		s += float64(g) / math.Log2(float64(r+2))
	}
	return s
}

// clean drops repeats, copies of the query's question and second copies of
// a listed question, and cuts to 5, as judged_eval.py's clean does.
func (js *judgeSet) clean(i int, hs []Hit) []int {
	seenQ := []string{js.qkey[i]}
	var out []int
	for _, h := range hs {
		if h.Doc == i || slices.Contains(out, h.Doc) || slices.Contains(seenQ, js.qkey[h.Doc]) {
			continue
		}
		out = append(out, h.Doc)
		seenQ = append(seenQ, js.qkey[h.Doc])
	}
	return out[:min(5, len(out))]
}

type scores struct {
	NDCG, P, Strict, Unjudged, Recall float64
}

func (s scores) String() string {
	return fmt.Sprintf("ndcg %.4f p %.4f strict %.4f unjudged %.4f recall %.4f", s.NDCG, s.P, s.Strict, s.Unjudged, s.Recall)
}

// judged formats the judged figures alone.
func (s scores) judged() string {
	return fmt.Sprintf("ndcg %.4f p %.4f strict %.4f unjudged %.4f", s.NDCG, s.P, s.Strict, s.Unjudged)
}

func (js *judgeSet) score(lists [][]Hit) scores {
	var s scores
	for k, i := range js.queries {
		var gains []int
		for _, j := range js.clean(i, lists[i]) {
			g, ok := js.grades[k][j]
			if !ok {
				s.Unjudged++
			}
			gains = append(gains, g)
			if g >= 1 {
				s.P++
			}
			if g == 2 {
				s.Strict++
			}
		}
		if js.ideal[k] > 0 {
			s.NDCG += dcg(gains) / js.ideal[k]
		}
	}
	n := float64(len(js.queries))
	s.NDCG /= n
	s.P /= 5 * n
	s.Strict /= 5 * n
	s.Unjudged /= 5 * n
	scored := 0
	for i, g := range js.gold {
		if len(g) == 0 {
			continue
		}
		scored++
		hits := 0
		for _, j := range js.clean(i, lists[i]) {
			if slices.Contains(g, j) {
				hits++
			}
		}
		s.Recall += float64(hits) / float64(min(len(g), 5))
	}
	s.Recall /= float64(scored)
	return s
}

// dupIndex lists each of n articles' near-duplicate partners in dups,
// ascending, for dropDups.
func dupIndex(dups []DupPair, n int) [][]int32 {
	dupOf := make([][]int32, n)
	for _, p := range dups {
		dupOf[p.A] = append(dupOf[p.A], int32(p.B))
		dupOf[p.B] = append(dupOf[p.B], int32(p.A))
	}
	for i := range dupOf {
		slices.Sort(dupOf[i])
	}
	return dupOf
}

// dropDups removes each article's near-duplicates (dupOf, from dupIndex)
// from its candidates and cuts them to k. With only (not nil), the other
// articles get no candidates.
func dropDups(dupOf [][]int32, cands [][]Hit, k int, only []int) [][]Hit {
	out := make([][]Hit, len(cands))
	for i, hs := range cands {
		if only != nil && !slices.Contains(only, i) {
			continue
		}
		for _, h := range hs {
			if len(out[i]) == k {
				break
			}
			if _, dup := slices.BinarySearch(dupOf[i], int32(h.Doc)); !dup {
				out[i] = append(out[i], h)
			}
		}
	}
	return out
}

func TestSweep(t *testing.T) {
	if !*sweep {
		t.Skip("parameter sweep: run with -sweep")
	}
	dir := corpustest.Dir(t)
	arts, _, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	js := loadJudgeSet(t, arts)
	var texts []json.RawMessage
	if err := json.Unmarshal([]byte(*sweepText), &texts); err != nil {
		t.Fatal(err)
	}
	dupTh, cands, mixes := floats(t, *sweepDup), floats(t, *sweepCand), floats(t, *sweepMix)
	const pool = 60
	for _, raw := range texts {
		cfg := DefaultConfig
		if err := json.Unmarshal(raw, &cfg); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		cfg.DupThreshold = 1 // the lowest positive threshold swept
		for _, th := range dupTh {
			if th > 0 {
				cfg.DupThreshold = min(cfg.DupThreshold, th)
			}
		}
		m, keys := prepare(arts, cfg, 2, nil)
		copyOf := m.copyOf
		m.findDuplicates(copyOf, 2, false)
		allDups := m.dups
		byT := linalg.TopKSparse(m.tf.x, pool, linalg.SparseOptions{Skip: copyOf, Workers: 2})
		fmt.Printf("text %s: tfidf %d terms, %d candidates in %.1fs\n", raw, len(m.tf.terms), pool, time.Since(start).Seconds())
		type lsaRun struct {
			dims int
			z    []float32
			byL  [][]Hit
		}
		var runs []lsaRun
		for _, d := range floats(t, *sweepDims) {
			start := time.Now()
			m.cfg.Dims = int(d)
			z, err := m.lsa(2)
			if err != nil {
				t.Fatal(err)
			}
			byL := linalg.TopKDense(linalg.Dense{Rows: m.tf.x.Rows, Cols: int(d), Data: z}, pool, linalg.TopKOptions{Skip: copyOf, Workers: 2})
			runs = append(runs, lsaRun{int(d), z, byL})
			fmt.Printf("  lsa %d dims: explained %.3f, %.1fs\n", int(d), m.explained, time.Since(start).Seconds())
		}
		textName := string(raw)
		for _, th := range dupTh {
			m.dups = nil
			for _, p := range allDups {
				if th > 0 && p.Score >= th {
					m.dups = append(m.dups, p)
				}
			}
			dupOf := dupIndex(m.dups, len(byT))
			m.cfg.TopK = 5
			lists := m.finish(dropDups(dupOf, byT, slack(m.cfg), nil), keys)
			js.writeQueryLists(t, fmt.Sprintf("%s_dup%.2f_tfidf", textName, th), lists)
			fmt.Printf("  dup %.2f (%d pairs) tfidf: %s\n", th, len(m.dups), js.score(lists))
			for _, r := range runs {
				lists := m.finish(dropDups(dupOf, r.byL, slack(m.cfg), nil), keys)
				js.writeQueryLists(t, fmt.Sprintf("%s_dup%.2f_lsa%d", textName, th, r.dims), lists)
				fmt.Printf("  dup %.2f lsa %d: %s\n", th, r.dims, js.score(lists))
				// The blends are scored on the judged queries only (recall
				// is then meaningless): re-ranking all articles for every
				// combination would take minutes each. Each blend takes c
				// candidates from both (Candidates = LSACandidates = c);
				// `recommend eval --sweep lsacandidates=...` measures how
				// many LSA ones pay.
				for _, c := range cands {
					bt, bl := dropDups(dupOf, byT, int(c), js.queries), dropDups(dupOf, r.byL, int(c), js.queries)
					for _, a := range mixes {
						lists := m.finish(m.merge(bt, bl, r.z, a), keys)
						js.writeQueryLists(t, fmt.Sprintf("%s_dup%.2f_blend%d_cand%d_a%.2f", textName, th, r.dims, int(c), a), lists)
						fmt.Printf("  dup %.2f blend dims %d cand %d a %.2f: %s\n", th, r.dims, int(c), a, js.score(lists).judged())
					}
				}
			}
		}
	}
}
