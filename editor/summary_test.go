package editor

import "testing"

func TestSummarize(t *testing.T) {
	arts := testArts()
	// Article i's candidates are the next two articles, wrapping round:
	// a's are b then c, g's are a then b.
	b := Batch{Articles: arts, Candidates: make([][]Hit, len(arts))}
	for i := range arts {
		b.Candidates[i] = []Hit{{Doc: (i + 1) % len(arts), Score: 0.6}, {Doc: (i + 2) % len(arts), Score: 0.5}}
	}
	const bURL, dURL = "/learn/biology/questions/b", "/learn/biology/questions/d"
	tests := []struct {
		name string
		src  string
		k    int
		want Summary
	}{
		{"none", "", 2, Summary{}},
		{"pin", "pins:\n  - article: 1\n    links: [" + dURL + ", " + bURL + "]\n", 2,
			Summary{Pins: 2, ListsPinned: 1}},
		{"pair block in the top k", "blocks:\n  - from: 1\n    to: " + bURL + "\n", 1,
			Summary{BlockedPairs: 1, ListsBlocked: 1}},
		{"pair block beyond the top k", "blocks:\n  - from: 1\n    to: /learn/biology/questions/c\n", 1,
			Summary{BlockedPairs: 1}},
		{"block everywhere", "blocks:\n  - to: " + bURL + "\n", 2,
			Summary{BlockedEverywhere: 1, ListsBlocked: 2}},
		{"a pin beats a block", "pins:\n  - article: 1\n    links: [" + bURL + "]\nblocks:\n  - from: 1\n    to: " + bURL + "\n", 2,
			Summary{Pins: 1, BlockedPairs: 1, ListsPinned: 1}},
		{"lock by id covers cross-posts; locked lists lose nothing", "locks: [3]\nblocks:\n  - to: /learn/biology/questions/a\n", 2,
			Summary{Locks: 1, BlockedEverywhere: 1, ListsLocked: 2, ListsBlocked: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ov, err := Parse("overrides.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			opt := DefaultOptions
			opt.K = tt.k
			res, problems := Apply(b, ov, opt)
			if len(problems) > 0 {
				t.Fatalf("Apply: %v", problems)
			}
			if got := Summarize(b, ov, res, opt); got != tt.want {
				t.Errorf("Summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
}
