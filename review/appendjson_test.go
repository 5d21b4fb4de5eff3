package review

import (
	"encoding/json"
	"math"
	"testing"

	"recommend/editor"
	"recommend/index"
)

// elemsLike returns articles and items built from one string and one
// score, in every shape the data takes: fields empty and not, nil and
// empty lists, a locked item's proposed links, broken links, reasons.
func elemsLike(s string, f float64) []any {
	l := Link{Doc: 3, Score: f, Scored: true, Terms: []string{s, "cell"}, Flags: editor.FlagNew | editor.FlagLowScore, Reason: index.Reason(1)}
	broken := Link{Doc: -1, URL: s, Title: s + " out", Flags: editor.FlagBroken}
	return []any{
		&Article{URL: "/learn/x/questions/" + s, ID: s, Title: s, Subject: "S & T", Key: "s-t", Question: s + "?"},
		&Article{},
		&Item{},
		&Item{Doc: 7, Current: []Link{}, Suggested: []Link{l, broken}},
		&Item{Doc: 1, Locked: true, Current: []Link{broken}, Suggested: []Link{{Doc: 2, Terms: []string{}}}, Proposed: []Link{l}},
	}
}

// TestAppendElemAsMarshal holds appendElem to json.Marshal, byte for byte,
// on text JSON escapes (HTML, control characters, quotes, invalid UTF-8,
// U+2028) and floats in both of its forms; and requires the same errors:
// NaN, infinities, an unknown reason.
func TestAppendElemAsMarshal(t *testing.T) {
	for _, s := range []string{"", "plain text", `a "quoted" \ path`, "<b>&amp;</b>", "tab\tnew\nline\x01", "Éléments – ok", "bad \xff utf8", "line\u2028sep"} {
		for _, f := range []float64{0, 0.5, -0.25, 1, 1e-7, 1.5e-9, 123456789, 1e21, 2.5e22, -3e-8, math.SmallestNonzeroFloat64, 0.1 + 0.2} {
			for _, v := range elemsLike(s, f) {
				want, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				got, err := appendElem(nil, v)
				if err != nil || string(got) != string(want) {
					t.Fatalf("appendElem(%+v) = %s, %v\nwant %s", v, got, err, want)
				}
			}
		}
	}
	for _, v := range []any{
		&Item{Suggested: []Link{{Score: math.NaN()}}},
		&Item{Current: []Link{{Score: math.Inf(-1)}}},
		&Item{Current: []Link{{Reason: index.Reason(200)}}},
	} {
		if _, err := json.Marshal(v); err == nil {
			t.Fatalf("json.Marshal(%+v) took it", v)
		}
		if _, err := appendElem(nil, v); err == nil {
			t.Errorf("appendElem(%+v) took what json.Marshal refuses", v)
		}
	}
	if got, err := appendElem([]byte("x"), [2]int{1, 2}); err != nil || string(got) != "x[1,2]" {
		t.Errorf("appendElem of another type = %s, %v; want Marshal's after the prefix", got, err)
	}
}

// FuzzAppendElem holds appendElem to json.Marshal on any text and score.
func FuzzAppendElem(f *testing.F) {
	f.Add("plain", 0.5)
	f.Add("<\"é\xff\u2028", 1e-9)
	f.Fuzz(func(t *testing.T, s string, x float64) {
		for _, v := range elemsLike(s, x) {
			want, werr := json.Marshal(v)
			got, err := appendElem(nil, v)
			if (werr == nil) != (err == nil) || werr == nil && string(got) != string(want) {
				t.Fatalf("appendElem(%+v) = %s, %v; json.Marshal %s, %v", v, got, err, want, werr)
			}
		}
	})
}

// BenchmarkAppendItem is one item of the real corpus's shape (synthPage).
func BenchmarkAppendItem(b *testing.B) {
	p := synthPage(100)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for i := range p.Items {
			buf, _ = appendElem(buf[:0], &p.Items[i])
		}
	}
}
