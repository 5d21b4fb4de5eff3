package main

// The root command is the lookup: one article's related list by --id,
// --url or a new --text, read from the saved index (package lookup) and
// printed as text or JSON, with the held, pinned and locked links marked
// as the batch decided them, and the pins and locks decided since marked
// from the overrides file when it can be read.

import (
	"io"

	"github.com/spf13/cobra"

	"recommend/lookup"
)

// lookupOptions are the flags of the root command: one article's related
// list, read from the saved index (a lookup.Query; Index and JSON come
// from the global flags).
type lookupOptions struct {
	G *globalOptions
	lookup.Query
}

func newLookupCmd(g *globalOptions, runF func(*lookupOptions) error) *cobra.Command {
	opts := &lookupOptions{G: g}
	cmd := &cobra.Command{
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set := func(name string) bool { return changed(cmd.Flags(), name) }
			if !set("id") && !set("url") && !set("text") {
				return cmd.Help()
			}
			if err := opts.Check(set); err != nil {
				return usageErrorf("%v", err)
			}
			opts.Query.Index, opts.Query.JSON = g.Index, g.JSON
			opts.Query = opts.Defaults(set("overrides"))
			g.Index = opts.Query.Index
			if runF != nil {
				return runF(opts)
			}
			return lookup.Run(opts.Query, g.IO.Out, g.IO.ErrOut)
		},
	}
	f := cmd.Flags()
	lookup.Flags(f, &opts.Query)
	return cmd
}

// writeJSON writes v as indented JSON and a newline, as the lookup does.
func writeJSON(w io.Writer, v any) error { return lookup.WriteJSON(w, v) }
