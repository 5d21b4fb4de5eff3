package nightly

// A run's summary is assembled as the run goes: NewSummary at the start
// with the corpus, the index and the configuration; Loaded after the load
// (articles, files skipped as bad input); Step at the end of every stage,
// which records the time since the previous step from the caller's clock
// (so that tests can fix it); Wrote after the write stage. WriteText
// renders it as labelled lines, the labels in a tabwriter column, for the
// command to print (or the command prints its JSON, whose field order is
// the struct's).

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"recommend/corpus"
	"recommend/eval"
	"recommend/recommend"
)

// Summary is what a run reports: its figures, step by step. `recommend
// batch` prints it.
type Summary struct {
	Corpus    string           `json:"corpus"`
	Articles  int              `json:"articles"`
	Changed   int              `json:"changed"`
	Written   bool             `json:"written"`
	Skipped   []FileIssue      `json:"skipped"`
	Failed    []FileIssue      `json:"failed"`
	Agreement *eval.Agreement  `json:"agreement,omitempty"`
	Editors   *EditorReport    `json:"editors,omitempty"`
	Index     string           `json:"index"`
	Timings   []Timing         `json:"timings"`
	Config    recommend.Config `json:"config"`

	last time.Time // the end of the previous step
}

// Timing is how long one step of a run took.
type Timing struct {
	Step    string  `json:"step"`
	Seconds float64 `json:"seconds"`
}

// NewSummary starts the summary of a run over the content folder corp
// with cfg, saving its index to index (or saying why not), at start.
func NewSummary(corp, index string, cfg recommend.Config, start time.Time) *Summary {
	return &Summary{Corpus: corp, Index: index, Config: cfg, Skipped: []FileIssue{}, Failed: []FileIssue{}, last: start}
}

// Step records that the step name ended at now and returns how many
// seconds it took, since the previous step (or the start).
func (s *Summary) Step(name string, now time.Time) float64 {
	secs := now.Sub(s.last).Seconds()
	s.Timings = append(s.Timings, Timing{name, secs})
	s.last = now
	return secs
}

// Loaded records the load: n articles, the files in bad skipped.
func (s *Summary) Loaded(n int, bad []*corpus.FileError) {
	s.Articles = n
	for _, fe := range bad {
		s.Skipped = append(s.Skipped, FileIssue{Path: fe.Path, Reason: fe.Error()})
	}
}

// Wrote records the write stage: changed lists (rewritten when written,
// else only counted) and the files that could not be written.
func (s *Summary) Wrote(changed int, failed []FileIssue, written bool) {
	s.Changed, s.Failed, s.Written = changed, failed, written
}

// WriteText writes s as one labelled line a figure, the labels in a
// column, as `recommend batch` prints it.
func (s *Summary) WriteText(out io.Writer) error {
	w := tabwriter.NewWriter(out, summaryLabel, 0, 1, ' ', 0)
	fmt.Fprintf(w, "corpus\t%s in %s\n", plural(s.Articles, "article"), s.Corpus)
	if s.Written {
		fmt.Fprintf(w, "lists\t%s rewritten\n", plural(s.Changed, "related list"))
	} else {
		fmt.Fprintf(w, "lists\t%s would change (run with --write to rewrite them)\n", plural(s.Changed, "related list"))
	}
	fmt.Fprintf(w, "skipped\t%s of bad input\n", plural(len(s.Skipped), "file"))
	for _, f := range s.Skipped {
		fmt.Fprintf(w, "\t%s\n", f.Reason)
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(w, "failed\t%s could not be written\n", plural(len(s.Failed), "file"))
		for _, f := range s.Failed {
			fmt.Fprintf(w, "\t%s\n", f.Reason)
		}
	}
	if a := s.Agreement; a != nil {
		if a.Scored == 0 {
			// No article has links today: there is nothing to agree with.
			fmt.Fprintf(w, "agreement\tn/a: no article has related links today to compare with; coverage %.3f\n", a.Coverage)
		} else {
			fmt.Fprintf(w, "agreement\twith the existing links of %s: recall@%d %.3f  precision@%d %.3f  hit@%d %.3f  MRR %.3f  nDCG %.3f  coverage %.3f\n",
				plural(a.Scored, "article"), a.K, a.Recall, a.K, a.Precision, a.K, a.Hit, a.MRR, a.NDCG, a.Coverage)
		}
	}
	if e := s.Editors; e != nil {
		fmt.Fprintf(w, "editors\t%s locked, %s with pinned links, %s in force (%s lost a suggestion to one)\n",
			plural(e.Locked, "article"), plural(e.Pinned, "article"), plural(e.Blocks, "block"), plural(e.ListsBlocked, "list"))
		verb := "change"
		if e.Replaced == 1 {
			verb = "changes"
		}
		if e.Margin < 0 {
			fmt.Fprintf(w, "hysteresis\toff: %s in %s %s\n", plural(e.Replaced, "link"), plural(e.Changed, "list"), verb)
		} else {
			fmt.Fprintf(w, "hysteresis\tmargin %g held %s that the engine's own ranking would drop or move: %s in %s %s (without it, %d in %d)\n",
				e.Margin, plural(e.Held, "current link"), plural(e.Replaced, "link"), plural(e.Changed, "list"), verb, e.ReplacedPlain, e.ChangedPlain)
		}
	}
	fmt.Fprintf(w, "index\t%s\n", s.Index)
	fmt.Fprint(w, "timings\t")
	total := 0.0
	for i, t := range s.Timings {
		if i > 0 {
			fmt.Fprint(w, " ")
		}
		fmt.Fprintf(w, "%s %s", t.Step, fmtSeconds(t.Seconds))
		total += t.Seconds
	}
	fmt.Fprintf(w, "; total %s\n", fmtSeconds(total))
	return w.Flush()
}

// summaryLabel is the width of the summary's label column, the longest
// label ("hysteresis") and a space, whichever labels a summary has.
const summaryLabel = len("hysteresis") + 1

// plural says n things in words: "1 article", "52 articles".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// fmtSeconds says a step's seconds as a duration to the millisecond:
// "1.234s".
func fmtSeconds(s float64) string {
	return (time.Duration(s * float64(time.Second))).Round(time.Millisecond).String()
}
