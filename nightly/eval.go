package nightly

// `recommend eval` scores the lists the night writes beside the engine's
// own. It builds the model once, as the run builds it (Build, with the
// candidates hysteresis needs), decides the lists from it (Decide), and
// hands eval.Run that same build, which scores it as the default ranking
// (its lists cut to TopK) and takes the baselines it can from it, instead
// of building the model again. EvalFolder is the whole of it as the
// command runs it: the checks (the content folder, then the editors'
// decisions, before the corpus is loaded, so that a bad file or margin
// fails at once), the load, the judgments and the lists files, and the
// report, or a sweep over a grid of settings instead.

import (
	"io"
	"path/filepath"
	"strings"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/termlog"
)

// Evaluate is eval.Run over arts with opts, plus, when ed is not nil, the
// editors' section: the lists as the run writes them with ed (decided
// from the one build the report scores; file names the overrides file).
// It returns the decisions that named no article as warnings.
func Evaluate(arts []corpus.Article, opts eval.Options, ed *Editors, file string) (*eval.Report, []error, error) {
	if ed == nil {
		rep, err := eval.Run(arts, opts)
		return rep, nil, err
	}
	model, err := Build(arts, opts.Config, ed.Options.Margin)
	if err != nil {
		return nil, nil, err
	}
	res := Decide(arts, model, *ed)
	opts.Editors, opts.Model = res.EditorLists(file), model
	rep, err := eval.Run(arts, opts)
	return rep, res.Warnings, err
}

// EvalOptions are what EvalFolder scores, and where it says how it goes.
type EvalOptions struct {
	Corpus string       // the content folder
	Eval   eval.Options // K, Config and SkipBaselines; EvalFolder adds the rest
	Qrels  string       // graded judgments to load, "" for none
	Lists  []string     // lists files to score as more systems, each named by its base name
	// Sweep, when not nil, is a grid of settings over Eval.Config: every
	// combination is built and scored (eval.Sweep), instead of the report.
	Sweep  []eval.Axis
	Editor EditorSettings // the editors' decisions and margin, as the run applies them
	Term   termlog.Term   // stderr: the load's spinner, and the log lines (Term.Log; nil: none)
}

// Report is a scored report, as eval.Report and eval.SweepReport are: a
// command prints it as text or JSON.
type Report interface {
	WriteJSON(io.Writer) error
	WriteText(io.Writer) error
}

// EvalFolder scores the content folder o.Corpus as o asks: the report of
// Evaluate, with the editors' section when the overrides file exists (the
// decisions that named no article logged as warnings), or a sweep. It
// returns the report and the number of files skipped as bad input. A
// missing content folder or a bad overrides file or margin is an
// *InputError.
func EvalFolder(o EvalOptions) (Report, int, error) {
	if err := CheckCorpus(o.Corpus); err != nil {
		return nil, 0, err
	}
	var es *Editors
	if o.Sweep == nil {
		var err error
		if es, err = EditorsIfAny(o.Editor, o.Eval.Config.TopK); err != nil {
			return nil, 0, &InputError{err}
		}
	}
	arts, bad, err := LoadWithProgress(o.Corpus, o.Term)
	if err != nil {
		return nil, 0, err
	}
	eo := o.Eval
	if o.Qrels != "" {
		if eo.Qrels, err = eval.LoadQrels(o.Qrels); err != nil {
			return nil, 0, err
		}
	}
	if o.Sweep != nil {
		rep, err := eval.Sweep(arts, eo.Config, o.Sweep, eo)
		if err != nil {
			return nil, 0, err
		}
		return rep, len(bad), nil
	}
	for _, p := range o.Lists {
		l, err := eval.ReadJSONLFile(p)
		if err != nil {
			return nil, 0, err
		}
		eo.Extra = append(eo.Extra, eval.System{Name: strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)), Lists: l})
	}
	rep, warns, err := Evaluate(arts, eo, es, o.Editor.Overrides)
	logWarnings(withLog(o.Term).Log, warns)
	if err != nil {
		return nil, 0, err
	}
	return rep, len(bad), nil
}
