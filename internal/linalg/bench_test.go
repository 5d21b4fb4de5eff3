package linalg

// Benchmarks of the numeric kernels, by stage and by size.
//
// The synthetic ones always run. The corpus ones build a TF-IDF matrix from
// the real articles (a plain tokenizer here, not the product's: realistic
// sparsity, no dependency on the text stages) and run only with
// -corpus.bench, skipping where the corpus is absent:
//
//	go test -run '^$' -bench 'Corpus' -benchtime 1x -count 5 ./internal/linalg/ -corpus.bench
//
// Sizes 5k, 10k, 20k and all (35.9k) take the first n articles in path
// order. The whole Build's benchmark is recommend's BenchmarkCorpusBuild.

import (
	"flag"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"recommend/internal/corpustest"
)

var corpusBench = flag.Bool("corpus.bench", false, "run the benchmarks on the real corpus (slow)")

// benchDims and benchK are the LSA dimensions and list length the product
// uses: 200 dimensions (as the scikit-learn reference), 30 candidates.
const (
	benchDims = 200
	benchK    = 30
)

var (
	corpusOnce sync.Once
	corpusDocs []string
	corpusErr  error
)

// corpusTexts returns the text of every article of the real corpus, in path
// order, or skips.
func corpusTexts(b *testing.B) []string {
	b.Helper()
	if !*corpusBench {
		b.Skip("corpus benchmarks need -corpus.bench")
	}
	dir := corpustest.Dir(b)
	corpusOnce.Do(func() {
		corpusErr = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			corpusDocs = append(corpusDocs, strings.ReplaceAll(string(data), `\n`, "\n"))
			return nil
		})
	})
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return corpusDocs
}

