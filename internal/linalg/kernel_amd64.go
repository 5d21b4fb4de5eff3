//go:build amd64 && !purego

package linalg

// The kernels' dispatch on amd64: each entry point checks the bounds in Go,
// then calls the AVX-512 assembly of kernel_amd64.s when the CPU has
// AVX-512F (read once, at start-up) and the shape suits it, the portable
// code of kernel.go otherwise. Both give the same bits.

import "golang.org/x/sys/cpu"

// useAVX512 selects the assembly kernels of kernel_amd64.s: the CPU and the
// OS must support AVX-512F.
var useAVX512 = cpu.X86.HasAVX512F

// kernelName names the kernels in use, for benchmarks and reports.
var kernelName = map[bool]string{true: "avx512", false: "generic"}[useAVX512]

//go:noescape
func dotTileAVX512(pa, pb *float32, d int, out *[tileM * tileN]float32)

//go:noescape
func axpy32AVX512(alpha float32, x, y *float32, n int)

//go:noescape
func tileMasksAVX512(out *[tileM * tileN]float32, acc *float32, stride int, thrI, thrJ *float32, floor float32, masks *[tileM]uint64)

func dotTile(pa, pb []float32, d int, out *[tileM * tileN]float32) {
	if !useAVX512 || d <= 0 {
		dotTileGeneric(pa, pb, d, out)
		return
	}
	_, _ = pa[d*tileM-1], pb[d*tileN-1]
	dotTileAVX512(&pa[0], &pb[0], d, out)
}

func axpy32(alpha float32, x, y []float32) {
	if !useAVX512 || len(x) == 0 {
		axpy32Generic(alpha, x, y)
		return
	}
	_ = y[len(x)-1]
	axpy32AVX512(alpha, &x[0], &y[0], len(x))
}

// tileMasks is tileMasksGeneric, in assembly for whole tiles.
func tileMasks(out *[tileM * tileN]float32, acc []float32, stride int, thrI, thrJ []float32, floor float32, rmax, cmax int, masks *[tileM]uint64) {
	if !useAVX512 || rmax != tileM || cmax != tileN {
		tileMasksGeneric(out, acc, stride, thrI, thrJ, floor, rmax, cmax, masks)
		return
	}
	_, _ = thrI[tileM-1], thrJ[tileN-1]
	var ap *float32
	if acc != nil {
		_ = acc[(tileM-1)*stride+tileN-1]
		ap = &acc[0]
	}
	tileMasksAVX512(out, ap, stride, &thrI[0], &thrJ[0], floor, masks)
}
