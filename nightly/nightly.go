// Package nightly is the nightly run of the related-content engine as a
// library: what `recommend batch` does, and what `recommend eval`, a
// server for editors or an incremental run share of it.
//
// # Method
//
// A run is five stages over plain data, each a function the caller calls
// in turn (and times, logs or parallelises as it likes):
//
//  1. Load: corpus.Load reads the content folder; the files it could not
//     read are unknown, not deleted (Unknown), so that links to them stay.
//  2. Build: Build ranks each article's candidates with the engine
//     (recommend.Build), a few more than the lists keep when hysteresis is
//     on (eval.CandidateConfig), so that a current link that slipped a
//     little is weighed at its real score.
//     BuildNight does the same from the previous night's state when it
//     can (incremental.go, recommend.Update), and in full otherwise.
//     Batch loads with the state at hand (corpus.LoadKnown): a file whose
//     bytes the state knows is read but not parsed, and its analysis is
//     the state's; a file whose stat identity is the one the last night
//     recorded beside the state (StatFile) is not even read; a full
//     rebuild after such a load reads the corpus again.
//  3. Decide: Decide applies the editors' decisions (pins, blocks, locks,
//     read by LoadEditors) and hysteresis to the candidates (editor.Apply)
//     and returns one Result; DecideLists does the same for lists ranked
//     elsewhere (ReadLists), without a model.
//  4. Outputs: every output reads the Result and nothing else: the lists
//     file (Result.Lists), the index (Result.IndexArticles), the review
//     data (Result.ReviewPage, with the duplicate clusters of
//     Result.Clusters: the model's, as `recommend duplicates` prints
//     them), the agreement with today's links
//     (Result.Agreement), eval's editors' section (Result.EditorLists) and
//     the summary's editors' figures (Result.Report). The terms that
//     explain each link are computed once, by Result.Explain, for the index
//     and the review page alike, and kept in the state for the next night,
//     which takes those of a pair of unchanged articles from it. Result.Save writes the three files side
//     by side.
//  5. Write: Result.Write rewrites the related links of every article
//     whose list changed (or, on a dry run, counts them), one file at a
//     time, atomically, through a Gate that lets SIGINT and SIGTERM finish
//     the files in flight (CatchSignals); Acquire takes the folder's run
//     lock first, so that one run writes a folder at a time.
//
// Batch calls the stages in turn as `recommend batch` runs them, each
// timed into a Summary and said on stderr (package termlog), and
// EvalFolder scores a content folder as `recommend eval` does; a mistake
// in what either is asked to do is an InputError.
//
// Settings come from recommend.yaml (DecodeSettings) and flags (one per
// key, ConfigFlags and EditorFlags), resolved by Resolve (ResolveFlags)
// into one Settings: the engine's part is recommend.Config, the
// editors' part EditorSettings. The settings file, the editors' decisions
// and the index live in the content folder's home (home.Of, home.IndexDir).
package nightly

import (
	"fmt"
	"slices"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
	"recommend/index"
	"recommend/internal/par"
	"recommend/recommend"
)

// Result is one night's decisions: the articles, the engine's model (nil
// when the lists were ranked elsewhere), and the editors' verdict on every
// article's links. Every output of the run reads it.
type Result struct {
	// Articles are the corpus the run loaded, in the model's order.
	Articles []corpus.Article
	// Model is the engine's build over Articles with the candidate
	// configuration (Build); nil for DecideLists.
	Model *recommend.Model
	// Editors are the decisions and options the lists were decided with.
	Editors Editors
	// Decisions are editor.Apply's results, one per article.
	Decisions []editor.Result
	// Final are the links written, in the engine's form: links to articles
	// of the corpus with the model's score (nil for DecideLists).
	Final [][]recommend.Hit
	// Summary counts the decisions and what they did (editor.Summarize;
	// zero for DecideLists).
	Summary editor.Summary
	// Warnings are the decisions that named no article; the rest applied.
	Warnings []error

	batch editor.Batch // the candidates the decisions were made from
	// words are the terms that explain each article's links (Explain): for
	// each pair the target, the count of its terms, 1 when a term fell back
	// to the corpus's word (else 0) and the terms' numbers in table, one
	// run after another (some 0.2 KB an article, where a slice of strings
	// for each pair took 0.8 KB).
	words [][]int32
	table recommend.WordTable
}

