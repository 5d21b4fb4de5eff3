package review

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"recommend/editor"
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

var (
	barColor   = color.RGBA{R: 0x2b, G: 0x6c, B: 0xb0, A: 0xff}
	agreeColor = color.RGBA{R: 0x2f, G: 0x85, B: 0x5a, A: 0xff}
)

// Charts draws the summary's three pictures as standalone <svg> elements,
// ready to inline: the score distribution, the share of new links per
// subject and the agreement per subject.
func (s Summary) Charts() ([]string, error) {
	var out []string
	hist, err := s.scoreChart()
	if err != nil {
		return nil, err
	}
	out = append(out, hist)
	for _, c := range []struct {
		title string
		f     func(SubjectStat) float64
		clr   color.Color
	}{
		{"New links per subject (share of the suggested links)", SubjectStat.NewShare, barColor},
		{"Agreement per subject (share of today's links kept)", SubjectStat.Agreement, agreeColor},
	} {
		svg, err := s.subjectChart(c.title, c.f, c.clr)
		if err != nil {
			return nil, err
		}
		out = append(out, svg)
	}
	return out, nil
}

func (s Summary) scoreChart() (string, error) {
	p := plot.New()
	p.Title.Text = "Scores of the suggested links"
	p.X.Label.Text = "score"
	p.Y.Label.Text = "links"
	if len(s.Scores) > 0 {
		vals := make(plotter.Values, len(s.Scores))
		copy(vals, s.Scores)
		h, err := plotter.NewHist(vals, 40)
		if err != nil {
			return "", fmt.Errorf("review: score chart: %w", err)
		}
		h.FillColor = barColor
		h.LineStyle.Width = 0
		p.Add(h)
	}
	return render(p, 14*vg.Centimeter, 7*vg.Centimeter)
}

func (s Summary) subjectChart(title string, f func(SubjectStat) float64, clr color.Color) (string, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Min, p.X.Max = 0, 1
	var vals plotter.Values
	var labels []string
	// Top to bottom in key order: NominalY counts from the bottom.
	for i := len(s.Subjects) - 1; i >= 0; i-- {
		v, label := f(s.Subjects[i]), fmt.Sprintf("%s (%d)", s.Subjects[i].Label, s.Subjects[i].Articles)
		if math.IsNaN(v) {
			v, label = 0, fmt.Sprintf("%s (%d, no links today)", s.Subjects[i].Label, s.Subjects[i].Articles)
		}
		vals = append(vals, v)
		labels = append(labels, label)
	}
	if len(vals) > 0 {
		bars, err := plotter.NewBarChart(vals, 8)
		if err != nil {
			return "", fmt.Errorf("review: %s: %w", title, err)
		}
		bars.Horizontal = true
		bars.Color = clr
		bars.LineStyle.Width = 0
		p.Add(bars)
		p.NominalY(labels...)
	}
	p.X.Max = 1
	h := vg.Length(len(vals))*11 + 60
	return render(p, 14*vg.Centimeter, h)
}

// render draws p to SVG and strips the XML prologue so the <svg> element
// can sit inside HTML.
func render(p *plot.Plot, w, h vg.Length) (string, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("review: chart: %w", err)
	}
	out := buf.String()
	if i := strings.Index(out, "<svg"); i >= 0 {
		out = out[i:]
	}
	return out, nil
}
