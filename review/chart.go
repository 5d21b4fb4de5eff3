package review

// The summary's charts are drawn here as plain SVG, by hand: a histogram
// and a chart of horizontal bars of shares (0–1) need a few rectangles,
// lines and labels, and a plotting library would cost every run of the
// binary its initialisation (fonts, a LaTeX renderer, a PDF backend): it
// made a lookup's process start several milliseconds slower. Numbers are
// printed with fixed precision, so equal summaries give equal bytes.

import (
	"fmt"
	"html"
	"math"
	"strings"
)

const (
	chartWidth = 560 // px
	chartFont  = `font-family="system-ui,sans-serif" font-size="11"`
)

// histogram draws the distribution of vals in bins equal bins between
// their minimum and maximum.
func histogram(title, xlabel, ylabel string, vals []float64, bins int, color string) string {
	const h, left, right, top, bottom = 280, 50, 16, 28, 40
	var b strings.Builder
	svgOpen(&b, chartWidth, h, title)
	pw, ph := float64(chartWidth-left-right), float64(h-top-bottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a5568"/>`, left, h-bottom, chartWidth-right, h-bottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a5568"/>`, left, top, left, h-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" %s>%s</text>`, left+int(pw)/2, h-6, chartFont, html.EscapeString(xlabel))
	fmt.Fprintf(&b, `<text x="12" y="%d" text-anchor="middle" transform="rotate(-90 12 %d)" %s>%s</text>`, top+int(ph)/2, top+int(ph)/2, chartFont, html.EscapeString(ylabel))
	if len(vals) > 0 {
		lo, hi := vals[0], vals[0]
		for _, v := range vals {
			lo, hi = min(lo, v), max(hi, v)
		}
		if hi == lo {
			hi = lo + 1
		}
		counts := make([]int, bins)
		for _, v := range vals {
			counts[min(bins-1, int(float64(bins)*(v-lo)/(hi-lo)))]++
		}
		peak := 0
		for _, c := range counts {
			peak = max(peak, c)
		}
		bw := pw / float64(bins)
		for i, c := range counts {
			bh := ph * float64(c) / float64(peak)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%.3f–%.3f: %d</title></rect>`,
				left+float64(i)*bw, top+ph-bh, max(bw-1, 0.5), bh, color,
				lo+float64(i)*(hi-lo)/float64(bins), lo+float64(i+1)*(hi-lo)/float64(bins), c)
		}
		for _, t := range []float64{0, 0.25, 0.5, 0.75, 1} { // x ticks
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" %s>%.2f</text>`, left+t*pw, h-bottom+14, chartFont, lo+t*(hi-lo))
		}
		for _, t := range []float64{0, 0.5, 1} { // y ticks
			fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" %s>%d</text>`, left-4, top+ph-t*ph+4, chartFont, int(math.Round(t*float64(peak))))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// shareBars draws one horizontal bar per label, its length the share
// (0–1) in vals, top to bottom in the order given.
func shareBars(title string, labels []string, vals []float64, color string) string {
	const row, labelWidth, right, top, bottom = 14, 230, 40, 28, 24
	h := top + bottom + row*len(vals)
	var b strings.Builder
	svgOpen(&b, chartWidth, h, title)
	pw := float64(chartWidth - labelWidth - right)
	for i, v := range vals {
		y := top + i*row
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" %s>%s</text>`, labelWidth-6, y+row-3, chartFont, html.EscapeString(labels[i]))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%.1f%%</title></rect>`,
			labelWidth, y+2, pw*min(max(v, 0), 1), row-3, color, 100*v)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" %s>%.0f%%</text>`, float64(labelWidth)+pw*min(max(v, 0), 1)+3, y+row-3, chartFont, 100*v)
	}
	base := top + row*len(vals)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a5568"/>`, labelWidth, top, labelWidth, base)
	for _, t := range []float64{0, 0.5, 1} {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" %s>%.1f</text>`, float64(labelWidth)+t*pw, base+14, chartFont, t)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// svgOpen starts an <svg> element of w×h pixels with a title on top.
func svgOpen(b *strings.Builder, w, h int, title string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		w, h, w, h, html.EscapeString(title))
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#fff"/>`, w, h)
	fmt.Fprintf(b, `<text x="%d" y="16" text-anchor="middle" font-family="system-ui,sans-serif" font-size="13" font-weight="bold">%s</text>`, w/2, html.EscapeString(title))
}
