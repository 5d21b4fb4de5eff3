package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"recommend/corpus"
	"recommend/recommend"
)

// Lists are related lists: article URL → related URLs, best first. Scores,
// when known, hold the score of each related URL in the same order.
type Lists struct {
	Related map[string][]string
	Scores  map[string][]float64
}

// listLine is one line of a JSON-lines lists file, as the reference scripts
// write them.
type listLine struct {
	URL     string    `json:"url"`
	Related []string  `json:"related"`
	Scores  []float64 `json:"scores,omitempty"`
}

// ReadJSONL reads lists in the JSON-lines form {"url", "related", "scores"}
// (scores optional). When a URL repeats, its last line wins, as in the
// reference scripts.
func ReadJSONL(r io.Reader) (Lists, error) {
	l := Lists{Related: map[string][]string{}, Scores: map[string][]float64{}}
	err := EachJSONL(r, func(_ int, url string, related []string, scores []float64) error {
		l.Related[url] = related
		if scores != nil {
			l.Scores[url] = scores
		} else {
			delete(l.Scores, url)
		}
		return nil
	})
	if err != nil {
		return Lists{}, err
	}
	return l, nil
}

// EachJSONL calls f with every line of a JSON-lines lists file, in file
// order, with its line number (from 1): for readers that check each line
// against something and must name the line. Blank lines are skipped; f's
// error stops the reading and is returned as it is.
func EachJSONL(r io.Reader, f func(line int, url string, related []string, scores []float64) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var ln listLine
		if err := json.Unmarshal(sc.Bytes(), &ln); err != nil {
			return fmt.Errorf("eval: lists line %d: %w", n, err)
		}
		if err := f(n, ln.URL, ln.Related, ln.Scores); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval: lists: %w", err)
	}
	return nil
}

// ReadJSONLFile reads a JSON-lines lists file (see ReadJSONL).
func ReadJSONLFile(path string) (Lists, error) {
	f, err := os.Open(path)
	if err != nil {
		return Lists{}, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	l, err := ReadJSONL(f)
	if err != nil {
		return Lists{}, fmt.Errorf("%w (%s)", err, path)
	}
	return l, nil
}

// WriteJSONL writes the lists of arts, one line per article in the order of
// arts, in the form the reference scripts read. Articles without a list get
// an empty one.
func WriteJSONL(w io.Writer, arts []corpus.Article, l Lists) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for i := range arts {
		u := arts[i].URL
		rel := l.Related[u]
		if rel == nil {
			rel = []string{}
		}
		if err := enc.Encode(listLine{URL: u, Related: rel, Scores: l.Scores[u]}); err != nil {
			return fmt.Errorf("eval: write lists: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("eval: write lists: %w", err)
	}
	return nil
}

// FromHits turns the engine's lists (Model.Lists: one []Hit per article, in
// the order of arts) into Lists keyed by URL.
func FromHits(arts []corpus.Article, hits [][]recommend.Hit) Lists {
	l := Lists{Related: make(map[string][]string, len(arts)), Scores: make(map[string][]float64, len(arts))}
	for i, hs := range hits {
		if i >= len(arts) {
			break
		}
		rel := make([]string, 0, len(hs))
		sc := make([]float64, 0, len(hs))
		for _, h := range hs {
			if h.Doc < 0 || h.Doc >= len(arts) {
				continue
			}
			rel = append(rel, arts[h.Doc].URL)
			sc = append(sc, h.Score)
		}
		l.Related[arts[i].URL] = rel
		l.Scores[arts[i].URL] = sc
	}
	return l
}

// Existing returns the site's current related links of arts as Lists (no
// scores), so that they can be scored like any system.
func Existing(arts []corpus.Article) Lists {
	l := Lists{Related: make(map[string][]string, len(arts))}
	for i := range arts {
		rel := make([]string, 0, len(arts[i].Related))
		for _, r := range arts[i].Related {
			rel = append(rel, pyStrip(r.URL))
		}
		l.Related[pyStrip(arts[i].URL)] = rel
	}
	return l
}
