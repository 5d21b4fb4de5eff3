package recommend

import (
	"math/rand/v2"
	"testing"
)

// altTile is another implementation of the tile kernel, measured beside
// the one in use.
type altTile struct {
	name string
	f    func([]float32, []float32, int, *[tileM * tileN]float32)
}

var altTiles []altTile

// TestDotTile checks the tile kernel in use (AVX-512 where built and
// available) against the portable one, on values whose products and sums are
// exact in float32.
func TestDotTile(t *testing.T) {
	for _, d := range []int{1, 7, 16, 200, 333} {
		rng := rand.New(rand.NewPCG(uint64(d), 1))
		pa := smallInts(rng, tileM, d)
		pb := smallInts(rng, tileN, d)
		var got, want [tileM * tileN]float32
		dotTile(pa, pb, d, &got)
		for r := range tileM {
			for c := range tileN {
				var s float32
				for k := range d {
					s += pa[k*tileM+r] * pb[k*tileN+c]
				}
				want[r*tileN+c] = s
			}
		}
		if got != want {
			t.Errorf("d=%d (%s): dotTile differs from the definition", d, kernelName)
		}
		for _, alt := range altTiles {
			alt.f(pa, pb, d, &got)
			if got != want {
				t.Errorf("d=%d: %s differs from the definition", d, alt.name)
			}
		}
		dotTileGeneric(pa, pb, d, &got)
		if got != want {
			t.Errorf("d=%d: dotTileGeneric differs from the definition", d)
		}
	}
}

func TestAxpy32(t *testing.T) {
	for _, n := range []int{0, 1, 5, 16, 29, 210} {
		x := make([]float32, n)
		y := make([]float32, n+3)
		want := make([]float32, n+3)
		for i := range x {
			x[i] = float32(i%5) - 1.5
			y[i] = float32(i % 3)
			want[i] = y[i] + 2*x[i]
		}
		axpy32(2, x, y)
		for i := range y {
			if y[i] != want[i] {
				t.Fatalf("n=%d: y[%d] = %g, want %g", n, i, y[i], want[i])
			}
		}
	}
}

// BenchmarkDotTile measures one goroutine's tile kernel at d = 200; the
// GFLOP/s figure counts a multiply and an add per term.
func BenchmarkDotTile(b *testing.B) {
	const d = 200
	rng := rand.New(rand.NewPCG(1, 1))
	pa := make([]float32, tileM*d)
	pb := make([]float32, tileN*d)
	for i := range pa {
		pa[i] = float32(rng.NormFloat64())
	}
	for i := range pb {
		pb[i] = float32(rng.NormFloat64())
	}
	var out [tileM * tileN]float32
	for _, k := range append([]altTile{{"generic", dotTileGeneric}, {kernelName, dotTile}}, altTiles...) {
		b.Run(k.name, func(b *testing.B) {
			for b.Loop() {
				k.f(pa, pb, d, &out)
			}
			b.ReportMetric(2*tileM*tileN*d*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
