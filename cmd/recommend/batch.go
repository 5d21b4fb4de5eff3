package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
	"recommend/index"
	"recommend/internal/atomicfile"
	"recommend/internal/par"
	"recommend/internal/runlock"
	"recommend/recommend"
	"recommend/review"
)

// explainTerms is how many shared terms the index keeps per related link.
const explainTerms = 5

// batchOptions are the flags of `recommend batch`.
type batchOptions struct {
	G          *globalOptions
	Corpus     string
	Write      bool
	Lists      string
	ConfigFile string
	Cfg        recommend.Config
	ConfigFrom string        // the config file read, if any
	Editor     editorOptions // the editors' decisions and hysteresis
	FromLists  string        // lists ranked elsewhere, to write instead of ranking
}

func newBatchCmd(g *globalOptions, runF func(*batchOptions) error) *cobra.Command {
	opts := &batchOptions{G: g}
	flagCfg := recommend.DefaultConfig
	cmd := &cobra.Command{
		Use:   "batch --corpus DIR [--write] [--lists FILE] [--config FILE] [--index DIR]",
		Short: "Rank every article, save the index, and with --write rewrite the related links",
		Long: `batch loads every article of the content folder, ranks each article's
most related others, saves the index that lookups read, and prints a
summary. With --write it rewrites the related_articleN front matter of
every article whose list changed (atomically, one file at a time; a file
whose list did not change is not touched). Without --write nothing in the
content folder changes.

Files that cannot be parsed are skipped, listed on stderr, and make the
exit code 3.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Corpus == "" {
				return usageErrorf("batch needs --corpus DIR, the content folder")
			}
			home := contentHome(opts.Corpus)
			cfg, src, err := resolveConfig(home, opts.ConfigFile, cmd.Flags(), &flagCfg, &opts.Editor)
			if err != nil {
				return err
			}
			g.Index = indexFor(g.Index, home)
			opts.Cfg, opts.ConfigFrom = cfg, src.File
			if runF != nil {
				return runF(opts)
			}
			if opts.FromLists != "" {
				return fromListsRun(opts)
			}
			return batchRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Corpus, "corpus", "", "the content `folder` (e.g. ../shared/quicktakes/content/learn)")
	f.BoolVar(&opts.Write, "write", false, "rewrite the related links of every article whose list changed")
	f.StringVar(&opts.Lists, "lists", "", "also write every list as JSON lines {url, related, scores} to `file`")
	f.StringVar(&opts.FromLists, "from-lists", "", "write the lists of `file` (JSON lines, as --lists writes them) instead of ranking; the index is left as it is")
	f.StringVar(&opts.ConfigFile, "config", "", "config `file` (default recommend.yaml beside the content folder, if present)")
	editorFlags(f, &opts.Editor)
	configFlags(f, &flagCfg)
	return cmd
}

// batchSummary is what batch prints on stdout.
type batchSummary struct {
	Corpus    string           `json:"corpus"`
	Articles  int              `json:"articles"`
	Changed   int              `json:"changed"`
	Written   bool             `json:"written"`
	Skipped   []skippedFile    `json:"skipped"`
	Failed    []skippedFile    `json:"failed"`
	Agreement *eval.Agreement  `json:"agreement,omitempty"`
	Editors   *editorReport    `json:"editors,omitempty"`
	Index     string           `json:"index"`
	Timings   []timing         `json:"timings"`
	Config    recommend.Config `json:"config"`
}

type skippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

type timing struct {
	Step    string  `json:"step"`
	Seconds float64 `json:"seconds"`
}

func batchRun(opts *batchOptions) error {
	g, log := opts.G, opts.G.logger()
	// The index folder must be the index's own (or new): a folder holding
	// other things is refused before anything is loaded or removed.
	run, err := startBatch(opts, g.Index, func() error {
		if err := index.Claim(g.Index, reviewData, atomicfile.TempPattern(reviewData), ".review-*~"); err != nil {
			if errors.Is(err, index.ErrNotIndex) {
				return usageErrorf("%v", err)
			}
			return fmt.Errorf("saving the index: %w", err)
		}
		return nil
	})
	if run != nil {
		defer run.release()
	}
	if err != nil {
		return err
	}
	es, sum, step, arts, gate := run.es, &run.sum, run.step, run.arts, run.gate

	// The engine ranks a few more candidates than the lists keep, so that
	// hysteresis sees the scores of current links that slipped a little;
	// then the editors' pins, blocks and locks decide the final lists.
	stop := g.spinner("ranking")
	model, err := recommend.Build(arts, candidateConfig(opts.Cfg, opts.Editor))
	stop()
	if err != nil {
		return fmt.Errorf("building the model: %w", err)
	}
	for _, t := range model.Timings() {
		log.Debug("build stage done", "stage", t.Stage, "seconds", t.Seconds)
	}
	step("build", "ranked the related articles")
	res, warns := applyEditors(es, arts, model)
	for _, w := range warns {
		log.Warn("override ignored: "+w.Error(), "reason", w.Error())
	}
	rep := reportEditors(es, arts, model, res)
	sum.Editors = &rep
	lists := finalHits(model, res)
	step("decide", "applied the editors' decisions and hysteresis")

	// The outputs only read the decisions, so they are made side by side;
	// the article files are written after all of them succeeded.
	// Both the index and the review data live in the index folder, claimed
	// before the corpus was loaded.
	stop = g.spinner("saving")
	var errIndex, errLists, errReview error
	var wg sync.WaitGroup
	// Shared terms are shown as the two articles write them.
	words := model.Surfaces(arts).SharedWords
	wg.Go(func() {
		entries := explain(opts, arts, words, lists)
		gen, err := index.Write(g.Index, entries, model.Vectors(), index.Manifest{Corpus: opts.Corpus, Config: opts.Cfg})
		if err != nil {
			errIndex = fmt.Errorf("saving the index: %w", err)
			return
		}
		log.Debug("index saved", "dir", g.Index, "generation", gen)
	})
	wg.Go(func() {
		ev := eval.NewIndex(arts)
		ag := ev.Agreement(eval.FromHits(arts, lists).Related, 5)
		sum.Agreement = &ag
		if opts.Lists != "" {
			errLists = writeLists(opts.Lists, arts, lists)
		}
	})
	wg.Go(func() {
		if err := saveReview(g.Index, arts, res, words, es); err != nil {
			errReview = fmt.Errorf("saving the review data: %w", err)
		}
	})
	wg.Wait()
	stop()
	if err := cmp.Or(errLists, errIndex, errReview); err != nil {
		return err
	}
	step("outputs", "saved the index and the review data")

	sum.Changed, sum.Failed = writeOrCount(opts, log, arts, res, gate)
	sum.Written = opts.Write
	if opts.Write {
		step("write", "rewrote "+plural(sum.Changed, "file"))
	} else {
		step("write", "found "+plural(sum.Changed, "list")+" that would change")
	}

	return endBatch(g, sum)
}

// batchStart is what a batch run has once its corpus is loaded.
type batchStart struct {
	es      editorSetup
	release func()     // of the lock and the signal handler (no-ops without --write)
	gate    *writeGate // lets SIGINT/SIGTERM finish the files in flight (nil without --write)
	sum     batchSummary
	step    func(name, what string) // records the time since the previous step and says it
	arts    []corpus.Article
}

// startBatch does what every batch run does first: it checks the corpus
// folder and the editors' decisions (before anything else, so that a bad
// file or --margin fails at once, not after load and build), runs check
// (nil for none), takes the folder's lock with --write, and loads the
// corpus, reporting the skipped files. index is what the summary says of
// the index. On an error after the lock, the returned run still holds it:
// release it.
func startBatch(opts *batchOptions, indexDir string, check func() error) (*batchStart, error) {
	g, log := opts.G, opts.G.logger()
	if st, err := os.Stat(opts.Corpus); err != nil || !st.IsDir() {
		return nil, usageErrorf("corpus folder %s does not exist or is not a folder", opts.Corpus)
	}
	es, err := loadEditors(opts.Editor, opts.Cfg.TopK)
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(); err != nil {
			return nil, err
		}
	}
	run := &batchStart{release: func() {}}
	if opts.Write {
		// One writer for any file of the folder: a --write run on the same
		// folder, or on one inside or around it, is refused at once. The
		// kernel drops the lock when the process ends, however it ends.
		lock, err := runlock.Acquire(opts.Corpus)
		if err != nil {
			return nil, err
		}
		// SIGINT and SIGTERM let the file being written finish and remove
		// the temporary files before the process ends.
		gate := catchSignals(opts.Corpus, log)
		run.gate = gate
		run.release = func() { gate.stop(); lock.Release() }
		// With the lock held no other run is writing, so temporary files
		// in the folder are leftovers of a killed run.
		removed, err := corpus.RemoveTempFiles(opts.Corpus)
		if err != nil {
			return run, err
		}
		for _, p := range removed {
			log.Info("removed "+p+", a temporary file left by an interrupted run", "file", p)
		}
	}
	sum := &run.sum
	*sum = batchSummary{Corpus: opts.Corpus, Index: indexDir, Config: opts.Cfg, Skipped: []skippedFile{}, Failed: []skippedFile{}}
	clock := g.IO.Now
	start := clock()
	// Each step ends with a line on stderr when it is not a terminal (a
	// cron job's log shows where a run is and how long each step took);
	// with --verbose on a terminal too.
	run.step = func(name, what string) {
		now := clock()
		secs := now.Sub(start).Seconds()
		sum.Timings = append(sum.Timings, timing{name, secs})
		if g.logLines() {
			log.Info(what+" in "+fmtSeconds(secs), "step", name, "seconds", secs)
		} else {
			log.Debug("step done", "step", name, "seconds", secs)
		}
		start = now
	}
	if opts.ConfigFrom != "" {
		log.Debug("config file read", "file", opts.ConfigFrom)
	}

	stop := g.spinner("loading")
	arts, bad, err := corpus.Load(opts.Corpus)
	stop()
	if err != nil {
		return run, fileError(opts.Corpus, err)
	}
	// A file that could not be read is unknown, not deleted: the links
	// other articles have to it (by url, which follows from its path) stay.
	es.Unknown = map[string]bool{}
	for _, fe := range bad {
		log.Warn("skipped "+fe.Error(), "file", fe.Path, "line", fe.Line, "reason", fe.Err.Error())
		sum.Skipped = append(sum.Skipped, skippedFile{fe.Path, fe.Error()})
		if u := corpus.URLOfPath(fe.Path); u != "" {
			es.Unknown[u] = true
		}
	}
	run.es = es
	sum.Articles = len(arts)
	if len(arts) == 0 {
		return run, fmt.Errorf("no usable articles in %s", opts.Corpus)
	}
	run.arts = arts
	loaded := "loaded " + plural(len(arts), "article")
	if len(bad) > 0 {
		loaded += " (" + plural(len(bad), "file") + " skipped)"
	}
	run.step("load", loaded)
	return run, nil
}

// endBatch prints the summary and returns the run's outcome: failed
// writes, then skipped files.
func endBatch(g *globalOptions, sum *batchSummary) error {
	if err := printBatchSummary(g, sum); err != nil {
		return err
	}
	switch {
	case len(sum.Failed) > 0:
		return fmt.Errorf("%d files could not be written (listed above)", len(sum.Failed))
	case len(sum.Skipped) > 0:
		return &skippedError{len(sum.Skipped)}
	}
	return nil
}

// explain turns the lists into index entries, with the terms that each
// article shares most with each of its related articles.
func explain(opts *batchOptions, arts []corpus.Article, terms review.TermsFunc, lists [][]recommend.Hit) []index.Article {
	entries := make([]index.Article, len(arts))
	par.For(len(arts), 0, func(i int) {
		a := &arts[i]
		e := index.Article{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, Path: relPath(opts.Corpus, a.Path)}
		for _, h := range lists[i] {
			e.Related = append(e.Related, index.Related{Doc: h.Doc, Score: h.Score, Terms: terms(i, h.Doc, explainTerms)})
		}
		entries[i] = e
	})
	return entries
}

// relPath returns path relative to the corpus folder when it lies below it.
func relPath(root, path string) string {
	if rel, err := filepath.Rel(root, path); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// writeOrCount rewrites, with --write, every article whose links changed
// (locked articles are left alone); without it, only counts them. It
// returns the count and the files that could not be written.
func writeOrCount(opts *batchOptions, log *slog.Logger, arts []corpus.Article, res []editor.Result, gate *writeGate) (int, []skippedFile) {
	// Files are independent (each is replaced whole, by a rename), so they
	// are handled on all cores; outcomes are gathered and reported in the
	// articles' order.
	changed := make([]bool, len(arts))
	errs := make([]error, len(arts))
	bar := opts.G.progress(len(arts), "writing")
	defer bar.Finish()
	par.For(len(arts), 0, func(i int) {
		defer bar.Add(1)
		// An unchanged list leaves the file as it is (SetRelated would
		// parse it only to return its bytes): most files on most nights.
		if res[i].Locked || !res[i].Changed {
			return
		}
		ls := res[i].Links
		if !opts.Write {
			// The same test WriteRelated applies: would the bytes change?
			out, err := corpus.SetRelated(arts[i].Src, ls)
			changed[i], errs[i] = err == nil && !bytes.Equal(out, arts[i].Src), err
			return
		}
		if !gate.enter() {
			return
		}
		defer gate.leave()
		changed[i], errs[i] = corpus.WriteRelated(opts.Corpus, &arts[i], ls)
	})
	n, failed := 0, []skippedFile{}
	for i, err := range errs {
		var msg string
		if err != nil {
			msg = namingFile(arts[i].Path, err)
		}
		switch {
		case err != nil && !opts.Write:
			log.Error("cannot rewrite "+msg, "file", arts[i].Path, "reason", err.Error())
			failed = append(failed, skippedFile{arts[i].Path, msg})
		case err != nil:
			log.Error("could not write "+msg, "file", arts[i].Path, "reason", err.Error())
			failed = append(failed, skippedFile{arts[i].Path, msg})
		case changed[i]:
			n++
		}
	}
	return n, failed
}

// writeLists writes the lists as JSON lines, atomically (through the one
// atomic writer the project has, internal/atomicfile, whose errors name the
// file, never its temporary twin).
func writeLists(path string, arts []corpus.Article, lists [][]recommend.Hit) error {
	var buf bytes.Buffer
	if err := eval.WriteJSONL(&buf, arts, eval.FromHits(arts, lists)); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, 0o644, buf.Bytes())
}

func printBatchSummary(g *globalOptions, s *batchSummary) error {
	w := g.IO.Out
	if g.JSON {
		return writeJSON(w, s)
	}
	fmt.Fprintf(w, "corpus     %s in %s\n", plural(s.Articles, "article"), s.Corpus)
	if s.Written {
		fmt.Fprintf(w, "lists      %s rewritten\n", plural(s.Changed, "related list"))
	} else {
		fmt.Fprintf(w, "lists      %s would change (run with --write to rewrite them)\n", plural(s.Changed, "related list"))
	}
	fmt.Fprintf(w, "skipped    %s of bad input\n", plural(len(s.Skipped), "file"))
	for _, f := range s.Skipped {
		fmt.Fprintf(w, "           %s\n", f.Reason)
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(w, "failed     %s could not be written\n", plural(len(s.Failed), "file"))
		for _, f := range s.Failed {
			fmt.Fprintf(w, "           %s\n", f.Reason)
		}
	}
	if a := s.Agreement; a != nil {
		if a.Scored == 0 {
			// No article has links today: there is nothing to agree with.
			fmt.Fprintf(w, "agreement  n/a: no article has related links today to compare with; coverage %.3f\n", a.Coverage)
		} else {
			fmt.Fprintf(w, "agreement  with the existing links of %s: recall@%d %.3f  precision@%d %.3f  hit@%d %.3f  MRR %.3f  nDCG %.3f  coverage %.3f\n",
				plural(a.Scored, "article"), a.K, a.Recall, a.K, a.Precision, a.K, a.Hit, a.MRR, a.NDCG, a.Coverage)
		}
	}
	if e := s.Editors; e != nil {
		fmt.Fprintf(w, "editors    %s locked, %s with pinned links, %s in force (%s lost a suggestion to one)\n",
			plural(e.Locked, "article"), plural(e.Pinned, "article"), plural(e.Blocks, "block"), plural(e.ListsBlocked, "list"))
		verb := "change"
		if e.Replaced == 1 {
			verb = "changes"
		}
		if e.Margin < 0 {
			fmt.Fprintf(w, "hysteresis off: %s in %s %s\n", plural(e.Replaced, "link"), plural(e.Changed, "list"), verb)
		} else {
			fmt.Fprintf(w, "hysteresis margin %g kept %s that a slightly better candidate would replace: %s in %s %s (without it, %d in %d)\n",
				e.Margin, plural(e.Held, "current link"), plural(e.Replaced, "link"), plural(e.Changed, "list"), verb, e.ReplacedPlain, e.ChangedPlain)
		}
	}
	fmt.Fprintf(w, "index      %s\n", s.Index)
	fmt.Fprint(w, "timings   ")
	total := 0.0
	for _, t := range s.Timings {
		fmt.Fprintf(w, " %s %s", t.Step, fmtSeconds(t.Seconds))
		total += t.Seconds
	}
	fmt.Fprintf(w, "; total %s\n", fmtSeconds(total))
	return nil
}

// plural says n things in words: "1 article", "52 articles".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

func fmtSeconds(s float64) string {
	return (time.Duration(s * float64(time.Second))).Round(time.Millisecond).String()
}
