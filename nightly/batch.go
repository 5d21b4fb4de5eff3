package nightly

// Batch is the whole run as `recommend batch` makes it, from the checks
// to the write, so that a command only reads flags and prints the
// summary. It checks the content folder and the editors' decisions first
// (a bad file or margin fails at once, not after load and build), claims
// the index folder, takes the folder's run lock when it writes (Start)
// and loads the corpus (reading the last night's state meanwhile); then
// it builds, decides and saves the outputs and the state, or
// with FromLists decides the lists ranked elsewhere; last it writes (or
// counts) the changed lists (Run.Finish). Each stage is timed into the
// Summary by the caller's clock and said on the caller's terminal
// (package termlog): a spinner or bar while it runs on a terminal, a log
// line when it ends otherwise. A mistake in what the run was asked to do
// comes back as an *InputError, so that the command can say it is one.

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"recommend/corpus"
	"recommend/eval"
	"recommend/index"
	"recommend/internal/termlog"
	"recommend/recommend"
)

// BatchOptions are what one batch run is asked to do, and where it says
// how it goes.
type BatchOptions struct {
	Corpus     string           // the content folder
	Write      bool             // rewrite the changed files (else count them)
	Config     recommend.Config // the engine's settings, resolved
	ConfigFrom string           // the settings file they were read from, "" for none
	Editor     EditorSettings   // the editors' decisions file and margin
	Index      string           // the index folder the outputs go to
	Lists      string           // also write the lists to this file; "" for none
	// FromLists, when set, is a lists file ranked elsewhere (ReadLists):
	// its lists are decided and written instead of ranking, and the index
	// is left as it is (it needs the vectors).
	FromLists string
	// Full rebuilds every list instead of starting from the last night's
	// saved state (BuildNight).
	Full bool
	Term termlog.Term     // stderr: progress, and the log lines (Term.Log; nil: none)
	Now  func() time.Time // the clock the steps are timed by (nil: time.Now)
	// Found, when set, is called with the number of article files in the
	// corpus once the folder is walked, before any is read: a command
	// sizes its memory limit to the corpus there (memlimit.Fit), so that
	// the load too runs under it.
	Found func(files int)
	// analyseAll parses and analyses every file, none taken from the
	// saved state, and searches the duplicate pairs over the whole corpus
	// (recommend.UpdateAnalysing: tests hold the night that keeps them to
	// it).
	analyseAll bool
}

// InputError is a mistake in what a run was asked to do (a content folder
// that is not there, a bad overrides file or margin, an index folder that
// holds other things) rather than a failure while doing it: a command
// reports it as a usage error. Its message is the cause's.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

