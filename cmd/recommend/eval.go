package main

import (
	"github.com/spf13/cobra"
)

// evalOptions are the flags of `recommend eval`.
type evalOptions struct {
	G      *globalOptions
	Corpus string
}

func newEvalCmd(g *globalOptions, runF func(*evalOptions) error) *cobra.Command {
	opts := &evalOptions{G: g}
	cmd := &cobra.Command{
		Use:   "eval --corpus DIR",
		Short: "Measure the related lists against the site's existing links",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Corpus == "" {
				return usageErrorf("eval needs --corpus DIR, the content folder")
			}
			if runF != nil {
				return runF(opts)
			}
			return evalRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Corpus, "corpus", "", "the content `folder`")
	return cmd
}

func evalRun(opts *evalOptions) error {
	return usageErrorf("eval: not wired yet")
}
