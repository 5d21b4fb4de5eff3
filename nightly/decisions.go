package nightly

// An editors' decision given on a command line (recommend pin, block,
// lock) is recorded as the server's clicks record it, by editor.Decide,
// with the checks a command can make first: the articles it names are
// looked up in the content folder when one is given, whose run lock is
// held meanwhile as the server holds it (the overrides file may live
// outside the folder's home, where Decide's own lock does not meet a
// batch's), or else in the index. With neither, the decision is recorded
// unchecked, and Record says why. The overrides file is found in the
// content folder's home, as a run finds it (OverridesFile).

import (
	"path/filepath"

	"recommend/corpus"
	"recommend/editor"
	"recommend/home"
	"recommend/index"
	"recommend/internal/runlock"
	"recommend/lookup"
)

// OverridesFile returns the overrides file a command uses unless told
// otherwise: home.DefaultOverrides in the home of the content folder corp, or,
// when corp is "", in the working directory's home (home.Work), as a short
// path.
func OverridesFile(corp string) string {
	dir := home.Work()
	if corp != "" {
		dir = home.Of(corp)
	}
	return home.ShortPath(filepath.Join(dir, home.DefaultOverrides))
}

// Record records d in the overrides file at path (editor.Decide). Unless
// d removes something, the articles it names are checked against the
// content folder corp when it is not "" (a folder that cannot be loaded
// is an *InputError), or else against the index in indexDir; when that
// cannot be opened either, d is recorded unchecked and unchecked says why.
// With corp, the folder's run lock is held throughout.
func Record(path string, d editor.Decision, corp, indexDir string) (out editor.Outcome, unchecked, err error) {
	if corp != "" {
		lock, err := runlock.Acquire(corp)
		if err != nil {
			return out, nil, err
		}
		defer lock.Release()
	}
	var known editor.Refs
	var where string
	switch {
	case d.Remove:
	case corp != "":
		arts, _, err := corpus.Load(corp)
		if err != nil {
			return out, nil, &InputError{err}
		}
		known, where = editor.CorpusRefs(arts), corp
	default:
		ix, err := index.Open(indexDir)
		if err != nil {
			unchecked = lookup.IndexError(indexDir, err)
			break
		}
		defer ix.Close()
		known, where = editor.IndexRefs(ix), "the index "+indexDir
	}
	out, err = editor.Decide(path, d, known, where)
	return out, unchecked, err
}
