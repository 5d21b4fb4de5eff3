package corpus

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// manyKeys returns a file of nearly MaxFileSize holding one key per line,
// about 100k of them, the last one (when dup) repeating key k<dupOf>.
func manyKeys(dup bool, dupOf int) []byte {
	var b strings.Builder
	b.WriteString("---\nid: 1\ntitle: t\nquestion: q\nurl: /learn/x/questions/y\n")
	for n := 0; b.Len() < MaxFileSize-100; n++ {
		fmt.Fprintf(&b, "k%d: v\n", n)
	}
	if dup {
		fmt.Fprintf(&b, "k%d: again\n", dupOf)
	}
	b.WriteString("---\n")
	return []byte(b.String())
}

// TestParseManyKeys: among ~100k keys a repeated one is still found, early
// or late, by both parsers; BenchmarkParseManyKeys measures the time.
func TestParseManyKeys(t *testing.T) {
	if _, err := Parse("many.md", manyKeys(false, 0)); err != nil {
		t.Fatalf("Parse(100k distinct keys) = %v", err)
	}
	for _, of := range []int{0, 20, 50000} {
		_, err := Parse("many.md", manyKeys(true, of))
		if !errors.Is(err, ErrDuplicateKey) || !strings.Contains(err.Error(), fmt.Sprintf("k%d", of)) {
			t.Errorf("Parse(k%d repeated) = %v, want ErrDuplicateKey naming it", of, err)
		}
	}
}

// BenchmarkParseManyKeys parses a file of the largest size accepted made of
// ~100k keys, with and without a repeated key (which sends it to yaml.v3).
// Both were quadratic in the number of keys: 42 s for the repeated case.
func BenchmarkParseManyKeys(b *testing.B) {
	for _, dup := range []bool{false, true} {
		src := manyKeys(dup, 0)
		b.Run(fmt.Sprintf("dup=%v", dup), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Parse("many.md", src)
			}
		})
	}
}
