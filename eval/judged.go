package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// Qrels are graded relevance judgments: for each query URL, the grade
// (0 not related, 1 somewhat, 2 highly related) of each judged candidate
// URL, in the format of ../shared/judged-dev/qrels.json. Queries lists the
// query URLs scored, in order (queries.json).
type Qrels struct {
	Queries []string                  `json:"queries"`
	Grades  map[string]map[string]int `json:"grades"`
	// Dups are the duplicate labels of zero-graded pairs (dup_labels.json
	// beside qrels.json, when present): "D" where the candidate asks the
	// query's question reworded, "N" where it does not.
	Dups map[string]map[string]string `json:"dups,omitempty"`
}

// LoadQrels reads judgments from path: either a folder holding qrels.json
// and queries.json, or a qrels.json file (its queries.json, if beside it,
// gives the queries; otherwise the judged queries, sorted). Grades other
// than 0, 1 and 2 are an error.
func LoadQrels(path string) (*Qrels, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("eval: qrels: %w", err)
	}
	dir, file := filepath.Dir(path), path
	if st.IsDir() {
		dir, file = path, filepath.Join(path, "qrels.json")
	}
	q := &Qrels{}
	if err := readJSON(file, &q.Grades); err != nil {
		return nil, err
	}
	for query, cands := range q.Grades {
		for u, g := range cands {
			if g < 0 || g > 2 {
				return nil, fmt.Errorf("eval: %s: grade %d for %s → %s: want 0, 1 or 2", file, g, query, u)
			}
		}
	}
	switch err := readJSON(filepath.Join(dir, "dup_labels.json"), &q.Dups); {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	}
	for query, cands := range q.Dups {
		for u, l := range cands {
			if l != "D" && l != "N" {
				return nil, fmt.Errorf("eval: %s: label %q for %s → %s: want D or N", filepath.Join(dir, "dup_labels.json"), l, query, u)
			}
		}
	}
	err = readJSON(filepath.Join(dir, "queries.json"), &q.Queries)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		for query := range q.Grades {
			q.Queries = append(q.Queries, query)
		}
		slices.Sort(q.Queries)
	case err != nil:
		return nil, err
	}
	return q, nil
}

func readJSON(file string, v any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("eval: %s: %w", file, err)
	}
	return nil
}

// Judged holds the judged-relevance figures of one system's lists (see the
// package doc for the exact definitions).
type Judged struct {
	K        int     `json:"k"`
	Queries  int     `json:"queries"`
	NDCG     float64 `json:"ndcg"`
	P        float64 `json:"p"`
	PStrict  float64 `json:"p_strict"`
	Unjudged float64 `json:"unjudged"`
	// Zero is the share of slots graded 0 (unrelated or a reworded copy),
	// and Dup the share graded 0 and labelled D (a reworded copy of the
	// query), both over k slots per query.
	Zero    float64 `json:"zero"`
	Dup     float64 `json:"dup"`
	Missing int     `json:"missing,omitempty"` // queries not in the corpus, scored as empty lists
}

// Judged scores lists against the judgments q at cut-off k (k < 1 means 5).
// A query that is not in the corpus counts as an empty list and is
// reported in Missing (the reference script stops on it instead).
func (ix *Index) Judged(lists map[string][]string, q *Qrels, k int) Judged {
	k = orDefaultK(k)
	var nd, p1, p2, unj, zero, dup float64
	out := Judged{K: k, Queries: len(q.Queries)}
	for _, query := range q.Queries {
		qi, ok := ix.byURL[query]
		if !ok {
			out.Missing++
			continue
		}
		grades := q.Grades[query]
		var dcg float64
		for r, j := range ix.cleanJudged(qi, lists[query], k) {
			g, judged := grades[ix.url[j]]
			switch {
			case !judged:
				unj++
			case g == 0:
				zero++
				if q.Dups[query][ix.url[j]] == "D" {
					dup++
				}
			}
			dcg += float64(g) / math.Log2(float64(r+2))
			if g >= 1 {
				p1++
			}
			if g == 2 {
				p2++
			}
		}
		nd += dcg / cmp0(idealGradedDCG(grades, k), 1)
	}
	if n := float64(len(q.Queries)); n > 0 {
		slots := float64(k) * n
		out.NDCG, out.P, out.PStrict, out.Unjudged = nd/n, p1/slots, p2/slots, unj/slots
		out.Zero, out.Dup = zero/slots, dup/slots
	}
	return out
}

// idealGradedDCG is the DCG of the k best grades of a query's judgments.
func idealGradedDCG(grades map[string]int, k int) float64 {
	gs := make([]int, 0, len(grades))
	for _, g := range grades {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	slices.Reverse(gs)
	var s float64
	for r, g := range gs[:min(k, len(gs))] {
		s += float64(g) / math.Log2(float64(r+2))
	}
	return s
}

// cmp0 returns x, or y when x is 0 (Python's `x or y`).
func cmp0(x, y float64) float64 {
	if x == 0 {
		return y
	}
	return x
}
