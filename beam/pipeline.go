package main

// The pipeline: the engine's "tfidf" ranking as Beam transforms, so that it
// runs on any Beam runner (Prism in process here and in the tests, Flink,
// Spark or Dataflow on a cluster) and gives the batch's lists.
//
//	match *.md files → read → parse (corpus.Parse) → analyse (the engine's
//	analyzer) → one Doc per url (the first file in path order, as
//	corpus.Load keeps)
//	Docs → distinct terms of the weighted fields → count per term (a combine)
//	     → keep MinDF ≤ df ≤ MaxDF·N → one sorted vocabulary with idf
//	Docs + vocabulary (side input) → rows: the article's unit TF-IDF row and
//	     question row (recommend.RowBuilder) → blocks of rows (hash of url)
//	blocks → every pair of blocks (and each block with itself) → in each
//	     pair, the exact top-k of every row against the other block, by the
//	     engine's own kernel (linalg.TopKSparse)
//	each row's 3·TopK best candidates (top.LargestPerKey), copies left
//	     out → each candidate given its rows (a join by the candidate's
//	     url) → with the article's own rows and the idf (side input), the
//	     lists by the engine's finish rule, paraphrases dropped by the
//	     engine's detector (recommend.Config.IsParaphrase)
//	→ JSON lines {"url", "related", "scores"}, written by eval.WriteJSONL,
//	     sorted by url: the bytes of `recommend batch --lists` under "tfidf".
//
// Scores are recommend.Dot of the rows (float64 sums of float32 weights in
// column order), the score the engine rescores every candidate with, and
// the rows are built by the engine's own code from the same counts, so the
// scores are the engine's to the last bit. Candidates are ranked by (score
// descending, url ascending), the engine's order (it numbers articles by
// url). beam/DESIGN.md has the volumes of each stage at scale.

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/top"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/linalg"
	"recommend/recommend"
)

// TermN is one term of one field of an article and its count.
type TermN struct {
	Term string
	N    int32
}

// Doc is one parsed and analysed article: what the later stages need of it.
type Doc struct {
	URL  string
	Path string
	QKey string // recommend.QuestionKey: copies share it
	ID   string // copies share it too (empty matches nothing)
	// Fields holds, per recommend.Field, the field's terms by term (byte
	// order, hence by vocabulary column) with their counts; nil for a
	// field that is not analysed.
	Fields [][]TermN
}

// TermDF is a term kept in the vocabulary and its document frequency.
type TermDF struct {
	Term string
	DF   int64
}

// Vocab is the vocabulary: its terms sorted (column j is Terms[j]) and
// their idf, over N articles.
type Vocab struct {
	N     int
	Terms []string
	IDF   []float64
}

// Row is one article's vectors and what the exclusions compare.
type Row struct {
	URL, QKey, ID string
	X, Q          recommend.SparseVec // the row and the question row, unit length
}

// Block is the rows of one block, sorted by url.
type Block struct {
	ID   int
	Rows []Row
}

// Cand is a candidate related article of some article, with its score,
// and, once joined with its row (attachRow), its rows for the paraphrase
// detector.
type Cand struct {
	URL   string
	Score float64
	QKey  string
	X, Q  recommend.SparseVec
}

// Want is a candidate on its way to its rows: For is the article whose
// candidate it is.
type Want struct {
	For string
	C   Cand
}

// Line is one article's line of the lists file.
type Line struct {
	URL  string
	Text string
}

// Options are the pipeline's parameters.
type Options struct {
	// Glob matches the content files: DIR/*/*.md for a content folder of
	// <subject>/<slug>.md files, local or in a bucket (gs://…).
	Glob string
	// Lists is the output file (local or in a bucket).
	Lists string
	// Config is the engine's configuration; Ranking must be "tfidf".
	Config recommend.Config
	// BlockRows is the number of rows per block of the all-pairs search.
	BlockRows int
}

