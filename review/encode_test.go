package review

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
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
		if err := encodeJSON(c.p, w); err != nil {
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

// TestSaveMembers holds the saved review data of a page longer than a
// piece to encoding/json's bytes once decompressed as one stream (as Load
// reads it), checks that it is written as one gzip member per piece (the
// head with the first block of articles, the other blocks, the last
// closing brackets), and that its bytes do not depend on the cores.
func TestSaveMembers(t *testing.T) {
	p := synthPage(2*pieceLen + 3)
	p.Clusters = []Cluster{{Members: []int{0, 1}, Canonical: 1, Reason: "longer answer"}}
	var want bytes.Buffer
	if err := json.NewEncoder(&want).Encode(p); err != nil {
		t.Fatal(err)
	}
	var saved [][]byte
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		path := filepath.Join(t.TempDir(), "review.json.gz")
		err := p.Save(path)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		saved = append(saved, b)
	}
	for k := range saved[1:] {
		if !bytes.Equal(saved[k+1], saved[0]) {
			t.Fatalf("the saved data differs between GOMAXPROCS runs (%d and %d bytes)", len(saved[0]), len(saved[k+1]))
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(saved[0]))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("decompressed data (%d bytes, %v) differs from encoding/json's (%d bytes)", len(got), err, want.Len())
	}
	// One member per piece: three blocks of articles, three of items, the
	// clusters, the closing brackets.
	members := 0
	br := bytes.NewReader(saved[0])
	zr, _ = gzip.NewReader(br)
	for {
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
		members++
		if err := zr.Reset(br); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if members != 8 {
		t.Errorf("saved data holds %d gzip members, want 8", members)
	}
}

// BenchmarkSave writes the review data of a page the real corpus's size.
func BenchmarkSave(b *testing.B) {
	p := synthPage(35915)
	path := filepath.Join(b.TempDir(), "review.json.gz")
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Save(path); err != nil {
			b.Fatal(err)
		}
	}
}

// encodeJSON writes p's JSON uncompressed from the pieces Save compresses
// (pagePieces): one article and one item at a time, where encoding/json
// builds the whole document in memory first (some 1.5 KB an article). The
// test holds the two to the same bytes, and to Page's fields.
func encodeJSON(p *Page, w *bufio.Writer) error {
	pcs, err := pagePieces(p, arrayOf("Articles", p.Articles), arrayOf("Items", p.Items))
	if err != nil {
		return err
	}
	return writePieces(w, pcs)
}
