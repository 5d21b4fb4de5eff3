package main

// `recommend batch` is the nightly run (package nightly) driven from the
// command line: the flags resolve into a configuration and the editors'
// settings, startBatch checks them, takes the folder's lock with --write
// and loads the corpus; batchRun then builds, decides and saves the
// outputs, and finish writes (or counts) the changed lists. Each stage is
// timed into the run's nightly.Summary and said on stderr (spinners and
// bars on a terminal, log lines otherwise); the summary is printed last,
// as labelled lines in a tabwriter column or as JSON. --from-lists runs
// the same start and finish around lists ranked elsewhere.

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"recommend/corpus"
	"recommend/index"
	"recommend/nightly"
	"recommend/recommend"
)

// batchOptions are the flags of `recommend batch`.
type batchOptions struct {
	G          *globalOptions
	Corpus     string
	Write      bool
	Lists      string
	ConfigFile string
	Cfg        recommend.Config
	ConfigFrom string                 // the config file read, if any
	Editor     nightly.EditorSettings // the editors' decisions and hysteresis
	FromLists  string                 // lists ranked elsewhere, to write instead of ranking
	Full       bool                   // rebuild in full rather than from the last night's state
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
			home := nightly.Home(opts.Corpus)
			cfg, src, err := resolveConfig(home, opts.ConfigFile, cmd.Flags(), &flagCfg, &opts.Editor)
			if err != nil {
				return err
			}
			g.Index = nightly.IndexDir(g.Index, home)
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
	f.BoolVar(&opts.Full, "full", false, "rebuild every list rather than only those the changed, new and deleted articles can change")
	f.StringVar(&opts.ConfigFile, "config", "", "config `file` (default recommend.yaml beside the content folder, if present)")
	editorFlags(f, &opts.Editor)
	configFlags(f, &flagCfg)
	return cmd
}

// batchRun is the nightly run (package nightly), stage by stage, each
// step timed and said on stderr.
func batchRun(opts *batchOptions) error {
	g, log := opts.G, opts.G.logger()
	// The index folder must be the index's own (or new): a folder holding
	// other things is refused before anything is loaded or removed.
	run, err := startBatch(opts, g.Index, func() error {
		err := nightly.ClaimIndex(g.Index)
		if errors.Is(err, index.ErrNotIndex) {
			return usageErrorf("%v", err)
		}
		return err
	})
	defer run.Release()
	if err != nil {
		return err
	}
	stop := g.term().Spinner("ranking")
	model, _, err := nightly.BuildNight(run.Articles, opts.Cfg, opts.Editor.Margin, g.Index, opts.Full, log)
	stop()
	if err != nil {
		return err
	}
	for _, t := range model.Timings() {
		log.Debug("build stage done", "stage", t.Stage, "seconds", t.Seconds)
	}
	run.step("build", "ranked the related articles")
	res := nightly.Decide(run.Articles, model, run.Editors)
	logWarnings(log, res.Warnings)
	rep := res.Report()
	run.Summary.Editors = &rep
	run.step("decide", "applied the editors' decisions and hysteresis")

	stop = g.term().Spinner("saving")
	saved, err := res.Save(nightly.Outputs{Index: g.Index, Corpus: opts.Corpus, Config: opts.Cfg, ListsOut: opts.Lists})
	stop()
	if err != nil {
		return err
	}
	log.Debug("index saved", "dir", g.Index, "generation", saved.Generation)
	if err := nightly.SaveState(g.Index, model); err != nil {
		return err
	}
	run.Summary.Agreement = &saved.Agreement
	run.step("outputs", "saved the index and the review data")
	return run.finish(res)
}

// fromListsRun is batch --from-lists: the front-matter rewrite for lists
// ranked elsewhere (package nightly, ReadLists), with every guarantee of a
// normal run. The index is not rebuilt (it needs the vectors): lookups
// keep answering from the last batch's index.
func fromListsRun(opts *batchOptions) error {
	run, err := startBatch(opts, "not rebuilt (--from-lists)", nil)
	defer run.Release()
	if err != nil {
		return err
	}
	cands, err := nightly.ReadLists(opts.FromLists, run.Articles)
	if err != nil {
		return err
	}
	res := nightly.DecideLists(run.Articles, cands, run.Editors)
	logWarnings(opts.G.logger(), res.Warnings)
	run.step("decide", "applied the editors' decisions and hysteresis")
	return run.finish(res)
}

