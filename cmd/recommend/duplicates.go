package main

// `recommend duplicates` vectorises the questions of a content folder and
// prints the duplicate clusters (nightly.DuplicatesIn,
// recommend.Model.Clusters), without ranking any related list: groups of
// articles that ask one question in other words, each with a suggested
// canonical and its reason, so that the site can consolidate them or mark
// canonical URLs. With --json, one JSON object per cluster per line.

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"recommend/home"
	"recommend/nightly"
	"recommend/recommend"
)

// duplicatesOptions are the flags of `recommend duplicates`.
type duplicatesOptions struct {
	G          *globalOptions
	Corpus     string
	ConfigFile string
	Cfg        recommend.Config
}

func newDuplicatesCmd(g *globalOptions) *cobra.Command {
	opts := &duplicatesOptions{G: g}
	flagCfg := recommend.DefaultConfig
	cmd := &cobra.Command{
		Use:   "duplicates --corpus DIR [--json]",
		Short: "List the clusters of articles that ask the same question reworded",
		Long: `duplicates vectorises the content folder's questions and prints every
cluster of two or more articles that ask the same question in other words
(every two members are paraphrases by the engine's detector), largest
first, with a suggested canonical (the longest answer) and the reason.
With --json, one object per line: {"canonical", "reason", "members":
[{"url", "question"}]}.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Corpus == "" {
				return usageErrorf("duplicates needs --corpus DIR, the content folder")
			}
			cfg, _, err := resolveConfig(home.Of(opts.Corpus), opts.ConfigFile, cmd.Flags(), &flagCfg, nil)
			if err != nil {
				return err
			}
			opts.Cfg = cfg
			return duplicatesRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Corpus, "corpus", "", "the content `folder`")
	f.StringVar(&opts.ConfigFile, "config", "", "config `file` (default recommend.yaml beside the content folder, if present)")
	nightly.ConfigFlags(f, &flagCfg)
	return cmd
}

// duplicatesRun prints the clusters (nightly.DuplicatesIn), then reports
// the files skipped as bad input, if any, so that the exit code says so.
func duplicatesRun(opts *duplicatesOptions) error {
	clusters, skipped, err := nightly.DuplicatesIn(opts.Corpus, opts.Cfg, opts.G.term())
	if err != nil {
		return err
	}
	w := opts.G.IO.Out
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range clusters {
		if opts.G.JSON {
			if err := enc.Encode(c); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(w, "%d articles; canonical %s: %s\n", len(c.Members), c.Canonical, c.Reason)
		for _, mb := range c.Members {
			fmt.Fprintf(w, "  %s  %s\n", mb.URL, mb.Question)
		}
	}
	if skipped > 0 {
		return &skippedError{skipped}
	}
	return nil
}
