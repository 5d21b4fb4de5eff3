package nightly

// `recommend eval` scores the lists the night writes beside the engine's
// own. It builds the model once, as the run builds it (Build, with the
// candidates hysteresis needs), decides the lists from it (Decide), and
// hands eval.Run that same build, which scores it as the default ranking
// (its lists cut to TopK) and takes the baselines it can from it, instead
// of building the model again.

import (
	"recommend/corpus"
	"recommend/eval"
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