// Pipeline adds the pipeline to s: from the files of opts.Glob to the lists
// file opts.Lists. It returns the messages of the files skipped as bad
// input (one per file, naming it).
func Pipeline(s beam.Scope, opts Options) (beam.PCollection, error) {
	cfg := opts.Config
	if cfg.Ranking != recommend.RankTFIDF {
		return beam.PCollection{}, fmt.Errorf("the pipeline ranks by %q only, not %q", recommend.RankTFIDF, cfg.Ranking)
	}
	if err := cfg.Validate(); err != nil {
		return beam.PCollection{}, err
	}
	if opts.BlockRows < 1 {
		return beam.PCollection{}, fmt.Errorf("block rows = %d, want ≥ 1", opts.BlockRows)
	}
	s = s.Scope("recommend")
	files := fileio.ReadMatches(s, fileio.MatchFiles(s, opts.Glob, fileio.MatchEmptyDisallow()), fileio.ReadUncompressed())
	parsed, bad1 := beam.ParDo2(s, &parseFn{Config: cfg}, files)
	docs, bad2 := beam.ParDo2(s, firstByPath, beam.GroupByKey(s, beam.ParDo(s, keyByURL, parsed)))
	n := stats.CountElms(s, docs)

	// Document frequencies, combined per term, then the vocabulary.
	df := stats.Count(s, beam.ParDo(s, &dfTermsFn{Config: cfg}, docs))
	kept := beam.ParDo(s, &keepFn{Config: cfg}, df, beam.SideInput{Input: n})
	vocab := beam.ParDo(s, makeVocab, beam.Combine(s, &collectTermsFn{}, kept), beam.SideInput{Input: n})

	// Rows, blocks, and every pair of blocks.
	rows := beam.ParDo(s, &rowFn{Config: cfg, BlockRows: opts.BlockRows}, docs, beam.SideInput{Input: vocab}, beam.SideInput{Input: n})
	blocks := beam.ParDo(s, makeBlock, beam.GroupByKey(s, rows))
	pairs := beam.GroupByKey(s, beam.ParDo(s, &pairFn{BlockRows: opts.BlockRows}, blocks, beam.SideInput{Input: n}))

	// Candidates, their rows (joined after the cut, so that only 3·TopK
	// candidates a row carry them), then the lists.
	cands := beam.ParDo(s, &candFn{Config: cfg}, pairs)
	best := top.LargestPerKey(s, cands, 3*cfg.TopK, lessCand)
	byURL := beam.ParDo(s, rowByURL, rows)
	withRows := beam.ParDo(s, attachRow, beam.CoGroupByKey(s, byURL, beam.ParDo(s, wantRows, best)))
	joined := beam.CoGroupByKey(s, byURL, withRows)
	lines := beam.ParDo(s, &finishFn{Config: cfg}, joined, beam.SideInput{Input: vocab})
	beam.ParDo0(s, &writeFn{Path: opts.Lists}, beam.GroupByKey(s, beam.AddFixedKey(s, lines)))
	return beam.Flatten(s, bad1, bad2), nil
}

