package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
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
	"recommend/internal/lockfile"
	"recommend/internal/par"
	"recommend/recommend"
)

// explainTerms is how many shared terms the index keeps per related link.
const explainTerms = 5

// batchOptions are the flags of `recommend batch`.
type batchOptions struct {
	G          *globalOptions
	Corpus     string
	Write      bool
	Lists      string
	FromLists  string // write these lists instead of ranking (fromlists.go)
	ConfigFile string
	Cfg        recommend.Config
	ConfigFrom string        // the config file read, if any
	Editor     editorOptions // the editors' decisions and hysteresis
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
			cfg, src, err := resolveConfig(opts.ConfigFile, cmd.Flags(), &flagCfg)
			if err != nil {
				return err
			}
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
	f.StringVar(&opts.ConfigFile, "config", "", "config `file` (default recommend.yaml in the working directory, if present)")
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
	run, err := startBatch(opts, g.Index)
	if run != nil {
		defer run.release()
	}
	if err != nil {
		return err
	}
	es, sum, step, arts := run.es, &run.sum, run.step, run.arts

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
	step("build")
	res, warns := applyEditors(es, arts, model)
	for _, w := range warns {
		log.Warn("override ignored", "reason", w.Error())
	}
	rep := reportEditors(es, arts, model, res)
	sum.Editors = &rep
	lists := finalHits(model, res)
	step("decide")

	// The outputs only read the decisions, so they are made side by side;
	// the article files are written after all of them succeeded.
	// Both the index and the review data live in the index folder.
	if err := os.MkdirAll(g.Index, 0o755); err != nil {
		return fmt.Errorf("saving the index: %w", err)
	}
	stop = g.spinner("saving")
	var errIndex, errLists, errReview error
	var wg sync.WaitGroup
	wg.Go(func() {
		entries := explain(opts, arts, model, lists)
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
		if err := saveReview(g.Index, arts, res, model.SharedTerms, es.Options); err != nil {
			errReview = fmt.Errorf("saving the review data: %w", err)
		}
	})
	wg.Wait()
	stop()
	if err := cmp.Or(errLists, errIndex, errReview); err != nil {
		return err
	}
	step("outputs")

	sum.Changed, sum.Failed = writeOrCount(opts, log, arts, res)
	sum.Written = opts.Write
	step("write")
	return endBatch(g, sum)
}

// batchStart is what a batch run has once its corpus is loaded.
type batchStart struct {
	es      editorSetup
	release func() // of the lock (a no-op without --write)
	sum     batchSummary
	step    func(name string) // records the time since the previous step
	arts    []corpus.Article
}

