package eval

import (
	"recommend/editor"
)

// EditorLists is what the editors' section of a report measures: the
// decisions of an overrides file and the engine's lists before and after
// them.
type EditorLists struct {
	File    string         // the overrides file
	Margin  float64        // the hysteresis margin the written lists were decided with; < 0 is off
	Summary editor.Summary // the decisions and what they did (editor.Summarize)
	Engine  Lists          // the engine's own lists, as long as the site shows them
	Written Lists          // the lists as the batch writes them: editors' rules and hysteresis applied
}

// Editors is the editors' section of a report: their decisions, what they
// did to the lists, and the figures of the lists as written beside the
// engine's own, so that editors see what their decisions cost or gain.
type Editors struct {
	File   string  `json:"file"`
	Margin float64 `json:"margin"`
	editor.Summary
	Engine  EditorFigures `json:"engine"`
	Written EditorFigures `json:"written"`
}

// EditorFigures are the agreement figures of one set of lists, and the
// judged figures when the report is judged.
type EditorFigures struct {
	Agreement Agreement `json:"agreement"`
	Judged    *Judged   `json:"judged,omitempty"`
}

// editors measures e at cut-off k.
func (ix *Index) editors(e *EditorLists, opts Options, k int) *Editors {
	figures := func(l Lists) EditorFigures {
		f := EditorFigures{Agreement: ix.Agreement(l.Related, k)}
		if opts.Qrels != nil {
			j := ix.Judged(l.Related, opts.Qrels, k)
			f.Judged = &j
		}
		return f
	}
	return &Editors{File: e.File, Margin: e.Margin, Summary: e.Summary, Engine: figures(e.Engine), Written: figures(e.Written)}
}
