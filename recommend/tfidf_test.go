package recommend

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"recommend/corpus"
)

// questions returns articles whose only text is their question.
func questions(qs ...string) []corpus.Article {
	arts := make([]corpus.Article, len(qs))
	for i, q := range qs {
		arts[i] = corpus.Article{URL: fmt.Sprintf("/learn/t/questions/%02d", i), ID: fmt.Sprint(i), Question: q}
	}
	return arts
}

// rowMap returns row i of m as term → value.
func rowMap(tf *tfidf, m *CSR, i int) map[string]float64 {
	out := map[string]float64{}
	ind, val := m.Row(i)
	for p, j := range ind {
		out[tf.terms[j]] = float64(val[p])
	}
	return out
}

// TestTFIDFByHand checks the formulas of tfidf.go on three documents worked
// by hand. N = 3; df: apple 1, banana 2, cherry 2, date 1.
//
//	idf(apple)  = ln(4/2) + 1 = 1.693147    idf(banana) = ln(4/3) + 1 = 1.287682
//	d0 "apple banana apple": tf(apple) = 1 + ln 2 = 1.693147, tf(banana) = 1
//	   raw (2.866747, 1.287682), norm 3.142668 → (0.912202, 0.409742)
//	d1 "banana cherry": equal weights → (0.707107, 0.707107)
//	d2 "cherry cherry date": raw (1.693147·1.287682, 1.693147) → (0.789807, 0.613356)
//
// scikit-learn agrees: TfidfVectorizer(sublinear_tf=True) on the same three
// strings gives idf_ [1.69314718 1.28768207 1.28768207 1.69314718] and rows
// [0.91220163 0.40974161 0 0], [0 0.70710678 0.70710678 0],
// [0 0 0.78980693 0.61335554].
func TestTFIDFByHand(t *testing.T) {
	arts := questions("apple banana apple", "banana cherry", "cherry cherry date")
	cfg := DefaultConfig
	cfg.Fields = FieldWeights{Question: 1}
	cfg.MinDF, cfg.MaxDF = 1, 1
	cfg.Stem = false
	tf := buildTFIDF(arts, cfg, 2, nil)

	if want := []string{"apple", "banana", "cherry", "date"}; !slices.Equal(tf.terms, want) {
		t.Fatalf("terms = %q, want %q", tf.terms, want)
	}
	ln := math.Log
	idfA, idfB := ln(4.0/2)+1, ln(4.0/3)+1
	for j, want := range []float64{idfA, idfB, idfB, idfA} {
		if math.Abs(tf.idf[j]-want) > 1e-12 {
			t.Errorf("idf(%s) = %v, want %v", tf.terms[j], tf.idf[j], want)
		}
	}
	a0, b0 := (1+ln(2))*idfA, 1*idfB
	c2, d2 := (1+ln(2))*idfB, idfA
	want := []map[string]float64{
		{"apple": a0 / math.Hypot(a0, b0), "banana": b0 / math.Hypot(a0, b0)},
		{"banana": math.Sqrt(0.5), "cherry": math.Sqrt(0.5)},
		{"cherry": c2 / math.Hypot(c2, d2), "date": d2 / math.Hypot(c2, d2)},
	}
	sklearn := []map[string]float64{
		{"apple": 0.91220163, "banana": 0.40974161},
		{"banana": 0.70710678, "cherry": 0.70710678},
		{"cherry": 0.78980693, "date": 0.61335554},
	}
	for i := range want {
		got := rowMap(tf, tf.x, i)
		if len(got) != len(want[i]) {
			t.Errorf("row %d = %v, want %v", i, got, want[i])
		}
		for term, w := range want[i] {
			if math.Abs(got[term]-w) > 1e-6 || math.Abs(got[term]-sklearn[i][term]) > 1e-6 {
				t.Errorf("x[%d][%s] = %.8f, want %.8f (scikit-learn %.8f)", i, term, got[term], w, sklearn[i][term])
			}
		}
	}
}