func init() {
	for _, t := range []any{TermN{}, Doc{}, TermDF{}, Vocab{}, Row{}, Block{}, Cand{}, Want{}, Line{}, recommend.SparseVec{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(Doc), func(string), error](&parseFn{})
	register.Function1x2(keyByURL)
	register.Function4x0(firstByPath)
	register.DoFn2x0[Doc, func(string)](&dfTermsFn{})
	register.DoFn4x0[string, int, int, func(TermDF)](&keepFn{})
	register.Combiner3[[]TermDF, TermDF, []TermDF](&collectTermsFn{})
	register.Function2x1(makeVocab)
	register.DoFn4x0[Doc, Vocab, int, func(int, Row)](&rowFn{})
	register.Function2x1(makeBlock)
	register.DoFn3x0[Block, int, func(int, Block)](&pairFn{})
	register.DoFn3x0[int, func(*Block) bool, func(string, Cand)](&candFn{})
	register.Function2x1(lessCand)
	register.Function2x2(rowByURL)
	register.Function3x0(wantRows)
	register.Function4x0(attachRow)
	register.DoFn5x1[string, func(*Row) bool, func(*Cand) bool, Vocab, func(Line), error](&finishFn{})
	register.DoFn3x1[context.Context, int, func(*Line) bool, error](&writeFn{})
	register.Emitter1[Doc]()
	register.Emitter1[string]()
	register.Emitter2[string, Doc]()
	register.Emitter1[TermDF]()
	register.Emitter2[int, Row]()
	register.Emitter2[int, Block]()
	register.Emitter2[string, Cand]()
	register.Emitter2[string, Want]()
	register.Emitter1[Line]()
	register.Iter1[Doc]()
	register.Iter1[Row]()
	register.Iter1[Block]()
	register.Iter1[string]()
	register.Iter1[int]()
	register.Iter1[Cand]()
	register.Iter1[Want]()
	register.Iter1[Line]()
}

// parseFn reads one file and parses it with the project's parser, then
// analyses the fields that Build analyses with the project's analyzer. A
// file that cannot be used goes to the second output, as corpus.Load
// reports it.
type parseFn struct {
	Config recommend.Config
	an     recommend.Analyzer
}

// StartBundle makes the bundle's analyzer (its stemmer memoises, so one
// is not shared between bundles running side by side).
func (fn *parseFn) StartBundle(context.Context, func(Doc), func(string)) {
	fn.an = recommend.NewAnalyzer(fn.Config.Stem)
}

func (fn *parseFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(Doc), bad func(string)) error {
	p := f.Metadata.Path
	if f.Metadata.Size > corpus.MaxFileSize {
		bad(fmt.Sprintf("corpus: %s: %v (%d bytes)", p, corpus.ErrTooLarge, f.Metadata.Size))
		return nil
	}
	src, err := f.Read(ctx)
	if err != nil {
		return fmt.Errorf("reading %s: %w", p, err)
	}
	a, err := corpus.Parse(p, src)
	if err != nil {
		log.Warnf(ctx, "skipped: %v", err)
		bad(err.Error())
		return nil
	}
	d := Doc{URL: a.URL, Path: p, QKey: recommend.QuestionKey(&a), ID: a.ID, Fields: make([][]TermN, recommend.NumFields)}
	for f := range recommend.NumFields {
		if fn.Config.Analyzed(recommend.Field(f)) {
			d.Fields[f] = countTerms(fn.an.Analyze(recommend.FieldText(&a, recommend.Field(f))))
		}
	}
	emit(d)
	return nil
}

// countTerms returns the distinct terms of toks with their counts, by term.
func countTerms(toks []string) []TermN {
	slices.Sort(toks)
	var out []TermN
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j] == toks[i] {
			j++
		}
		out = append(out, TermN{Term: toks[i], N: int32(j - i)})
		i = j
	}
	return out
}

func keyByURL(d Doc) (string, Doc) { return d.URL, d }

// firstByPath keeps, of the files that share a url, the first in path
// order and reports the others, as corpus.Load does.
func firstByPath(url string, docs func(*Doc) bool, emit func(Doc), bad func(string)) {
	var all []Doc
	var d Doc
	for docs(&d) {
		all = append(all, d)
	}
	slices.SortFunc(all, func(a, b Doc) int { return cmp.Compare(a.Path, b.Path) })
	for _, o := range all[1:] {
		bad(fmt.Sprintf("corpus: %s: %v %s: also in %s", o.Path, corpus.ErrDuplicateURL, url, all[0].Path))
	}
	emit(all[0])
}

// dfTermsFn emits each distinct term of an article's weighted fields once:
// summed per term, they are the document frequencies.
type dfTermsFn struct{ Config recommend.Config }

