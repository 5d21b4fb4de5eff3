package eval

import (
	"fmt"
	"io"
	"text/tabwriter"

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

// writeText writes the editors' section for people.
func (e *Editors) writeText(w io.Writer, k int) {
	s := e.Summary
	fmt.Fprintf(w, "\neditors' decisions (%s): %d pinned links, %d blocked pairs, %d articles blocked everywhere, %d locked articles\n",
		e.File, s.Pins, s.BlockedPairs, s.BlockedEverywhere, s.Locks)
	fmt.Fprintf(w, "  lists with a pinned link %d, lists that lost a suggestion to a block %d, lists left as they are by a lock %d\n",
		s.ListsPinned, s.ListsBlocked, s.ListsLocked)
	written := "as written"
	if e.Margin >= 0 {
		written = fmt.Sprintf("as written (hysteresis margin %g)", e.Margin)
	}
	judged := e.Engine.Judged != nil && e.Written.Judged != nil
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	nw := len(written)
	fmt.Fprintf(tw, "  %-*s\trecall@%d\tprecision@%d\thit@%d\tMRR@%d\tnDCG@%d\tcoverage\t", nw, "lists", k, k, k, k, k)
	if judged {
		fmt.Fprintf(tw, "judged nDCG@%d\tP@%d\tstrict P@%d\tunjudged\t", k, k, k)
	}
	fmt.Fprintf(tw, "\n")
	for _, row := range []struct {
		name string
		f    EditorFigures
	}{{"engine", e.Engine}, {written, e.Written}} {
		a := row.f.Agreement
		fmt.Fprintf(tw, "  %-*s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t", nw, row.name, a.Recall, a.Precision, a.Hit, a.MRR, a.NDCG, a.Coverage)
		if judged {
			j := row.f.Judged
			fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t%.4f\t", j.NDCG, j.P, j.PStrict, j.Unjudged)
		}
		fmt.Fprintf(tw, "\n")
	}
	tw.Flush()
}
