package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"recommend/internal/atomicfile"
)

// IsTempFile reports whether name (a base name) is a temporary file that
// WriteRelated creates beside a file before renaming it into place:
// ".<name>.md.tmp-<digits>" (see internal/atomicfile). Load ignores such
// files; a run killed between creating one and renaming it leaves it behind.
func IsTempFile(name string) bool {
	base, ok := atomicfile.TempOf(name)
	return ok && strings.HasSuffix(base, ".md") && base != ".md"
}

// RemoveTempFiles deletes the temporary files (see IsTempFile) that
// interrupted writes left below root, and returns their paths. Call it only
// while no other run writes to root, i.e. while holding the folder's run
// lock: a live run's temporary file is about to be renamed into place.
// Symbolic links and folders are never followed or removed.
func RemoveTempFiles(root string) ([]string, error) {
	var removed []string
	var errs []error
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			return nil // an unreadable folder: Load reports it
		}
		if !d.Type().IsRegular() || !IsTempFile(d.Name()) {
			return nil
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			return nil
		}
		removed = append(removed, path)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return removed, &FileError{Path: root, Err: err}
	}
	return removed, nil
}
