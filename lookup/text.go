package lookup

// Text lists the articles closest to a free text: the text is folded into
// the TF-IDF space with the vectors the batch saved beside the lists
// (recommend.Vectors.Query), and each hit is explained by the words of the
// text that weigh most in its cosine, as the reader wrote them.

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"

	"recommend/index"
	"recommend/recommend"
)

// TextResult is what a free-text lookup returns.
type TextResult struct {
	Text    string `json:"text"`
	Related []Link `json:"related"`
}

// Vectors reads the vectors saved in ix and checks that they describe the
// same articles as its lists.
func Vectors(ix *index.Index) (*recommend.Vectors, error) {
	blob, err := ix.Vectors()
	if err != nil {
		return nil, IndexError(filepath.Dir(ix.Dir()), err)
	}
	v, err := recommend.ReadVectors(bytes.NewReader(blob))
	if errors.Is(err, recommend.ErrCorrupt) {
		return nil, IndexError(filepath.Dir(ix.Dir()), fmt.Errorf("%v: %w", err, index.ErrCorrupt))
	}
	if err != nil {
		return nil, IndexError(filepath.Dir(ix.Dir()), fmt.Errorf("%v: %w", err, index.ErrVersion))
	}
	if v.Len() != ix.Len() {
		return nil, IndexError(filepath.Dir(ix.Dir()), fmt.Errorf("vectors hold %d articles, lists %d: %w", v.Len(), ix.Len(), index.ErrCorrupt))
	}
	return v, nil
}

// Text returns the n articles of ix closest to text, with v the vectors
// of ix (Vectors).
func Text(ix *index.Index, v *recommend.Vectors, text string, n int) (TextResult, error) {
	res := TextResult{Text: text, Related: []Link{}}
	q := queryWeights(v, text)
	written := queryWords(v.Stem, text)
	for _, h := range v.Query(text, n) {
		a, err := ix.Article(h.Doc)
		if err != nil {
			return res, IndexError(filepath.Dir(ix.Dir()), err)
		}
		if a.URL != v.URLs[h.Doc] {
			return res, IndexError(filepath.Dir(ix.Dir()), fmt.Errorf("vectors and lists disagree on article %d: %w", h.Doc, index.ErrCorrupt))
		}
		res.Related = append(res.Related, Link{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Score: h.Score, Terms: sharedTerms(v, q, written, h.Doc, index.ExplainTerms)})
	}
	return res, nil
}

// WriteTextResult prints a free-text lookup for a reader.
func WriteTextResult(w io.Writer, res TextResult) {
	fmt.Fprintf(w, "%q\n\n", res.Text)
	if len(res.Related) == 0 {
		fmt.Fprintln(w, "  no article shares a term with this text")
		return
	}
	WriteLinks(w, res.Related)
}

// queryWeights returns the text's term weights (column → tf·idf), weighted
// as Vectors.Query weighs them, for explaining its hits.
func queryWeights(v *recommend.Vectors, text string) map[int32]float64 {
	col := make(map[string]int32, len(v.Terms))
	for j, t := range v.Terms {
		col[t] = int32(j)
	}
	q := map[int32]float64{}
	for _, t := range recommend.NewAnalyzer(v.Stem).Analyze(text) {
		if j, ok := col[t]; ok {
			q[j]++
		}
	}
	for j, c := range q {
		if v.Sublinear {
			c = 1 + math.Log(c)
		}
		q[j] = c * v.IDF[j]
	}
	return q
}

// queryWords maps each term of text to the word of text that it comes
// from (the first, when several share a stem), so that the terms are shown
// as the reader wrote them: "payments", not "payment"; "online", not
// "onlin".
func queryWords(stem bool, text string) map[string]string {
	words := recommend.NewAnalyzer(false).Analyze(text)
	terms := slices.Clone(words)
	if stem {
		terms = recommend.NewStemmer()(terms)
	}
	out := map[string]string{}
	for k, t := range terms {
		if _, ok := out[t]; !ok {
			out[t] = words[k]
		}
	}
	return out
}

// sharedTerms returns up to n terms of the text that weigh most in the
// cosine with article doc (the largest products of the two weights), as
// written maps them.
func sharedTerms(v *recommend.Vectors, q map[int32]float64, written map[string]string, doc, n int) []string {
	type tw struct {
		term string
		w    float64
	}
	var ts []tw
	ind, val := v.X.Row(doc)
	for p, j := range ind {
		if qw, ok := q[j]; ok {
			ts = append(ts, tw{v.Terms[j], qw * float64(val[p])})
		}
	}
	slices.SortFunc(ts, func(a, b tw) int { return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.term, b.term)) })
	out := []string{}
	for _, t := range ts[:min(n, len(ts))] {
		out = append(out, cmp.Or(written[t.term], t.term))
	}
	return out
}
