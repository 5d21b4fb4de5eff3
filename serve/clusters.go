package serve

// The duplicate clusters in the workspace: groups of articles that ask one
// question in other words, each with its suggested canonical and why. They
// come from the review data the batch saved (review.Page.Clusters, which
// the batch takes from the engine's Model.Clusters, the computation
// `recommend duplicates` prints); the server never groups articles itself.
// A member's card carries its cluster, and GET /api/clusters lists the
// clusters that have a member matching the workspace's search and filters,
// largest first, a page at a time. Each member is marked when the
// overrides file, as it is now, blocks it everywhere: the decision that
// sends readers to the other members instead.

import (
	"net/http"
	"strconv"

	"recommend/editor"
)

// wsMember is one member of a cluster as the workspace shows it.
type wsMember struct {
	URL      string `json:"url"`
	Href     string `json:"href"` // where its link goes, as the workspace's other links
	ID       string `json:"id"`
	Question string `json:"question"`
	Subject  string `json:"subject"`
	Blocked  bool   `json:"blocked,omitempty"` // blocked everywhere by the overrides file
}

// wsCluster is a cluster as the workspace shows it (review/clusters.js
// draws it).
type wsCluster struct {
	Size      int        `json:"size"`
	Canonical string     `json:"canonical"` // the suggested canonical's url
	Reason    string     `json:"reason"`
	Members   []wsMember `json:"members"`
}

// cluster returns cluster c of the review data.
func (g *generation) cluster(c int) *wsCluster {
	cl := g.page.Clusters[c]
	out := &wsCluster{Size: len(cl.Members), Canonical: g.arts[cl.Canonical].URL, Reason: cl.Reason}
	for _, m := range cl.Members {
		a := &g.arts[m]
		q := a.Question
		if q == "" {
			q = a.Title
		}
		out.Members = append(out.Members, wsMember{URL: a.URL, Href: a.URL, ID: a.ID, Question: q, Subject: a.Subject})
	}
	return out
}

// clusterOfArticle returns the cluster of article i, nil when it is in
// none.
func (g *generation) clusterOfArticle(i int) *wsCluster {
	if i < 0 || i >= len(g.clusterOf) || g.clusterOf[i] < 0 {
		return nil
	}
	return g.cluster(g.clusterOf[i])
}

// markBlocked marks the members that ov blocks everywhere.
func markBlocked(c *wsCluster, ov *editor.Overrides) {
	if c == nil || ov == nil {
		return
	}
	for k := range c.Members {
		m := &c.Members[k]
		for _, b := range ov.Blocks {
			if b.From == "" && (b.To == m.URL || m.ID != "" && b.To == m.ID) {
				m.Blocked = true
			}
		}
	}
}

// clustersAnswer is a page of clusters.
type clustersAnswer struct {
	Total    int         `json:"total"` // clusters matching
	Of       int         `json:"of"`    // clusters in all
	Page     int         `json:"page"`  // from 1
	Pages    int         `json:"pages"`
	Sizes    []int       `json:"sizes"` // the size of every cluster matching, in order
	Clusters []wsCluster `json:"clusters"`
}

// searchClusters returns the clusters with a member that matches q,
// subject and flag (as search matches articles), in the review data's
// order: largest first.
func (g *generation) searchClusters(q, subject, flag string) []int {
	keep := map[int]bool{}
	for _, it := range g.search(q, subject, flag, "url") {
		if c := g.clusterOf[it.Doc]; c >= 0 {
			keep[c] = true
		}
	}
	var out []int
	for c := range g.page.Clusters {
		if keep[c] {
			out = append(out, c)
		}
	}
	return out
}

// clusters answers GET /api/clusters?q=&subject=&flag=&page=.
func (s *Server) clusters(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	g := s.current()
	ans := clustersAnswer{Sizes: []int{}, Clusters: []wsCluster{}}
	var found []int
	if g.page != nil {
		ans.Of = len(g.page.Clusters)
		found = g.searchClusters(q.Get("q"), q.Get("subject"), q.Get("flag"))
	}
	ans.Total = len(found)
	ans.Pages = max(1, (len(found)+perPage-1)/perPage)
	page, _ := strconv.Atoi(q.Get("page"))
	ans.Page = min(max(page, 1), ans.Pages)
	for _, c := range found {
		ans.Sizes = append(ans.Sizes, len(g.page.Clusters[c].Members))
	}
	ov, _ := s.overrides()
	for _, c := range found[(ans.Page-1)*perPage : min(ans.Page*perPage, len(found))] {
		cl := g.cluster(c)
		markBlocked(cl, ov)
		ans.Clusters = append(ans.Clusters, *cl)
	}
	writeJSON(w, http.StatusOK, ans)
}
