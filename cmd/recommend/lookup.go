package main

// The root command is the lookup: one article's related list by --id,
// --url or a new --text, read from the saved index (package lookup) and
// printed as text or JSON, with the held, pinned and locked links marked
// as the batch decided them, and the pins and locks decided since marked
// from the overrides file when it can be read.

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"recommend/editor"
	"recommend/internal/termlog"
	"recommend/lookup"
	"recommend/nightly"
)

// lookupOptions are the flags of the root command: one article's related
// list, read from the saved index.
type lookupOptions struct {
	G    *globalOptions
	ID   string
	URL  string
	Text string
	N    int
	// Overrides is the editors' decisions file whose pins and locks,
	// decided since the batch, the list marks too.
	Overrides string
}

func newLookupCmd(g *globalOptions, runF func(*lookupOptions) error) *cobra.Command {
	opts := &lookupOptions{G: g}
	cmd := &cobra.Command{
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set := 0
			for _, s := range []string{"id", "url", "text"} {
				if changed(cmd.Flags(), s) {
					set++
				}
			}
			if set == 0 {
				return cmd.Help()
			}
			if set > 1 {
				return usageErrorf("give only one of --id, --url and --text")
			}
			for _, v := range []struct{ name, value string }{{"id", opts.ID}, {"url", opts.URL}, {"text", opts.Text}} {
				if changed(cmd.Flags(), v.name) && strings.TrimSpace(v.value) == "" {
					return usageErrorf("--%s needs a value", v.name)
				}
			}
			if opts.N < 1 {
				return usageErrorf("-n must be at least 1, got %d", opts.N)
			}
			g.Index = nightly.IndexDir(g.Index, "")
			opts.URL = lookup.SitePath(opts.URL)
			if !changed(cmd.Flags(), "overrides") {
				opts.Overrides = filepath.Join(nightly.WorkHome(), nightly.DefaultOverrides)
			}
			if runF != nil {
				return runF(opts)
			}
			return lookupRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.ID, "id", "", "show the related articles of the article(s) with this `id` (cross-posted copies share one)")
	f.StringVar(&opts.URL, "url", "", "show the related articles of the article at this `url` (/learn/... or the full address, https://...)")
	f.StringVar(&opts.Text, "text", "", "show the articles closest to this free `text`")
	f.IntVarP(&opts.N, "n", "n", 5, "how many related articles to show")
	f.StringVar(&opts.Overrides, "overrides", "", "also mark the links pinned or locked since the batch in this editors' decisions `file` (default overrides.yaml at the top of the working directory's git work tree)")
	return cmd
}

func lookupRun(opts *lookupOptions) error {
	ix, err := lookup.Open(opts.G.Index)
	if err != nil {
		return err
	}
	defer ix.Close()
	w := opts.G.IO.Out
	if opts.Text != "" {
		v, err := lookup.Vectors(ix)
		if err != nil {
			return err
		}
		res, err := lookup.Text(ix, v, opts.Text, opts.N)
		if err != nil {
			return err
		}
		if opts.G.JSON {
			return writeJSON(w, res)
		}
		lookup.WriteTextResult(w, res)
		return nil
	}
	ov, err := editor.Load(opts.Overrides)
	if err != nil {
		fmt.Fprintf(opts.G.IO.ErrOut, "recommend: warning: pins and locks decided since the batch not marked: %s\n", termlog.OneLine(err.Error()))
		ov = nil
	}
	id := opts.ID
	if opts.URL != "" {
		id = ""
	}
	out, err := lookup.Related(ix, id, opts.URL, opts.N, ov)
	if err != nil {
		return err
	}
	if opts.G.JSON {
		return writeJSON(w, out)
	}
	lookup.WriteText(w, out)
	return nil
}

// writeJSON writes v as indented JSON and a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
