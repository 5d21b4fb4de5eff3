package eval

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"recommend/corpus"
)

func TestJudged(t *testing.T) {
	arts := []corpus.Article{
		art("s", "a", "What is X?"),
		art("s", "b", "What is Y?"),
		art("s", "c", "What is Z?"),
		art("s", "c2", "what is z? "), // a cross-posted copy of c
		art("s", "d", "What is W?"),
		art("s", "e", "What is V?"),
	}
	q := &Qrels{
		Queries: []string{u("a"), u("b")},
		Grades: map[string]map[string]int{
			u("a"): {u("b"): 2, u("c"): 1, u("d"): 0, u("gone"): 2},
		},
	}
	l2 := 1 / math.Log2(3)
	tests := []struct {
		name  string
		lists map[string][]string
		want  Judged
	}{
		{
			name: "nothing listed",
			want: Judged{K: 5, Queries: 2},
		},
		{
			// a: [a, c, c2, zz, b, e, d, c] → [c, b, e, d]: gains 1, 2, 0 (e unjudged), 0.
			//   DCG 1 + 2·l2; ideal from all judged grades 2, 2, 1, 0: 2 + 2·l2 + 1/2.
			//   ≥1: 2 slots, =2: 1 slot, unjudged: 1 slot.
			// b: [a] → a unjudged; b has no judgments, so its ideal 0 counts as 1 and nDCG is 0.
			name: "cleaned, graded and unjudged",
			lists: map[string][]string{
				u("a"): {u("a"), u("c"), u("c2"), u("zz"), u("b"), u("e"), u("d"), u("c")},
				u("b"): {u("a")},
			},
			want: Judged{K: 5, Queries: 2, NDCG: (1 + 2*l2) / (2.5 + 2*l2) / 2, P: 2.0 / 10,
				PStrict: 1.0 / 10, Unjudged: 2.0 / 10},
		},
		{
			// a: the ideal order b, c, d → DCG 2 + l2, against 2 + 2·l2 + 1/2.
			name:  "best judged first",
			lists: map[string][]string{u("a"): {u("b"), u("c"), u("d")}},
			want: Judged{K: 5, Queries: 2, NDCG: (2 + l2) / (2.5 + 2*l2) / 2, P: 2.0 / 10,
				PStrict: 1.0 / 10},
		},
	}
	ix := NewIndex(arts)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Judged(tt.lists, q, 5)
			if got.K != tt.want.K || got.Queries != tt.want.Queries || !near(got.NDCG, tt.want.NDCG) ||
				!near(got.P, tt.want.P) || !near(got.PStrict, tt.want.PStrict) || !near(got.Unjudged, tt.want.Unjudged) {
				t.Errorf("Judged(%v) =\n  %+v, want\n  %+v", tt.lists, got, tt.want)
			}
		})
	}
}

func TestLoadQrels(t *testing.T) {
	write := func(dir, name, s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	withQueries := t.TempDir()
	write(withQueries, "qrels.json", `{"/q2": {"/a": 2}, "/q1": {"/b": 0}}`)
	write(withQueries, "queries.json", `["/q2", "/q1", "/q3"]`)
	alone := t.TempDir()
	write(alone, "qrels.json", `{"/q2": {"/a": 2}, "/q1": {"/b": 1}}`)
	bad := t.TempDir()
	write(bad, "qrels.json", `{"/q1": {"/a": 3}}`)
	tests := []struct {
		path        string
		wantQueries []string
		wantErr     string
	}{
		{withQueries, []string{"/q2", "/q1", "/q3"}, ""},
		{filepath.Join(withQueries, "qrels.json"), []string{"/q2", "/q1", "/q3"}, ""},
		{alone, []string{"/q1", "/q2"}, ""},
		{bad, nil, "grade 3"},
		{filepath.Join(alone, "missing.json"), nil, "no such file"},
	}
	for _, tt := range tests {
		q, err := LoadQrels(tt.path)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("LoadQrels(%s) error = %v, want %q", tt.path, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("LoadQrels(%s): %v", tt.path, err)
			continue
		}
		if !reflect.DeepEqual(q.Queries, tt.wantQueries) {
			t.Errorf("LoadQrels(%s).Queries = %q, want %q", tt.path, q.Queries, tt.wantQueries)
		}
	}
}