// benchTFIDF is a plain TF-IDF of docs: lowercase letter/digit tokens of
// 2+ characters, sublinear tf, smoothed idf, min_df 2, max_df 0.5, rows
// L2-normalised.
func benchTFIDF(docs []string) *CSR {
	toks := make([][]string, len(docs))
	df := map[string]int{}
	for i, d := range docs {
		f := strings.FieldsFunc(strings.ToLower(d), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		f = slices.DeleteFunc(f, func(s string) bool { return len(s) < 2 })
		toks[i] = f
		seen := map[string]bool{}
		for _, t := range f {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	var vocab []string
	for t, n := range df {
		if n >= 2 && float64(n) <= 0.5*float64(len(docs)) {
			vocab = append(vocab, t)
		}
	}
	slices.Sort(vocab)
	col := make(map[string]int32, len(vocab))
	for i, t := range vocab {
		col[t] = int32(i)
	}
	m := &CSR{Rows: len(docs), Cols: len(vocab), Ptr: make([]int, 1, len(docs)+1)}
	for _, f := range toks {
		tf := map[int32]int{}
		for _, t := range f {
			if c, ok := col[t]; ok {
				tf[c]++
			}
		}
		cs := make([]int32, 0, len(tf))
		for c := range tf {
			cs = append(cs, c)
		}
		slices.Sort(cs)
		var norm float64
		start := len(m.Val)
		for _, c := range cs {
			v := (1 + math.Log(float64(tf[c]))) * (1 + math.Log(float64(1+len(docs))/float64(1+df[vocab[c]])))
			norm += v * v
			m.Ind = append(m.Ind, c)
			m.Val = append(m.Val, float32(v))
		}
		for p := start; p < len(m.Val); p++ {
			m.Val[p] = float32(float64(m.Val[p]) / math.Sqrt(norm))
		}
		m.Ptr = append(m.Ptr, len(m.Ind))
	}
	return m
}

var corpusSizes = []int{5000, 10000, 20000, 0} // 0: all

func sizeName(n int) string {
	if n == 0 {
		return "n=all"
	}
	return fmt.Sprintf("n=%d", n)
}

var corpusMats = map[int]*CSR{}

// corpusMatrix returns the TF-IDF matrix of the first n articles (all for
// 0), built once per size.
func corpusMatrix(b *testing.B, n int) *CSR {
	docs := corpusTexts(b)
	if m, ok := corpusMats[n]; ok {
		return m
	}
	rows := n
	if n == 0 || n > len(docs) {
		rows = len(docs)
	}
	m := benchTFIDF(docs[:rows])
	corpusMats[n] = m
	b.Logf("TF-IDF of %d articles: %d terms, %d entries", m.Rows, m.Cols, m.NNZ())
	return m
}

// normalizeRows scales each row of x to unit length.
func normalizeRows(x Dense) {
	for i := range x.Rows {
		row := x.Row(i)
		var s float64
		for _, v := range row {
			s += float64(v) * float64(v)
		}
		if s > 0 {
			inv := float32(1 / math.Sqrt(s))
			for c := range row {
				row[c] *= inv
			}
		}
	}
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

func BenchmarkCorpusSVD(b *testing.B) {
	for _, n := range corpusSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			a := corpusMatrix(b, n)
			b.ReportAllocs()
			var s *SVD
			c0 := corpustest.CPUSeconds()
			for b.Loop() {
				var err error
				s, err = RandomizedSVD(a, benchDims, SVDOptions{Oversample: 10, PowerIters: 2, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
			if s.Explained <= 0 || s.Explained >= 1 || !slices.IsSortedFunc(s.Sigma, func(x, y float64) int { return -cmpF(x, y) }) {
				b.Fatalf("explained %g, sigma %v", s.Explained, s.Sigma[:5])
			}
			b.ReportMetric(s.Explained, "explained")
		})
	}
}

func BenchmarkCorpusTopKDense(b *testing.B) {
	benchCorpusTopK(b, func(a *CSR) func() [][]Hit {
		s, err := RandomizedSVD(a, benchDims, SVDOptions{Oversample: 10, PowerIters: 2, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		normalizeRows(s.Docs)
		return func() [][]Hit { return TopKDense(s.Docs, benchK, TopKOptions{}) }
	})
}

func BenchmarkCorpusTopKSparse(b *testing.B) {
	benchCorpusTopK(b, func(a *CSR) func() [][]Hit {
		return func() [][]Hit { return TopKSparse(a, benchK, SparseOptions{}) }
	})
}

// benchCorpusTopK times, at each corpus size, the search that prepare
// returns for the size's TF-IDF matrix (prepare itself untimed), and checks
// its lists.
func benchCorpusTopK(b *testing.B, prepare func(a *CSR) func() [][]Hit) {
	for _, n := range corpusSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			a := corpusMatrix(b, n)
			search := prepare(a)
			b.ReportAllocs()
			var lists [][]Hit
			c0 := corpustest.CPUSeconds()
			for b.Loop() {
				lists = search()
			}
			reportCPU(b, c0)
			checkLists(b, lists, a.Rows, benchK)
		})
	}
}

// reportCPU adds the CPU seconds per operation since c0.
func reportCPU(b *testing.B, c0 float64) {
	b.ReportMetric((corpustest.CPUSeconds()-c0)/float64(b.N), "cpu-s/op")
}

func cmpF(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Synthetic inputs: Gaussian rows, normalised, and a random sparse matrix
// with a Zipf-like column popularity, sizes that run in seconds.

func BenchmarkTopKDense(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		rng := rand.New(rand.NewPCG(1, uint64(n)))
		x := NewDense(n, benchDims)
		for i := range x.Data {
			x.Data[i] = float32(rng.NormFloat64())
		}
		normalizeRows(x)
		b.Run(fmt.Sprintf("n=%d/%s", n, kernelName), func(b *testing.B) {
			b.ReportAllocs()
			var lists [][]Hit
			for b.Loop() {
				lists = TopKDense(x, benchK, TopKOptions{})
			}
			checkLists(b, lists, n, benchK)
			b.ReportMetric(float64(n)*float64(n-1)*benchDims/b.Elapsed().Seconds()*float64(b.N)/1e9, "GFLOP/s")
		})
	}
}

// zipfCSR draws rows×cols with about nnz entries per row, column c chosen
// with probability ∝ 1/(c+10), rows L2-normalised.
func zipfCSR(rows, cols, nnz int, seed uint64) *CSR {
	rng := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(rng, 1.1, 10, uint64(cols-1))
	m := &CSR{Rows: rows, Cols: cols, Ptr: make([]int, 1, rows+1)}
	for range rows {
		set := map[int32]bool{}
		for range nnz {
			set[int32(z.Uint64())] = true
		}
		cs := make([]int32, 0, len(set))
		for c := range set {
			cs = append(cs, c)
		}
		slices.Sort(cs)
		start := len(m.Val)
		var norm float64
		for _, c := range cs {
			v := float32(1 + rng.Float64())
			norm += float64(v) * float64(v)
			m.Ind = append(m.Ind, c)
			m.Val = append(m.Val, v)
		}
		for p := start; p < len(m.Val); p++ {
			m.Val[p] /= float32(math.Sqrt(norm))
		}
		m.Ptr = append(m.Ptr, len(m.Ind))
	}
	return m
}

func BenchmarkTopKSparse(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		a := zipfCSR(n, 20000, 80, uint64(n))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var lists [][]Hit
			for b.Loop() {
				lists = TopKSparse(a, benchK, SparseOptions{})
			}
			checkLists(b, lists, n, benchK)
		})
	}
}

// benchKeys returns n distinct column keys, as the engine's term hashes
// would be.
func benchKeys(n int) []uint64 {
	rng := rand.New(rand.NewPCG(3, 3))
	keys := make([]uint64, n)
	for j := range keys {
		keys[j] = rng.Uint64()
	}
	return keys
}

func BenchmarkSVD(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		a := zipfCSR(n, 20000, 80, uint64(n))
		for _, keyed := range []bool{false, true} {
			opt := SVDOptions{Oversample: 10, PowerIters: 2, Seed: 1}
			name := fmt.Sprintf("n=%d", n)
			if keyed {
				opt.ColKeys = benchKeys(a.Cols)
				name += "/keyed"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				var s *SVD
				for b.Loop() {
					var err error
					s, err = RandomizedSVD(a, benchDims, opt)
					if err != nil {
						b.Fatal(err)
					}
				}
				if s.Explained <= 0 || s.Explained > 1 {
					b.Fatalf("explained %g", s.Explained)
				}
			})
		}
	}
}

// BenchmarkGaussian draws the SVD's test matrix at the real corpus's size
// (27,603 terms × 210 columns), by position and keyed by column.
func BenchmarkGaussian(b *testing.B) {
	const rows, cols = 27603, benchDims + 10
	x := NewDense(rows, cols)
	for _, keys := range []struct {
		name string
		keys []uint64
	}{{"position", nil}, {"keyed", benchKeys(rows)}} {
		b.Run(keys.name, func(b *testing.B) {
			for b.Loop() {
				gaussian(x, 1, keys.keys, 0)
			}
		})
	}
}
