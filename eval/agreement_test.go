package eval

import (
	"math"
	"testing"

	"recommend/corpus"
)

// art is a test article in folder f with question q linking to related urls.
func art(f, slug, q string, related ...string) corpus.Article {
	a := corpus.Article{
		Path:     f + "/" + slug + ".md",
		URL:      "/learn/" + f + "/questions/" + slug,
		Subject:  f,
		Question: q,
	}
	for _, r := range related {
		a.Related = append(a.Related, corpus.Link{URL: r})
	}
	return a
}

func u(slug string) string { return "/learn/s/questions/" + slug }

// six articles of folder s: b2 is a copy of a (same question, other case and
// spacing); a links to b, c, b2, itself, an unknown url and c again.
func sixArticles() []corpus.Article {
	return []corpus.Article{
		art("s", "a", "What is X?", u("b"), u("c"), u("b2"), u("a"), u("zz"), u("c")),
		art("s", "b", "What is Y?", u("a")),
		art("s", "b2", "  what is x?\n"),
		art("s", "c", "What is Z?"),
		art("s", "d", "What is W?"),
		art("s", "e", "What is V?", u("zz")),
	}
}

func TestAgreement(t *testing.T) {
	// Gold(a) = {b, c}: b2 has a's question, a is itself, zz is unknown, c repeats.
	// Gold(b) = {a}. c, d, e: empty Gold (e's only link is unknown), not scored.
	l2, l3, l4 := 1/math.Log2(3), 1/math.Log2(4), 1/math.Log2(5)
	tests := []struct {
		name  string
		lists map[string][]string
		k     int
		want  Agreement
	}{
		{
			name: "nothing listed",
			want: Agreement{K: 5, Scored: 2},
		},
		{
			// a: [zz, a, b2, d, b, b, c] → [d, b, c]: hits at ranks 2 and 3 of 2 gold.
			//   recall 2/2, precision 2/5, MRR 1/2, nDCG (l2+l3)/(1+l2).
			// b: [c, d] → no hit.
			// shown: d, b, c (from a), c, d (from b) → 3 of 6.
			name: "hits after dropped entries",
			lists: map[string][]string{
				u("a"): {u("zz"), u("a"), u("b2"), u("d"), u("b"), u("b"), u("c")},
				u("b"): {u("c"), u("d")},
			},
			want: Agreement{K: 5, Scored: 2, Recall: 0.5, Precision: 0.2, Hit: 0.5, MRR: 0.25,
				NDCG: (l2 + l3) / (1 + l2) / 2, Coverage: 3.0 / 6},
		},
		{
			// k=1: a → [d] (no hit); b → [a] (hit at 1: recall 1/min(1,1), nDCG 1).
			name: "cut to k",
			k:    1,
			lists: map[string][]string{
				u("a"): {u("d"), u("b"), u("c")},
				u("b"): {u("a"), u("c")},
			},
			want: Agreement{K: 1, Scored: 2, Recall: 0.5, Precision: 0.5, Hit: 0.5, MRR: 0.5, NDCG: 0.5,
				Coverage: 2.0 / 6},
		},
		{
			// a: [c, e, d, b2, b] → [c, e, d, b]: hits at 1 and 4. nDCG (1+l4)/(1+l2).
			// b: [e, d, c, a] → hit at 4 of 1 gold: recall 1, precision 1/5, MRR 1/4, nDCG l4/1.
			name: "late hits",
			lists: map[string][]string{
				u("a"): {u("c"), u("e"), u("d"), u("b2"), u("b")},
				u("b"): {u("e"), u("d"), u("c"), u("a")},
			},
			want: Agreement{K: 5, Scored: 2, Recall: 1, Precision: (2.0/5 + 1.0/5) / 2, Hit: 1,
				MRR: (1 + 0.25) / 2, NDCG: ((1+l4)/(1+l2) + l4) / 2, Coverage: 5.0 / 6},
		},
	}
	ix := NewIndex(sixArticles())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Agreement(tt.lists, tt.k)
			if !agreementClose(got, tt.want) {
				t.Errorf("Agreement(%v, %d) =\n  %+v, want\n  %+v", tt.lists, tt.k, got, tt.want)
			}
		})
	}
}

func agreementClose(a, b Agreement) bool {
	return a.K == b.K && a.Scored == b.Scored && near(a.Recall, b.Recall) && near(a.Precision, b.Precision) &&
		near(a.Hit, b.Hit) && near(a.MRR, b.MRR) && near(a.NDCG, b.NDCG) && near(a.Coverage, b.Coverage)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestGold(t *testing.T) {
	ix := NewIndex(sixArticles())
	tests := []struct {
		slug string
		want []string
	}{
		{"a", []string{"b", "c"}},
		{"b", []string{"a"}},
		{"b2", nil},
		{"e", nil},
	}
	for _, tt := range tests {
		i, _ := ix.Lookup(u(tt.slug))
		var got []string
		for _, j := range ix.gold[i] {
			got = append(got, ix.arts[j].URL[len(u("")):])
		}
		if len(got) != len(tt.want) || (len(got) > 0 && !equalStrings(got, tt.want)) {
			t.Errorf("Gold(%s) = %q, want %q", tt.slug, got, tt.want)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
