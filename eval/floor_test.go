package eval

import (
	"strings"
	"testing"
)

func TestCheckFloors(t *testing.T) {
	row := func(recall, ndcg float64) *Report {
		return &Report{K: 5, Systems: []SystemResult{
			{Name: SystemRandom, Agreement: Agreement{Recall: 0}},
			{Name: SystemDefault, Agreement: Agreement{Recall: recall}, Judged: &Judged{NDCG: ndcg}},
		}}
	}
	tests := []struct {
		r       *Report
		wantErr string
	}{
		{row(0.2, 0.8), ""},
		{row(0.144, 0.759), ""},
		{row(0.143867, 0.8), "recall@5 0.1439"}, // as the reference measures: below its published 0.144
		{row(0.2, 0.7589), "judged nDCG@5 0.7589"},
		{&Report{K: 5, Systems: []SystemResult{{Name: SystemDefault, Agreement: Agreement{Recall: 0.15}}}}, ""},
		{&Report{K: 5}, "no default"},
		{&Report{K: 3}, "k = 5"},
	}
	for _, tt := range tests {
		err := tt.r.CheckFloors()
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("CheckFloors(%+v) = %v, want %q", tt.r.Systems, err, tt.wantErr)
		}
	}
}

// TestFloors builds the default ranking over the full corpus and fails
// when it falls below the floors (see FloorJudgedNDCG and FloorRecall),
// judged on the project's copy of the judgments.
func TestFloors(t *testing.T) {
	if testing.Short() {
		t.Skip("full-corpus build")
	}
	arts := loadCorpus(t)
	q, err := LoadQrels(judgedDev())
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(arts, Options{Qrels: q, SkipBaselines: true})
	if err != nil {
		t.Fatal(err)
	}
	d := r.Systems[len(r.Systems)-1]
	t.Logf("default: recall@5 %.4f (floor %.3f), judged nDCG@5 %.4f (floor %.3f), unjudged %.4f",
		d.Agreement.Recall, FloorRecall, d.Judged.NDCG, FloorJudgedNDCG, d.Judged.Unjudged)
	if err := r.CheckFloors(); err != nil {
		t.Error(err)
	}
}
