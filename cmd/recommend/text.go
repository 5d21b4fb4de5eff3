package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"recommend/index"
	"recommend/recommend"
)

// textResult is what --text prints with --json.
type textResult struct {
	Text    string       `json:"text"`
	Related []lookupLink `json:"related"`
}

// textRun lists the articles closest to a free text, folded into the
// TF-IDF space with the vectors the batch saved beside the lists.
func textRun(opts *lookupOptions, ix *index.Index) error {
	blob, err := ix.Vectors()
	if err != nil {
		return indexError(opts.G.Index, err)
	}
	v, err := recommend.ReadVectors(bytes.NewReader(blob))
	if errors.Is(err, recommend.ErrCorrupt) {
		return indexError(opts.G.Index, fmt.Errorf("%v: %w", err, index.ErrCorrupt))
	}
	if err != nil {
		return indexError(opts.G.Index, fmt.Errorf("%v: %w", err, index.ErrVersion))
	}
	if v.Len() != ix.Len() {
		return indexError(opts.G.Index, fmt.Errorf("vectors hold %d articles, lists %d: %w", v.Len(), ix.Len(), index.ErrCorrupt))
	}
	res := textResult{Text: opts.Text, Related: []lookupLink{}}
	q := queryWeights(v, opts.Text)
	written := queryWords(v.Stem, opts.Text)
	for _, h := range v.Query(opts.Text, opts.N) {
		a, err := ix.Article(h.Doc)
		if err != nil {
			return indexError(opts.G.Index, err)
		}
		if a.URL != v.URLs[h.Doc] {
			return indexError(opts.G.Index, fmt.Errorf("vectors and lists disagree on article %d: %w", h.Doc, index.ErrCorrupt))
		}
		res.Related = append(res.Related, lookupLink{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Score: h.Score, Terms: sharedTerms(v, q, written, h.Doc, explainTerms)})
	}
	if opts.G.JSON {
		return writeJSON(opts.G.IO.Out, res)
	}
	w := opts.G.IO.Out
	fmt.Fprintf(w, "%q\n\n", opts.Text)
	if len(res.Related) == 0 {
		fmt.Fprintln(w, "  no article shares a term with this text")
		return nil
	}
	writeLinksText(w, res.Related)
	return nil
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
