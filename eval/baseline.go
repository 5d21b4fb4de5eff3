package eval

import (
	"math/rand/v2"
)

// RandomSameFolder is the chance baseline: for every article, k distinct
// articles drawn at random from its own subject folder (never itself nor a
// copy with its question), in draw order. Every draw comes from seed, in
// the order of the index, so the same seed gives the same lists.
func (ix *Index) RandomSameFolder(k int, seed uint64) Lists {
	k = orDefaultK(k)
	members := map[string][]int{}
	for i := range ix.arts {
		if ix.canon[i] {
			members[ix.folder[i]] = append(members[ix.folder[i]], i)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	l := Lists{Related: make(map[string][]string, len(ix.arts))}
	picked := make([]int, 0, k)
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		pool := members[ix.folder[i]]
		picked = picked[:0]
		// Rejection sampling: a draw that is the article, a copy of its
		// question or already picked is drawn again; the bound stops small
		// folders that hold fewer than k eligible articles.
		for tries := 0; len(picked) < k && tries < 50*k; tries++ {
			j := pool[rng.IntN(len(pool))]
			if j == i || ix.qid[j] == ix.qid[i] || contains(picked, j) {
				continue
			}
			picked = append(picked, j)
		}
		rel := make([]string, len(picked))
		for n, j := range picked {
			rel[n] = ix.url[j]
		}
		l.Related[ix.url[i]] = rel
	}
	return l
}
