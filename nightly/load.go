package nightly

// The load stage is corpus.Load with the run's two rules: a folder that
// cannot be read fails naming it once (FileError), and a folder with no
// usable article fails, since there is nothing to rank; the files skipped
// as bad input are returned for the caller to report. Duplicates builds
// the model over the loaded articles for its duplicate clusters alone;
// DuplicatesIn is that over a content folder, as `recommend duplicates`
// runs it.

import (
	"fmt"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/termlog"
	"recommend/recommend"
)

// Load reads the content folder dir: its articles and the files skipped
// as bad input. It fails when the folder cannot be read or no article is
// usable.
func Load(dir string) ([]corpus.Article, []*corpus.FileError, error) { return loadFound(dir, nil) }

// loadFound is Load calling found as corpus.LoadFound does.
func loadFound(dir string, found func(files int)) ([]corpus.Article, []*corpus.FileError, error) {
	return loadKnown(dir, found, loadReuse{})
}

// loadReuse is what a load may take from an earlier night instead of
// the files (corpus.LoadKnown): the articles of bytes the state knows,
// and the files' stat identities recorded then (nil: none).
type loadReuse struct {
	known corpus.Known
	stats *corpus.Stats
}

// loadKnown is loadFound not parsing the files reuse knows, nor reading
// those whose identity it recorded (corpus.LoadKnown).
func loadKnown(dir string, found func(files int), reuse loadReuse) ([]corpus.Article, []*corpus.FileError, error) {
	arts, bad, err := corpus.LoadKnown(dir, found, reuse.known, reuse.stats)
	if err != nil {
		return nil, nil, FileError(dir, err)
	}
	if len(arts) == 0 {
		return nil, bad, fmt.Errorf("no usable articles in %s", dir)
	}
	return arts, bad, nil
}

// Duplicates returns the duplicate clusters of arts with cfg (articles
// asking one question in other words), in the report's form, largest
// first: the clusters of the engine's model, from its first stage alone
// (recommend.Vectorize), since they need none of the ranking.
func Duplicates(arts []corpus.Article, cfg recommend.Config) ([]eval.Cluster, error) {
	m, err := recommend.Vectorize(arts, cfg)
	if err != nil {
		return nil, fmt.Errorf("vectorizing the articles: %w", err)
	}
	return eval.ClustersOf(arts, m).All, nil
}

// DuplicatesIn is Duplicates over the content folder dir, loaded with its
// progress on t (CheckCorpus, LoadWithProgress). It also returns the
// number of files skipped as bad input.
func DuplicatesIn(dir string, cfg recommend.Config, t termlog.Term) ([]eval.Cluster, int, error) {
	if err := CheckCorpus(dir); err != nil {
		return nil, 0, err
	}
	arts, bad, err := LoadWithProgress(dir, t)
	if err != nil {
		return nil, 0, err
	}
	clusters, err := Duplicates(arts, cfg)
	return clusters, len(bad), err
}
