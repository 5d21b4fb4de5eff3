package recommend

// Duplicate clusters group the articles that ask one question in other
// words, so that editors can consolidate them or mark a canonical URL.
//
// The graph's edges are the paraphrase pairs Build found (Duplicates). A
// plain connected component would chain: A reworded as B, B as C, ... until
// the two ends ask different questions. So clusters grow by complete
// linkage: edges are taken by the detector's probability, highest first, and
// two clusters merge only when every pair across them is the same question
// by SameQuestion (the lists' own rule), so every two members of a cluster
// are paraphrases or copies of each other.
//
// The suggested canonical is the member with the longest answer (the most
// complete one; a reader sent there loses nothing the others say), ties to
// the smaller URL.

import (
	"cmp"
	"fmt"
	"slices"
)

// Cluster is a group of articles that ask the same question.
type Cluster struct {
	Members   []int  // indices in the articles given to Build, by URL
	Canonical int    // the suggested canonical member
	Reason    string // why it is suggested
}

// Clusters returns the duplicate clusters of two or more articles, largest
// first, then by the canonical's URL. Cross-posted copies (same question
// or id) are not edges: they are one question by construction.
func (m *Model) Clusters() []Cluster {
	parent := map[int]int{}
	members := map[int][]int{}
	find := func(x int) int {
		for parent[x] != x {
			x = parent[x]
		}
		return x
	}
	add := func(x int) {
		if _, ok := parent[x]; !ok {
			parent[x] = x
			members[x] = []int{x}
		}
	}
	edges := slices.Clone(m.Duplicates())
	slices.SortStableFunc(edges, func(a, b DupPair) int {
		return cmp.Or(cmp.Compare(b.Prob, a.Prob), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	})
	for _, e := range edges {
		add(e.A)
		add(e.B)
		ra, rb := find(e.A), find(e.B)
		if ra == rb {
			continue
		}
		ok := true
	check:
		for _, x := range members[ra] {
			for _, y := range members[rb] {
				if !m.SameQuestion(x, y) {
					ok = false
					break check
				}
			}
		}
		if !ok {
			continue
		}
		parent[rb] = ra
		members[ra] = append(members[ra], members[rb]...)
		delete(members, rb)
	}
	out := make([]Cluster, 0, len(members))
	for _, ms := range members {
		if len(ms) < 2 {
			continue // every edge of it was refused by the linkage
		}
		slices.SortFunc(ms, func(a, b int) int { return cmp.Compare(m.urls[a], m.urls[b]) })
		c := Cluster{Members: ms, Canonical: ms[0]}
		for _, x := range ms[1:] {
			if m.answerLen[x] > m.answerLen[c.Canonical] {
				c.Canonical = x
			}
		}
		c.Reason = fmt.Sprintf("the longest answer (%d bytes; the others %s)", m.answerLen[c.Canonical], otherLengths(m.answerLen, ms, c.Canonical))
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Cluster) int {
		return cmp.Or(cmp.Compare(len(b.Members), len(a.Members)), cmp.Compare(m.urls[a.Canonical], m.urls[b.Canonical]))
	})
	return out
}

// otherLengths lists the answer lengths of ms other than c, for a reason.
func otherLengths(lens []int, ms []int, c int) string {
	s := ""
	for _, x := range ms {
		if x == c {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += fmt.Sprint(lens[x])
	}
	return s
}

// URL returns the URL of article i as given to Build.
func (m *Model) URL(i int) string { return m.urls[i] }