func (fn *dfTermsFn) ProcessElement(d Doc, emit func(string)) {
	seen := map[string]bool{}
	for f, ts := range d.Fields {
		if fn.Config.Fields.Weight(recommend.Field(f)) == 0 {
			continue
		}
		for _, t := range ts {
			if !seen[t.Term] {
				seen[t.Term] = true
				emit(t.Term)
			}
		}
	}
}

// keepFn keeps the terms that the vocabulary keeps (n articles).
type keepFn struct{ Config recommend.Config }

func (fn *keepFn) ProcessElement(term string, df int, n int, emit func(TermDF)) {
	if fn.Config.KeepTerm(df, n) {
		emit(TermDF{Term: term, DF: int64(df)})
	}
}

// collectTermsFn gathers the kept terms into one list sorted by term.
type collectTermsFn struct{}

func (*collectTermsFn) CreateAccumulator() []TermDF              { return nil }
func (*collectTermsFn) AddInput(a []TermDF, t TermDF) []TermDF   { return append(a, t) }
func (*collectTermsFn) MergeAccumulators(a, b []TermDF) []TermDF { return append(a, b...) }
func (*collectTermsFn) ExtractOutput(a []TermDF) []TermDF {
	slices.SortFunc(a, func(x, y TermDF) int { return cmp.Compare(x.Term, y.Term) })
	return a
}

// makeVocab gives the sorted terms their idf.
func makeVocab(terms []TermDF, n int) Vocab {
	v := Vocab{N: n, Terms: make([]string, len(terms)), IDF: make([]float64, len(terms))}
	for j, t := range terms {
		v.Terms[j] = t.Term
		v.IDF[j] = recommend.SmoothIDF(n, int(t.DF))
	}
	return v
}

// rowFn builds an article's rows over the vocabulary and sends them to
// their block.
type rowFn struct {
	Config    recommend.Config
	BlockRows int
	// The vocabulary's column lookup and row builder, made once per
	// vocabulary (the side input is the same for every element).
	col   map[string]int32
	terms []string
	b     *recommend.RowBuilder
}

func (fn *rowFn) ProcessElement(d Doc, v Vocab, n int, emit func(int, Row)) {
	if fn.b == nil || len(fn.terms) != len(v.Terms) || len(v.Terms) > 0 && &fn.terms[0] != &v.Terms[0] {
		fn.col = make(map[string]int32, len(v.Terms))
		for j, t := range v.Terms {
			fn.col[t] = int32(j)
		}
		fn.terms = v.Terms
		fn.b = recommend.NewRowBuilder(v.IDF, fn.Config)
	}
	fields := make([][]recommend.ColCount, len(d.Fields))
	for f, ts := range d.Fields {
		for _, t := range ts { // by term, hence by column
			if j, ok := fn.col[t.Term]; ok {
				fields[f] = append(fields[f], recommend.ColCount{Col: j, N: t.N})
			}
		}
	}
	x, q := fn.b.Rows(fields)
	emit(blockOf(d.URL, numBlocks(n, fn.BlockRows)), Row{URL: d.URL, QKey: d.QKey, ID: d.ID, X: x, Q: q})
}

// numBlocks is the number of blocks of n rows, blockRows rows each on
// average.
func numBlocks(n, blockRows int) int {
	return max(1, (n+blockRows-1)/blockRows)
}

// blockOf is the block of a url: a hash, so that blocks fill evenly
// without a global numbering of the articles.
func blockOf(url string, blocks int) int {
	h := fnv.New64a()
	h.Write([]byte(url))
	return int(h.Sum64() % uint64(blocks))
}

// makeBlock gathers a block's rows, sorted by url.
func makeBlock(id int, rows func(*Row) bool) Block {
	b := Block{ID: id}
	var r Row
	for rows(&r) {
		b.Rows = append(b.Rows, r)
	}
	slices.SortFunc(b.Rows, func(x, y Row) int { return cmp.Compare(x.URL, y.URL) })
	return b
}

