package serve

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"recommend/internal/corpustest"
)

// TestClustersAPI: the clusters of the review data, listed by
// /api/clusters and on a member's card by /api/items, and a member blocked
// everywhere marked so in both.
func TestClustersAPI(t *testing.T) {
	f := newFixture(t, false, "")
	rw := corpustest.RewordedURLs
	get := func(target string, v any) {
		t.Helper()
		code, body := f.do(t, "GET", target, "", "")
		if code != 200 || json.Unmarshal([]byte(body), v) != nil {
			t.Fatalf("GET %s: %d %s", target, code, body)
		}
	}
	var all clustersAnswer
	get("/api/clusters", &all)
	if all.Total != 1 || all.Of != 1 || len(all.Clusters) != 1 || len(all.Sizes) != 1 || all.Sizes[0] != 3 {
		t.Fatalf("/api/clusters = %+v, want the one cluster of three", all)
	}
	c := all.Clusters[0]
	var urls []string
	for _, m := range c.Members {
		urls = append(urls, m.URL)
		if m.Href != m.URL || m.ID == "" || m.Question == "" || m.Subject != "Biology" || m.Blocked {
			t.Errorf("member %+v", m)
		}
	}
	if strings.Join(urls, " ") != strings.Join(rw, " ") || c.Canonical != rw[1] || !strings.Contains(c.Reason, "longest answer") {
		t.Errorf("cluster = %+v, want %q, canonical %s for its longest answer", c, rw, rw[1])
	}
	for _, tc := range []struct {
		q    string
		want int
	}{{"sunlight", 1}, {"90103", 1}, {rw[2], 1}, {"enzyme", 0}, {"14219", 0}} {
		var ans clustersAnswer
		get("/api/clusters?q="+url.QueryEscape(tc.q), &ans)
		if ans.Total != tc.want || len(ans.Clusters) != tc.want {
			t.Errorf("/api/clusters?q=%s: %d clusters, want %d", tc.q, ans.Total, tc.want)
		}
	}
	var items itemsAnswer
	get("/api/items?q="+url.QueryEscape(rw[0]), &items)
	if len(items.Items) != 1 || items.Items[0].Cluster == nil || items.Items[0].Cluster.Canonical != rw[1] {
		t.Fatalf("card of %s: %+v, want its cluster", rw[0], items.Items)
	}
	var seed itemsAnswer
	get("/api/items?q=14219", &seed)
	if len(seed.Items) == 0 || seed.Items[0].Cluster != nil {
		t.Errorf("card of 14219, in no cluster: %+v", seed.Items)
	}

	// Block the third member everywhere, as its button does.
	code, body := f.do(t, "POST", "/api/decide", f.s.Token(), `{"kind":"block","url":"`+rw[2]+`","at":"`+rw[0]+`"}`)
	var ans decideAnswer
	if code != 200 || json.Unmarshal([]byte(body), &ans) != nil || ans.Article == nil || ans.Article.Cluster == nil {
		t.Fatalf("block: %d %s", code, body)
	}
	blocked := func(c *wsCluster) string {
		var out []string
		for _, m := range c.Members {
			if m.Blocked {
				out = append(out, m.URL)
			}
		}
		return strings.Join(out, " ")
	}
	if b := blocked(ans.Article.Cluster); b != rw[2] {
		t.Errorf("the answer's card marks %q blocked, want %s", b, rw[2])
	}
	var after clustersAnswer
	get("/api/clusters", &after)
	if b := blocked(&after.Clusters[0]); b != rw[2] {
		t.Errorf("/api/clusters marks %q blocked, want %s", b, rw[2])
	}
	var card itemsAnswer
	get("/api/items?q="+url.QueryEscape(rw[0]), &card)
	if b := blocked(card.Items[0].Cluster); b != rw[2] {
		t.Errorf("/api/items marks %q blocked, want %s", b, rw[2])
	}
}
