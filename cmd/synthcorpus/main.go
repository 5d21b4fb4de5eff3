// Command synthcorpus writes a synthetic content folder for benchmarks: N
// articles in the corpus's own format, recombined from a real corpus's text
// by subject, with its cross-post rate and a vocabulary that grows as the
// real one does (see package recommend/corpus/synth for the method).
//
//	go run ./cmd/synthcorpus --from ../shared/quicktakes/content/learn --articles 100000 --out /tmp/synth-100k --seed 1
//
// The same source, count and seed write a byte-identical tree.
package main

import (
	"flag"
	"fmt"
	"os"

	"recommend/corpus"
	"recommend/corpus/synth"
)

func main() {
	from := flag.String("from", "", "the real content folder to learn from")
	n := flag.Int("articles", 0, "how many articles to write")
	out := flag.String("out", "", "the folder to write them to (created; must be empty)")
	seed := flag.Uint64("seed", 1, "seed of the draws")
	compare := flag.String("compare", "", "instead of writing: compare the term statistics of --from with this folder's")
	reword := flag.Float64("reword-rate", synth.DefaultRewordRate, "share of questions that reword an earlier one of their subject")
	flag.Parse()
	if *from != "" && *compare != "" {
		if err := compareStats(*from, *compare, *seed); err != nil {
			fmt.Fprintln(os.Stderr, "synthcorpus:", err)
			os.Exit(1)
		}
		return
	}
	if *from == "" || *out == "" || *n <= 0 {
		fmt.Fprintln(os.Stderr, "synthcorpus: need --from DIR --articles N --out DIR [--seed S]")
		os.Exit(2)
	}
	if err := run(*from, *out, *n, *seed, *reword); err != nil {
		fmt.Fprintln(os.Stderr, "synthcorpus:", err)
		os.Exit(1)
	}
}

func run(from, out string, n int, seed uint64, reword float64) error {
	arts, bad, err := corpus.Load(from)
	if err != nil {
		return err
	}
	for _, b := range bad {
		fmt.Fprintln(os.Stderr, "synthcorpus: skipped:", b)
	}
	src, err := synth.Analyze(arts, seed)
	if err != nil {
		return err
	}
	src.RewordRate = reword
	arts = nil
	if err := src.Generate(out, synth.Options{Articles: n, Seed: seed}); err != nil {
		return err
	}
	fmt.Printf("wrote %d articles to %s (Heaps K %.2f β %.3f, cross-posts %.4f)\n", n, out, src.HeapsK, src.HeapsBeta, src.CrossRate)
	return nil
}

// compareStats prints the term statistics of two folders side by side.
func compareStats(a, b string, seed uint64) error {
	var st [2]synth.Stats
	for i, dir := range []string{a, b} {
		arts, bad, err := corpus.Load(dir)
		if err != nil {
			return err
		}
		if len(bad) > 0 {
			return fmt.Errorf("%s: %d files skipped, first: %v", dir, len(bad), bad[0])
		}
		st[i] = synth.Measure(arts, []int{1000, 5000, 10000, 20000, 35915, 100000, 300000, 1000000}, seed)
	}
	synth.WriteTable(os.Stdout, a, b, st[0], st[1])
	return nil
}
