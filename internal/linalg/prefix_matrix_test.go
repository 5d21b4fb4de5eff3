package linalg

// The near-duplicate search timed on a real question matrix: a large
// corpus's questions, written by the recommend package's TestDumpQuestions,
// searched by TopKSparseAbove and by the all-pairs search in turn, the
// lists required equal.

import (
	"encoding/gob"
	"flag"
	"math"
	"os"
	"testing"
	"time"

	"recommend/internal/corpustest"
)

var prefixMatrix = flag.String("prefix.matrix", "", "a question matrix written by recommend's TestDumpQuestions (-dup.dump), on which TestTopKSparseAboveOnMatrix times the near-duplicate searches")

// TestTopKSparseAboveOnMatrix runs, with -prefix.matrix, TopKSparseAbove
// and the all-pairs search (TopKSparse, its lists cut at the floor) in
// turn, twice, requires the same lists and prints each one's wall and CPU
// seconds.
func TestTopKSparseAboveOnMatrix(t *testing.T) {
	if *prefixMatrix == "" {
		t.Skip("needs -prefix.matrix")
	}
	f, err := os.Open(*prefixMatrix)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Q            *CSR
		Keys, IDs    []int32
		DupThreshold float64
	}
	err = gob.NewDecoder(f).Decode(&d)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	skip := func(i, j int) bool { return d.Keys[i] == d.Keys[j] || d.IDs[i] == d.IDs[j] }
	// The floor of recommend's nearQuestions.
	th := d.DupThreshold - 1e-6
	floor := float32(th)
	if float64(floor) > th {
		floor = math.Nextafter32(floor, 0)
	}
	const k = 10
	opt := SparseOptions{Skip: skip, Workers: 2}
	for round := range 2 {
		start, cpu := time.Now(), corpustest.CPUSeconds()
		got := TopKSparseAbove(d.Q, k, floor, opt)
		t.Logf("round %d, above the floor: %.2f s wall, %.2f s CPU", round, time.Since(start).Seconds(), corpustest.CPUSeconds()-cpu)
		start, cpu = time.Now(), corpustest.CPUSeconds()
		want := above(TopKSparse(d.Q, k, opt), floor, k)
		t.Logf("round %d, all pairs: %.2f s wall, %.2f s CPU", round, time.Since(start).Seconds(), corpustest.CPUSeconds()-cpu)
		hits := 0
		for _, hs := range want {
			hits += len(hs)
		}
		t.Logf("%d rows, %d hits from the floor up", d.Q.Rows, hits)
		if !equalLists(got, want) {
			t.Errorf("the lists differ from the all-pairs search's")
		}
	}
}
