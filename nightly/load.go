package nightly

// The load stage is corpus.Load with the run's two rules: a folder that
// cannot be read fails naming it once (FileError), and a folder with no
// usable article fails, since there is nothing to rank; the files skipped
// as bad input are returned for the caller to report.

import (
	"fmt"

	"recommend/corpus"
	"recommend/eval"
	"recommend/recommend"
)

// Load reads the content folder dir: its articles and the files skipped
// as bad input. It fails when the folder cannot be read or no article is
// usable.
func Load(dir string) ([]corpus.Article, []*corpus.FileError, error) {
	arts, bad, err := corpus.Load(dir)
	if err != nil {
		return nil, nil, FileError(dir, err)
	}
	if len(arts) == 0 {
		return nil, bad, fmt.Errorf("no usable articles in %s", dir)
	}
	return arts, bad, nil
}

// Duplicates builds the engine's model over arts with cfg and returns its
// duplicate clusters (articles asking one question in other words), in
// the report's form, largest first.
func Duplicates(arts []corpus.Article, cfg recommend.Config) ([]eval.Cluster, error) {
	m, err := recommend.Build(arts, cfg)
	if err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	return eval.ClustersOf(arts, m).All, nil
}
