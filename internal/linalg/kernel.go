package linalg

// Numeric inner loops shared by the SVD and the top-k search, in portable Go.
// kernel_amd64.s replaces the hot ones by AVX-512 versions on a CPU that has
// AVX-512 (chosen at run time, kernel_amd64.go); every other build uses
// these (kernel_generic.go).

// Tile shape of the dense all-pairs product: one call of dotTile computes the
// tileM×tileN dot products between tileM rows packed k-major in pa
// (pa[k*tileM+r]) and tileN rows packed k-major in pb (pb[k*tileN+c]).
const (
	tileM = 8
	tileN = 48
)

// axpy32Generic sets y += alpha·x; len(y) ≥ len(x).
func axpy32Generic(alpha float32, x, y []float32) {
	y = y[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		y[i] += alpha * x[i]
		y[i+1] += alpha * x[i+1]
		y[i+2] += alpha * x[i+2]
		y[i+3] += alpha * x[i+3]
	}
	for ; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}

// dotTileGeneric sets out[r*tileN+c] = Σ_k pa[k*tileM+r]·pb[k*tileN+c] for
// k < d, summing k in ascending order.
func dotTileGeneric(pa, pb []float32, d int, out *[tileM * tileN]float32) {
	pa = pa[:d*tileM]
	pb = pb[:d*tileN]
	for r := range tileM {
		for c := 0; c < tileN; c += 4 {
			var s0, s1, s2, s3 float32
			for k := range d {
				a := pa[k*tileM+r]
				b := pb[k*tileN+c : k*tileN+c+4 : k*tileN+c+4]
				s0 += a * b[0]
				s1 += a * b[1]
				s2 += a * b[2]
				s3 += a * b[3]
			}
			o := out[r*tileN+c : r*tileN+c+4 : r*tileN+c+4]
			o[0], o[1], o[2], o[3] = s0, s1, s2, s3
		}
	}
}

// tileMasksGeneric screens the first rmax×cmax pairs of a tile for the
// top-k heaps. The score of pair (r, c) is s = out[r*tileN+c], plus
// acc[r*stride+c] when acc is not nil (the sum is written back to out and
// the acc entry cleared). Bit c of masks[r] is set when s > floor and s
// reaches the threshold of its row or of its column (s ≥ thrI[r] or
// s ≥ thrJ[c]): the pairs that may enter a heap, a superset of those that
// do, since thresholds only rise. Other bits and rows are 0. Thresholds
// are never NaN (offer never admits a NaN score).
func tileMasksGeneric(out *[tileM * tileN]float32, acc []float32, stride int, thrI, thrJ []float32, floor float32, rmax, cmax int, masks *[tileM]uint64) {
	*masks = [tileM]uint64{}
	thrJ = thrJ[:cmax]
	for r := range rmax {
		o := out[r*tileN : r*tileN+cmax]
		var a []float32
		if acc != nil {
			a = acc[r*stride : r*stride+cmax]
		}
		ti := thrI[r]
		var m uint64
		for c, s := range o {
			if a != nil {
				s += a[c]
				a[c] = 0
				o[c] = s
			}
			if s > floor && (s >= ti || s >= thrJ[c]) {
				m |= 1 << c
			}
		}
		masks[r] = m
	}
}
