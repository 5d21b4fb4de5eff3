// Package logistic fits the small logistic regressions whose coefficients
// the engine keeps as constants (the paraphrase detector, the re-ranking
// of the blend's candidates): Newton's method on the log-likelihood with a
// ridge penalty on the coefficients (not the intercept), deterministic to
// the last bit for the same rows in the same order, so that a test can
// check that a generated file still holds the fit.
//
// With rows x_n (features), labels y_n ∈ {0, 1} and w = (w_0, w_1, …) the
// intercept and coefficients, p_n = σ(w_0 + Σ_k w_k·x_nk); each step solves
// H·δ = g with g = Σ_n (p_n − y_n)·(1, x_n) + λ·(0, w_1, …) and
// H = Σ_n p_n(1 − p_n)·(1, x_n)(1, x_n)ᵀ + λ·diag(0, 1, …) by Gaussian
// elimination with partial pivoting, and sets w ← w − δ, until no
// coordinate moves by more than 1e-12 or after 50 steps.
package logistic

import "math"

// Fit fits a logistic regression of ys on xs (one row of features per
// example, all rows of one length) with ridge penalty lambda on the
// coefficients. It returns the intercept followed by one coefficient per
// feature. Rows of different lengths, or no rows, give nil.
func Fit(xs [][]float64, ys []bool, lambda float64) []float64 {
	if len(xs) == 0 || len(xs) != len(ys) {
		return nil
	}
	n := len(xs[0]) + 1
	for _, x := range xs {
		if len(x)+1 != n {
			return nil
		}
	}
	w := make([]float64, n)
	x := make([]float64, n)
	x[0] = 1
	for range 50 {
		g := make([]float64, n)
		h := make([][]float64, n)
		for a := range h {
			h[a] = make([]float64, n)
		}
		for e, row := range xs {
			copy(x[1:], row)
			var z float64
			for k := range n {
				z += w[k] * x[k]
			}
			pr := Sigmoid(z)
			y := 0.0
			if ys[e] {
				y = 1
			}
			for a := range n {
				g[a] += (pr - y) * x[a]
				for b := range n {
					h[a][b] += pr * (1 - pr) * x[a] * x[b]
				}
			}
		}
		for a := 1; a < n; a++ {
			g[a] += lambda * w[a]
			h[a][a] += lambda
		}
		step := solve(h, g)
		var moved float64
		for k := range n {
			w[k] -= step[k]
			moved = max(moved, math.Abs(step[k]))
		}
		if moved < 1e-12 {
			break
		}
	}
	return w
}

// Sigmoid is 1/(1+e^−z), the probability of log-odds z.
func Sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Predict returns the probability that w (as Fit returns it) gives row x.
func Predict(w, x []float64) float64 {
	z := w[0]
	for k, v := range x {
		z += w[k+1] * v
	}
	return Sigmoid(z)
}

// solve solves h·x = g by Gaussian elimination with partial pivoting; h
// and g are overwritten.
func solve(h [][]float64, g []float64) []float64 {
	n := len(g)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(h[r][c]) > math.Abs(h[p][c]) {
				p = r
			}
		}
		h[c], h[p] = h[p], h[c]
		g[c], g[p] = g[p], g[c]
		for r := c + 1; r < n; r++ {
			f := h[r][c] / h[c][c]
			for k := c; k < n; k++ {
				h[r][k] -= f * h[c][k]
			}
			g[r] -= f * g[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := g[r]
		for k := r + 1; k < n; k++ {
			s -= h[r][k] * x[k]
		}
		x[r] = s / h[r][r]
	}
	return x
}
