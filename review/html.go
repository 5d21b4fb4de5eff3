package review

// Write renders the page as one self-contained HTML file: styles, script,
// data and charts are all inline, nothing is fetched, and the file opens
// from disk.
//
// The data sits in a <script> block in a compact form (articles once, links
// by article index), gzipped and base64-encoded; the script unpacks it,
// filters it and
// builds the DOM for one page of 50 articles at a time, so 35,915 articles
// cost one JSON.parse and then only a page's worth of nodes.
//
// The page keeps its state in the URL fragment, e.g.
// review.html#subject=biology&flag=new&q=enzyme&sort=change&page=2, so a
// view can be bookmarked or sent to a colleague (and driven by tests).

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"sync"

	"recommend/editor"
	"recommend/index"
)

// payload is the page's data as the script reads it: short keys, articles
// by index.
type payload struct {
	payloadHead
	Arts     [][5]any `json:"arts"`     // url, title, subject index, question ("" when equal to the title), id
	Items    [][7]any `json:"items"`    // article, locked (0/1), change, current, suggested, filter bits (itemBits), proposed (locked only)
	Clusters [][3]any `json:"clusters"` // duplicate clusters, largest first: members, canonical, reason (clusters.go)
}

// wireLink is a link as the script reads it: article index (-1 outside the
// corpus), score (null when unknown), shared terms, flags, for -1 the URL
// and title as written ("" otherwise), and the mark of a link that is not
// simply ranked (index.Reason.Mark), left out when there is none.
func wireLink(l Link) []any {
	var score any
	if l.Scored {
		score = math.Round(l.Score*1000) / 1000
	}
	terms := ""
	for i, t := range l.Terms {
		if i > 0 {
			terms += ", "
		}
		terms += t
	}
	w := []any{l.Doc, score, terms, int(l.Flags)}
	mark := l.Reason.Mark()
	if l.Doc < 0 || mark != "" {
		w = append(w, l.URL, l.Title)
	}
	if mark != "" {
		w = append(w, mark)
	}
	return w
}

// payloadHead is the payload's members before its arrays.
type payloadHead struct {
	Site     string      `json:"site"`
	Flags    []string    `json:"flags"`    // the flag filter's choices (filterNames)
	Subjects [][2]string `json:"subjects"` // key, label
}

// filterNames are the flag filter's choices, in the order the item's bits
// follow: the flags (editor.FlagNames, bit i for the i-th), then the
// marks "locked" (the item's locked member, no bit) and "held" (bit
// heldBit, Item.Held).
func filterNames() []string {
	return append(editor.FlagNames(), index.ReasonLocked.Mark(), index.ReasonHeld.Mark())
}

// heldBit is the item's bit for "held": its place among filterNames.
var heldBit = 1 << slices.Index(filterNames(), index.ReasonHeld.Mark())

// itemBits is the bits the flag filter tests on an item: its links' flags
// ORed, and heldBit when a suggested link is held.
func itemBits(it *Item) int {
	var all editor.Flag
	for _, l := range it.Current {
		all |= l.Flags
	}
	for _, l := range it.Suggested {
		all |= l.Flags
	}
	bits := int(all)
	if it.Held() {
		bits |= heldBit
	}
	return bits
}

// payloadParts returns the payload's head and the functions that make
// its article and item i, so that the payload can be written one article
// and one item at a time (writePayload) or built whole (payload).
func (p *Page) payloadParts() (payloadHead, func(i int) [5]any, func(i int) [7]any) {
	keys, label := p.subjects()
	sidx := make(map[string]int, len(keys))
	head := payloadHead{Site: p.Site, Flags: filterNames()}
	for i, k := range keys {
		sidx[k] = i
		head.Subjects = append(head.Subjects, [2]string{k, label[k]})
	}
	art := func(i int) [5]any {
		a := &p.Articles[i]
		q := a.Question
		if q == a.Title {
			q = ""
		}
		return [5]any{a.URL, a.Title, sidx[a.Key], q, a.ID}
	}
	item := func(i int) [7]any {
		it := &p.Items[i]
		cur := make([][]any, len(it.Current))
		for j, l := range it.Current {
			cur[j] = wireLink(l)
		}
		sug := make([][]any, len(it.Suggested))
		for j, l := range it.Suggested {
			sug[j] = wireLink(l)
		}
		locked := 0
		if it.Locked {
			locked = 1
		}
		var prop [][]any
		for _, l := range it.Proposed {
			prop = append(prop, wireLink(l))
		}
		return [7]any{it.Doc, locked, it.Change(), cur, sug, itemBits(it), prop}
	}
	return head, art, item
}

