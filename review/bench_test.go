package review

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"recommend/editor"
)

// synthPage makes a page of n articles in 40 subjects, each with five
// current and five suggested links explained by five terms, the shape of
// the full corpus's page.
func synthPage(n int) *Page {
	p := &Page{Title: "bench", LowScore: 0.2, Articles: make([]Article, n), Items: make([]Item, n)}
	for i := range n {
		s := "subject " + strconv.Itoa(i%40)
		q := fmt.Sprintf("How does question number %d relate to the others in its subject?", i)
		p.Articles[i] = Article{URL: fmt.Sprintf("/learn/s%d/questions/question-number-%d", i%40, i), Title: q, Subject: s, Key: s, Question: q}
		it := Item{Doc: i}
		for j := range 5 {
			terms := []string{"alpha", "beta", "gamma" + strconv.Itoa(j), "delta", "epsilon" + strconv.Itoa(i%97)}
			it.Current = append(it.Current, Link{Doc: (i + 7*j + 1) % n, Score: 0.5 - 0.03*float64(j), Scored: j < 3, Terms: terms, Flags: editor.FlagDropped * editor.Flag(j%2)})
			it.Suggested = append(it.Suggested, Link{Doc: (i + 11*j + 1) % n, Score: 0.6 - 0.04*float64(j), Scored: true, Terms: terms, Flags: editor.FlagNew * editor.Flag(j%2)})
		}
		p.Items[i] = it
	}
	return p
}

func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{1000, 35915} {
		p := synthPage(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := p.Write(&buf); err != nil {
					b.Fatal(err)
				}
			}
			if !bytes.Contains(buf.Bytes(), []byte("<b>"+strconv.Itoa(n)+"</b>articles")) {
				b.Fatalf("page does not count %d articles", n)
			}
			b.ReportMetric(float64(buf.Len())/1e6, "MB/page")
		})
	}
}
