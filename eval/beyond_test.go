package eval

import (
	"reflect"
	"testing"

	"recommend/corpus"
)

func TestBeyond(t *testing.T) {
	p := func(s string) string { return "/learn/p/questions/" + s }
	q := func(s string) string { return "/learn/q/questions/" + s }
	arts := []corpus.Article{
		art("p", "a", "A?", p("b")),
		art("p", "b", "B?"),
		art("p", "c", "C?"),
		art("q", "d", "D?"),
	}
	for i := range arts {
		arts[i].Title = "T" + arts[i].Question
	}
	l := Lists{
		Related: map[string][]string{p("a"): {p("b")}, p("b"): {p("a"), q("d")}, p("c"): {p("a")}, q("d"): {p("a")}},
		Scores:  map[string][]float64{p("b"): {0.95, 0.31}, p("c"): {0.5}, q("d"): {0.05}},
	}
	// a keeps its one link; b, c and d change: 3 of 4.
	// in-degrees a 3, b 1, c 0, d 1; sorted 0 1 1 3, Σ 5:
	//   Gini = ((2·1−5)·0 + (2·2−5)·1 + (2·3−5)·1 + (2·4−5)·3) / (4·5) = 9/20.
	// own folder: a→b, b→a, c→a of a→b, b→a, b→d, c→a, d→a: 3 of 5.
	want := Beyond{
		Changed:     0.75,
		NeverListed: 1,
		InDegree: InDegree{Max: 3, P99: 3, Gini: 0.45, Top: []Popular{
			{URL: p("a"), Title: "TA?", In: 3}, {URL: p("b"), Title: "TB?", In: 1}, {URL: q("d"), Title: "TD?", In: 1}}},
		OwnSubject: 0.6,
		Scores: []Bin{{0, 0.1, 1}, {0.1, 0.2, 0}, {0.2, 0.3, 0}, {0.3, 0.4, 1}, {0.4, 0.5, 0},
			{0.5, 0.6, 1}, {0.6, 0.7, 0}, {0.7, 0.8, 0}, {0.8, 0.9, 0}, {0.9, 1, 1}},
	}
	got := NewIndex(arts).Beyond(l, 5)
	if !near(got.InDegree.Gini, want.InDegree.Gini) {
		t.Errorf("Beyond().InDegree.Gini = %v, want %v", got.InDegree.Gini, want.InDegree.Gini)
	}
	got.InDegree.Gini = want.InDegree.Gini
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Beyond() =\n  %+v, want\n  %+v", got, want)
	}
}

func TestHistogram(t *testing.T) {
	ix := NewIndex([]corpus.Article{art("p", "a", "A?")})
	tests := []struct {
		scores []float64
		want   []Bin
	}{
		{nil, nil},
		{[]float64{0.3, 0.3}, []Bin{{0.3, 0.4, 2}}},
		{[]float64{-0.05, 0.1}, []Bin{{-0.1, 0, 1}, {0, 0.1, 0}, {0.1, 0.2, 1}}},
		{[]float64{3, 25}, []Bin{{0, 10, 1}, {10, 20, 0}, {20, 30, 1}}},
	}
	for _, tt := range tests {
		l := Lists{Scores: map[string][]float64{"/learn/p/questions/a": tt.scores}}
		if got := histogram(ix, l, 5); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("histogram(%v) = %v, want %v", tt.scores, got, tt.want)
		}
	}
}
