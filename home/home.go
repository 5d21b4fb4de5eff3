// Package home finds where a content folder's settings and state live.
package home

// Where a content folder's settings and state live. The batch's index
// (.recommend/), the editors' decisions (overrides.yaml) and the engine's
// settings (recommend.yaml) belong to the content, not to the folder a
// command happens to be run from, so they are found from the content
// folder: in its home, the top of the git work tree that holds it, or,
// when it is in no work tree (or is itself the top of one), its parent.
// The home is never the content folder itself, so that `cd content &&
// recommend batch --corpus .` does not put .recommend/ among the articles.
//
// Commands that take no content folder (a lookup, review, pin, block,
// lock without --corpus) find the same home from the working directory:
// the top of its git work tree, else the working directory; a lookup
// also finds the nearest .recommend/ at or above the working directory.
// An explicit flag (--index, --overrides, --config) or $RECOMMEND_INDEX
// always wins. A server, or any other front end, finds them the same way.

import (
	"os"
	"path/filepath"
)

// DefaultOverrides is the editors' decisions file in the home, unless
// --overrides or the settings file's overrides key says otherwise.
const DefaultOverrides = "overrides.yaml"

// DefaultIndexDir is the index's folder in the content folder's home
// unless --index or $RECOMMEND_INDEX says otherwise: never inside the
// content folder.
const DefaultIndexDir = ".recommend"

// Of returns the folder where the settings and state of the
// content folder corpus live (see above).
func Of(corpus string) string {
	abs, err := filepath.Abs(corpus)
	if err != nil {
		abs = filepath.Clean(corpus)
	}
	if top, ok := gitTop(abs); ok && top != abs {
		return top
	}
	return filepath.Dir(abs)
}

// Work returns the home of a command run without a content folder:
// the top of the git work tree holding the working directory, else the
// working directory.
func Work() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	if top, ok := gitTop(wd); ok {
		return top
	}
	return wd
}

// gitTop returns the nearest folder at or above dir (an absolute path)
// that holds a .git entry: a folder, or a file in a linked work tree.
func gitTop(dir string) (string, bool) {
	return findUp(dir, ".git")
}

// findUp returns the nearest folder at or above dir that holds name.
func findUp(dir, name string) (string, bool) {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, name)); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// IndexDir returns the index folder a command uses: --index when given,
// else $RECOMMEND_INDEX, else .recommend in home (home is "" for a
// lookup: then the nearest .recommend at or above the working directory,
// else the one in the working home).
func IndexDir(flag, home string) string {
	switch {
	case flag != "":
		return flag
	case os.Getenv("RECOMMEND_INDEX") != "":
		return os.Getenv("RECOMMEND_INDEX")
	case home != "":
		return ShortPath(filepath.Join(home, DefaultIndexDir))
	}
	if wd, err := os.Getwd(); err == nil {
		if d, ok := findUp(wd, DefaultIndexDir); ok {
			return ShortPath(filepath.Join(d, DefaultIndexDir))
		}
	}
	return ShortPath(filepath.Join(Work(), DefaultIndexDir))
}

// ShortPath returns p relative to the working directory when it lies at
// or below it, so that messages and summaries stay short; else p.
func ShortPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, abs); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return abs
}
