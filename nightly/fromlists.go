package nightly

// Lists ranked elsewhere (the Beam pipeline in beam/, which ranks past one
// machine, or another run's lists file) are written as the run writes its
// own: read and checked against the loaded corpus first (every url, of
// each article and of each related one, must be an article of the folder:
// an unknown one stops the run before any write, naming the file and
// line), then decided by DecideLists and written by Result.Write.

import (
	"fmt"
	"os"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
)

// ReadLists reads a lists file and returns, for each of arts, its list as
// candidates in the file's order (best first), with the file's scores. A
// url that is not one of arts, a list of the wrong length of scores, or an
// article listed twice is an error naming the file and line. Articles the
// file does not list get no candidates.
func ReadLists(path string, arts []corpus.Article) ([][]editor.Hit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, FileError(path, err)
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
