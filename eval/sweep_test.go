package eval

import (
	"strings"
	"testing"

	"recommend/recommend"
)

func TestConfigs(t *testing.T) {
	base := recommend.DefaultConfig
	tests := []struct {
		spec      string
		wantNames []string
		wantErr   string
	}{
		{"", []string{"default"}, ""},
		{"ranking=tfidf,lsa top_k=3,7", []string{
			"ranking=tfidf top_k=3", "ranking=tfidf top_k=7", "ranking=lsa top_k=3", "ranking=lsa top_k=7"}, ""},
		{"Seed=9", []string{"Seed=9"}, ""},
		{"topk=0", nil, "topk=0: top_k: 0 is not in 1–50"}, // out of range: Validate refuses it, by key
		{"topk=x", nil, `topk=x: "x" is not an integer`},
		{"nosuch=1", nil, "nosuch: no such key in recommend.yaml"},
		{"ranking", nil, "want key=v1,v2"},
	}
	for _, tt := range tests {
		grid, err := ParseGrid(tt.spec)
		var got []System
		if err == nil {
			got, err = Configs(base, grid)
		}
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Configs(%q) error = %v, want %q", tt.spec, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Configs(%q): %v", tt.spec, err)
			continue
		}
		var names []string
		for _, s := range got {
			names = append(names, s.Name)
		}
		if !equalStrings(names, tt.wantNames) {
			t.Errorf("Configs(%q) names = %q, want %q", tt.spec, names, tt.wantNames)
		}
	}
	got, err := Configs(base, []Axis{{"ranking", []string{"lsa"}}, {"top_k", []string{"7"}}, {"seed", []string{"3"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := base
	want.Ranking, want.TopK, want.Seed = "lsa", 7, 3
	if *got[0].Config != want {
		t.Errorf("Configs set %+v, want %+v", *got[0].Config, want)
	}
}
