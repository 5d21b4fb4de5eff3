//go:build goexperiment.simd && amd64

package recommend

import "simd/archsimd"

var hasAVX512 = archsimd.X86.AVX512()

var kernelName = func() string {
	if hasAVX512 {
		return "avx512"
	}
	return "generic"
}()

func axpy32(alpha float32, x, y []float32) {
	if !hasAVX512 {
		axpy32Generic(alpha, x, y)
		return
	}
	y = y[:len(x)]
	av := archsimd.BroadcastFloat32x16(alpha)
	i := 0
	for ; i+16 <= len(x); i += 16 {
		xv := archsimd.LoadFloat32x16Slice(x[i : i+16])
		yv := archsimd.LoadFloat32x16Slice(y[i : i+16])
		xv.MulAdd(av, yv).StoreSlice(y[i : i+16])
	}
	for ; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}

func dotTile(pa, pb []float32, d int, out *[tileM * tileN]float32) {
	if !hasAVX512 {
		dotTileGeneric(pa, pb, d, out)
		return
	}
	dotTileAVX512(pa, pb, d, out)
}

func dotTileAVX512(pa, pb []float32, d int, out *[tileM * tileN]float32) {
	dotTile4AVX512(pa, pb, d, 0, out)
	dotTile4AVX512(pa, pb, d, 4, out)
}

// dotTile4AVX512 computes rows r0..r0+3 of the tile: 8 accumulators, as the
// register allocator keeps at most about 14 vectors live.
func dotTile4AVX512(pa, pb []float32, d, r0 int, out *[tileM * tileN]float32) {
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float32x16
	pa = pa[:d*tileM]
	pb = pb[:d*tileN]
	for k := range d {
		b := (*[tileN]float32)(pb[k*tileN:])
		a := (*[4]float32)(pa[k*tileM+r0:])
		b0 := archsimd.LoadFloat32x16((*[16]float32)(b[0:16]))
		b1 := archsimd.LoadFloat32x16((*[16]float32)(b[16:32]))
		a0 := archsimd.BroadcastFloat32x16(a[0])
		c00 = a0.MulAdd(b0, c00)
		c01 = a0.MulAdd(b1, c01)
		a1 := archsimd.BroadcastFloat32x16(a[1])
		c10 = a1.MulAdd(b0, c10)
		c11 = a1.MulAdd(b1, c11)
		a2 := archsimd.BroadcastFloat32x16(a[2])
		c20 = a2.MulAdd(b0, c20)
		c21 = a2.MulAdd(b1, c21)
		a3 := archsimd.BroadcastFloat32x16(a[3])
		c30 = a3.MulAdd(b0, c30)
		c31 = a3.MulAdd(b1, c31)
	}
	o := out[r0*tileN:]
	c00.Store((*[16]float32)(o[0:16]))
	c01.Store((*[16]float32)(o[16:32]))
	c10.Store((*[16]float32)(o[32:48]))
	c11.Store((*[16]float32)(o[48:64]))
	c20.Store((*[16]float32)(o[64:80]))
	c21.Store((*[16]float32)(o[80:96]))
	c30.Store((*[16]float32)(o[96:112]))
	c31.Store((*[16]float32)(o[112:128]))
}
