package review

// Duplicate clusters on the page: groups of articles that ask one question
// in other words, as the engine finds them (recommend.Model.Clusters, the
// computation `recommend duplicates` prints), each with the canonical it
// suggests and why. The batch hands them over as they are (the caller sets
// Page.Clusters); the page never groups articles itself. Members are
// indices in Page.Articles, so a cluster costs a few numbers in the data
// and an article's cluster is one lookup (ClusterOf).
//
// The page shows them twice: on each member's card (the other members with
// their questions, the suggested canonical and the reason), and as a view of
// their own (show=clusters in the fragment: one card per cluster, largest
// first, filtered by the same controls as the articles: a cluster is shown
// when one of its members matches).

import (
	_ "embed"
	"fmt"
	"html/template"
	"slices"
)

// ClusterView is the script that draws the clusters (a member's box on an
// article's card, a cluster's card), shared with the workspace of
// `recommend serve`, which hands it clusters in the same shape.
//
//go:embed clusters.js
var ClusterView template.JS

// Cluster is one group of articles that ask the same question.
type Cluster struct {
	Members   []int  // indices in Page.Articles, in the engine's order (by URL)
	Canonical int    // index in Page.Articles of the suggested canonical, one of Members
	Reason    string // why the canonical is suggested
}

// checkClusters rejects clusters of fewer than two members, members
// outside the articles or in two clusters, and a canonical that is not a
// member.
func (p *Page) checkClusters() error {
	seen := make(map[int]int)
	for c, cl := range p.Clusters {
		if len(cl.Members) < 2 {
			return fmt.Errorf("cluster %d: %d members, want two or more", c, len(cl.Members))
		}
		canon := false
		for _, m := range cl.Members {
			if m < 0 || m >= len(p.Articles) {
				return fmt.Errorf("cluster %d: article %d out of range", c, m)
			}
			if o, ok := seen[m]; ok {
				return fmt.Errorf("cluster %d: article %d is already in cluster %d", c, m, o)
			}
			seen[m] = c
			canon = canon || m == cl.Canonical
		}
		if !canon {
			return fmt.Errorf("cluster %d: canonical %d is not a member", c, cl.Canonical)
		}
	}
	return nil
}

// ClusterOf returns, for every article, the index of its cluster in
// p.Clusters, or -1.
func (p *Page) ClusterOf() []int {
	of := make([]int, len(p.Articles))
	for i := range of {
		of[i] = -1
	}
	for c, cl := range p.Clusters {
		for _, m := range cl.Members {
			of[m] = c
		}
	}
	return of
}

// wireClusters are the clusters as the script reads them: members,
// canonical, reason.
func (p *Page) wireClusters() [][3]any {
	out := make([][3]any, len(p.Clusters))
	for i, c := range p.Clusters {
		out[i] = [3]any{c.Members, c.Canonical, c.Reason}
	}
	return out
}

// ClusterSizes counts the clusters and the articles in them, and gives
// the sizes of the largest, up to n, largest first: the summary's line.
func (p *Page) ClusterSizes(n int) (clusters, articles int, largest []int) {
	for _, c := range p.Clusters {
		articles += len(c.Members)
		largest = append(largest, len(c.Members))
	}
	// The engine orders clusters largest first; sort anyway, so that data
	// from elsewhere reads the same.
	slices.SortStableFunc(largest, func(a, b int) int { return b - a })
	return len(p.Clusters), articles, largest[:min(n, len(largest))]
}
