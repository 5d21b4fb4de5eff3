package nightly_test

import (
	"fmt"
	"path/filepath"

	"recommend/corpus"
	"recommend/nightly"
	"recommend/recommend"
)

// Example runs a night over seeds/ without writing: load, build, decide,
// then read the one Result for the figures every output shares.
func Example() {
	root := filepath.Join("..", "seeds")
	arts, bad, err := corpus.Load(root)
	if err != nil {
		panic(err)
	}
	cfg := recommend.DefaultConfig
	cfg.Dims = 20 // room for 52 articles
	settings := nightly.EditorSettings{Overrides: filepath.Join(root, "no-decisions.yaml"), Margin: 0.05}
	ed, err := nightly.LoadEditors(settings, cfg.TopK)
	if err != nil {
		panic(err)
	}
	ed.Unknown = nightly.Unknown(bad)
	model, err := nightly.Build(arts, cfg, settings.Margin)
	if err != nil {
		panic(err)
	}
	res := nightly.Decide(arts, model, ed)
	rep := res.Report()
	would, failed := res.Write(root, false, nil, nil) // a dry run: counts only
	fmt.Printf("%d articles; %d lists change (%d without hysteresis); %d files would be rewritten, %d could not\n",
		len(arts), rep.Changed, rep.ChangedPlain, would, len(failed))
	// seeds/ carries few links today: every list gains some.

	// Output:
	// 52 articles; 52 lists change (52 without hysteresis); 52 files would be rewritten, 0 could not
}

// ExampleDecodeSettings reads recommend.yaml's keys, the engine's and the
// editors' alike, and names the line of a mistake.
func ExampleDecodeSettings() {
	set, lines := nightly.DefaultSettings(), map[string]int{}
	err := nightly.DecodeSettings([]byte("top_k: 7\nmargin: -1\n"), &set, lines)
	fmt.Println(set.TopK, set.Margin, lines, err)
	err = nightly.DecodeSettings([]byte("top_k: 7\ntopk: 3\n"), &set, nil)
	fmt.Println(err)
	// Output:
	// 7 -1 map[margin:2 top_k:1] <nil>
	// 2: unknown key "topk"
}
