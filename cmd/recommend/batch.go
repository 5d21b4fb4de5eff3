package main

// `recommend batch` is the nightly run (nightly.Batch) driven from the
// command line: the flags resolve into a configuration and the editors'
// settings, and nightly.Batch checks them, takes the folder's lock with
// --write, loads, builds, decides, saves the outputs and writes (or
// counts) the changed lists, each stage timed into the run's
// nightly.Summary and said on stderr (spinners and bars on a terminal,
// log lines otherwise). The summary is printed last, as its labelled
// lines (Summary.WriteText) or as JSON. --from-lists runs the same start
// and finish around lists ranked elsewhere.

import (
	"fmt"

	"github.com/spf13/cobra"

	"recommend/home"
	"recommend/internal/memlimit"
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
			dir := home.Of(opts.Corpus)
			cfg, src, err := resolveConfig(dir, opts.ConfigFile, cmd.Flags(), &flagCfg, &opts.Editor)
			if err != nil {
				return err
			}
			g.Index = home.IndexDir(g.Index, dir)
			opts.Cfg, opts.ConfigFrom = cfg, src
			if runF != nil {
				return runF(opts)
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
	nightly.EditorFlags(f, &opts.Editor)
	nightly.ConfigFlags(f, &flagCfg)
	return cmd
}

// batchRun is the nightly run (nightly.Batch), said on stderr as it
// goes; its summary is printed last and its outcome is the exit code:
// failed writes, then skipped files.
func batchRun(opts *batchOptions) error {
	g := opts.G
	sum, err := nightly.Batch(nightly.BatchOptions{
		Corpus: opts.Corpus, Write: opts.Write, Config: opts.Cfg, ConfigFrom: opts.ConfigFrom, Editor: opts.Editor,
		Index: g.Index, Lists: opts.Lists, FromLists: opts.FromLists, Full: opts.Full, Term: g.term(), Now: g.IO.Now,
		Found: func(n int) {
			if f := memlimit.Fit(n); f.Raised {
				g.logger().Info(f.String(), "memory_limit", f.Limit, "files", n, "budget", f.Budget, "available", f.Available)
			}
		},
	})
	if err != nil {
		return err
	}
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

// printBatchSummary prints s as JSON or as its labelled lines.
func printBatchSummary(g *globalOptions, s *nightly.Summary) error {
	if g.JSON {
		return writeJSON(g.IO.Out, s)
	}
	return s.WriteText(g.IO.Out)
}
