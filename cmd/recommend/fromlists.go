package main

// `batch --from-lists FILE`: the front-matter rewrite for lists ranked
// elsewhere (the Beam pipeline in beam/, which ranks past one machine, or
// another batch's --lists). The lists are read and checked against the
// loaded corpus first (every url, of each article and of each related one,
// must be an article of the folder: an unknown one stops the run before
// any write, naming the file and line), then go through the editors' rules
// (editor.Apply: locks, pins, blocks, hysteresis) and the batch's own
// writer (writeOrCount), under the folder's lock, with every guarantee of
// a normal --write. Hysteresis sees the lists' scores only: a current link
// the lists do not hold counts as 0. The index is not rebuilt (it needs
// the vectors): lookups keep answering from the last batch's index.

import (
	"fmt"
	"os"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
)

// fromListsRun is batch --from-lists.
func fromListsRun(opts *batchOptions) error {
	g, log := opts.G, opts.G.logger()
	run, err := startBatch(opts, "not rebuilt (--from-lists)", nil)
	if run != nil {
		defer run.release()
	}
	if err != nil {
		return err
	}
	sum, arts := &run.sum, run.arts
	cands, err := readListsFor(opts.FromLists, arts)
	if err != nil {
		return err
	}
	res, warns := editor.Apply(editor.Batch{Articles: arts, Candidates: cands, Unknown: run.es.Unknown}, run.es.Overrides, run.es.Options)
	for _, w := range warns {
		log.Warn("override ignored: "+w.Error(), "reason", w.Error())
	}
	run.step("decide", "applied the editors' decisions and hysteresis")
	sum.Changed, sum.Failed = writeOrCount(opts, log, arts, res, run.gate)
	sum.Written = opts.Write
	if opts.Write {
		run.step("write", "rewrote "+plural(sum.Changed, "file"))
	} else {
		run.step("write", "found "+plural(sum.Changed, "list")+" that would change")
	}
	return endBatch(g, sum)
}

// readListsFor reads a lists file and returns, for each of arts, its list
// as candidates in the file's order (best first), with the file's scores.
// A url that is not one of arts, a list of the wrong length of scores, or
// an article listed twice is an error naming the file and line. Articles
// the file does not list get no candidates.
func readListsFor(path string, arts []corpus.Article) ([][]editor.Hit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	defer f.Close()
	byURL := make(map[string]int, len(arts))
	for i := range arts {
		byURL[arts[i].URL] = i
	}
	out := make([][]editor.Hit, len(arts))
	seen := make([]int, len(arts)) // line of each article's list, 0 when not yet seen
	err = eval.EachJSONL(f, func(line int, url string, related []string, scores []float64) error {
		at := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", path, line, fmt.Sprintf(format, a...))
		}
		i, ok := byURL[url]
		if !ok {
			return at("url %q is not an article of the corpus", url)
		}
		if seen[i] > 0 {
			return at("url %q is listed again (first on line %d)", url, seen[i])
		}
		seen[i] = line
		if len(scores) != len(related) {
			return at("%d related urls but %d scores", len(related), len(scores))
		}
		out[i] = make([]editor.Hit, len(related))
		for k, r := range related {
			j, ok := byURL[r]
			if !ok {
				return at("related url %q is not an article of the corpus", r)
			}
			out[i][k] = editor.Hit{Doc: j, Score: scores[k]}
		}
		return nil
	})
	if err != nil {
		return nil, err // names the file and line
	}
	return out, nil
}
