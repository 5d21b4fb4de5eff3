package main

// `recommend pin`, `block` and `lock` record one editors' decision in the
// overrides file through editor.Decide, the code the server's clicks run
// too (nightly.Record). The flags become an editor.Decision, checked
// before anything is read; the articles named are checked against the
// content folder (--corpus, whose run lock is taken as the server takes
// it) or else the index, and the result is printed as a sentence or as
// JSON.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"recommend/editor"
	"recommend/internal/oneline"
	"recommend/lookup"
	"recommend/nightly"
)

// overrideOptions are the flags of `recommend pin`, `block` and `lock`.
type overrideOptions struct {
	G      *globalOptions
	Kind   string // "pin", "block" or "lock"
	File   string // the overrides file
	ID     string // the article, by id (every cross-posted copy)
	URL    string // pin and block: the target; lock: the article by URL
	Both   bool   // block: the reverse direction too
	Remove bool
	Corpus string // if set, every article named must be in it
}

// overrideHelp holds each command's usage and help text.
var overrideHelp = map[string]struct{ use, short, long string }{
	"pin": {
		"pin --id ID --url URL [--remove]",
		"Always show a link on an article's page, first, in the order pinned",
		`pin adds URL to the pinned links of the article with id ID (every
cross-posted copy) in the overrides file. Pinned links always come first,
in the order they were pinned, and count towards the related links.

  recommend pin --id 14219 --url /learn/law/questions/what-is-gdpr
  recommend pin --id 14219 --url /learn/law/questions/what-is-gdpr --remove
  recommend pin --id 14219 --remove          unpin every link of 14219`,
	},
	"block": {
		"block [--id ID] --url URL [--both] [--remove]",
		"Never suggest an article on a page, or anywhere",
		`block keeps URL off the related links of the article with id ID; with
--both, the article ID is kept off URL's page as well. Without --id, URL is
never suggested anywhere.

  recommend block --id 14219 --url /learn/law/questions/what-is-a-tort --both
  recommend block --url /learn/biology/questions/test-page
  recommend block --url /learn/biology/questions/test-page --remove`,
	},
	"lock": {
		"lock (--id ID | --url URL) [--remove]",
		"Leave an article's related links exactly as they are",
		`lock makes the batch leave the related links of an article untouched:
by id (every cross-posted copy) or by URL (that file only).

  recommend lock --id 14219
  recommend lock --url /learn/biology/questions/hand-curated --remove`,
	},
}

func newPinCmd(g *globalOptions, runF func(*overrideOptions) error) *cobra.Command {
	return newOverrideCmd(g, "pin", runF)
}

func newBlockCmd(g *globalOptions, runF func(*overrideOptions) error) *cobra.Command {
	return newOverrideCmd(g, "block", runF)
}

func newLockCmd(g *globalOptions, runF func(*overrideOptions) error) *cobra.Command {
	return newOverrideCmd(g, "lock", runF)
}

func newOverrideCmd(g *globalOptions, kind string, runF func(*overrideOptions) error) *cobra.Command {
	opts := &overrideOptions{G: g, Kind: kind}
	h := overrideHelp[kind]
	cmd := &cobra.Command{
		Use:   h.use,
		Short: h.short,
		Long:  h.long + "\n\nThe file is rewritten atomically and keeps its comments.",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !changed(cmd.Flags(), "overrides") {
				opts.File = nightly.OverridesFile(opts.Corpus)
			}
			if opts.URL != "" {
				opts.URL = lookup.SitePath(opts.URL)
			}
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return overrideRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.File, "overrides", "", "the editors' decisions `file` (default overrides.yaml beside the --corpus folder, else at the top of the working directory's git work tree)")
	f.BoolVar(&opts.Remove, "remove", false, "remove the decision instead of adding it")
	f.StringVar(&opts.Corpus, "corpus", "", "check that the articles named are in this content `folder`")
	switch kind {
	case "pin":
		f.StringVar(&opts.ID, "id", "", "the article whose page shows the link, by `id`")
		f.StringVar(&opts.URL, "url", "", "the pinned article, by `URL` (/learn/...)")
	case "block":
		f.StringVar(&opts.ID, "id", "", "the article whose page must not show URL, by `id` (default: every article)")
		f.StringVar(&opts.URL, "url", "", "the blocked article, by `URL` (/learn/...)")
		f.BoolVar(&opts.Both, "both", false, "block the reverse direction too")
	case "lock":
		f.StringVar(&opts.ID, "id", "", "the locked article, by `id` (every cross-posted copy)")
		f.StringVar(&opts.URL, "url", "", "the locked article, by `URL` (that file only)")
	}
	return cmd
}

// decision is the change the flags ask for.
func (o *overrideOptions) decision() editor.Decision {
	return editor.Decision{Kind: o.Kind, ID: o.ID, URL: o.URL, Both: o.Both, Remove: o.Remove}
}

// check validates the flags for the command's kind.
func (o *overrideOptions) check() error {
	if o.File == "" {
		return usageErrorf("--overrides must name a file")
	}
	if err := o.decision().Check(); err != nil {
		return usageErrorf("%v", err)
	}
	return nil
}

// overrideRun records the decision (nightly.Record, through editor.Decide,
// the code the server's clicks run too) and prints what it did.
func overrideRun(opts *overrideOptions) error {
	res, unchecked, err := nightly.Record(opts.File, opts.decision(), opts.Corpus, opts.G.Index)
	if unchecked != nil {
		fmt.Fprintf(opts.G.IO.ErrOut, "recommend: warning: %s not checked: %s (run batch first, or give --corpus)\n",
			oneline.Line(strings.TrimSpace(opts.ID+" "+opts.URL)), oneline.Line(unchecked.Error()))
	}
	if errors.Is(err, editor.ErrInput) {
		return usageErrorf("%v", strings.TrimPrefix(err.Error(), editor.ErrInput.Error()+": "))
	}
	if err != nil {
		return err
	}
	if opts.G.JSON {
		return writeJSON(opts.G.IO.Out, res)
	}
	_, err = fmt.Fprintf(opts.G.IO.Out, "%s (%s)\n", res.Message, opts.File)
	return err
}
