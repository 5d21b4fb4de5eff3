package recommend

// Benchmark of the whole Build on the real corpus, by size; the numeric
// kernels' own benchmarks are in internal/linalg. It runs only with
// -corpus.bench, skipping where the corpus is absent:
//
//	go test -run '^$' -bench 'Corpus' -benchtime 1x -count 5 ./recommend/ -corpus.bench
//
// Sizes 5k, 10k, 20k and all (35.9k) take the first n articles in load order.

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

var corpusBench = flag.Bool("corpus.bench", false, "run the benchmarks on the real corpus (slow)")

var corpusSizes = []int{5000, 10000, 20000, 0} // 0: all

// benchArticles returns the real corpus's articles for a benchmark on it:
// it skips without -corpus.bench (and, as corpustest.Dir does, where the
// corpus is absent) and stops on a load error.
func benchArticles(b *testing.B) []corpus.Article {
	b.Helper()
	if !*corpusBench {
		b.Skip("corpus benchmarks need -corpus.bench")
	}
	arts, _, err := corpus.Load(corpustest.Dir(b))
	if err != nil {
		b.Fatal(err)
	}
	return arts
}

// BenchmarkCorpusBuild is the product's whole Build (TF-IDF, LSA, both
// top-k searches, near-duplicates, blend) with the default Config on the
// first n articles as corpus.Load orders them; with -cpuprofile it shows
// each kernel's share.
func BenchmarkCorpusBuild(b *testing.B) {
	arts := benchArticles(b)
	for _, n := range corpusSizes {
		name := fmt.Sprintf("n=%d", n)
		if n == 0 {
			name = "n=all"
		}
		b.Run(name, func(b *testing.B) {
			sub := arts
			if n > 0 && n < len(arts) {
				sub = arts[:n]
			}
			b.ReportAllocs()
			var m *Model
			c0 := corpustest.CPUSeconds()
			for b.Loop() {
				m = mustBuild(b, sub, DefaultConfig)
			}
			b.ReportMetric((corpustest.CPUSeconds()-c0)/float64(b.N), "cpu-s/op")
			lists := m.Lists()
			if len(lists) != len(sub) {
				b.Fatalf("%d lists for %d articles", len(lists), len(sub))
			}
			byScore := func(x, y Hit) int { return cmp.Compare(y.Score, x.Score) }
			for i, l := range lists {
				self := slices.ContainsFunc(l, func(h Hit) bool { return h.Doc == i })
				if len(l) > DefaultConfig.TopK || self || !slices.IsSortedFunc(l, byScore) {
					b.Fatalf("article %d: bad list %v", i, l)
				}
			}
		})
	}
}

var snapshotFile = flag.String("snapshot.file", "", "a saved state (state.bin) for BenchmarkReadSnapshotFile")

// BenchmarkReadSnapshotFile reads the state file -snapshot.file names (a
// night's state.bin; the real corpus's is some 120 MB) as a night does,
// from the open file:
//
//	go test -run '^$' -bench ReadSnapshotFile -benchtime 5x -count 5 ./recommend/ -snapshot.file /tmp/index/state.bin
func BenchmarkReadSnapshotFile(b *testing.B) {
	if *snapshotFile == "" {
		b.Skip("BenchmarkReadSnapshotFile needs -snapshot.file")
	}
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(*snapshotFile)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ReadSnapshot(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