// pairFn sends a block to each pair of blocks it belongs to: (i, j) for
// every block j, keyed by lo<<32 | hi.
type pairFn struct{ BlockRows int }

func (fn *pairFn) ProcessElement(b Block, n int, emit func(int, Block)) {
	nb := numBlocks(n, fn.BlockRows)
	for j := range nb {
		lo, hi := min(b.ID, j), max(b.ID, j)
		emit(lo<<32|hi, b)
	}
}

// pairRows gathers the blocks of one pair. It returns nil when the pair
// has no work: two distinct blocks of which one is empty (it got no url).
func pairRows(key int, blocks func(*Block) bool) []Block {
	var bs []Block
	var b Block
	for blocks(&b) {
		bs = append(bs, b)
	}
	slices.SortFunc(bs, func(x, y Block) int { return cmp.Compare(x.ID, y.ID) })
	if lo, hi := key>>32, key&(1<<32-1); lo != hi && len(bs) < 2 {
		return nil
	}
	return bs
}

// searchPair runs the exact top-k of every row of the pair's blocks
// against the other block (or, for a block with itself, against the
// block) on the vectors vec picks, with the engine's kernel; skip leaves
// more pairs out. It calls emit with each row, a candidate and its score
// (recommend.Dot, the exact cosine).
func searchPair(bs []Block, k int, vec func(*Row) recommend.SparseVec, skip func(a, b *Row) bool, emit func(a, b *Row, score float64)) {
	var rows []*Row
	var block []int
	for bi := range bs {
		for r := range bs[bi].Rows {
			rows = append(rows, &bs[bi].Rows[r])
			block = append(block, bi)
		}
	}
	m := &recommend.CSR{Rows: len(rows), Ptr: make([]int, len(rows)+1)}
	for i, r := range rows {
		v := vec(r)
		m.Ind = append(m.Ind, v.Ind...)
		m.Val = append(m.Val, v.Val...)
		m.Ptr[i+1] = len(m.Ind)
		for _, c := range v.Ind {
			m.Cols = max(m.Cols, int(c)+1)
		}
	}
	hits := linalg.TopKSparse(m, k, linalg.SparseOptions{Skip: func(i, j int) bool {
		return block[i] == block[j] && len(bs) == 2 || skip(rows[i], rows[j])
	}, Workers: 1})
	for i, hs := range hits {
		for _, h := range hs {
			emit(rows[i], rows[h.Doc], recommend.Dot(vec(rows[i]), vec(rows[h.Doc])))
		}
	}
}

// copies reports whether a and b are copies of one question (the same
// QuestionKey, or the same non-empty id): never listed for each other.
func copies(a, b *Row) bool { return a.QKey == b.QKey || a.ID != "" && a.ID == b.ID }

// candFn proposes, for every row of a pair, its 3·TopK best candidates by
// cosine, leaving out copies (paraphrases are the finish's business, as in
// Build).
type candFn struct{ Config recommend.Config }

func (fn *candFn) ProcessElement(key int, blocks func(*Block) bool, emit func(string, Cand)) {
	bs := pairRows(key, blocks)
	if bs == nil {
		return
	}
	searchPair(bs, 3*fn.Config.TopK, func(r *Row) recommend.SparseVec { return r.X }, copies,
		func(a, b *Row, score float64) { emit(a.URL, Cand{URL: b.URL, Score: score, QKey: b.QKey}) })
}

// lessCand orders candidates as the engine does, best last: by score, then
// by url descending (the lower url wins a tie).
func lessCand(a, b Cand) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.URL > b.URL
}

// rowByURL keys a row by its url.
func rowByURL(_ int, r Row) (string, Row) { return r.URL, r }

