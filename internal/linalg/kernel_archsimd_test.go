//go:build goexperiment.simd && amd64

package linalg

// The same tile kernel written with simd/archsimd (GOEXPERIMENT=simd), kept
// to compare with the assembly one in BenchmarkDotTile. The compiler keeps
// at most 15 vectors live (X15 is reserved), so the 8×48 tile runs as two
// 4×48 halves, 12 accumulators each, and BroadcastFloat32x16 compiles to a
// scalar load plus a register broadcast on the FMA port.

import "simd/archsimd"

func init() {
	if archsimd.X86.AVX512() {
		altTiles = append(altTiles, altTile{"archsimd", dotTileArchsimd})
	}
}

func dotTileArchsimd(pa, pb []float32, d int, out *[tileM * tileN]float32) {
	dotTile4Archsimd(pa, pb, d, 0, out)
	dotTile4Archsimd(pa, pb, d, 4, out)
}

func dotTile4Archsimd(pa, pb []float32, d, r0 int, out *[tileM * tileN]float32) {
	var c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32 archsimd.Float32x16
	pa = pa[:d*tileM]
	pb = pb[:d*tileN]
	for k := range d {
		b := (*[tileN]float32)(pb[k*tileN:])
		a := (*[4]float32)(pa[k*tileM+r0:])
		b0 := archsimd.LoadFloat32x16((*[16]float32)(b[0:16]))
		b1 := archsimd.LoadFloat32x16((*[16]float32)(b[16:32]))
		b2 := archsimd.LoadFloat32x16((*[16]float32)(b[32:48]))
		a0 := archsimd.BroadcastFloat32x16(a[0])
		c00, c01, c02 = a0.MulAdd(b0, c00), a0.MulAdd(b1, c01), a0.MulAdd(b2, c02)
		a1 := archsimd.BroadcastFloat32x16(a[1])
		c10, c11, c12 = a1.MulAdd(b0, c10), a1.MulAdd(b1, c11), a1.MulAdd(b2, c12)
		a2 := archsimd.BroadcastFloat32x16(a[2])
		c20, c21, c22 = a2.MulAdd(b0, c20), a2.MulAdd(b1, c21), a2.MulAdd(b2, c22)
		a3 := archsimd.BroadcastFloat32x16(a[3])
		c30, c31, c32 = a3.MulAdd(b0, c30), a3.MulAdd(b1, c31), a3.MulAdd(b2, c32)
	}
	o := out[r0*tileN:]
	for r, c := range [4][3]archsimd.Float32x16{{c00, c01, c02}, {c10, c11, c12}, {c20, c21, c22}, {c30, c31, c32}} {
		for v := range 3 {
			c[v].Store((*[16]float32)(o[r*tileN+16*v:]))
		}
	}
}
