package main

// `recommend eval` scores the configured ranking, the baselines, any
// --lists files and, when the overrides file exists, the lists as batch
// would write them, against the site's links and judged relevance. The
// scoring is nightly.EvalFolder's (one build shared with the editors'
// section, or eval.Sweep over a grid); this file reads the flags and
// prints the report as text or JSON.

import (
	"github.com/spf13/cobra"

	"recommend/eval"
	"recommend/home"
	"recommend/nightly"
	"recommend/recommend"
)

// evalOptions are the flags of `recommend eval`.
type evalOptions struct {
	G             *globalOptions
	Corpus        string
	K             int
	Qrels         string   // graded judgments, as ../shared/judged-dev/qrels.json
	Lists         []string // more systems to score: JSON-lines lists files
	SkipBaselines bool
	Sweep         string      // a grid of Config values to sweep instead: "dims=100,200 blend=0.2,0.4"
	Grid          []eval.Axis // Sweep parsed and checked; nil without --sweep
	ConfigFile    string
	Cfg           recommend.Config
	Editor        nightly.EditorSettings // the editors' decisions and hysteresis, as batch applies them
}

func newEvalCmd(g *globalOptions, runF func(*evalOptions) error) *cobra.Command {
	opts := &evalOptions{G: g}
	flagCfg := recommend.DefaultConfig
	cmd := &cobra.Command{
		Use:   "eval --corpus DIR [--k 5] [--qrels FILE] [--lists FILE]...",
		Short: "Measure the related lists against the site's existing links and judged relevance",
		Long: `eval builds the configured ranking and the baselines (random article of the
same folder, TF-IDF only, LSA only) over the content folder, and prints one
table of agreement with the site's existing links (recall, precision, hit,
MRR, nDCG, coverage), a breakdown per subject folder, what else changes
(in-degree, own-subject share, scores), the hygiene of the existing links
and the duplicate clusters (as recommend duplicates prints them). --qrels adds judged relevance; --lists
scores lists written by batch --lists or by another system.

When the overrides file is present (--overrides, as batch reads it), an
editors' section counts the pins, blocks and locks, the lists they touch,
and scores the lists as batch would write them (editors' rules and
hysteresis at --margin) beside the engine's own.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Corpus == "" {
				return usageErrorf("eval needs --corpus DIR, the content folder")
			}
			if opts.K < 1 {
				return usageErrorf("--k must be at least 1, got %d", opts.K)
			}
			cfg, _, err := resolveConfig(home.Of(opts.Corpus), opts.ConfigFile, cmd.Flags(), &flagCfg, &opts.Editor)
			if err != nil {
				return err
			}
			opts.Cfg = cfg
			if opts.Sweep != "" {
				grid, err := eval.ParseGrid(opts.Sweep)
				if err == nil {
					_, err = eval.Configs(cfg, grid)
				}
				if err != nil {
					return usageErrorf("--sweep: %v", err)
				}
				opts.Grid = append([]eval.Axis{}, grid...) // not nil: a sweep, if of the default alone
			}
			if runF != nil {
				return runF(opts)
			}
			return evalRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Corpus, "corpus", "", "the content `folder`")
	f.IntVar(&opts.K, "k", 5, "cut-off of every list metric")
	f.StringVar(&opts.Qrels, "qrels", "", "graded relevance judgments `file` (JSON, as ../shared/judged-dev/qrels.json)")
	f.StringArrayVar(&opts.Lists, "lists", nil, "also score the lists in this JSON-lines `file` (repeatable)")
	f.BoolVar(&opts.SkipBaselines, "no-baselines", false, "build only the configured ranking")
	f.StringVar(&opts.Sweep, "sweep", "", "instead, build and score every combination of a `grid` of config values, e.g. \"dims=100,200 blend=0.2,0.4\"")
	f.StringVar(&opts.ConfigFile, "config", "", "config `file` (default recommend.yaml beside the content folder, if present)")
	nightly.EditorFlags(f, &opts.Editor)
	nightly.ConfigFlags(f, &flagCfg)
	return cmd
}

// evalRun scores the content folder (nightly.EvalFolder) and prints the
// report as JSON or text, as opts ask, then reports the files skipped as
// bad input, if any, so that the exit code says so.
func evalRun(opts *evalOptions) error {
	rep, skipped, err := nightly.EvalFolder(nightly.EvalOptions{
		Corpus: opts.Corpus, Eval: eval.Options{K: opts.K, Config: opts.Cfg, SkipBaselines: opts.SkipBaselines},
		Qrels: opts.Qrels, Lists: opts.Lists, Sweep: opts.Grid, Editor: opts.Editor, Term: opts.G.term(),
	})
	if err != nil {
		return err
	}
	if opts.G.JSON {
		err = rep.WriteJSON(opts.G.IO.Out)
	} else {
		err = rep.WriteText(opts.G.IO.Out)
	}
	if err != nil {
		return err
	}
	if skipped > 0 {
		return &skippedError{skipped}
	}
	return nil
}
