package lookup

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"recommend/editor"
	"recommend/index"
)

// smallIndex writes an index of six articles: 1 is cross-posted (two
// copies) and its first copy's second link was held by hysteresis; 4 was
// locked at the batch; 5 had a link pinned.
func smallIndex(t *testing.T) *index.Index {
	t.Helper()
	u := func(s string) string { return "/learn/x/questions/" + s }
	arts := []index.Article{
		{URL: u("a"), ID: "1", Title: "A", Subject: "X", Question: "A?", Related: []index.Related{{Doc: 2, Score: 0.9, Terms: []string{"t"}}, {Doc: 3, Score: 0.5, Reason: index.ReasonHeld}}},
		{URL: u("a-copy"), ID: "1", Title: "A", Subject: "Y", Question: "A?", Related: []index.Related{{Doc: 3, Score: 0.7}}},
		{URL: u("b"), ID: "2", Title: "B", Subject: "X", Question: "B?"},
		{URL: u("c"), ID: "3", Title: "C", Subject: "X", Question: "C?", Related: []index.Related{{Doc: 2, Score: 0.4}}},
		{URL: u("d"), ID: "4", Title: "D", Subject: "X", Question: "D?", Related: []index.Related{{Doc: 2, Score: 0.3, Reason: index.ReasonLocked}, {Doc: 3, Score: 0.6, Reason: index.ReasonLocked}}},
		{URL: u("e"), ID: "5", Title: "E", Subject: "X", Question: "E?", Related: []index.Related{{Doc: 3, Score: 0.2, Reason: index.ReasonPinned}, {Doc: 2, Score: 0.8}}},
	}
	dir := filepath.Join(t.TempDir(), "ix")
	if _, err := index.Write(dir, arts, nil, index.Manifest{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestRelated checks the lookup by id (every copy) and by url, -n, the
// marks the batch gave (held, pinned, locked) and those of the decisions
// taken since, the text form and its legend.
func TestRelated(t *testing.T) {
	legend := func(rs ...index.Reason) string {
		var parts []string
		for _, r := range rs {
			parts = append(parts, "["+r.Mark()+"] "+r.Meaning())
		}
		return "|  " + strings.Join(parts, "; ") + "|"
	}
	held, pinned, locked := legend(index.ReasonHeld), legend(index.ReasonPinned), legend(index.ReasonLocked)
	ix := smallIndex(t)
	ov, err := editor.Parse("o.yaml", []byte("pins:\n  - {article: 1, links: [/learn/x/questions/c]}\nlocks: [/learn/x/questions/c]\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, url string
		n       int
		ov      *editor.Overrides
		want    string // what WriteText prints, lines joined by |
		wantErr string
	}{
		{id: "1", n: 5, want: "/learn/x/questions/a|  id 1 · X|  A?||   1  0.9000  B|              /learn/x/questions/b  (id 2 · X)|              shared terms: t|   2  0.5000  C  [held]|              /learn/x/questions/c  (id 3 · X)||/learn/x/questions/a-copy|  id 1 · Y|  A?||   1  0.7000  C|              /learn/x/questions/c  (id 3 · X)|" + held},
		{id: "1", n: 1, ov: ov, want: "/learn/x/questions/a|  id 1 · X|  A?||   1  0.9000  B|              /learn/x/questions/b  (id 2 · X)|              shared terms: t||/learn/x/questions/a-copy|  id 1 · Y|  A?||   1  0.7000  C  [pinned]|              /learn/x/questions/c  (id 3 · X)|" + pinned},
		{id: "1", n: 5, ov: ov, want: "/learn/x/questions/a|  id 1 · X|  A?||   1  0.9000  B|              /learn/x/questions/b  (id 2 · X)|              shared terms: t|   2  0.5000  C  [pinned]|              /learn/x/questions/c  (id 3 · X)||/learn/x/questions/a-copy|  id 1 · Y|  A?||   1  0.7000  C  [pinned]|              /learn/x/questions/c  (id 3 · X)|" + pinned},
		{url: "/learn/x/questions/c", n: 5, ov: ov, want: "/learn/x/questions/c|  id 3 · X · locked|  C?||   1  0.4000  B  [locked]|              /learn/x/questions/b  (id 2 · X)|" + locked},
		{url: "/learn/x/questions/b", n: 5, want: "/learn/x/questions/b|  id 2 · X|  B?||  no related articles|"},
		{url: "/learn/x/questions/d", n: 5, want: "/learn/x/questions/d|  id 4 · X · locked|  D?||   1  0.3000  B  [locked]|              /learn/x/questions/b  (id 2 · X)|   2  0.6000  C  [locked]|              /learn/x/questions/c  (id 3 · X)|" + locked},
		{url: "/learn/x/questions/e", n: 5, want: "/learn/x/questions/e|  id 5 · X|  E?||   1  0.2000  C  [pinned]|              /learn/x/questions/c  (id 3 · X)|   2  0.8000  B|              /learn/x/questions/b  (id 2 · X)|" + pinned},
		{url: "/learn/x/questions/c", n: 5, want: "/learn/x/questions/c|  id 3 · X|  C?||   1  0.4000  B|              /learn/x/questions/b  (id 2 · X)|"},
		{id: "9", n: 5, wantErr: "no article with id 9 in the index"},
		{url: "/learn/x/questions/z", n: 5, wantErr: "no article with url /learn/x/questions/z in the index"},
	}
	for _, tt := range tests {
		arts, err := Related(ix, tt.id, tt.url, tt.n, tt.ov)
		if tt.wantErr != "" {
			if err == nil || !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s%s: error %v, want %q", tt.id, tt.url, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s%s: %v", tt.id, tt.url, err)
		}
		var buf bytes.Buffer
		WriteText(&buf, arts)
		if got := strings.ReplaceAll(buf.String(), "\n", "|"); got != tt.want {
			t.Errorf("%s%s -n %d:\n got %s\nwant %s", tt.id, tt.url, tt.n, got, tt.want)
		}
	}
}

// TestRelatedJSONMarks checks the JSON form: a marked link has "mark",
// a plain one has no such key at all, so readers of the old form see no
// change for plain links.
func TestRelatedJSONMarks(t *testing.T) {
	ix := smallIndex(t)
	arts, err := Related(ix, "1", "", 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(arts[0].Related)
	if err != nil {
		t.Fatal(err)
	}
	var links []map[string]any
	if err := json.Unmarshal(b, &links); err != nil {
		t.Fatal(err)
	}
	if _, ok := links[0]["mark"]; ok || links[1]["mark"] != "held" {
		t.Errorf("marks in JSON: %s, want none on the first link and \"held\" on the second", b)
	}
}

// TestHeldLegendOnce checks that the legend follows the last article only,
// once for each mark shown, in the reasons' order.
func TestHeldLegendOnce(t *testing.T) {
	arts := []Article{
		{URL: "/a", Related: []Link{{Title: "P", Mark: "pinned"}, {Title: "H", Mark: "held"}}},
		{URL: "/b", Related: []Link{{Title: "H2", Mark: "held"}}},
	}
	var buf bytes.Buffer
	WriteText(&buf, arts)
	out := buf.String()
	want := "\n\n  [held] " + index.ReasonHeld.Meaning() + "; [pinned] " + index.ReasonPinned.Meaning() + "\n"
	if !strings.HasSuffix(out, want) || strings.Count(out, "[held] kept") != 1 {
		t.Errorf("text ends %q, want one legend line %q", out[max(0, len(out)-300):], want)
	}
}

func TestSitePath(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/learn/x/questions/y", "/learn/x/questions/y"},
		{"/learn/x/questions/y/", "/learn/x/questions/y"},
		{"https://www.example.com/learn/x/questions/y/?utm=1#top", "/learn/x/questions/y"},
		{"http://example.com", "/"},
		{"learn/x", "learn/x"},
	} {
		if got := SitePath(tt.in); got != tt.want {
			t.Errorf("SitePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