// Batch runs the batch o asks for. It returns the summary once the run
// reached its end, the files skipped as bad input and the files that
// could not be written included (the caller prints it and says so in its
// exit code), or the error that stopped the run before the write.
func Batch(o BatchOptions) (*Summary, error) {
	o.Term = withLog(o.Term)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.FromLists != "" {
		return batchFromLists(o)
	}
	// The index folder must be the index's own (or new): a folder holding
	// other things is refused before anything is loaded or removed.
	var state func() savedState
	var files func() *recommend.Snapshot
	// A file whose bytes the state knows is not parsed (corpus.LoadKnown):
	// the state is asked once its files are read, if it can seed the
	// night.
	var reused atomic.Int64
	cfg := eval.CandidateConfig(o.Config, o.Editor.Margin)
	knownOf := sync.OnceValue(func() corpus.Known {
		if files == nil || o.analyseAll {
			return nil
		}
		if s := files(); s != nil && s.Refuses(cfg) == nil {
			return s.Known()
		}
		return nil
	})
	known := func(sum corpus.Fingerprint) (corpus.Article, bool) {
		k := knownOf()
		if k == nil {
			return corpus.Article{}, false
		}
		a, ok := k(sum)
		if ok {
			reused.Add(1)
		}
		return a, ok
	}
	reuse := &loadReuse{known: known}
	b, err := startBatch(o, o.Index, reuse, func() error {
		err := ClaimIndex(o.Index)
		if errors.Is(err, index.ErrNotIndex) {
			return &InputError{err}
		}
		if err == nil && !o.Full {
			r := startReadState(o.Index) // read while the corpus loads
			state, files = r.done, r.files
			if !o.analyseAll {
				reuse.stats = readStats(o.Index, o.Term.Log)
			}
		}
		return err
	})
	defer b.Release()
	if err != nil {
		return nil, err
	}
	log := o.Term.Log
	stop := o.Term.Spinner("ranking")
	// A full rebuild after a load that parsed only the changed files needs
	// every file's text: the corpus is read again, every file parsed.
	reload := func() ([]corpus.Article, error) {
		if reused.Load() == 0 {
			return b.Articles, nil
		}
		log.Info("reading every file again for the full rebuild")
		arts, bad, err := loadFound(o.Corpus, nil)
		if err != nil {
			return nil, err
		}
		corpus.ShareLinkText(arts)
		b.Summary.Skipped = nil
		b.SetArticles(arts, bad)
		return arts, nil
	}
	if read := state; read != nil {
		state = func() savedState { // says how long the ranking waited for it
			t := time.Now()
			st := read()
			log.Debug("state read", "seconds", st.took.Seconds(), "waited_seconds", time.Since(t).Seconds())
			return st
		}
	}
	model, night, arts, err := buildNight(b.Articles, o.Config, o.Editor.Margin, state, log, buildDropping, reload, o.analyseAll)
	stop()
	if err != nil {
		return nil, err
	}
	b.Articles = arts
	if night.Incremental {
		// The model holds what it needs of them (a full build,
		// buildDropping, has dropped them already).
		corpus.DropAnalysisText(b.Articles)
	}
	for _, t := range model.Timings() {
		log.Debug("build stage done", "stage", t.Stage, "seconds", t.Seconds)
	}
	b.step("build", "ranked the related articles")
	res := Decide(b.Articles, model, b.Editors)
	logWarnings(log, res.Warnings)
	rep := res.Report()
	b.Summary.Editors = &rep
	b.step("decide", "applied the editors' decisions and hysteresis")

	// The state for the next night describes the corpus's files and what
	// the night found of them (the model's, and the terms that explain the
	// links, Result.Explain, found first): on a dry run it is written
	// beside the outputs (each file atomically), and the run fails if
	// either fails; a run that rewrites files writes it once they are
	// written, so that it knows them as written. It is taken before the
	// outputs, which let go of the written forms it keeps.
	snap := StateOf(model, b.Articles)
	if snap != nil {
		res.Explain()
		if err := snap.SetExplanations(res.words, index.ExplainTerms); err != nil {
			return nil, err
		}
	}
	stop = o.Term.Spinner("saving")
	var errState error
	var wg sync.WaitGroup
	if !o.Write {
		wg.Go(func() { errState = writeStates(o.Index, o.Corpus, snap, b.Articles) })
	}
	saved, err := res.Save(Outputs{Index: o.Index, Corpus: o.Corpus, Config: o.Config, ListsOut: o.Lists})
	wg.Wait()
	stop()
	if err = cmp.Or(err, errState); err != nil {
		return nil, err
	}
	log.Debug("index saved", "dir", o.Index, "generation", saved.Generation)
	b.Summary.Agreement = &saved.Agreement
	b.step("outputs", "saved the index and the review data")
	b.finish(res)
	if o.Write {
		if snap != nil {
			if err := snap.SetFiles(b.Articles); err != nil {
				return nil, err
			}
		}
		if err := writeStates(o.Index, o.Corpus, snap, b.Articles); err != nil {
			return nil, err
		}
	}
	return b.Summary, nil
}

// writeStates writes the state snap (WriteState) and, beside it, the
// stat identities of the files of arts loaded from corp (WriteStats),
// the two at once; a file the night wrote has no identity yet (too
// recent to trust: the next night reads it and records it). Without a
// state the identities are removed too: they serve only with it.
func writeStates(indexDir, corp string, snap *recommend.Snapshot, arts []corpus.Article) error {
	var errState, errStats error
	var wg sync.WaitGroup
	wg.Go(func() { errState = WriteState(indexDir, snap) })
	if snap == nil {
		errStats = WriteStats(indexDir, corp, nil)
	} else {
		errStats = WriteStats(indexDir, corp, arts)
	}
	wg.Wait()
	return cmp.Or(errState, errStats)
}

// buildDropping is Build for Batch, which reads no more of the articles'
// analysis text once they are vectorised (recommend.BuildDropping).
func buildDropping(arts []corpus.Article, cfg recommend.Config, margin float64) (*recommend.Model, error) {
	m, err := recommend.BuildDropping(arts, eval.CandidateConfig(cfg, margin))
	if err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	return m, nil
}

// batchFromLists is Batch with FromLists: the front-matter rewrite for
// lists ranked elsewhere (ReadLists), with every guarantee of a normal
// run. The index is not rebuilt (it needs the vectors): lookups keep
// answering from the last batch's index.
func batchFromLists(o BatchOptions) (*Summary, error) {
	b, err := startBatch(o, "not rebuilt (--from-lists)", &loadReuse{}, nil)
	defer b.Release()
	if err != nil {
		return nil, err
	}
	cands, err := ReadLists(o.FromLists, b.Articles)
	if err != nil {
		return nil, err
	}
	res := DecideLists(b.Articles, cands, b.Editors)
	logWarnings(o.Term.Log, res.Warnings)
	b.step("decide", "applied the editors' decisions and hysteresis")
	b.finish(res)
	return b.Summary, nil
}

// logWarnings says which of the editors' decisions were ignored.
func logWarnings(log *slog.Logger, warns []error) {
	for _, w := range warns {
		log.Warn("override ignored: "+w.Error(), "reason", w.Error())
	}
}

