package linalg

// The kernels checked against their definitions on values whose sums are
// exact in float32, so that any summation order must give the same bits;
// the tile kernel's speed by implementation.

import (
	"math"
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

// TestTileMasks checks the screening kernel in use against the portable
// one and against its definition, with and without an accumulator, on
// scores that tie with the thresholds, sit at the floor, or are NaN.
func TestTileMasks(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	pick := func() float32 {
		switch rng.IntN(10) {
		case 0:
			return 0
		case 1:
			return float32(math.NaN())
		case 2:
			return float32(math.Inf(-1))
		default:
			return float32(rng.IntN(9)-3) / 4
		}
	}
	const stride = tileN + 5
	for trial := range 200 {
		var out, out2 [tileM * tileN]float32
		var acc, acc2 []float32
		if trial%2 == 1 {
			acc = make([]float32, (tileM-1)*stride+tileN)
			for p := range acc {
				acc[p] = float32(rng.IntN(5)) / 8
			}
			acc2 = append([]float32(nil), acc...)
		}
		for p := range out {
			out[p] = pick()
		}
		out2 = out
		thrI := make([]float32, tileM)
		thrJ := make([]float32, tileN)
		// thresholds are heap roots or the floor: never NaN
		thr := func() float32 {
			for {
				if v := pick(); v == v {
					return v
				}
			}
		}
		for p := range thrI {
			thrI[p] = thr()
		}
		for p := range thrJ {
			thrJ[p] = thr()
		}
		floor := float32(math.Inf(-1))
		if trial%4 >= 2 {
			floor = 0
		}
		var got, want [tileM]uint64
		tileMasks(&out, acc, stride, thrI, thrJ, floor, tileM, tileN, &got)
		tileMasksGeneric(&out2, acc2, stride, thrI, thrJ, floor, tileM, tileN, &want)
		if got != want {
			t.Fatalf("trial %d (%s): masks %x, portable %x", trial, kernelName, got, want)
		}
		for p := range out {
			if math.Float32bits(out[p]) != math.Float32bits(out2[p]) {
				t.Fatalf("trial %d: out[%d] = %g, portable %g", trial, p, out[p], out2[p])
			}
		}
		for p := range acc {
			if acc[p] != acc2[p] || (p%stride < tileN && acc[p] != 0) {
				t.Fatalf("trial %d: acc[%d] = %g, portable %g, want cleared", trial, p, acc[p], acc2[p])
			}
		}
		// the definition, bit by bit
		for r := range tileM {
			for c := range tileN {
				s := out2[r*tileN+c]
				in := s > floor && (s >= thrI[r] || s >= thrJ[c])
				if in != (want[r]>>c&1 == 1) {
					t.Fatalf("trial %d: pair (%d, %d) s=%g thr %g/%g floor %g: in=%v", trial, r, c, s, thrI[r], thrJ[c], floor, !in)
				}
			}
		}
	}
	// A partial tile leaves the rest alone and its masks zero.
	var out [tileM * tileN]float32
	for p := range out {
		out[p] = 1
	}
	var m [tileM]uint64
	tileMasks(&out, nil, 0, make([]float32, 3), make([]float32, 5), 0, 3, 5, &m)
	if m != [tileM]uint64{31, 31, 31} {
		t.Errorf("partial tile masks = %v", m)
	}
}
