package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"recommend/corpus"
	"recommend/editor"
	"recommend/eval"
	"recommend/recommend"
)

// defaultOverrides is the editors' decisions file that pin, block, lock and
// batch use unless --overrides says otherwise: in the working directory,
// kept in git beside the content.
const defaultOverrides = "overrides.yaml"

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
	f.StringVar(&opts.File, "overrides", defaultOverrides, "the editors' decisions `file`")
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
	if opts.Corpus != "" && !opts.Remove {
		if err := checkRefsInCorpus(opts); err != nil {
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

// checkRefsInCorpus fails when an article the flags name is not in the
// content folder, so that a typo does not become a silent override.
func checkRefsInCorpus(o *overrideOptions) error {
	arts, _, err := corpus.Load(o.Corpus)
	if err != nil {
		return usageErrorf("%v", err)
	}
	ids, urls := map[string]bool{}, map[string]bool{}
	for i := range arts {
		ids[arts[i].ID], urls[arts[i].URL] = true, true
	}
	if o.ID != "" && !ids[o.ID] {
		return usageErrorf("no article in %s has id %s", o.Corpus, o.ID)
	}
	if o.URL != "" && !urls[o.URL] {
		return usageErrorf("no article in %s has url %s", o.Corpus, o.URL)
	}
	return nil
}

// editorOptions are batch's flags for the editors' decisions and for
// hysteresis.
type editorOptions struct {
	Overrides string  // the decisions file; a missing file means none
	Margin    float64 // hysteresis margin; negative turns it off
}

// editorFlags binds batch's editor flags to o.
func editorFlags(f *pflag.FlagSet, o *editorOptions) {
	f.StringVar(&o.Overrides, "overrides", defaultOverrides, "the editors' decisions `file` (pins, blocks, locks)")
	f.Float64Var(&o.Margin, "margin", editor.DefaultOptions.Margin,
		"hysteresis: a current link stays unless a candidate's score beats it by more than this (negative: off)")
}

// candidateConfig widens cfg for hysteresis (eval.CandidateConfig).
func candidateConfig(cfg recommend.Config, o editorOptions) recommend.Config {
	return eval.CandidateConfig(cfg, o.Margin)
}

// editorSetup is the editors' decisions and Apply's options, loaded and
// checked by loadEditors before the corpus, so that a bad overrides file
// or --margin fails at once rather than after a minute of loading and
// ranking; the file is read once.
type editorSetup struct {
	Overrides *editor.Overrides // empty when the file is missing
	Options   editor.Options
}

// loadEditors validates the options for k links with o's margin and reads
// o's overrides file. Both kinds of error are usage errors.
func loadEditors(o editorOptions, k int) (editorSetup, error) {
	opt := editor.DefaultOptions
	opt.K, opt.Margin = k, o.Margin
	if err := opt.Validate(); err != nil {
		return editorSetup{Options: opt}, usageErrorf("%v", err)
	}
	ov, err := editor.Load(o.Overrides)
	if err != nil {
		return editorSetup{Options: opt}, usageErrorf("%v", err)
	}
	return editorSetup{Overrides: ov, Options: opt}, nil
}

// editorBatch hands the model's candidates to the editor (eval.EditorBatch).
func editorBatch(arts []corpus.Article, model *recommend.Model) editor.Batch {
	return eval.EditorBatch(arts, model)
}

// applyEditors decides every article's links from the model's candidates:
// the editors' pins, blocks and locks, then hysteresis. Overrides naming
// no article come back as warnings; the rest still apply.
func applyEditors(es editorSetup, arts []corpus.Article, model *recommend.Model) ([]editor.Result, []error) {
	return editor.Apply(editorBatch(arts, model), es.Overrides, es.Options)
}

// editorReport sums up what the editors' rules did in one batch: how many
// articles they touched, and how many lists and links change with
// hysteresis and would change without it, the nightly churn figure.
type editorReport struct {
	Margin        float64 `json:"margin"`
	Locked        int     `json:"locked"`                      // articles left alone
	Pinned        int     `json:"pinned"`                      // articles showing pinned links
	Held          int     `json:"held"`                        // links kept that the engine no longer ranks in its top k
	Changed       int     `json:"changed"`                     // lists that change
	Replaced      int     `json:"replaced"`                    // links that replace another or fill a free slot
	ChangedPlain  int     `json:"changed_without_hysteresis"`  // the same without hysteresis
	ReplacedPlain int     `json:"replaced_without_hysteresis"` //
}

// reportEditors counts what res (applyEditors' results with es) does,
// and applies the same overrides without hysteresis to count what that
// would have done.
func reportEditors(es editorSetup, arts []corpus.Article, model *recommend.Model, res []editor.Result) editorReport {
	k := es.Options.K
	r := editorReport{Margin: es.Options.Margin}
	cands := model.Lists()
	count(&r.Changed, &r.Replaced, arts, res)
	if es.Options.Margin >= 0 {
		plain := es
		plain.Options.Margin = -1
		pres, _ := applyEditors(plain, arts, model)
		count(&r.ChangedPlain, &r.ReplacedPlain, arts, pres)
	} else {
		r.ChangedPlain, r.ReplacedPlain = r.Changed, r.Replaced
	}
	for i := range res {
		if res[i].Locked {
			r.Locked++
			continue
		}
		top := map[string]bool{}
		for _, h := range cands[i][:min(k, len(cands[i]))] {
			top[arts[h.Doc].URL] = true
		}
		pinned := false
		for _, e := range res[i].Suggested {
			switch {
			case e.Flags&editor.FlagPinned != 0:
				pinned = true
			case e.Flags&editor.FlagNew == 0 && !top[e.Link.URL]:
				r.Held++
			}
		}
		if pinned {
			r.Pinned++
		}
	}
	return r
}

// count adds the lists that change and the links that come new.
func count(changed, replaced *int, arts []corpus.Article, res []editor.Result) {
	for i := range res {
		if res[i].Locked || !res[i].Changed {
			continue
		}
		*changed++
		for _, e := range res[i].Suggested {
			if e.Flags&editor.FlagNew != 0 {
				*replaced++
			}
		}
	}
}

// finalHits turns the decided links back into the engine's form
// (eval.WrittenHits).
func finalHits(model *recommend.Model, res []editor.Result) [][]recommend.Hit {
	return eval.WrittenHits(model, res)
}
