package nightly

// The outputs of a night, each read from the Result alone: the lists file
// (JSON lines, as eval reads them), the index that lookups answer from,
// the review page's data, the agreement with today's links, and eval's
// editors' section. Save writes the three files side by side: they only
// read the decisions, and the articles are written after all of them
// succeeded.

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"

	"recommend/eval"
	"recommend/index"
	"recommend/internal/atomicfile"
	"recommend/internal/par"
	"recommend/recommend"
	"recommend/review"
)

// ReviewData is the file, in the index folder, where a run saves what the
// review page shows.
const ReviewData = "review.json.gz"

// ReviewTitle is the review page's title.
const ReviewTitle = "Related links: review of the last batch"

// Lists are the written lists in eval's form (url → related urls, with
// their scores), as the lists file holds them.
func (r *Result) Lists() eval.Lists { return eval.FromHits(r.Articles, r.Final) }

// Agreement measures the written lists against the links the site shows
// today, at cut-off 5.
func (r *Result) Agreement() eval.Agreement { return r.agreement(r.Lists()) }

func (r *Result) agreement(l eval.Lists) eval.Agreement {
	return eval.NewIndex(r.Articles).Agreement(l.Related, 5)
}

// IndexArticles are the index's records: each article with its written
// links, the terms that explain them (Explain) and why each is there
// (editor.Entry.Reason), its path relative to the corpus folder root when
// it lies below it.
func (r *Result) IndexArticles(root string) []index.Article {
	r.Explain()
	entries := make([]index.Article, len(r.Articles))
	par.For(len(r.Articles), 0, func(i int) { entries[i] = r.indexArticle(root, i) })
	return entries
}

// indexArticle is article i's record in the index (IndexArticles). Call
// Explain first.
func (r *Result) indexArticle(root string, i int) index.Article {
	a := &r.Articles[i]
	e := index.Article{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, Path: relPath(root, a.Path)}
	why := eval.WrittenReasons(&r.Decisions[i])
	if len(r.Final[i]) > 0 {
		e.Related = make([]index.Related, len(r.Final[i]))
	}
	for k, h := range r.Final[i] {
		e.Related[k] = index.Related{Doc: h.Doc, Score: h.Score, Terms: r.Terms(i, h.Doc, index.ExplainTerms), Reason: why[k]}
	}
	return e
}

// relPath returns path relative to root when it lies below it.
func relPath(root, path string) string {
	if rel, err := filepath.Rel(root, path); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// ReviewPage is the review page's data: every article's links today
// beside the decided ones, flagged, scored and explained, and the
// duplicate clusters (Clusters).
func (r *Result) ReviewPage() *review.Page { return r.reviewResults().Page() }

// reviewResults are what the review page is made of (ReviewPage), which
// Save writes without building the page.
func (r *Result) reviewResults() *review.Results {
	src := &review.Results{Title: ReviewTitle, Articles: r.Articles, Decisions: r.Decisions, Options: r.Editors.Options}
	if r.Model != nil {
		r.Explain()
		src.Terms = r.Terms
	}
	if r.Editors.Overrides != nil {
		src.Blocks = len(r.Editors.Overrides.Blocks)
	}
	for _, c := range r.Clusters() {
		src.Clusters = append(src.Clusters, review.Cluster{Members: c.Members, Canonical: c.Canonical, Reason: c.Reason})
	}
	return src
}

// Clusters are the duplicate clusters of the night's model
// (recommend.Model.Clusters, what `recommend duplicates` prints: the
// detector's pairs do not depend on how many candidates the build kept),
// largest first; none without a model. The model searches for the pairs
// once, on the first call.
func (r *Result) Clusters() []recommend.Cluster {
	if r.Model == nil {
		return nil
	}
	return r.Model.Clusters()
}

// EditorLists is eval's editors' section input: the engine's own lists
// (its first TopK candidates) beside the written ones. file names the
// overrides file.
func (r *Result) EditorLists(file string) *eval.EditorLists {
	k := r.Editors.Options.K
	engine := make([][]recommend.Hit, len(r.Articles))
	for i, hs := range r.Model.Lists() {
		engine[i] = hs[:min(k, len(hs))]
	}
	return &eval.EditorLists{
		File:    file,
		Margin:  r.Editors.Options.Margin,
		Summary: r.Summary,
		Engine:  eval.FromHits(r.Articles, engine),
		Written: r.Lists(),
	}
}

// Outputs say where Save writes.
type Outputs struct {
	Index    string           // the index folder, claimed (index.Claim)
	Corpus   string           // the content folder, as the index records it
	Config   recommend.Config // the engine's settings, as the index records them
	ListsOut string           // the lists file; "" for none
}

// Saved is what Save did besides writing.
type Saved struct {
	Generation string         // the index's new generation
	Agreement  eval.Agreement // of the written lists with today's links
}

// Save writes the index and the review data into o.Index, and the lists
// file when asked for, side by side, and measures the agreement. The
// first error, lists before index before review data, is returned. The
// Result needs its model (Decide's, not DecideLists').
//
// Each file is written as it is made, one article at a time (the index's
// records by index.WriteEach; the review data by review.Results.Save, a
// block of articles at a time on each core), so
// that no output is held whole beside the model and the decisions; and
// once every link is explained the model lets go of the written forms the
// explanations were read from (Model.DropSurfaces) and, when no incremental
// night can start from it, of its LSA vectors (Model.DropLSA): at a
// million articles these are some 2.8 GB together. The model serves no
// other question afterwards.
func (r *Result) Save(o Outputs) (Saved, error) {
	var s Saved
	if r.Model == nil {
		return s, errors.New("nightly: lists ranked elsewhere have no model to save an index from")
	}
	// The folder first: the review data may be written before the index
	// would have made it.
	if err := ClaimIndex(o.Index); err != nil {
		return s, err
	}
	r.Explain()
	r.Model.DropSurfaces()
	r.Model.DropLSA()
	var errIndex, errLists, errReview error
	var wg sync.WaitGroup
	wg.Go(func() {
		at := func(i int) index.Article { return r.indexArticle(o.Corpus, i) }
		gen, err := index.WriteEach(o.Index, len(r.Articles), at, r.Model.Vectors(), index.Manifest{Corpus: o.Corpus, Config: o.Config})
		if err != nil {
			errIndex = fmt.Errorf("saving the index: %w", err)
		}
		s.Generation = gen
	})
	wg.Go(func() {
		l := r.Lists()
		s.Agreement = r.agreement(l)
		if o.ListsOut != "" {
			errLists = r.writeLists(o.ListsOut, l)
		}
	})
	wg.Go(func() {
		if err := r.reviewResults().Save(filepath.Join(o.Index, ReviewData)); err != nil {
			errReview = fmt.Errorf("saving the review data: %w", err)
		}
	})
	wg.Wait()
	return s, cmp.Or(errLists, errIndex, errReview)
}

// WriteLists writes the written lists to path as JSON lines, atomically.
func (r *Result) WriteLists(path string) error { return r.writeLists(path, r.Lists()) }

// writeLists streams the lines into the file (WriteJSONL buffers a few
// kilobytes, not the whole file: some 800 bytes an article).
func (r *Result) writeLists(path string, l eval.Lists) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		return eval.WriteJSONL(w, r.Articles, l)
	})
}
