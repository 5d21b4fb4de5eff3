package eval

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"recommend/corpus"
)

// FuzzReadJSONL checks that any lists ReadJSONL accepts survive a write and
// a second read unchanged.
func FuzzReadJSONL(f *testing.F) {
	f.Add(`{"url":"/a","related":["/b","/c"],"scores":[0.5,0.25]}` + "\n" + `{"url":"/b","related":[]}`)
	f.Add(`{"url":"/a","related":["/b"]}` + "\n\n" + `{"url":"/a","related":null}`)
	f.Add(`{"url":"","related":["/x"],"extra":1}`)
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ReadJSONL(strings.NewReader(in))
		if err != nil {
			return
		}
		var arts []corpus.Article
		for u := range l.Related {
			arts = append(arts, corpus.Article{URL: u})
		}
		var buf bytes.Buffer
		if err := WriteJSONL(&buf, arts, l); err != nil {
			t.Fatal(err)
		}
		back, err := ReadJSONL(&buf)
		if err != nil {
			t.Fatalf("ReadJSONL(WriteJSONL(l)): %v\n%s", err, buf.Bytes())
		}
		for u, rel := range l.Related {
			if len(rel) == 0 && len(back.Related[u]) == 0 {
				continue
			}
			if !reflect.DeepEqual(back.Related[u], rel) {
				t.Errorf("%q: related %q after a round trip, want %q", u, back.Related[u], rel)
			}
		}
	})
}

// FuzzParseGrid checks that a grid ParseGrid accepts, written back, parses
// to the same grid.
func FuzzParseGrid(f *testing.F) {
	f.Add("dims=100,200 blend=0.2,0.4")
	f.Add("ranking=tfidf")
	f.Add("  a=1,,2\tb=x ")
	f.Fuzz(func(t *testing.T, spec string) {
		grid, err := ParseGrid(spec)
		if err != nil {
			return
		}
		var parts []string
		for _, ax := range grid {
			parts = append(parts, ax.Field+"="+strings.Join(ax.Values, ","))
		}
		again, err := ParseGrid(strings.Join(parts, " "))
		if err != nil || !reflect.DeepEqual(again, grid) {
			t.Errorf("ParseGrid(%q) = %q; written back and parsed: %q, %v", spec, grid, again, err)
		}
	})
}
