package recommend

import "recommend/internal/linalg"

// The steps of the "tfidf" ranking, exported one by one for a pipeline
// that runs them apart, on many machines (beam/ analyses articles on one
// worker, sums document frequencies on others, and builds the rows where
// the vocabulary is a side input). Each step here is the one Build runs,
// not a second version of it, so that such a pipeline gives Build's
// vectors and scores to the last bit:
//
//   - which fields are analysed (Config.Analyzed) and which count towards
//     document frequencies (FieldWeights.Weight > 0), their text
//     (FieldText), and the analyzer (NewAnalyzer(Config.Stem));
//   - which terms the vocabulary keeps (Config.KeepTerm) and their idf
//     (SmoothIDF), the vocabulary sorted by term (byte order);
//   - an article's row and question row from its per-field counts over the
//     vocabulary's columns (RowBuilder, the code Build uses for every row);
//   - the cosine of two rows (Dot), the score that the lists hold;
//   - whether two articles ask the same question reworded, from their rows
//     and the idf (Config.IsParaphrase over ParaphraseFeatures, in
//     paraphrase.go).
//
// The exclusions and the order of the lists are documented on Build and
// finish: candidates are the 3·TopK best by cosine, copies (QuestionKey or
// id) left out, ordered by score then URL; finishing drops a paraphrase of
// the article, a second copy of a listed question and a paraphrase of a
// listed article.

import "recommend/corpus"

// DupNeighbours is how many nearest questions Build examines per article
// for near-duplicates: more reworded copies of one question are rare.
const DupNeighbours = 10

// NumFields is the number of fields: Field values run from 0 to NumFields-1.
const NumFields = int(numFields)

// FieldText returns the raw text of field f of a, the text the analyzer
// reads for that field.
func FieldText(a *corpus.Article, f Field) string { return fieldText(a, f) }

// Weight returns the weight of field f (0 leaves the field out of the
// vectors and of the document frequencies).
func (w FieldWeights) Weight(f Field) float64 { return w.of(f) }

// Analyzed reports whether Build analyses field f: the fields of positive
// weight, and the question always (near-duplicate detection reads it).
func (c Config) Analyzed(f Field) bool { return c.Fields.of(f) > 0 || f == FieldQuestion }

// KeepTerm reports whether a term found in df of n articles (counting the
// fields of positive weight) is in the vocabulary: MinDF ≤ df ≤ MaxDF·n.
func (c Config) KeepTerm(df, n int) bool {
	return df >= c.MinDF && float64(df) <= c.MaxDF*float64(n)
}

// SmoothIDF is the idf of a term found in df of n articles:
// ln((1+n)/(1+df)) + 1.
func SmoothIDF(n, df int) float64 { return smoothIDF(n, df) }

// ColCount is a vocabulary column and the count of its term in one field
// of one article.
type ColCount struct {
	Col int32
	N   int32
}

// SparseVec is a sparse vector: ascending columns and their values, as a
// CSR row holds them.
type SparseVec struct {
	Ind []int32
	Val []float32
}

// Dot is the dot product of two sparse vectors, summed in float64 in
// ascending column order: the cosine of two unit rows exactly as the
// lists' scores (Model.Score under "tfidf") give it.
func Dot(a, b SparseVec) float64 { return linalg.SparseDot(a.Ind, a.Val, b.Ind, b.Val) }

// RowBuilder builds articles' unit TF-IDF rows over a fixed vocabulary,
// with the code Build runs for each of its rows. It keeps scratch space the
// size of the vocabulary: make one per goroutine and reuse it.
type RowBuilder struct {
	cfg   Config
	idf   []float64
	ident []int32 // column → itself: the counts come with columns already
	acc   *accumulator
	tc    [numFields][]termCount
}

// NewRowBuilder returns a RowBuilder for the vocabulary whose idf by column
// is idf (columns in term order), under cfg.
func NewRowBuilder(idf []float64, cfg Config) *RowBuilder {
	b := &RowBuilder{cfg: cfg, idf: idf, ident: make([]int32, len(idf)), acc: newAccumulator(len(idf))}
	for j := range b.ident {
		b.ident[j] = int32(j)
	}
	return b
}

// Rows returns an article's row (its weighted fields) and its question row
// (the question alone, weight 1), both L2-normalised (empty when the
// article has no kept term), from fields: for each Field, its counts by
// ascending column (nil for a field not analysed). Columns must be below
// the vocabulary's size.
func (b *RowBuilder) Rows(fields [][]ColCount) (x, q SparseVec) {
	fs := make([][]termCount, numFields)
	for f := range min(len(fields), NumFields) {
		tc := b.tc[f][:0]
		for _, c := range fields[f] {
			tc = append(tc, termCount{id: c.Col, n: c.N})
		}
		b.tc[f], fs[f] = tc, tc
	}
	xr, qr := articleRows(b.acc, fs, b.ident, b.idf, b.cfg)
	return SparseVec{xr.ind, xr.val}, SparseVec{qr.ind, qr.val}
}
