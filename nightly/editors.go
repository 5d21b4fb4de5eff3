package nightly

// The editors' side of a run: their settings (recommend.yaml's overrides
// and margin keys, or flags), their decisions read and checked once before
// the corpus is loaded (so that a bad file or margin fails at once, not
// after a minute of loading and ranking), and the figures of what the
// decisions and hysteresis did to one night's lists.

import (
	"errors"
	"io/fs"
	"os"

	"recommend/corpus"
	"recommend/editor"
	"recommend/home"
)

// EditorSettings are the editors' settings that a run applies, keys of
// recommend.yaml as much as flags.
type EditorSettings struct {
	// Overrides is the editors' decisions file (pins, blocks, locks; see
	// recommend pin --help), relative to the folder of this file. A
	// missing file means no decisions.
	Overrides string
	// Margin is the hysteresis margin: a current link stays unless a
	// candidate's score beats it by more than this (at most 1; negative
	// turns hysteresis off).
	Margin float64
}

// DefaultEditorSettings are the editors' settings unless recommend.yaml or
// a flag says otherwise.
var DefaultEditorSettings = EditorSettings{Overrides: home.DefaultOverrides, Margin: editor.DefaultOptions.Margin}

// Options returns editor.Apply's options for lists of k links with s's
// margin, checked.
func (s EditorSettings) Options(k int) (editor.Options, error) {
	opt := editor.DefaultOptions
	opt.K, opt.Margin = k, s.Margin
	return opt, opt.Validate()
}

// Editors are the editors' decisions and Apply's options, as LoadEditors
// read and checked them.
type Editors struct {
	Overrides *editor.Overrides // empty when the file is missing
	Options   editor.Options
	// Unknown are the urls of files that could not be read: links to them
	// stay (Unknown makes it from the load's errors).
	Unknown map[string]bool
}

// LoadEditors checks s for lists of k links and reads s's overrides file.
func LoadEditors(s EditorSettings, k int) (Editors, error) {
	opt, err := s.Options(k)
	if err != nil {
		return Editors{Options: opt}, err
	}
	ov, err := editor.Load(s.Overrides)
	if err != nil {
		return Editors{Options: opt}, err
	}
	return Editors{Overrides: ov, Options: opt}, nil
}

// EditorsIfAny is LoadEditors when s's overrides file exists, and nil
// when it is absent: eval leaves its editors' section out then.
func EditorsIfAny(s EditorSettings, k int) (*Editors, error) {
	if _, err := os.Stat(s.Overrides); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	ed, err := LoadEditors(s, k)
	if err != nil {
		return nil, err
	}
	return &ed, nil
}

// Unknown returns the urls of the files that could not be read, so that
// the links other articles have to them stay: a file that could not be
// read is unknown, not deleted.
func Unknown(bad []*corpus.FileError) map[string]bool {
	out := map[string]bool{}
	for _, fe := range bad {
		if u := corpus.URLOfPath(fe.Path); u != "" {
			out[u] = true
		}
	}
	return out
}

// EditorReport sums up what the editors' rules did in one night: how many
// articles they touched, and how many lists and links change with
// hysteresis and would change without it, the nightly churn figure.
type EditorReport struct {
	Margin        float64 `json:"margin"`
	Locked        int     `json:"locked"`                      // articles left alone
	Pinned        int     `json:"pinned"`                      // articles showing pinned links
	Blocks        int     `json:"blocks"`                      // block rules in the overrides file
	ListsBlocked  int     `json:"lists_blocked"`               // lists that lost one of the engine's suggestions to a block
	Held          int     `json:"held"`                        // links kept that the engine no longer ranks in its top k
	Changed       int     `json:"changed"`                     // lists that change
	Replaced      int     `json:"replaced"`                    // links that replace another or fill a free slot
	ChangedPlain  int     `json:"changed_without_hysteresis"`  // the same without hysteresis
	ReplacedPlain int     `json:"replaced_without_hysteresis"` //
}

// Report counts what the decisions do, and applies the same decisions
// without hysteresis to count what that would have done.
func (r *Result) Report() EditorReport {
	opt := r.Editors.Options
	rep := EditorReport{Margin: opt.Margin}
	rep.Blocks, rep.ListsBlocked = r.Summary.BlockedPairs+r.Summary.BlockedEverywhere, r.Summary.ListsBlocked
	rep.Changed, rep.Replaced = count(r.Decisions)
	if opt.Margin >= 0 {
		plain := opt
		plain.Margin = -1
		// Counted as they are decided, not kept: a second set of decisions.
		changed, replaced := make([]int, len(r.Decisions)), make([]int, len(r.Decisions))
		editor.ApplyEach(r.batch, r.Editors.Overrides, plain, func(a int, d *editor.Result) {
			if changes(d) {
				changed[a], replaced[a] = 1, newLinks(d)
			}
		})
		for a := range changed {
			rep.ChangedPlain += changed[a]
			rep.ReplacedPlain += replaced[a]
		}
	} else {
		rep.ChangedPlain, rep.ReplacedPlain = rep.Changed, rep.Replaced
	}
	for i := range r.Decisions {
		d := &r.Decisions[i]
		if d.Locked {
			rep.Locked++
			continue
		}
		top := map[string]bool{}
		cands := r.batch.Candidates[i]
		for _, h := range cands[:min(opt.K, len(cands))] {
			top[r.Articles[h.Doc].URL] = true
		}
		pinned := false
		for _, e := range d.Suggested {
			switch {
			case e.Flags&editor.FlagPinned != 0:
				pinned = true
			case e.Flags&editor.FlagNew == 0 && !top[e.Link.URL]:
				rep.Held++
			}
		}
		if pinned {
			rep.Pinned++
		}
	}
	return rep
}

// count returns the lists that change and the links that come new.
func count(res []editor.Result) (changed, replaced int) {
	for i := range res {
		if changes(&res[i]) {
			changed++
			replaced += newLinks(&res[i])
		}
	}
	return changed, replaced
}

// changes reports whether a decision changes its list (count).
func changes(d *editor.Result) bool { return !d.Locked && d.Changed }

// newLinks counts the links a decision brings new.
func newLinks(d *editor.Result) int {
	n := 0
	for _, e := range d.Suggested {
		if e.Flags&editor.FlagNew != 0 {
			n++
		}
	}
	return n
}