// logWarnings says which of the editors' decisions were ignored.
func logWarnings(log *slog.Logger, warns []error) {
	for _, w := range warns {
		log.Warn("override ignored: "+w.Error(), "reason", w.Error())
	}
}

// batchStart is a batch run (nightly.Run) as the command drives it.
type batchStart struct {
	*nightly.Run
	opts *batchOptions
	step func(name, what string) // records the time since the previous step and says it
}

// startBatch does what every batch run does first: it checks the corpus
// folder and the editors' decisions (before anything else, so that a bad
// file or --margin fails at once, not after load and build), runs check
// (nil for none), takes the folder's lock with --write, and loads the
// corpus, reporting the skipped files. index is what the summary says of
// the index. The returned run is never nil: release it.
func startBatch(opts *batchOptions, indexDir string, check func() error) (*batchStart, error) {
	g, log := opts.G, opts.G.logger()
	run := &batchStart{Run: &nightly.Run{}, opts: opts}
	if err := checkCorpus(opts.Corpus); err != nil {
		return run, err
	}
	ed, err := nightly.LoadEditors(opts.Editor, opts.Cfg.TopK)
	if err != nil {
		return run, usageErrorf("%v", err)
	}
	if check != nil {
		if err := check(); err != nil {
			return run, err
		}
	}
	run.Run, err = nightly.Start(opts.Corpus, opts.Write, ed, log)
	if err != nil {
		return run, err
	}
	if run.Writer != nil {
		for _, p := range run.Writer.Removed {
			log.Info("removed "+p+", a temporary file left by an interrupted run", "file", p)
		}
	}
	clock := g.IO.Now
	sum := nightly.NewSummary(opts.Corpus, indexDir, opts.Cfg, clock())
	run.Summary = sum
	// Each step ends with a line on stderr when it is not a terminal (a
	// cron job's log shows where a run is and how long each step took);
	// with --verbose on a terminal too.
	run.step = func(name, what string) {
		secs := sum.Step(name, clock())
		if g.term().Lines() {
			log.Info(what+" in "+fmtSeconds(secs), "step", name, "seconds", secs)
		} else {
			log.Debug("step done", "step", name, "seconds", secs)
		}
	}
	if opts.ConfigFrom != "" {
		log.Debug("config file read", "file", opts.ConfigFrom)
	}

	arts, bad, err := loadCorpus(g, opts.Corpus)
	if err != nil {
		return run, err
	}
	run.SetArticles(arts, bad)
	loaded := "loaded " + plural(len(arts), "article")
	if len(bad) > 0 {
		loaded += " (" + plural(len(bad), "file") + " skipped)"
	}
	run.step("load", loaded)
	return run, nil
}

// checkCorpus refuses a content folder that does not exist, before
// anything else is read.
func checkCorpus(dir string) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageErrorf("corpus folder %s does not exist or is not a folder", dir)
	}
	return nil
}

// loadCorpus loads the content folder dir, saying on stderr which files
// it skipped as bad input; it fails when no article is usable.
func loadCorpus(g *globalOptions, dir string) ([]corpus.Article, []*corpus.FileError, error) {
	stop := g.term().Spinner("loading")
	arts, bad, err := nightly.Load(dir)
	stop()
	for _, fe := range bad {
		g.logger().Warn("skipped "+fe.Error(), "file", fe.Path, "line", fe.Line, "reason", fe.Err.Error())
	}
	return arts, bad, err
}