// wantRows sends each of an article's candidates to the candidate's url,
// where its rows are.
func wantRows(url string, cs []Cand, emit func(string, Want)) {
	for _, c := range cs {
		emit(c.URL, Want{For: url, C: c})
	}
}

// attachRow gives the candidates of one url its rows and sends them back to
// the articles whose candidates they are.
func attachRow(url string, rows func(*Row) bool, wants func(*Want) bool, emit func(string, Cand)) {
	var r Row
	if !rows(&r) {
		return // candidates of no article: cannot happen
	}
	var w Want
	for wants(&w) {
		c := w.C
		c.X, c.Q = r.X, r.Q
		emit(w.For, c)
	}
}

// finishFn makes an article's list from its best candidates by the
// engine's rule (Build's finish): by score then url, scores of 0 or less
// and under MinScore dropped, a paraphrase of the article, a second copy
// of a listed question or a paraphrase of a listed article dropped
// (recommend.Config.IsParaphrase on the rows, with the vocabulary's idf),
// TopK kept; and writes its line with eval.WriteJSONL, the batch's writer.
type finishFn struct{ Config recommend.Config }

func (fn *finishFn) ProcessElement(url string, self func(*Row) bool, cands func(*Cand) bool, v Vocab, emit func(Line)) error {
	var r Row
	if !self(&r) {
		return nil // candidates of no article: cannot happen
	}
	var all []Cand
	var c Cand
	for cands(&c) {
		all = append(all, c)
	}
	slices.SortFunc(all, func(a, b Cand) int { return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.URL, b.URL)) })
	var list []Cand
next:
	for _, c := range all {
		if len(list) == fn.Config.TopK || c.Score <= 0 || c.Score < fn.Config.MinScore {
			break
		}
		// The argument order is the engine's: the article or the listed
		// one first, the candidate second.
		if fn.Config.IsParaphrase(r.Q, c.Q, r.X, c.X, v.IDF) {
			continue
		}
		for _, p := range list {
			if p.QKey == c.QKey || fn.Config.IsParaphrase(p.Q, c.Q, p.X, c.X, v.IDF) {
				continue next
			}
		}
		list = append(list, c)
	}
	l := eval.Lists{Related: map[string][]string{url: {}}, Scores: map[string][]float64{url: {}}}
	for _, c := range list {
		l.Related[url] = append(l.Related[url], c.URL)
		l.Scores[url] = append(l.Scores[url], c.Score)
	}
	var b bytes.Buffer
	if err := eval.WriteJSONL(&b, []corpus.Article{{URL: url}}, l); err != nil {
		return err
	}
	emit(Line{URL: url, Text: b.String()})
	return nil
}

// writeFn writes every line, sorted by url, to one file: through a
// temporary file and a rename where the file system can rename, so that
// the file is whole or absent.
type writeFn struct{ Path string }

func (fn *writeFn) ProcessElement(ctx context.Context, _ int, lines func(*Line) bool) (err error) {
	var all []Line
	var l Line
	for lines(&l) {
		all = append(all, l)
	}
	slices.SortFunc(all, func(a, b Line) int { return cmp.Compare(a.URL, b.URL) })
	fs, err := filesystem.New(ctx, fn.Path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", fn.Path, err)
	}
	defer fs.Close()
	target := fn.Path
	ren, canRename := fs.(filesystem.Renamer)
	if canRename {
		dir, base := path.Split(fn.Path)
		target = dir + "." + base + ".tmp"
	}
	w, err := fs.OpenWrite(ctx, target)
	if err != nil {
		return fmt.Errorf("writing %s: %w", fn.Path, err)
	}
	var sb strings.Builder
	for _, l := range all {
		sb.WriteString(l.Text)
	}
	_, err = w.Write([]byte(sb.String()))
	err = errors.Join(err, w.Close())
	if err == nil && canRename {
		err = ren.Rename(ctx, target, fn.Path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", fn.Path, err)
	}
	return nil
}
