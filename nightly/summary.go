package nightly

// A run's summary is assembled as the run goes: NewSummary at the start
// with the corpus, the index and the configuration; Loaded after the load
// (articles, files skipped as bad input); Step at the end of every stage,
// which records the time since the previous step from the caller's clock
// (so that tests can fix it); Wrote after the write stage. The command
// prints it as labelled lines or as JSON; its field order is the JSON's.

import (
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