// finish writes (or with a dry run counts) the changed lists of res,
// prints the summary and returns the run's outcome: failed writes, then
// skipped files.
func (r *batchStart) finish(res *nightly.Result) error {
	opts, sum, log := r.opts, r.Summary, r.opts.G.logger()
	bar := opts.G.term().Progress(len(res.Articles), "writing")
	r.Finish(res, func() { bar.Add(1) })
	bar.Finish()
	for _, f := range sum.Failed {
		if opts.Write {
			log.Error("could not write "+f.Reason, "file", f.Path, "reason", f.Err.Error())
		} else {
			log.Error("cannot rewrite "+f.Reason, "file", f.Path, "reason", f.Err.Error())
		}
	}
	if opts.Write {
		r.step("write", "rewrote "+plural(sum.Changed, "file"))
	} else {
		r.step("write", "found "+plural(sum.Changed, "list")+" that would change")
	}
	if err := printBatchSummary(opts.G, sum); err != nil {
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

// printBatchSummary prints s, one labelled line a figure, the labels in
// a column.
func printBatchSummary(g *globalOptions, s *nightly.Summary) error {
	if g.JSON {
		return writeJSON(g.IO.Out, s)
	}
	w := tabwriter.NewWriter(g.IO.Out, summaryLabel, 0, 1, ' ', 0)
	fmt.Fprintf(w, "corpus\t%s in %s\n", plural(s.Articles, "article"), s.Corpus)
	if s.Written {
		fmt.Fprintf(w, "lists\t%s rewritten\n", plural(s.Changed, "related list"))
	} else {
		fmt.Fprintf(w, "lists\t%s would change (run with --write to rewrite them)\n", plural(s.Changed, "related list"))
	}
	fmt.Fprintf(w, "skipped\t%s of bad input\n", plural(len(s.Skipped), "file"))
	for _, f := range s.Skipped {
		fmt.Fprintf(w, "\t%s\n", f.Reason)
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(w, "failed\t%s could not be written\n", plural(len(s.Failed), "file"))
		for _, f := range s.Failed {
			fmt.Fprintf(w, "\t%s\n", f.Reason)
		}
	}
	if a := s.Agreement; a != nil {
		if a.Scored == 0 {
			// No article has links today: there is nothing to agree with.
			fmt.Fprintf(w, "agreement\tn/a: no article has related links today to compare with; coverage %.3f\n", a.Coverage)
		} else {
			fmt.Fprintf(w, "agreement\twith the existing links of %s: recall@%d %.3f  precision@%d %.3f  hit@%d %.3f  MRR %.3f  nDCG %.3f  coverage %.3f\n",
				plural(a.Scored, "article"), a.K, a.Recall, a.K, a.Precision, a.K, a.Hit, a.MRR, a.NDCG, a.Coverage)
		}
	}
	if e := s.Editors; e != nil {
		fmt.Fprintf(w, "editors\t%s locked, %s with pinned links, %s in force (%s lost a suggestion to one)\n",
			plural(e.Locked, "article"), plural(e.Pinned, "article"), plural(e.Blocks, "block"), plural(e.ListsBlocked, "list"))
		verb := "change"
		if e.Replaced == 1 {
			verb = "changes"
		}
		if e.Margin < 0 {
			fmt.Fprintf(w, "hysteresis\toff: %s in %s %s\n", plural(e.Replaced, "link"), plural(e.Changed, "list"), verb)
		} else {
			fmt.Fprintf(w, "hysteresis\tmargin %g kept %s that a slightly better candidate would replace: %s in %s %s (without it, %d in %d)\n",
				e.Margin, plural(e.Held, "current link"), plural(e.Replaced, "link"), plural(e.Changed, "list"), verb, e.ReplacedPlain, e.ChangedPlain)
		}
	}
	fmt.Fprintf(w, "index\t%s\n", s.Index)
	fmt.Fprint(w, "timings\t")
	total := 0.0
	for i, t := range s.Timings {
		if i > 0 {
			fmt.Fprint(w, " ")
		}
		fmt.Fprintf(w, "%s %s", t.Step, fmtSeconds(t.Seconds))
		total += t.Seconds
	}
	fmt.Fprintf(w, "; total %s\n", fmtSeconds(total))
	return w.Flush()
}

// summaryLabel is the width of the summary's label column, the longest
// label ("hysteresis") and a space, whichever labels a summary has.
const summaryLabel = len("hysteresis") + 1

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
