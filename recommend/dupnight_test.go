package recommend

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"recommend/corpus"
)

// TestDuplicatesNight holds the duplicate pairs of incremental nights,
// searched from the snapshot's (dupnight.go), to the same nights' pairs
// searched over the whole corpus: scores, probabilities, the nearest
// questions kept for the next night and the clusters, on the seeds with
// rewordings, after answers edited, questions reworded into another's
// (a new pair) and out of one (a pair gone), an article of a pair deleted
// and a reworded copy added; and a third night from the second's state.
// It requires the search to have scanned only part of the corpus, and
// every night's state to survive its round trip.
func TestDuplicatesNight(t *testing.T) {
	// The default floor, where every article holds DupNeighbours nearest
	// questions, and a higher one, where most hold fewer.
	for _, floor := range []float64{DefaultConfig.DupThreshold, 0.75} {
		cfg := DefaultConfig
		cfg.Workers, cfg.Dims, cfg.MinDF, cfg.DupThreshold = 2, 16, 1, floor
		t.Run(fmt.Sprint(floor), func(t *testing.T) { duplicatesNight(t, cfg) })
	}
}

func duplicatesNight(t *testing.T, cfg Config) {
	base := synthetic(400, 5)
	slices.SortFunc(base, func(a, b corpus.Article) int { return strings.Compare(a.URL, b.URL) })
	for i := range base {
		fingerprint(&base[i])
	}
	m1, s := buildSnapshot(t, base, cfg)
	if len(m1.Duplicates()) < 2 {
		t.Fatal("too few duplicate pairs in the synthetic corpus: the test needs some")
	}
	snap := roundTrip(t, s)
	if snap.near == nil || !reflect.DeepEqual(snap.dupPairs, m1.Duplicates()) {
		t.Fatal("the snapshot does not keep the duplicate pairs")
	}
	// Two pairs of articles the edit of answers leaves alone: one loses
	// an article to another question, the other to a deletion.
	var pairs []DupPair
	for _, p := range m1.Duplicates() {
		if p.A%40 != 0 && p.B%40 != 0 && !slices.ContainsFunc(pairs, func(q DupPair) bool { return q.A == p.A || q.B == p.B || q.A == p.B || q.B == p.A }) {
			pairs = append(pairs, p)
		}
	}
	if len(pairs) < 2 {
		t.Fatalf("%d pairs apart from the edited articles, want 2", len(pairs))
	}
	night2 := fingerprinted(editAnswers(base, 40))
	night2[pairs[0].B].Question = "Which way do the tides turn at the coast?" // a pair gone
	q := base[pairs[0].A].Question
	// An article that shared no question term with y asks y's question
	// now: it enters the nearest questions of articles that did not hold
	// it and that no other change reaches.
	touched := func(i int) bool { return i%40 == 0 || i == pairs[0].B || i == pairs[1].B }
	y := -1
	for i, hs := range m1.near {
		if !touched(i) && len(hs) > 0 && !slices.ContainsFunc(hs, func(h Hit) bool { return touched(h.Doc) }) {
			y = i
			break
		}
	}
	x := slices.IndexFunc(base, func(a corpus.Article) bool {
		i := slices.IndexFunc(base, func(b corpus.Article) bool { return b.URL == a.URL })
		return !touched(i) && m1.questionCos(i, y) == 0
	})
	if y < 0 || x < 0 {
		t.Fatal("no article for the rewording")
	}
	night2[x].Question = base[y].Question + " Explain."
	added := base[pairs[0].A]
	added.URL, added.ID = added.URL+"-reworded", "reworded"
	added.Question = "Explain: " + q
	fingerprint(&added)
	night2 = append(slices.Delete(night2, pairs[1].B, pairs[1].B+1), added)
	slices.SortFunc(night2, func(a, b corpus.Article) int { return strings.Compare(a.URL, b.URL) })

	night2 = fingerprinted(night2)
	night3 := fingerprinted(editAnswers(night2, 13))
	prev := snap
	for k, arts := range [][]corpus.Article{night2, night3} {
		kept := nightModel(t, prev, arts, cfg)
		whole := nightModel(t, prev, arts, cfg)
		whole.dupPrev = nil
		got, want := kept.Duplicates(), whole.Duplicates()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("night %d: %d pairs from the snapshot's, %d from the whole search:\n got %v\nwant %v", k+2, len(got), len(want), got, want)
		}
		if !reflect.DeepEqual(kept.near, whole.near) {
			for i := range kept.near {
				if !reflect.DeepEqual(kept.near[i], whole.near[i]) {
					t.Errorf("night %d: article %d's nearest questions are %v, the whole search's %v", k+2, i, kept.near[i], whole.near[i])
				}
			}
		}
		if !reflect.DeepEqual(kept.Clusters(), whole.Clusters()) {
			t.Errorf("night %d: the clusters differ from the whole search's", k+2)
		}
		if kept.dupScanned < 0 || kept.dupScanned >= len(arts) || whole.dupScanned != -1 {
			t.Errorf("night %d: the night scanned %d of %d rows (the whole search %d)", k+2, kept.dupScanned, len(arts), whole.dupScanned)
		}
		s, err := kept.Snapshot(arts)
		if err != nil {
			t.Fatal(err)
		}
		prev = roundTrip(t, s)
		if !reflect.DeepEqual(prev.dupPairs, got) {
			t.Errorf("night %d: the state keeps %d pairs, not the night's %d", k+2, len(prev.dupPairs), len(got))
		}
	}
}

// fingerprint gives a the fingerprint of its text, as a file's bytes.
func fingerprint(a *corpus.Article) {
	a.Sum = corpus.FingerprintOf([]byte(a.Question + "\x00" + a.Answer + "\x00" + a.ID))
}

// fingerprinted returns arts, each with the fingerprint of its text.
func fingerprinted(arts []corpus.Article) []corpus.Article {
	for i := range arts {
		fingerprint(&arts[i])
	}
	return arts
}

// nightModel is Update's model from prev over arts, whatever the drift
// (the seeds are 55 articles).
func nightModel(t *testing.T, prev *Snapshot, arts []corpus.Article, cfg Config) *Model {
	t.Helper()
	m, _, err := update(prev, arts, cfg, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