// payload is the page's data whole, as writePayload writes it.
func (p *Page) payload() payload {
	head, art, item := p.payloadParts()
	pl := payload{payloadHead: head}
	pl.Arts = make([][5]any, len(p.Articles))
	for i := range pl.Arts {
		pl.Arts[i] = art(i)
	}
	pl.Items = make([][7]any, len(p.Items))
	for i := range pl.Items {
		pl.Items[i] = item(i)
	}
	pl.Clusters = p.wireClusters()
	return pl
}

// writePayload writes the payload's JSON, byte for byte as json.Marshal
// writes payload(), one article and one item at a time (writeObject).
func (p *Page) writePayload(w *bufio.Writer) error {
	head, art, item := p.payloadParts()
	clusters := p.wireClusters()
	return writeObject(w, head,
		jsonArray{key: "arts", n: len(p.Articles), elem: func(i int) any { return art(i) }},
		jsonArray{key: "items", n: len(p.Items), elem: func(i int) any { return item(i) }},
		arrayOf("clusters", clusters))
}

// packedPayload returns the payload as JSON, gzipped, in base64: the
// script unpacks it with the browser's DecompressionStream. On the full
// corpus (35,914 articles, 5 shared terms per link) the page was 26.0 MB
// with plain JSON and is 8.0 MB packed; headless chromium opened it to the
// first page in 2.5 s, and a subject filter took 0.2 s, on a busy 2-core
// machine. The JSON goes to the compressor as it is written, never whole.
func (p *Page) packedPayload() (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return "", err
	}
	bw := bufio.NewWriterSize(zw, 1<<16)
	if err := p.writePayload(bw); err != nil {
		return "", err
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// Write renders p as a self-contained HTML page to w.
func (p *Page) Write(w io.Writer) error {
	if err := p.check(); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	sum := p.Summarize()
	charts, err := sum.Charts()
	if err != nil {
		return err
	}
	data, err := p.packedPayload()
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	var dup dupSummary
	dup.Count, dup.Articles, dup.Largest = p.ClusterSizes(5)
	svgs := make([]template.HTML, len(charts))
	for i, c := range charts {
		svgs[i] = template.HTML(c) // drawn by chart.go, which escapes every text it writes
	}
	bw := bufio.NewWriter(w)
	err = pageTmpl().Execute(bw, struct {
		Title       string
		LowScore    float64
		S           Summary
		Charts      []template.HTML
		Data        template.HTML
		Style       template.CSS
		View        template.JS
		Legend      []LegendEntry
		Dup         dupSummary
		ClusterView template.JS
		Controls    Controls
	}{p.Title, p.LowScore, sum, svgs, template.HTML(data), Style, View, Legend(), dup, ClusterView, Controls{SearchSize: 30}}) // base64: nothing to escape
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}

// dupSummary is the summary's line on the duplicate clusters.
type dupSummary struct {
	Count, Articles int
	Largest         []int // the largest clusters' sizes, largest first
}

// pageTmpl is parsed on first use, so that the binary's other commands
// (a lookup above all) do not pay for it at start.
var pageTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.Must(template.New("page").Funcs(template.FuncMap{
		"pct": func(a, b int) string {
			if b == 0 {
				return "0%"
			}
			return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
		},
	}).Parse(pageHTML)).Parse(ControlsHTML))
})

//go:embed page.html
var pageHTML string
