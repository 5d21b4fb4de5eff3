package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"recommend/corpus"
	"recommend/editor"
	"recommend/index"
	"recommend/nightly"
)

// defaultOverrides is the editors' decisions file that pin, block, lock and
// batch use unless --overrides or recommend.yaml says otherwise: in the
// content folder's home (home.go), kept in git beside the content.
const defaultOverrides = nightly.DefaultOverrides

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
				home := workHome()
				if opts.Corpus != "" {
					home = contentHome(opts.Corpus)
				}
				opts.File = shortPath(filepath.Join(home, defaultOverrides))
			}
			if opts.URL != "" {
				opts.URL = sitePath(opts.URL)
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

// check validates the flags for the command's kind.
func (o *overrideOptions) check() error {
	if o.ID != "" && (strings.HasPrefix(o.ID, "/") || strings.Trim(o.ID, "0123456789") != "") {
		return usageErrorf("--id %q is not an id (digits); name an article by URL with --url", o.ID)
	}
	if o.URL != "" && !strings.HasPrefix(o.URL, "/") {
		return usageErrorf("--url %q is not a site path (/learn/...)", o.URL)
	}
	if o.URL != "" && !o.Remove && !corpus.ValidURL(o.URL) {
		return usageErrorf("--url %q is not an article's site path (/learn/<folder>/questions/<slug>)", o.URL)
	}
	if o.File == "" {
		return usageErrorf("--overrides must name a file")
	}
	switch o.Kind {
	case "pin":
		if o.ID == "" {
			return usageErrorf("pin needs --id, the article whose page shows the link")
		}
		if o.URL == "" && !o.Remove {
			return usageErrorf("pin needs --url, the article to pin")
		}
	case "block":
		if o.URL == "" {
			return usageErrorf("block needs --url, the article not to suggest")
		}
		if o.Both && o.ID == "" {
			return usageErrorf("block --both needs --id: a block on every article has no reverse")
		}
	case "lock":
		if (o.ID == "") == (o.URL == "") {
			return usageErrorf("lock needs exactly one of --id and --url")
		}
	}
	return nil
}

// overrideResult is what the commands print with --json.
type overrideResult struct {
	File    string `json:"file"`
	Action  string `json:"action"`
	Changed bool   `json:"changed"`
	Message string `json:"message"`
}

func overrideRun(opts *overrideOptions) error {
	ov, err := editor.Load(opts.File)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if !opts.Remove {
		if err := checkRefs(opts); err != nil {
			return err
		}
	}
	action, msg, changed, err := applyOverride(ov, opts)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if changed {
		if err := ov.Save(); err != nil {
			return err
		}
	} else {
		msg = "nothing to do: " + msg
	}
	if opts.G.JSON {
		return writeJSON(opts.G.IO.Out, overrideResult{File: opts.File, Action: action, Changed: changed, Message: msg})
	}
	_, err = fmt.Fprintf(opts.G.IO.Out, "%s (%s)\n", msg, opts.File)
	return err
}

// applyOverride makes the change the flags ask for on ov and describes it.
func applyOverride(ov *editor.Overrides, o *overrideOptions) (action, msg string, changed bool, err error) {
	article := o.ID
	switch o.Kind {
	case "pin":
		if o.Remove {
			what := o.URL
			if what == "" {
				what = "every link"
			}
			changed, err = ov.RemovePin(article, o.URL)
			return "unpin", fmt.Sprintf("unpinned %s from %s", what, article), changed, err
		}
		changed, err = ov.AddPin(article, o.URL)
		return "pin", fmt.Sprintf("pinned %s on %s", o.URL, article), changed, err
	case "block":
		b := editor.Block{From: o.ID, To: o.URL, Both: o.Both}
		where := "anywhere"
		if o.ID != "" {
			where = "on " + o.ID
			if o.Both {
				where += ", nor " + o.ID + " on it"
			}
		}
		if o.Remove {
			changed, err = ov.RemoveBlock(b)
			return "unblock", fmt.Sprintf("unblocked %s %s", o.URL, strings.TrimPrefix(where, "anywhere")), changed, err
		}
		changed, err = ov.AddBlock(b)
		return "block", fmt.Sprintf("blocked %s %s", o.URL, where), changed, err
	default:
		if article == "" {
			article = o.URL
		}
		if o.Remove {
			changed, err = ov.RemoveLock(article)
			return "unlock", "unlocked " + article, changed, err
		}
		changed, err = ov.AddLock(article)
		return "lock", "locked " + article, changed, err
	}
}

// checkRefs fails when an article the flags name is not in the content
// folder (--corpus) or, without it, in the index, so that a typo does not
// become a silent override, and when a pin names the article itself. With
// neither to check against it says so on stderr and goes ahead.
func checkRefs(o *overrideOptions) error {
	var known refChecker
	var where string
	if o.Corpus != "" {
		arts, _, err := corpus.Load(o.Corpus)
		if err != nil {
			return usageErrorf("%v", err)
		}
		known, where = corpusRefs(arts), o.Corpus
	} else {
		ix, err := index.Open(o.G.Index)
		if err != nil {
			fmt.Fprintf(o.G.IO.ErrOut, "recommend: warning: %s not checked: %s (run batch first, or give --corpus)\n",
				oneLine(strings.TrimSpace(o.ID+" "+o.URL)), oneLine(indexError(o.G.Index, err).Error()))
			return nil
		}
		defer ix.Close()
		known, where = indexRefs(ix), "the index "+o.G.Index
	}
	var ids []string // the ids of the article the flags name
	if o.ID != "" {
		has, err := known(o.ID, "")
		if err != nil {
			return err
		}
		if len(has) == 0 {
			return usageErrorf("no article in %s has id %s", where, o.ID)
		}
		ids = []string{o.ID}
	}
	if o.URL != "" {
		has, err := known("", o.URL)
		if err != nil {
			return err
		}
		if len(has) == 0 {
			return usageErrorf("no article in %s has url %s", where, o.URL)
		}
		if o.Kind == "pin" && slices.Contains(ids, has[0]) {
			return usageErrorf("%s is article %s itself (a cross-posted copy): an article cannot be pinned to itself", o.URL, o.ID)
		}
	}
	return nil
}

// refChecker returns the ids of the articles with id (when not "") or url:
// none when there is no such article.
type refChecker func(id, url string) ([]string, error)

// corpusRefs answers from loaded articles.
func corpusRefs(arts []corpus.Article) refChecker {
	return func(id, url string) ([]string, error) {
		var out []string
		for i := range arts {
			if id != "" && arts[i].ID == id || id == "" && arts[i].URL == url {
				out = append(out, arts[i].ID)
			}
		}
		return out, nil
	}
}

// indexRefs answers from an open index.
func indexRefs(ix *index.Index) refChecker {
	return func(id, url string) ([]string, error) {
		if id != "" {
			recs, err := ix.ByID(id)
			return slices.Repeat([]string{id}, len(recs)), err
		}
		i, ok, err := ix.ByURL(url)
		if err != nil || !ok {
			return nil, err
		}
		a, err := ix.Article(i)
		if err != nil {
			return nil, err
		}
		return []string{a.ID}, nil
	}
}
