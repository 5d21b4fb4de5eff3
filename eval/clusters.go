package eval

// The duplicate clusters of the default ranking's model (recommend's
// Model.Clusters: articles that ask one question in other words, every two
// members paraphrases by the engine's detector, with a suggested canonical),
// summed up for the report: how many, their sizes, and the largest as
// examples.

import (
	"slices"

	"recommend/corpus"
	"recommend/recommend"
)

// ClusterMember is one article of a duplicate cluster.
type ClusterMember struct {
	URL      string `json:"url"`
	Question string `json:"question"`
}

// Cluster is one duplicate cluster as reports and JSON lines show it.
type Cluster struct {
	Canonical string          `json:"canonical"`
	Reason    string          `json:"reason"`
	Members   []ClusterMember `json:"members"`
}

// ClusterSizes counts the clusters of one size.
type ClusterSizes struct {
	Size     int `json:"size"`
	Clusters int `json:"clusters"`
}

// Clusters sums up the duplicate clusters.
type Clusters struct {
	Count    int            `json:"count"`    // clusters of two or more articles
	Articles int            `json:"articles"` // articles in them
	Sizes    []ClusterSizes `json:"sizes"`    // by size, ascending
	All      []Cluster      `json:"clusters"` // largest first
}

// ClustersOf turns a model's clusters into the report's form.
func ClustersOf(arts []corpus.Article, m *recommend.Model) Clusters {
	var out Clusters
	bySize := map[int]int{}
	for _, c := range m.Clusters() {
		cl := Cluster{Canonical: arts[c.Canonical].URL, Reason: c.Reason}
		for _, i := range c.Members {
			cl.Members = append(cl.Members, ClusterMember{URL: arts[i].URL, Question: arts[i].Question})
		}
		out.All = append(out.All, cl)
		out.Count++
		out.Articles += len(c.Members)
		bySize[len(c.Members)]++
	}
	for s, n := range bySize {
		out.Sizes = append(out.Sizes, ClusterSizes{s, n})
	}
	slices.SortFunc(out.Sizes, func(a, b ClusterSizes) int { return a.Size - b.Size })
	return out
}
