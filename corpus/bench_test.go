package corpus

import (
	"bytes"
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

// BenchmarkParseCorpus parses every file of the real corpus, already read,
// on one goroutine: with Parse (the fast scanner, yaml.v3 for the rest), and
// with yaml.v3 alone, building the same Article, for comparison.
func BenchmarkParseCorpus(b *testing.B) {
	dir := corpustest.Dir(b)
	var srcs [][]byte
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		src, err := os.ReadFile(p)
		srcs = append(srcs, src)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("scanner", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, src := range srcs {
				if _, err := Parse("f", src); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, src := range srcs {
				d := &doc{fmStart: 4, fmEnd: 4 + bytes.Index(src[4:], []byte("\n---\n")) + 1}
				top, _, err := parseYAML(src, d.fmStart, d.fmEnd)
				if err != nil {
					b.Fatal(err)
				}
				d.top = top
				d.indexRelated()
				if _, err := d.article(src); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
