package lookup

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"recommend/editor"
	"recommend/index"
)

// smallIndex writes an index of four articles: 1 is cross-posted (two
// copies).
func smallIndex(t *testing.T) *index.Index {
	t.Helper()
	u := func(s string) string { return "/learn/x/questions/" + s }
	arts := []index.Article{
		{URL: u("a"), ID: "1", Title: "A", Subject: "X", Question: "A?", Related: []index.Related{{Doc: 2, Score: 0.9, Terms: []string{"t"}}, {Doc: 3, Score: 0.5}}},
		{URL: u("a-copy"), ID: "1", Title: "A", Subject: "Y", Question: "A?", Related: []index.Related{{Doc: 3, Score: 0.7}}},
		{URL: u("b"), ID: "2", Title: "B", Subject: "X", Question: "B?"},
		{URL: u("c"), ID: "3", Title: "C", Subject: "X", Question: "C?", Related: []index.Related{{Doc: 2, Score: 0.4}}},
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
// marks of pinned and locked links and the text form.
func TestRelated(t *testing.T) {
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
		{id: "1", n: 5, want: "/learn/x/questions/a|  id 1 · X|  A?||   1  0.9000  B|              /learn/x/questions/b  (id 2 · X)|              shared terms: t|   2  0.5000  C|              /learn/x/questions/c  (id 3 · X)||/learn/x/questions/a-copy|  id 1 · Y|  A?||   1  0.7000  C|              /learn/x/questions/c  (id 3 · X)|"},
		{id: "1", n: 1, ov: ov, want: "/learn/x/questions/a|  id 1 · X|  A?||   1  0.9000  B|              /learn/x/questions/b  (id 2 · X)|              shared terms: t||/learn/x/questions/a-copy|  id 1 · Y|  A?||   1  0.7000  C  [pinned]|              /learn/x/questions/c  (id 3 · X)|"},
		{url: "/learn/x/questions/c", n: 5, ov: ov, want: "/learn/x/questions/c|  id 3 · X · locked|  C?||   1  0.4000  B  [locked]|              /learn/x/questions/b  (id 2 · X)|"},
		{url: "/learn/x/questions/b", n: 5, want: "/learn/x/questions/b|  id 2 · X|  B?||  no related articles|"},
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
