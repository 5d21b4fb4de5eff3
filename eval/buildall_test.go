package eval

import (
	"path/filepath"
	"reflect"
	"testing"

	"recommend/corpus"
	"recommend/internal/corpustest"
	"recommend/recommend"
)

// TestBuildAll checks that buildAll gives every system the lists of its
// own build, whether they come from a blend's build or their own: the
// "tfidf" and "lsa" systems share the blend's, except where the blend has
// too few candidates for them or their settings differ.
func TestBuildAll(t *testing.T) {
	arts, _, err := corpus.Load(filepath.Join(corpustest.Root(), "seeds"))
	if err != nil || len(arts) == 0 {
		t.Fatalf("loading seeds/: %d articles, %v", len(arts), err)
	}
	with := func(f func(*recommend.Config)) *recommend.Config {
		c := recommend.DefaultConfig
		f(&c)
		return &c
	}
	configs := []System{
		{Name: "tfidf", Config: with(func(c *recommend.Config) { c.Ranking = recommend.RankTFIDF })},
		{Name: "lsa", Config: with(func(c *recommend.Config) { c.Ranking = recommend.RankLSA })},
		{Name: "default", Config: with(func(*recommend.Config) {})},
		{Name: "default again", Config: with(func(*recommend.Config) {})},
		// too few candidates for a single ranking: built on their own
		{Name: "tfidf/8", Config: with(func(c *recommend.Config) { c.Ranking, c.Candidates = recommend.RankTFIDF, 8 })},
		{Name: "blend/8", Config: with(func(c *recommend.Config) { c.Candidates = 8 })},
		// other text settings: no blend to share
		{Name: "lsa unstemmed", Config: with(func(c *recommend.Config) { c.Ranking, c.Stem = recommend.RankLSA, false })},
	}
	got, err := buildAll(arts, configs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(configs) {
		t.Fatalf("%d systems for %d configurations", len(got), len(configs))
	}
	for n, s := range got {
		if s.Name != configs[n].Name || s.Config != configs[n].Config {
			t.Errorf("system %d is %q, want %q with its config", n, s.Name, configs[n].Name)
		}
		m, err := recommend.Build(arts, *configs[n].Config)
		if err != nil {
			t.Fatal(err)
		}
		if want := FromHits(arts, m.Lists()); !reflect.DeepEqual(s.Lists, want) {
			t.Errorf("%s: lists differ from a build of its own configuration", s.Name)
		}
	}
	if reflect.DeepEqual(got[0].Lists, got[2].Lists) || reflect.DeepEqual(got[1].Lists, got[2].Lists) {
		t.Error("the tfidf or lsa lists equal the default's: the comparison proves nothing")
	}
}