// batchRun is a Run as Batch drives it.
type batchRun struct {
	*Run
	o BatchOptions
}

// startBatch does what every batch run does first: it checks the corpus
// folder and the editors' decisions, runs check (nil for none), takes the
// folder's lock with Write, and loads the corpus with what reuse holds
// once check ran, reporting the skipped files. indexDir is what the
// summary says of the index. The returned run is never nil: release it.
func startBatch(o BatchOptions, indexDir string, reuse *loadReuse, check func() error) (*batchRun, error) {
	log := o.Term.Log
	b := &batchRun{Run: &Run{}, o: o}
	if err := CheckCorpus(o.Corpus); err != nil {
		return b, err
	}
	ed, err := LoadEditors(o.Editor, o.Config.TopK)
	if err != nil {
		return b, &InputError{err}
	}
	if check != nil {
		if err := check(); err != nil {
			return b, err
		}
	}
	b.Run, err = Start(o.Corpus, o.Write, ed, log)
	if err != nil {
		return b, err
	}
	if b.Writer != nil {
		for _, p := range b.Writer.Removed {
			log.Info("removed "+p+", a temporary file left by an interrupted run", "file", p)
		}
	}
	b.Summary = NewSummary(o.Corpus, indexDir, o.Config, o.Now())
	if o.ConfigFrom != "" {
		log.Debug("config file read", "file", o.ConfigFrom)
	}

	arts, bad, err := loadWithProgress(o.Corpus, o.Term, o.Found, *reuse)
	if err != nil {
		return b, err
	}
	corpus.ShareLinkText(arts) // held until the write: each link's text once
	b.SetArticles(arts, bad)
	loaded := "loaded " + plural(len(arts), "article")
	if len(bad) > 0 {
		loaded += " (" + plural(len(bad), "file") + " skipped)"
	}
	if k := reuse.stats.Unread(); k > 0 {
		loaded += fmt.Sprintf(" (%d unread: their files' stat identity is the one recorded)", k)
	}
	b.step("load", loaded)
	return b, nil
}

// step records the time since the previous step and says it: a line on
// stderr when it is not a terminal (a cron job's log shows where a run is
// and how long each step took), a debug line otherwise.
func (b *batchRun) step(name, what string) {
	secs := b.Summary.Step(name, b.o.Now())
	if b.o.Term.Lines() {
		b.o.Term.Log.Info(what+" in "+fmtSeconds(secs), "step", name, "seconds", secs)
	} else {
		b.o.Term.Log.Debug("step done", "step", name, "seconds", secs)
	}
}

// finish writes (or with a dry run counts) the changed lists of res,
// with a progress bar, and logs the files that could not be written.
func (b *batchRun) finish(res *Result) {
	sum, log := b.Summary, b.o.Term.Log
	bar := b.o.Term.Progress(len(res.Articles), "writing")
	b.Finish(res, func() { bar.Add(1) })
	bar.Finish()
	for _, f := range sum.Failed {
		if b.o.Write {
			log.Error("could not write "+f.Reason, "file", f.Path, "reason", f.Err.Error())
		} else {
			log.Error("cannot rewrite "+f.Reason, "file", f.Path, "reason", f.Err.Error())
		}
	}
	if b.o.Write {
		b.step("write", "rewrote "+plural(sum.Changed, "file"))
	} else {
		b.step("write", "found "+plural(sum.Changed, "list")+" that would change")
	}
}

// CheckCorpus refuses, as an *InputError, a content folder that does not
// exist, before anything else is read.
func CheckCorpus(dir string) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return &InputError{fmt.Errorf("corpus folder %s does not exist or is not a folder", dir)}
	}
	return nil
}

// LoadWithProgress is Load with a spinner on t while it reads, and a
// warning logged for each file it skipped as bad input (t.Log; nil: none).
func LoadWithProgress(dir string, t termlog.Term) ([]corpus.Article, []*corpus.FileError, error) {
	return loadWithProgress(dir, t, nil, loadReuse{})
}

// loadWithProgress is LoadWithProgress calling found as corpus.LoadFound
// does, and taking what it can from reuse (loadKnown).
func loadWithProgress(dir string, t termlog.Term, found func(files int), reuse loadReuse) ([]corpus.Article, []*corpus.FileError, error) {
	t = withLog(t)
	stop := t.Spinner("loading")
	arts, bad, err := loadKnown(dir, found, reuse)
	stop()
	for _, fe := range bad {
		t.Log.Warn("skipped "+fe.Error(), "file", fe.Path, "line", fe.Line, "reason", fe.Err.Error())
	}
	return arts, bad, err
}

// withLog returns t, with a logger that drops every line when it has none.
func withLog(t termlog.Term) termlog.Term {
	if t.Log == nil {
		t.Log = slog.New(slog.DiscardHandler)
	}
	return t
}
