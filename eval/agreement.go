package eval

import "math"

// Agreement holds the agreement figures of one system's lists with the
// existing links (see the package doc for the exact definitions).
type Agreement struct {
	K         int     `json:"k"`
	Scored    int     `json:"scored"` // articles with a non-empty Gold
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	Hit       float64 `json:"hit"`
	MRR       float64 `json:"mrr"`
	NDCG      float64 `json:"ndcg"`
	Coverage  float64 `json:"coverage"`
}

// Agreement scores lists (article URL → related URLs, best first) against
// the existing links, at cut-off k (k < 1 means 5). Articles missing from
// lists have an empty list.
func (ix *Index) Agreement(lists map[string][]string, k int) Agreement {
	k = orDefaultK(k)
	return ix.agreement(ix.cleanAllAgreement(lists, k), k, nil)
}

// cleanAllAgreement cleans every article's list, in index order.
func (ix *Index) cleanAllAgreement(lists map[string][]string, k int) [][]int {
	got := make([][]int, len(ix.arts))
	for i := range ix.arts {
		if !ix.canonical(i) {
			continue
		}
		got[i] = ix.cleanAgreement(i, lists[ix.url[i]], k)
	}
	return got
}

// agreement computes the figures from cleaned lists. When in is not nil,
// only articles i with in[i] are scored and counted for coverage.
func (ix *Index) agreement(got [][]int, k int, in []bool) Agreement {
	var n, rec, prec, hit, mrr, ndcg float64
	shown := make([]bool, len(ix.arts))
	total := 0
	for i := range ix.arts {
		if !ix.canonical(i) {
			continue
		}
		for _, j := range got[i] {
			shown[j] = true
		}
		if in != nil && !in[i] {
			continue
		}
		total++
		gold := ix.gold[i]
		if len(gold) == 0 {
			continue
		}
		n++
		h, first := 0, 0
		var dcg float64
		for r, j := range got[i] {
			if contains(gold, j) {
				h++
				if first == 0 {
					first = r + 1
				}
				dcg += 1 / math.Log2(float64(r+2))
			}
		}
		ideal := min(len(gold), k)
		rec += float64(h) / float64(ideal)
		prec += float64(h) / float64(k)
		if h > 0 {
			hit++
			mrr += 1 / float64(first)
		}
		ndcg += dcg / idealDCG(ideal)
	}
	covered := 0
	for i, s := range shown {
		if s && ix.canonical(i) && (in == nil || in[i]) {
			covered++
		}
	}
	a := Agreement{K: k, Scored: int(n)}
	if n > 0 {
		a.Recall, a.Precision, a.Hit, a.MRR, a.NDCG = rec/n, prec/n, hit/n, mrr/n, ndcg/n
	}
	if total > 0 {
		a.Coverage = float64(covered) / float64(total)
	}
	return a
}

// idealDCG is the DCG of m binary hits at ranks 1..m.
func idealDCG(m int) float64 {
	var s float64
	for r := 0; r < m; r++ {
		s += 1 / math.Log2(float64(r+2))
	}
	return s
}

func orDefaultK(k int) int {
	if k < 1 {
		return 5
	}
	return k
}
