package review

// The legend, the styles and the controls are shared by the static page
// and the workspace of `recommend serve`, so that a flag reads and looks
// the same in both, and a view is chosen the same way. The controls'
// markup is one template ("controls", ControlsHTML) that each page parses
// beside its own and fills in with its Controls.

import (
	_ "embed"
	"html/template"

	"recommend/editor"
	"recommend/index"
)

// LegendEntry explains one flag or mark.
type LegendEntry struct {
	Name, Text string
}

// legendText explains the flags (editor.FlagNames) and the marks.
var legendText = map[string]string{
	"new":           "suggested, not on the page today",
	"dropped":       "on the page today, not suggested",
	"pinned":        index.ReasonPinned.Meaning(),
	"blocked":       "on the page today but blocked",
	"broken":        "a current link to no article",
	"duplicate":     "the article's own question or id (a cross-post)",
	"other-subject": "the target is in another subject",
	"low-score":     "score below the low-score threshold",
	"repeated":      "on the page today more than once",
	"locked":        index.ReasonLocked.Meaning(),
	"held":          index.ReasonHeld.Meaning(),
}

// Legend returns the flags in editor.FlagNames order, then the marks
// "locked" and "held" (index.Reason; "pinned" is a flag too), each with
// what it means.
func Legend() []LegendEntry {
	var out []LegendEntry
	for _, n := range append(editor.FlagNames(), index.ReasonLocked.Mark(), index.ReasonHeld.Mark()) {
		out = append(out, LegendEntry{n, legendText[n]})
	}
	return out
}

// Style is the style sheet of the page's lists, links, flags and legend.
//
//go:embed style.css
var Style template.CSS

// View is the script that keeps a page's view (subject, flag, search,
// sort, page) in the URL fragment and binds the controls that change it.
//
//go:embed view.js
var View template.JS

// Controls are what the controls' markup (ControlsHTML) shows that the
// pages fill in differently: the workspace writes the subject and flag
// options into the page, the static page's script adds them from its data.
type Controls struct {
	Subjects   [][2]string   // the subjects' options (key, label); none: the script adds them
	Legend     []LegendEntry // the flag filter's options, from the legend (every flag and mark); none: the script adds them
	SearchSize int           // the search box's width, in characters
}

// ControlsHTML defines the template "controls": the subject, flag, search
// and sort controls, the count of matches and the pager, whose ids the
// script (View) binds. Parse it into a page's template and call
// {{template "controls" .Controls}} inside the page's controls.
//
//go:embed controls.html
var ControlsHTML string
