package eval

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"recommend/corpus"
	"recommend/recommend"
)

func TestJSONLRoundTrip(t *testing.T) {
	arts := []corpus.Article{art("s", "a", "A?"), art("s", "b", "B?"), art("s", "c", "C?")}
	hits := [][]recommend.Hit{{{Doc: 1, Score: 0.5}, {Doc: 2, Score: 0.25}}, {{Doc: 0, Score: 0.5}}, nil}
	l := FromHits(arts, hits)
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, arts, l); err != nil {
		t.Fatal(err)
	}
	want := `{"url":"/learn/s/questions/a","related":["/learn/s/questions/b","/learn/s/questions/c"],"scores":[0.5,0.25]}
{"url":"/learn/s/questions/b","related":["/learn/s/questions/a"],"scores":[0.5]}
{"url":"/learn/s/questions/c","related":[]}
`
	if buf.String() != want {
		t.Errorf("WriteJSONL =\n%s\nwant\n%s", buf.String(), want)
	}
	back, err := ReadJSONL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Related, l.Related) {
		t.Errorf("ReadJSONL(WriteJSONL(l)).Related = %v, want %v", back.Related, l.Related)
	}
	if len(back.Scores) != 2 || !reflect.DeepEqual(back.Scores[u("a")], []float64{0.5, 0.25}) {
		t.Errorf("ReadJSONL(WriteJSONL(l)).Scores = %v", back.Scores)
	}
}

func TestReadJSONL(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string][]string
		wantErr string
	}{
		{"", map[string][]string{}, ""},
		{`{"url":"/a","related":["/b"]}` + "\n\n" + `{"url":"/a","related":["/c"]}`, map[string][]string{"/a": {"/c"}}, ""},
		{`{"url":"/a","related":["/b"]}` + "\n{oops", nil, "line 2"},
	}
	for _, tt := range tests {
		got, err := ReadJSONL(strings.NewReader(tt.in))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ReadJSONL(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got.Related, tt.want) {
			t.Errorf("ReadJSONL(%q) = %v, %v, want %v", tt.in, got.Related, err, tt.want)
		}
	}
}
