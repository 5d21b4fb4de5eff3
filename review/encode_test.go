package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"recommend/editor"
	"recommend/index"
)

// TestEncodeJSONAsEncoder holds the streamed encoding of the review data
// (encodeJSON) to encoding/json's, byte for byte, on pages with nil, empty
// and full lists, text that JSON escapes, and clusters or none.
func TestEncodeJSONAsEncoder(t *testing.T) {
	full := &Page{
		Title: `Review <of> "links" & more`, Site: "https://example.com", LowScore: 0.125, Blocks: 3,
		Articles: []Article{
			{URL: "/learn/a/questions/x", ID: "12", Title: "Cells & <tissues>", Subject: "Biology", Key: "biology", Question: "Why\u2028 \"cells\"?\n"},
			{URL: "/learn/b/questions/y", Title: "Éléments", Subject: "Chemistry", Key: "chemistry", Question: "What?"},
		},
		Items: []Item{
			{Doc: 0, Current: []Link{{Doc: 1, Score: 0.5, Scored: true, Terms: []string{"cell", "tissue"}, Flags: editor.Flag(3)}},
				Suggested: []Link{{Doc: -1, URL: "https://elsewhere/?a=1&b=2", Title: "Out", Reason: index.Reason(1)}}},
			{Doc: 1, Locked: true, Current: []Link{}, Suggested: nil, Proposed: []Link{{Doc: 0, Score: 1e-9, Scored: true}}},
		},
		Clusters: []Cluster{{Members: []int{0, 1}, Canonical: 1, Reason: "longer answer"}},
	}
	noClusters := *full
	noClusters.Clusters = []Cluster{}
	for _, c := range []struct {
		name string
		p    *Page
	}{
		{"empty", &Page{}},
		{"empty lists", &Page{Articles: []Article{}, Items: []Item{}}},
		{"full", full},
		{"no clusters", &noClusters},
	} {
		var want, got bytes.Buffer
		if err := json.NewEncoder(&want).Encode(c.p); err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(&got)
		if err := c.p.encodeJSON(w); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		w.Flush()
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: encodeJSON wrote\n%s\nencoding/json\n%s", c.name, got.Bytes(), want.Bytes())
		}
	}
	// encodeJSON names Page's fields itself: a field added to Page must
	// be added there too.
	var fields []string
	for f := range reflect.TypeFor[Page]().Fields() {
		fields = append(fields, f.Name)
	}
	if want := []string{"Title", "Site", "LowScore", "Blocks", "Articles", "Items", "Clusters"}; !slices.Equal(fields, want) {
		t.Errorf("Page's fields are %v, encodeJSON writes %v (Site is not saved)", fields, want)
	}
}

// TestWritePayloadAsMarshal holds the streamed encoding of the page's
// script data (writePayload) to json.Marshal of the whole payload, byte
// for byte: on the hand-made page, one with clusters and text that JSON
// escapes, and empty ones.
func TestWritePayloadAsMarshal(t *testing.T) {
	clustered := handPage()
	clustered.Site = "https://example.com/?a=<b>&c"
	clustered.Clusters = []Cluster{{Members: []int{0, 1}, Canonical: 1, Reason: "longer answer"}}
	for _, c := range []struct {
		name string
		p    *Page
	}{
		{"empty", &Page{}},
		{"empty lists", &Page{Articles: []Article{}, Items: []Item{}}},
		{"hand-made", handPage()},
		{"clusters", clustered},
	} {
		want, err := json.Marshal(c.p.payload())
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		w := bufio.NewWriter(&got)
		if err := c.p.writePayload(w); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		w.Flush()
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: writePayload wrote\n%s\njson.Marshal\n%s", c.name, got.Bytes(), want)
		}
	}
}
