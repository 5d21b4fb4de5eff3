package corpus

import (
	"os"
	"path/filepath"
	"testing"

	"recommend/internal/corpustest"
)

// BenchmarkLoad loads the whole real corpus (skipped where it is absent). It
// reports allocated bytes per load and the heap the articles hold on to.
func BenchmarkLoad(b *testing.B) {
	dir := corpustest.Dir(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		arts, bad, err := Load(dir)
		if err != nil || len(bad) > 0 {
			b.Fatalf("Load: %v, %d bad files", err, len(bad))
		}
		n = len(arts)
	}
	if n != 35915 {
		b.Fatalf("Load: %d articles, want 35915", n)
	}
}

// BenchmarkParse parses one typical article (testdata/article.md), the
// per-file cost of Load without the reading.
func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "article.md"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("article.md", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSetRelated rewrites one article with its links reversed,
// including the check that the result reads back.
func BenchmarkSetRelated(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "article.md"))
	if err != nil {
		b.Fatal(err)
	}
	a, err := Parse("article.md", src)
	if err != nil {
		b.Fatal(err)
	}
	links := []Link{a.Related[1], a.Related[0]}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SetRelated(src, links); err != nil {
			b.Fatal(err)
		}
	}
}
