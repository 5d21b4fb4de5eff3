package eval

import (
	"strings"
	"testing"

	"recommend/editor"
	"recommend/recommend"
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
		{row(0.143, 0.759), ""},
		{row(0.1429, 0.8), "recall@5 0.1429"},
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

func TestCheckWritten(t *testing.T) {
	ok := Judged{NDCG: FloorWrittenNDCG, PStrict: FloorWrittenStrict, Dup: CeilWrittenDup, Zero: CeilWrittenZero}
	if err := CheckWritten(ok); err != nil {
		t.Errorf("CheckWritten at the bounds = %v, want nil", err)
	}
	for _, tt := range []struct {
		mod  func(*Judged)
		want string
	}{
		{func(j *Judged) { j.NDCG = 0.8 }, "nDCG@5 0.8000 is below"},
		{func(j *Judged) { j.PStrict = 0.4 }, "strict P@5 0.4000 is below"},
		{func(j *Judged) { j.Dup = 0.02 }, "labelled D 0.0200 is above"},
		{func(j *Judged) { j.Zero = 0.07 }, "graded 0 0.0700 is above"},
		{func(j *Judged) { j.Unjudged = 0.06 }, "unjudged 0.0600 is above"},
	} {
		j := ok
		tt.mod(&j)
		if err := CheckWritten(j); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckWritten(%+v) = %v, want %q", j, err, tt.want)
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

	// The lists as the batch writes them: editors' rules and hysteresis
	// against the site's current links.
	opt := editor.DefaultOptions
	m, err := recommend.Build(arts, CandidateConfig(recommend.DefaultConfig, opt.Margin))
	if err != nil {
		t.Fatal(err)
	}
	res, _ := editor.Apply(EditorBatch(arts, m), nil, opt)
	written := FromHits(arts, WrittenHits(m, res))
	j := NewIndex(arts).Judged(written.Related, q, 5)
	t.Logf("written: nDCG@5 %.4f, strict P@5 %.4f, D %.4f, graded 0 %.4f, unjudged %.4f", j.NDCG, j.PStrict, j.Dup, j.Zero, j.Unjudged)
	if err := CheckWritten(j); err != nil {
		t.Error(err)
	}
}
