package eval

import (
	"cmp"
	"math"
	"slices"

	"recommend/corpus"
)

// Beyond holds what agreement does not show: how much a system would
// change the site and how it spreads its links.
type Beyond struct {
	// Changed is the share of articles whose cleaned list (cut to k) differs
	// from the url sequence of their existing related blocks: the files a
	// batch run would rewrite.
	Changed float64 `json:"changed"`
	// NeverListed counts articles that appear in no cleaned list.
	NeverListed int `json:"never_listed"`
	// InDegree summarises how often each article is listed by others.
	InDegree InDegree `json:"in_degree"`
	// OwnSubject is the share of listed suggestions in the article's own
	// subject folder.
	OwnSubject float64 `json:"own_subject"`
	// Scores is a histogram of the scores of the listed suggestions (nil
	// when the system gives no scores).
	Scores []Bin `json:"scores,omitempty"`
}

// InDegree is the spread of in-degrees (how many lists name an article).
// A few generic articles linked from everywhere are a smell.
type InDegree struct {
	Max  int       `json:"max"`
	P99  int       `json:"p99"`  // 99th percentile (nearest rank)
	Gini float64   `json:"gini"` // 0 when every article is listed equally often, towards 1 when a few take all
	Top  []Popular `json:"top"`  // the most-listed articles, most first, then by url
}

// Popular is one much-listed article.
type Popular struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	In    int    `json:"in"`
}

// Bin is one bar of a histogram: Count values in [Lo, Hi).
type Bin struct {
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	Count int     `json:"count"`
}

// topPopular is how many most-listed articles Beyond reports.
const topPopular = 10

// Beyond computes the figures of lists at cut-off k (k < 1 means 5).
func (ix *Index) Beyond(l Lists, k int) Beyond {
	k = orDefaultK(k)
	return ix.beyond(l, ix.cleanAllAgreement(l.Related, k), k)
}

func (ix *Index) beyond(l Lists, got [][]int, k int) Beyond {
	var b Beyond
	in := make([]int, len(ix.arts))
	var n, changed, listed, own int
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		n++
		if !sameLinks(ix, got[i], ix.arts[i].Related) {
			changed++
		}
		for _, j := range got[i] {
			in[j]++
			listed++
			if ix.folder[j] == ix.folder[i] {
				own++
			}
		}
	}
	if n > 0 {
		b.Changed = float64(changed) / float64(n)
	}
	if listed > 0 {
		b.OwnSubject = float64(own) / float64(listed)
	}
	var degs []int
	for i := range ix.arts {
		if ix.canon[i] {
			degs = append(degs, in[i])
			if in[i] == 0 {
				b.NeverListed++
			}
		}
	}
	b.InDegree = ix.inDegree(in, degs)
	b.Scores = histogram(ix, l, k)
	return b
}

// sameLinks reports whether a cleaned list equals the stored blocks' urls.
func sameLinks(ix *Index, got []int, rel []corpus.Link) bool {
	if len(got) != len(rel) {
		return false
	}
	for n, j := range got {
		if ix.url[j] != pyStrip(rel[n].URL) {
			return false
		}
	}
	return true
}

func (ix *Index) inDegree(in []int, degs []int) InDegree {
	var d InDegree
	if len(degs) == 0 {
		return d
	}
	slices.Sort(degs)
	d.Max = degs[len(degs)-1]
	d.P99 = degs[int(math.Ceil(0.99*float64(len(degs))))-1]
	// Gini = Σ (2r − n − 1)·x_r / (n·Σx), x sorted ascending, r from 1.
	var sum, w float64
	nf := float64(len(degs))
	for r, x := range degs {
		sum += float64(x)
		w += (2*float64(r+1) - nf - 1) * float64(x)
	}
	if sum > 0 {
		d.Gini = w / (nf * sum)
	}
	var order []int
	for i := range ix.arts {
		if ix.canon[i] && in[i] > 0 {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(in[b], in[a]), cmp.Compare(ix.url[a], ix.url[b]))
	})
	for _, i := range order[:min(topPopular, len(order))] {
		d.Top = append(d.Top, Popular{URL: ix.url[i], Title: pyStrip(ix.arts[i].Title), In: in[i]})
	}
	return d
}

// histogram bins the scores of the first k entries of every list into bars
// 0.1 wide (10, 100, ... wide when that makes more than 20 bars), from the
// lowest score's bar to the highest's. It returns nil when l has no scores.
func histogram(ix *Index, l Lists, k int) []Bin {
	var vals []float64
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		sc := l.Scores[ix.url[i]]
		for _, s := range sc[:min(k, len(sc))] {
			if !math.IsNaN(s) && !math.IsInf(s, 0) {
				vals = append(vals, s)
			}
		}
	}
	if len(vals) == 0 {
		return nil
	}
	lo, hi := slices.Min(vals), slices.Max(vals)
	width := 0.1
	for (hi-lo)/width > 20 {
		width *= 10
	}
	// The epsilon keeps 0.3/0.1 = 2.9999999999999996 in the bar of 0.3.
	bar := func(v float64) int { return int(math.Floor(v/width + 1e-9)) }
	first, last := bar(lo), bar(hi)
	bins := make([]Bin, last-first+1)
	for b := range bins {
		bins[b] = Bin{Lo: round(float64(first+b)*width, 10), Hi: round(float64(first+b+1)*width, 10)}
	}
	for _, v := range vals {
		bins[bar(v)-first].Count++
	}
	return bins
}

// round rounds x to d decimals.
func round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}
