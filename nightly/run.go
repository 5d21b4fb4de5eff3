package nightly

// Batch (or any other driver) takes a run stage by stage, showing
// progress and timing each stage; Run is the state the stages share
// between the start and the finish. Start takes the folder's run lock
// when the run writes, before the corpus is loaded, so that two runs
// never write one folder; SetArticles records the load; Finish writes
// (or, on a dry run, counts) the changed lists through the lock's signal
// gate and records the outcome in the summary. ClaimIndex is the check a run that saves an
// index makes first: the folder must be the index's own, or new.

import (
	"errors"
	"fmt"
	"log/slog"

	"recommend/corpus"
	"recommend/index"
	"recommend/internal/atomicfile"
)

// Run is one night's run in progress: what it writes, the editors'
// decisions it applies, the lock it holds, the corpus it loaded and its
// summary so far.
type Run struct {
	Corpus   string           // the content folder
	Write    bool             // rewrite the changed files (else count them)
	Editors  Editors          // the decisions; Unknown is set by SetArticles
	Writer   *Writer          // the folder's lock and signal gate; nil unless Write
	Articles []corpus.Article // the corpus, once loaded
	Summary  *Summary
}

// Start begins a run over the content folder corp with the editors'
// decisions ed; the caller sets its Summary. With write it takes the folder's run
// lock and signal gate (Acquire, which logs to log); the returned Run is
// never nil, even with an error: Release it.
func Start(corp string, write bool, ed Editors, log *slog.Logger) (*Run, error) {
	r := &Run{Corpus: corp, Write: write, Editors: ed}
	if write {
		w, err := Acquire(corp, log)
		r.Writer = w
		if err != nil {
			return r, err
		}
	}
	return r, nil
}

// Release drops the run's lock and signal handler, if it holds them.
func (r *Run) Release() {
	if r != nil {
		r.Writer.Release()
	}
}

// SetArticles records the load: the articles, and the files skipped as
// bad input, whose urls stay unknown rather than deleted (Unknown).
func (r *Run) SetArticles(arts []corpus.Article, bad []*corpus.FileError) {
	r.Articles = arts
	r.Editors.Unknown = Unknown(bad)
	r.Summary.Loaded(len(arts), bad)
}

// Finish writes (or on a dry run counts) the changed lists of res, done
// called after each article (from several goroutines at once, as Result.Write
// says), and records the changed count and the files
// that could not be written in the summary.
func (r *Run) Finish(res *Result, done func()) {
	var gate *Gate
	if r.Writer != nil {
		gate = r.Writer.Gate
	}
	changed, failed := res.Write(r.Corpus, r.Write, gate, done)
	r.Summary.Wrote(changed, failed, r.Write)
}

// ClaimIndex checks that dir may hold the index (index.Claim, with the
// review data and its temporary files as the index's own). A folder
// holding other things fails with an error wrapping index.ErrNotIndex.
func ClaimIndex(dir string) error {
	if err := index.Claim(dir, ReviewData, atomicfile.TempPattern(ReviewData), ".review-*~", StateFile, atomicfile.TempPattern(StateFile),
		StatFile, atomicfile.TempPattern(StatFile)); err != nil {
		if errors.Is(err, index.ErrNotIndex) {
			return err
		}
		return fmt.Errorf("saving the index: %w", err)
	}
	return nil
}
