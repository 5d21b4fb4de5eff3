package recommend

// Benchmark of the whole Build on the real corpus, by size; the numeric
// kernels' own benchmarks are in internal/linalg. It runs only with
// -corpus.bench, skipping where the corpus is absent:
//
//	go test -run '^$' -bench 'Corpus' -benchtime 1x -count 5 ./recommend/ -corpus.bench
//
// Sizes 5k, 10k, 20k and all (35.9k) take the first n articles in load order.

import (
	"flag"
	"fmt"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

var corpusBench = flag.Bool("corpus.bench", false, "run the benchmarks on the real corpus (slow)")

var corpusSizes = []int{5000, 10000, 20000, 0} // 0: all

func sizeName(n int) string {
	if n == 0 {
		return "n=all"
	}
	return fmt.Sprintf("n=%d", n)
}

// checkLists fails unless every list is full, sorted and free of i itself.
func checkLists(b *testing.B, lists [][]Hit, n, k int) {
	b.Helper()
	if len(lists) != n {
		b.Fatalf("%d lists for %d rows", len(lists), n)
	}
	for i, l := range lists {
		if len(l) > k {
			b.Fatalf("row %d: %d hits, want ≤ %d", i, len(l), k)
		}
		for p, h := range l {
			if h.Doc == i || (p > 0 && h.Score > l[p-1].Score) {
				b.Fatalf("row %d: bad list %v", i, l)
			}
		}
	}
}

// reportCPU adds the CPU seconds per operation since c0.
func reportCPU(b *testing.B, c0 float64) {
	b.ReportMetric((corpustest.CPUSeconds()-c0)/float64(b.N), "cpu-s/op")
}

// BenchmarkCorpusBuild is the product's whole Build (TF-IDF, LSA, both
// top-k searches, near-duplicates, blend) with the default Config on the
// first n articles as corpus.Load orders them; with -cpuprofile it shows
// each kernel's share.
func BenchmarkCorpusBuild(b *testing.B) {
	if !*corpusBench {
		b.Skip("corpus benchmarks need -corpus.bench")
	}
	arts, _, err := corpus.Load(corpustest.Dir(b))
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range corpusSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			sub := arts
			if n > 0 && n < len(arts) {
				sub = arts[:n]
			}
			b.ReportAllocs()
			var m *Model
			c0 := corpustest.CPUSeconds()
			for b.Loop() {
				m, err = Build(sub, DefaultConfig)
				if err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
			checkLists(b, m.Lists(), len(sub), DefaultConfig.TopK)
		})
	}
}