// Build ranks every article's candidates for lists of cfg.TopK links
// decided with hysteresis margin (negative: off): a few more than the
// lists keep when hysteresis is on.
func Build(arts []corpus.Article, cfg recommend.Config, margin float64) (*recommend.Model, error) {
	m, err := recommend.Build(arts, eval.CandidateConfig(cfg, margin))
	if err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	return m, nil
}

// Decide applies the editors' decisions and hysteresis to the model's
// candidates and returns the night's Result.
func Decide(arts []corpus.Article, model *recommend.Model, ed Editors) *Result {
	b := eval.EditorBatch(arts, model)
	b.Unknown = ed.Unknown
	res, warns := editor.Apply(b, ed.Overrides, ed.Options)
	return &Result{
		Articles:  arts,
		Model:     model,
		Editors:   ed,
		Decisions: res,
		Final:     eval.WrittenHits(model, res),
		Summary:   editor.Summarize(b, ed.Overrides, res, ed.Options),
		Warnings:  warns,
		batch:     b,
	}
}

// DecideLists applies the editors' decisions and hysteresis to lists
// ranked elsewhere (candidates per article, best first, as ReadLists
// returns them). Hysteresis sees the lists' scores only: a current link
// the lists do not hold counts as 0. The Result has no model: it serves
// Write, not the outputs that need the engine.
func DecideLists(arts []corpus.Article, cands [][]editor.Hit, ed Editors) *Result {
	b := editor.Batch{Articles: arts, Candidates: cands, Unknown: ed.Unknown}
	res, warns := editor.Apply(b, ed.Overrides, ed.Options)
	return &Result{Articles: arts, Editors: ed, Decisions: res, Warnings: warns, batch: b}
}

// Explain finds, once, the terms that explain every link the outputs show
// (the links on the page today, the suggested ones, and what a locked
// article would be given): the index and the review page both read them
// (Terms), and the next night's state keeps them (StateOf), so that an
// incremental night takes a pair of unchanged articles' terms from it
// (recommend.Surfaces.AppendExplanation). It needs the model; it does nothing
// without one, or when done.
func (r *Result) Explain() {
	if r.Model == nil || r.words != nil {
		return
	}
	s := r.Model.Surfaces(r.Articles)
	words := make([][]int32, len(r.Decisions))
	// Some 360,000 pairs on the real corpus; they only read the model, so
	// the articles are split over the cores.
	par.For(len(r.Decisions), 0, func(i int) {
		d := &r.Decisions[i]
		var out []int32
		for _, es := range [][]editor.Entry{d.Suggested, d.Current, d.Proposed} {
			for _, e := range es {
				if _, _, seen := recommend.PairRun(out, e.Doc); e.Doc < 0 || seen {
					continue
				}
				out = s.AppendExplanation(out, i, e.Doc, index.ExplainTerms)
			}
		}
		words[i] = slices.Clone(out)
	})
	r.words, r.table = words, s.Words()
}

// Terms returns up to n (at most index.ExplainTerms) terms that explain why b is
// related to a, as the two articles write them; nil for a pair no output
// shows. It has the shape of review.TermsFunc. Call Explain first.
func (r *Result) Terms(a, b, n int) []string {
	if a < 0 || a >= len(r.words) {
		return nil
	}
	ids, _, ok := recommend.PairRun(r.words[a], b)
	if !ok {
		return nil
	}
	out := make([]string, min(max(n, 0), len(ids)))
	for k := range out {
		out[k] = r.table.Word(ids[k])
	}
	return out
}
