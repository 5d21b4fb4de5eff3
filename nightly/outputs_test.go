package nightly

// Save writes each output as it makes it (the index's records and the
// review data one article at a time) and drops the model's written forms
// once the links are explained: its files must be those of the outputs
// built whole.

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"recommend/eval"
	"recommend/index"
)

// TestSaveAsBuiltWhole saves the seeds' outputs and holds them to the
// index Write makes of IndexArticles (the same generation, hence the same
// files) and to the review data ReviewPage saves, byte for byte, asked
// after Save (the explanations were kept when the forms went).
func TestSaveAsBuiltWhole(t *testing.T) {
	arts := seeds(t)
	res, cfg := decideSeeds(t, arts)
	root := filepath.Join("..", "seeds")
	dir := t.TempDir()
	ix, lists := filepath.Join(dir, "index"), filepath.Join(dir, "lists.jsonl")
	saved, err := res.Save(Outputs{Index: ix, Corpus: root, Config: cfg, ListsOut: lists})
	if err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(dir, "whole")
	gen, err := index.Write(whole, res.IndexArticles(root), res.Model.Vectors(), index.Manifest{Corpus: root, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if gen != saved.Generation {
		t.Errorf("Save wrote generation %s, the index built whole is %s", saved.Generation, gen)
	}
	if err := res.ReviewPage().Save(filepath.Join(whole, ReviewData)); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(gen, "lookup.bin"), filepath.Join(gen, "vectors.bin"), ReviewData} {
		got, err1 := os.ReadFile(filepath.Join(ix, f))
		want, err2 := os.ReadFile(filepath.Join(whole, f))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) || len(got) == 0 {
			t.Errorf("%s: Save wrote %d bytes (%v), built whole %d (%v): want the same, not empty", f, len(got), err1, len(want), err2)
		}
	}
	var want bytes.Buffer
	if err := eval.WriteJSONL(&want, arts, res.Lists()); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(lists); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("lists file: %d bytes (%v), want the %d WriteJSONL writes", len(got), err, want.Len())
	}
}
