package review

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// clusterPage is handPage with two duplicate clusters, the larger first,
// as the engine orders them.
func clusterPage() *Page {
	p := handPage()
	p.Articles = append(p.Articles,
		Article{URL: "/learn/bio/questions/e", Title: "What is a cell, exactly?", Subject: "Biology", Key: "biology", Question: "What is a cell, exactly?"},
		Article{URL: "/learn/bio/questions/f", Title: "Define a cell.", Subject: "Biology", Key: "biology", Question: "Define a cell."},
	)
	p.Items = append(p.Items, Item{Doc: 4}, Item{Doc: 5})
	p.Clusters = []Cluster{
		{Members: []int{0, 4, 5}, Canonical: 4, Reason: "the longest answer (90 bytes; the others 40, 12)"},
		{Members: []int{2, 3}, Canonical: 2, Reason: "the longest answer (30 bytes; the others 20)"},
	}
	return p
}

// TestSaveLoadClusters: the clusters come back from the saved data as they
// went in, and data without clusters (saved before they were kept) loads
// with none.
func TestSaveLoadClusters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "review.json.gz")
	p := clusterPage()
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Clusters, p.Clusters) || !reflect.DeepEqual(back, p) {
		t.Errorf("Load(Save(p)).Clusters = %+v, want %+v", back.Clusters, p.Clusters)
	}
	old := handPage()
	if err := old.Save(path); err != nil {
		t.Fatal(err)
	}
	if back, err := Load(path); err != nil || back.Clusters != nil {
		t.Errorf("data without clusters: Clusters %v, err %v", back.Clusters, err)
	}
}

// TestCheckClusters: clusters that are not a partition of some articles
// are refused, naming the cluster.
func TestCheckClusters(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    []Cluster
		want string // part of the error; "" for none
	}{
		{"good", []Cluster{{Members: []int{0, 1}, Canonical: 1}}, ""},
		{"one member", []Cluster{{Members: []int{0}, Canonical: 0}}, "cluster 0: 1 members"},
		{"out of range", []Cluster{{Members: []int{0, 9}, Canonical: 0}}, "cluster 0: article 9 out of range"},
		{"negative", []Cluster{{Members: []int{-1, 0}, Canonical: 0}}, "article -1 out of range"},
		{"canonical elsewhere", []Cluster{{Members: []int{0, 1}, Canonical: 2}}, "canonical 2 is not a member"},
		{"in two", []Cluster{{Members: []int{0, 1}, Canonical: 0}, {Members: []int{1, 2}, Canonical: 2}}, "cluster 1: article 1 is already in cluster 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := handPage()
			p.Clusters = tc.c
			err := p.check()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("check() = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestWriteClusters: the summary counts the clusters and names the
// largest sizes, and the page's data carries them, members by article.
func TestWriteClusters(t *testing.T) {
	p := clusterPage()
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if want := `<b>2</b><a href="#show=clusters">duplicate clusters</a> (5 articles; largest 3, 2)`; !strings.Contains(buf.String(), want) {
		t.Errorf("page lacks %q", want)
	}
	got := p.payload().Clusters
	want := [][3]any{{[]int{0, 4, 5}, 4, p.Clusters[0].Reason}, {[]int{2, 3}, 2, p.Clusters[1].Reason}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("payload clusters = %v, want %v", got, want)
	}
	if n, a, largest := p.ClusterSizes(1); n != 2 || a != 5 || !reflect.DeepEqual(largest, []int{3}) {
		t.Errorf("ClusterSizes(1) = %d, %d, %v; want 2, 5, [3]", n, a, largest)
	}
	buf.Reset()
	if err := handPage().Write(&buf); err != nil || !strings.Contains(buf.String(), `<b>0</b><a href="#show=clusters">duplicate clusters</a> (0 articles)`) {
		t.Errorf("a page without clusters: err %v, or its summary does not say none", err)
	}
}
