//go:build !amd64 || purego

package linalg

// The kernels' entry points where no assembly is built (other
// architectures, or the purego tag): the portable code of kernel.go.

// kernelName names the kernels in use, for benchmarks and reports.
var kernelName = "generic"

func axpy32(alpha float32, x, y []float32) { axpy32Generic(alpha, x, y) }

func dotTile(pa, pb []float32, d int, out *[tileM * tileN]float32) {
	dotTileGeneric(pa, pb, d, out)
}

func tileMasks(out *[tileM * tileN]float32, acc []float32, stride int, thrI, thrJ []float32, floor float32, rmax, cmax int, masks *[tileM]uint64) {
	tileMasksGeneric(out, acc, stride, thrI, thrJ, floor, rmax, cmax, masks)
}
