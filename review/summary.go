package review

import (
	"fmt"
	"math"

	"recommend/editor"
	"recommend/index"
)

// Summary is the page's headline figures.
type Summary struct {
	Articles  int // articles in the batch
	Changed   int // articles whose list changed
	Locked    int
	Current   int // links on the pages today
	Suggested int // links after the batch
	New       int // suggested links not there today
	Dropped   int // links there today, not suggested
	Pinned    int // pinned links among the suggested
	Held      int // suggested links marked held (index.ReasonHeld): the batch's report counts the same
	Blocked   int // blocked links among the current ones
	Blocks    int // block rules in force (Page.Blocks)
	Repeated  int // current links that repeat an earlier one of the same list
	Broken    int // current links to no article
	LowScore  int // suggested links below the low-score threshold

	Subjects []SubjectStat // by subject key, ascending
	Scores   []float64     // every scored suggested link
}

// SubjectStat is one subject's share of changed lists and its agreement:
// the share of today's links that the batch keeps.
type SubjectStat struct {
	Key, Label        string
	Articles, Changed int
	Current, Kept     int // links today; of those, still suggested
	Suggested, New    int // links after the batch; of those, not there today
}

// ChangedShare is Changed/Articles (0 for no articles).
func (s SubjectStat) ChangedShare() float64 { return ratio(s.Changed, s.Articles) }

// NewShare is New/Suggested: the share of the suggested links that are not
// on the pages today. Unlike ChangedShare, which is 1 for every subject on
// a first run (every list differs somewhere), it tells subjects apart:
// how much of what readers will see is new.
func (s SubjectStat) NewShare() float64 { return ratio(s.New, s.Suggested) }

// Agreement is Kept/Current: 1 when the batch keeps every link there today,
// NaN for a subject without links today.
func (s SubjectStat) Agreement() float64 {
	if s.Current == 0 {
		return math.NaN()
	}
	return ratio(s.Kept, s.Current)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Summarize computes the page's headline figures.
func (p *Page) Summarize() Summary {
	keys, label := p.subjects()
	idx := make(map[string]int, len(keys))
	s := Summary{Articles: len(p.Items), Blocks: p.Blocks, Subjects: make([]SubjectStat, len(keys))}
	for i, k := range keys {
		idx[k] = i
		s.Subjects[i] = SubjectStat{Key: k, Label: label[k]}
	}
	for _, it := range p.Items {
		st := &s.Subjects[idx[p.Articles[it.Doc].Key]]
		st.Articles++
		if it.Locked {
			s.Locked++
		}
		if it.Change() > 0 {
			s.Changed++
			st.Changed++
		}
		for _, l := range it.Current {
			s.Current++
			st.Current++
			if l.Flags&editor.FlagDropped == 0 {
				st.Kept++
			}
			s.Dropped += count(l.Flags, editor.FlagDropped)
			s.Blocked += count(l.Flags, editor.FlagBlocked)
			s.Repeated += count(l.Flags, editor.FlagRepeated)
			s.Broken += count(l.Flags, editor.FlagBroken)
		}
		for _, l := range it.Suggested {
			s.Suggested++
			st.Suggested++
			s.New += count(l.Flags, editor.FlagNew)
			st.New += count(l.Flags, editor.FlagNew)
			s.Pinned += count(l.Flags, editor.FlagPinned)
			if l.Reason == index.ReasonHeld {
				s.Held++
			}
			s.LowScore += count(l.Flags, editor.FlagLowScore)
			if l.Scored {
				s.Scores = append(s.Scores, l.Score)
			}
		}
	}
	return s
}

func count(f, want editor.Flag) int {
	if f&want != 0 {
		return 1
	}
	return 0
}

// The charts' bar colours.
const (
	barColor   = "#2b6cb0"
	agreeColor = "#2f855a"
)

// Charts draws the summary's three pictures as standalone <svg> elements,
// ready to inline: the score distribution, the share of new links per
// subject and the agreement per subject.
func (s Summary) Charts() ([]string, error) {
	out := []string{histogram("Scores of the suggested links", "score", "links", s.Scores, 40, barColor)}
	for _, c := range []struct {
		title string
		f     func(SubjectStat) float64
		clr   string
	}{
		{"New links per subject (share of the suggested links)", SubjectStat.NewShare, barColor},
		{"Agreement per subject (share of today's links kept)", SubjectStat.Agreement, agreeColor},
	} {
		var labels []string
		var vals []float64
		for _, st := range s.Subjects {
			v, label := c.f(st), fmt.Sprintf("%s (%d)", st.Label, st.Articles)
			if math.IsNaN(v) {
				v, label = 0, fmt.Sprintf("%s (%d, no links today)", st.Label, st.Articles)
			}
			vals = append(vals, v)
			labels = append(labels, label)
		}
		out = append(out, shareBars(c.title, labels, vals, c.clr))
	}
	return out, nil
}