// startBatch does what every batch run does first: it checks the corpus
// folder and the editors' decisions (before anything else, so that a bad
// file or --margin fails at once, not after load and build), takes the
// folder's lock with --write, and loads the corpus, reporting the skipped
// files. index is what the summary says of the index. On an error after
// the lock, the returned run still holds it: release it.
func startBatch(opts *batchOptions, index string) (*batchStart, error) {
	g, log := opts.G, opts.G.logger()
	if st, err := os.Stat(opts.Corpus); err != nil || !st.IsDir() {
		return nil, usageErrorf("corpus folder %s does not exist or is not a folder", opts.Corpus)
	}
	es, err := loadEditors(opts.Editor, opts.Cfg.TopK)
	if err != nil {
		return nil, err
	}
	run := &batchStart{es: es, release: func() {}}
	if opts.Write {
		release, err := lockForWrite(opts.Corpus, log)
		if err != nil {
			return nil, err
		}
		run.release = release
	}
	run.sum = batchSummary{Corpus: opts.Corpus, Index: index, Config: opts.Cfg, Skipped: []skippedFile{}, Failed: []skippedFile{}}
	clock := g.IO.Now
	start := clock()
	run.step = func(name string) {
		now := clock()
		run.sum.Timings = append(run.sum.Timings, timing{name, now.Sub(start).Seconds()})
		log.Debug("step done", "step", name, "seconds", now.Sub(start).Seconds())
		start = now
	}
	if opts.ConfigFrom != "" {
		log.Debug("config file read", "file", opts.ConfigFrom)
	}

	stop := g.spinner("loading")
	arts, bad, err := corpus.Load(opts.Corpus)
	stop()
	if err != nil {
		return run, fmt.Errorf("loading %s: %w", opts.Corpus, err)
	}
	for _, fe := range bad {
		log.Warn("skipped", "file", fe.Path, "reason", fe.Error())
		run.sum.Skipped = append(run.sum.Skipped, skippedFile{fe.Path, fe.Error()})
	}
	run.sum.Articles = len(arts)
	if len(arts) == 0 {
		return run, fmt.Errorf("no usable articles in %s", opts.Corpus)
	}
	run.arts = arts
	run.step("load")
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

// lockForWrite takes the content folder's lock for a --write run and
// removes the temporary files left by a killed run. One writer per content
// folder: a second --write run is refused at once, naming the lock and the
// run that holds it.
func lockForWrite(dir string, log *slog.Logger) (release func(), err error) {
	lock, err := lockfile.Acquire(lockfile.For(dir))
	if err != nil {
		return nil, err
	}
	// With the lock held no other run is writing, so temporary files
	// in the folder are leftovers of a killed run.
	removed, err := corpus.RemoveTempFiles(dir)
	if err != nil {
		lock.Release()
		return nil, err
	}
	for _, p := range removed {
		log.Info("removed a temporary file left by an interrupted run", "file", p)
	}
	return func() { lock.Release() }, nil
}

// explain turns the lists into index entries, with the terms that each
// article shares most with each of its related articles.
func explain(opts *batchOptions, arts []corpus.Article, model *recommend.Model, lists [][]recommend.Hit) []index.Article {
	entries := make([]index.Article, len(arts))
	par.For(len(arts), 0, func(i int) {
		a := &arts[i]
		e := index.Article{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, Path: relPath(opts.Corpus, a.Path)}
		for _, h := range lists[i] {
			e.Related = append(e.Related, index.Related{Doc: h.Doc, Score: h.Score, Terms: model.SharedTerms(i, h.Doc, explainTerms)})
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
func writeOrCount(opts *batchOptions, log *slog.Logger, arts []corpus.Article, res []editor.Result) (int, []skippedFile) {
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
		changed[i], errs[i] = corpus.WriteRelated(opts.Corpus, &arts[i], ls)
	})
	n, failed := 0, []skippedFile{}
	for i, err := range errs {
		switch {
		case err != nil && !opts.Write:
			log.Error("cannot rewrite", "file", arts[i].Path, "reason", err.Error())
			failed = append(failed, skippedFile{arts[i].Path, err.Error()})
		case err != nil:
			log.Error("not written", "file", arts[i].Path, "reason", err.Error())
			failed = append(failed, skippedFile{arts[i].Path, err.Error()})
		case changed[i]:
			n++
		}
	}
	return n, failed
}

// writeLists writes the lists as JSON lines, atomically.
func writeLists(path string, arts []corpus.Article, lists [][]recommend.Hit) error {
	return writeFileAtomic(path, func(w io.Writer) error {
		return eval.WriteJSONL(w, arts, eval.FromHits(arts, lists))
	})
}

// writeFileAtomic writes path through a temporary file and a rename.
func writeFileAtomic(path string, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	return err
}

func printBatchSummary(g *globalOptions, s *batchSummary) error {
	w := g.IO.Out
	if g.JSON {
		return writeJSON(w, s)
	}
	verb := "would change"
	if s.Written {
		verb = "changed"
	}
	fmt.Fprintf(w, "articles   %d in %s\n", s.Articles, s.Corpus)
	fmt.Fprintf(w, "%-10s %d related lists%s\n", verb, s.Changed, map[bool]string{true: "", false: " (run with --write to rewrite them)"}[s.Written])
	fmt.Fprintf(w, "skipped    %d bad files\n", len(s.Skipped))
	for _, f := range s.Skipped {
		fmt.Fprintf(w, "           %s\n", f.Reason)
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(w, "failed     %d files could not be written\n", len(s.Failed))
		for _, f := range s.Failed {
			fmt.Fprintf(w, "           %s: %s\n", f.Path, f.Reason)
		}
	}
	if a := s.Agreement; a != nil {
		fmt.Fprintf(w, "agreement  with the existing links, %d articles scored: recall@%d %.3f  precision@%d %.3f  hit@%d %.3f  MRR %.3f  nDCG %.3f  coverage %.3f\n",
			a.Scored, a.K, a.Recall, a.K, a.Precision, a.K, a.Hit, a.MRR, a.NDCG, a.Coverage)
	}
	if e := s.Editors; e != nil {
		fmt.Fprintf(w, "editors    %d articles locked, %d with pins; hysteresis (margin %g) held %d links: %d lists and %d links change, %d and %d without it\n",
			e.Locked, e.Pinned, e.Margin, e.Held, e.Changed, e.Replaced, e.ChangedPlain, e.ReplacedPlain)
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

func fmtSeconds(s float64) string {
	return (time.Duration(s * float64(time.Second))).Round(time.Millisecond).String()
}
