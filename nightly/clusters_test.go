package nightly

import (
	"path/filepath"
	"reflect"
	"testing"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/corpustest"
	"recommend/review"
)

// TestReviewClusters runs the night on seeds/ with one question asked three
// times in other words, saves its outputs and wants the saved review data
// to hold that cluster as `recommend duplicates` computes it (Duplicates,
// a build without the night's wider candidates): the same members, the
// same canonical and reason, in the same order.
func TestReviewClusters(t *testing.T) {
	dir := corpustest.Reworded(t)
	arts, bad, err := corpus.Load(dir)
	if err != nil || len(bad) > 0 {
		t.Fatalf("loading %s: %v %v", dir, err, bad)
	}
	res, cfg := decideSeeds(t, arts)
	ix := filepath.Join(t.TempDir(), "ix")
	if err := ClaimIndex(ix); err != nil {
		t.Fatal(err)
	}
	if _, err := res.Save(Outputs{Index: ix, Corpus: dir, Config: cfg}); err != nil {
		t.Fatal(err)
	}
	page, err := review.Load(filepath.Join(ix, ReviewData))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Duplicates(arts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []eval.Cluster
	for _, c := range page.Clusters {
		cl := eval.Cluster{Canonical: page.Articles[c.Canonical].URL, Reason: c.Reason}
		for _, m := range c.Members {
			cl.Members = append(cl.Members, eval.ClusterMember{URL: page.Articles[m].URL, Question: page.Articles[m].Question})
		}
		got = append(got, cl)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("review data's clusters:\n%+v\nwant those of `recommend duplicates`:\n%+v", got, want)
	}
	if len(got) != 1 || len(got[0].Members) != 3 || got[0].Canonical != corpustest.RewordedURLs[1] {
		t.Errorf("clusters = %+v, want the three rewordings, canonical %s (the longest answer)", got, corpustest.RewordedURLs[1])
	}
}
