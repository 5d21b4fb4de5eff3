package recommend

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
)

// crowded returns a synthetic corpus to which one question is posted 15
// times under new ids, each with the first article's answer and keywords,
// so that the first article's 15 nearest neighbours are all copies of one
// question: a single ranking lists one of them and then runs out of
// candidates, as the blend's wider candidate lists must not hide.
func crowded() []corpus.Article {
	arts := synthetic(200, 5)
	for c := range 15 {
		arts = append(arts, corpus.Article{
			URL:         fmt.Sprintf("/learn/f9/questions/crowd%02d", c),
			ID:          fmt.Sprint(20000 + c),
			Question:    "Which syllabus covers this?",
			Answer:      arts[0].Answer,
			SEOKeywords: arts[0].SEOKeywords,
		})
	}
	return arts
}

// firstDiff reports the first article whose lists differ, or -1.
func firstDiff(a, b [][]Hit) int {
	if len(a) != len(b) {
		return 0
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			return i
		}
	}
	return -1
}

// checkListsFor builds arts under cfg with the blend, then under "tfidf"
// and "lsa" alone, and wants ListsFor of the blend to equal each. It
// returns how many of the single rankings' lists differ from the blend's,
// so that callers can check the comparison is not vacuous.
func checkListsFor(t *testing.T, arts []corpus.Article, cfg Config) (differ int) {
	t.Helper()
	cfg.Ranking = RankBlend
	blend, err := Build(arts, cfg)
	if err != nil {
		t.Fatalf("Build blend: %v", err)
	}
	if got, err := blend.ListsFor(RankBlend); err != nil || firstDiff(got, blend.Lists()) >= 0 {
		t.Errorf("ListsFor(blend) = lists differing from Lists(), err %v", err)
	}
	for _, r := range []string{RankTFIDF, RankLSA} {
		c := cfg
		c.Ranking = r
		single, err := Build(arts, c)
		if err != nil {
			t.Fatalf("Build %s: %v", r, err)
		}
		got, err := blend.ListsFor(r)
		if err != nil {
			t.Fatalf("ListsFor(%s): %v", r, err)
		}
		want := single.Lists()
		if i := firstDiff(got, want); i >= 0 {
			t.Fatalf("ListsFor(%s): article %d (of %d): got %v, a %s build lists %v", r, i, len(want), got[i], r, want[i])
		}
		listed := 0
		for _, hs := range want {
			listed += len(hs)
		}
		if listed == 0 {
			t.Errorf("%s: no article has a related list", r)
		}
		if firstDiff(want, blend.Lists()) >= 0 {
			differ++
		}
	}
	return differ
}

func TestListsFor(t *testing.T) {
	seeds, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("loading seeds/: %d articles, %v", len(seeds), err)
	}
	small := DefaultConfig
	small.MinDF, small.Dims = 1, 20
	for _, c := range []struct {
		name string
		arts []corpus.Article
		cfg  func(*Config)
	}{
		{"seeds", seeds, func(*Config) {}},
		{"seeds/min score", seeds, func(c *Config) { c.MinScore = 0.2 }},
		{"synthetic", synthetic(400, 6), func(c *Config) { *c = small }},
		{"synthetic/no duplicates, unstemmed", synthetic(400, 7), func(c *Config) { *c = small; c.DupThreshold, c.Stem = 0, false }},
		{"synthetic/top 3, 9 candidates", synthetic(300, 8), func(c *Config) { *c = small; c.TopK, c.Candidates, c.LSACandidates = 3, 9, 9 }},
		// the "lsa" lists searched for on request
		{"synthetic/no LSA candidates", synthetic(400, 6), func(c *Config) { *c = small; c.LSACandidates = 0 }},
		{"synthetic/5 LSA candidates", synthetic(400, 6), func(c *Config) { *c = small; c.LSACandidates = 5 }},
		{"seeds/no LSA candidates", seeds, func(c *Config) { c.LSACandidates = 0 }},
		{"crowded", crowded(), func(c *Config) { *c = small }},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig
			c.cfg(&cfg)
			if checkListsFor(t, c.arts, cfg) == 0 {
				t.Error("the single rankings' lists equal the blend's: the comparison proves nothing")
			}
		})
	}
}

// TestListsForCrowded checks the case that needs the single rankings'
// own number of candidates: the first article's list is one hit long,
// where the blend's 20 candidates would give it five.
func TestListsForCrowded(t *testing.T) {
	cfg := DefaultConfig
	cfg.MinDF, cfg.Dims = 1, 20
	m := mustBuild(t, crowded(), cfg)
	for _, r := range []string{RankTFIDF, RankLSA} {
		l, err := m.ListsFor(r)
		if err != nil {
			t.Fatal(err)
		}
		if len(l[0]) != 1 {
			t.Errorf("%s: article 0 lists %v, want one copy of the crowding question", r, l[0])
		}
	}
}

func TestListsForErrors(t *testing.T) {
	arts := synthetic(100, 9)
	for _, c := range []struct {
		ranking    string
		candidates int
		ask        string
	}{
		{RankBlend, 14, RankTFIDF}, // fewer candidates than a single ranking fetches
		{RankTFIDF, 20, RankLSA},
		{RankTFIDF, 20, RankBlend},
		{RankLSA, 20, RankTFIDF},
		{RankBlend, 20, "bm25"},
	} {
		cfg := DefaultConfig
		cfg.MinDF, cfg.Dims, cfg.Ranking, cfg.Candidates = 1, 10, c.ranking, c.candidates
		m := mustBuild(t, arts, cfg)
		if l, err := m.ListsFor(c.ask); !errors.Is(err, ErrOtherRanking) || l != nil {
			t.Errorf("%s build, %d candidates: ListsFor(%q) = %d lists, %v; want ErrOtherRanking", c.ranking, c.candidates, c.ask, len(l), err)
		}
	}
}

// TestListsForCorpus checks the equality on the real corpus at the
// defaults (three builds: some 30 CPU-seconds).
func TestListsForCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("three builds of the full corpus")
	}
	arts, _, err := corpus.Load(corpustest.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	if checkListsFor(t, arts, DefaultConfig) != 2 {
		t.Error("a single ranking's lists equal the blend's on the full corpus")
	}
}