// TestTFIDFFields checks how field weights combine, per field and pooled.
func TestTFIDFFields(t *testing.T) {
	// Two articles, so that every term has df 1 and the same idf: the rows
	// then show the weighting alone.
	arts := []corpus.Article{
		{URL: "a", ID: "a", Question: "apple", Answer: "banana banana banana cherry"},
		{URL: "b", ID: "b", Question: "date", Answer: "elder"},
	}
	tests := []struct {
		name     string
		perField bool
		want     map[string]float64
	}{
		// Per field: u_q = (apple), u_a = (1+ln 3, 1)/‖·‖ over (banana, cherry);
		// x = 2·u_q + 1·u_a, normalised; ‖2·u_q + u_a‖ = √5.
		{"per field", true, map[string]float64{
			"apple":  2 / math.Sqrt(5),
			"banana": (1 + math.Log(3)) / math.Hypot(1+math.Log(3), 1) / math.Sqrt(5),
			"cherry": 1 / math.Hypot(1+math.Log(3), 1) / math.Sqrt(5),
		}},
		// Pooled: c = (apple 2, banana 3, cherry 1); tf = (1+ln 2, 1+ln 3, 1).
		{"pooled", false, func() map[string]float64 {
			a, b, c := 1+math.Log(2), 1+math.Log(3), 1.0
			n := math.Sqrt(a*a + b*b + c*c)
			return map[string]float64{"apple": a / n, "banana": b / n, "cherry": c / n}
		}()},
	}
	for _, tt := range tests {
		cfg := DefaultConfig
		cfg.Fields = FieldWeights{Question: 2, Answer: 1}
		cfg.PerField, cfg.MinDF, cfg.MaxDF, cfg.Stem = tt.perField, 1, 1, false
		tf := buildTFIDF(arts, cfg, 1, nil)
		got := rowMap(tf, tf.x, 0)
		if len(got) != len(tt.want) {
			t.Errorf("%s: row 0 = %v, want %v", tt.name, got, tt.want)
		}
		for term, w := range tt.want {
			if math.Abs(got[term]-w) > 1e-6 {
				t.Errorf("%s: x[0][%s] = %.8f, want %.8f", tt.name, term, got[term], w)
			}
		}
		// The question vector is the question field alone.
		if q := rowMap(tf, tf.q, 0); len(q) != 1 || math.Abs(q["apple"]-1) > 1e-6 {
			t.Errorf("%s: q[0] = %v, want apple: 1", tt.name, q)
		}
	}
}

// TestTFIDFPruning checks min_df and max_df: with N = 4, MinDF 2 and MaxDF
// 0.5, a term must be in 2 articles exactly.
func TestTFIDFPruning(t *testing.T) {
	arts := questions("common rare pair", "common pair", "common", "common other")
	cfg := DefaultConfig
	cfg.Fields = FieldWeights{Question: 1}
	cfg.MinDF, cfg.MaxDF, cfg.Stem = 2, 0.5, false
	tf := buildTFIDF(arts, cfg, 3, nil)
	if want := []string{"pair"}; !slices.Equal(tf.terms, want) {
		t.Errorf("terms = %q, want %q", tf.terms, want)
	}
	if tf.x.Rows != 4 || tf.x.NNZ() != 2 {
		t.Errorf("x is %d rows with %d entries, want 4 rows with 2", tf.x.Rows, tf.x.NNZ())
	}
}

// BenchmarkTFIDF measures text analysis and vectorisation by corpus size,
// stemmed and not, on two workers.
func BenchmarkTFIDF(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		arts := synthetic(n, 9)
		for _, stem := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%d/stem=%v", n, stem), func(b *testing.B) {
				cfg := DefaultConfig
				cfg.Stem, cfg.MinDF = stem, 1
				b.ReportAllocs()
				for b.Loop() {
					tf := buildTFIDF(arts, cfg, 2, nil)
					if tf.x.Rows != n || len(tf.terms) < 40 {
						b.Fatalf("%d rows, %d terms: want %d rows, at least 40 terms", tf.x.Rows, len(tf.terms), n)
					}
				}
			})
		}
	}
}
