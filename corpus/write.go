package corpus

// Writing a file replaces it whole: the new bytes go to a temporary file
// beside it, which is synced and then renamed over the original, so that
// the file is at every moment entirely old or entirely new.
//
// Nothing here is shared with the site's CMS, so an editor may save a file
// while the batch rewrites it. The rewrite is therefore a compare-and-swap:
// the file must still hold the bytes the batch loaded (a.Source) both before
// the temporary file is written and again right before the rename, after
// the temporary file's fsync, which is the slow step. A file that changed is
// left as the editor saved it and reported (ErrModified). What remains is
// the time between that last re-read and the rename, a few microseconds for
// a file of a few kilobytes: a save landing exactly there is still
// replaced. Without a lock shared with the CMS no writer can close that
// window; running the batch on a git checkout and committing the result
// does (see README, "What the batch guarantees").

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"recommend/internal/atomicfile"
)

// beforeRename, when set (by tests), runs after the temporary file is
// written and synced and before it is renamed over the original; an error
// from it aborts the write as a crash at that point would.
var beforeRename func(tmp, path string) error

// WriteRelated rewrites the file of a (found under root) so that its related
// blocks are links, atomically: the file is either entirely old or entirely
// new. It reports whether the file changed; an unchanged list writes nothing.
//
// The new bytes come from SetRelated on the file's bytes as loaded
// (a.Source: a.Src, or the file read again and matched against a.Sum).
// They are written to a temporary file in the same folder (named
// ".<name>.tmp-*", which Load ignores), synced, given the original's mode
// and renamed over the original; the folder is then synced. WriteRelated
// refuses a path outside root, a path through or to a symbolic link, and a
// file whose bytes on disk are no longer those loaded (edited since it was
// loaded: ErrModified), checked again right before the rename; a file
// without write permission for its owner (ErrReadOnly) is left alone too.
// On success a.Related, a.Sum and a.Src (when the article holds its bytes)
// describe the new file, and a.Stat is unknown (the next load records it).
func WriteRelated(root string, a *Article, links []Link) (bool, error) {
	path, err := checkPath(root, a.Path)
	if err != nil {
		return false, err
	}
	src, err := a.sourceAt(path)
	if err != nil {
		return false, err
	}
	reread := a.Src == nil // src was read from path just now
	out, err := SetRelated(src, links)
	if err != nil {
		return false, withPath(err, a.Path)
	}
	if bytes.Equal(out, src) {
		return false, nil // links are unchanged: nothing to write
	}
	st, err := os.Lstat(path)
	if err != nil {
		return false, &FileError{Path: a.Path, Err: err}
	}
	if !st.Mode().IsRegular() {
		return false, &FileError{Path: a.Path, Err: fmt.Errorf("not a regular file")}
	}
	if st.Mode().Perm()&0o200 == 0 {
		return false, &FileError{Path: a.Path, Err: ErrReadOnly}
	}
	if !reread {
		if err := unchanged(path, src); err != nil {
			return false, withPath(err, a.Path)
		}
	}
	if err := replaceFile(path, out, src); err != nil {
		return false, withPath(err, a.Path) // never the temporary file's name
	}
	if a.Src != nil {
		a.Src = out
	} else {
		a.Sum = FingerprintOf(out)
	}
	a.Stat = FileStat{} // a new file, too recent to trust
	a.Related = append([]Link(nil), links...)
	return true, nil
}

// WouldRewrite reports what WriteRelated would do to the file of a as it
// was loaded, for a dry run, without reading the file: whether its bytes
// would change (its related blocks differ from links), or the error that
// would refuse the rewrite (a bad link, ErrBadLink; blocks laid out in a
// way the rewriter does not handle, ErrNotRewritable). What it leaves to
// the write itself needs the file: whether the file on disk is still the
// one loaded (ErrModified), its permissions, and SetRelated's check of its
// own output. An article that holds its bytes (a.Src) gets SetRelated
// itself, which makes that last check too.
func (a *Article) WouldRewrite(links []Link) (bool, error) {
	if a.Src != nil {
		out, err := SetRelated(a.Src, links)
		if err != nil {
			return false, withPath(err, a.Path)
		}
		return !bytes.Equal(out, a.Src), nil
	}
	same, err := checkRewrite(a.Related, links, !a.Unrewritable)
	if err != nil {
		return false, withPath(err, a.Path)
	}
	return !same, nil
}

// checkPath returns the cleaned path of a file that must lie below root,
// refusing any symbolic link between root and the file, the file included.
func checkPath(root, p string) (string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", &FileError{Path: p, Err: err}
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", &FileError{Path: p, Err: err}
	}
	rel, err := filepath.Rel(absRoot, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", &FileError{Path: p, Err: fmt.Errorf("%w %s", ErrOutsideRoot, root)}
	}
	cur := absRoot
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		cur = filepath.Join(cur, part)
		st, err := os.Lstat(cur)
		if err != nil {
			return "", &FileError{Path: p, Err: err}
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return "", &FileError{Path: p, Err: ErrSymlink}
		}
	}
	return abs, nil
}

// unchanged checks that path is still a regular file holding exactly want.
// A difference is a *FileError with ErrModified.
func unchanged(path string, want []byte) error {
	st, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() || st.Size() != int64(len(want)) {
		return &FileError{Err: ErrModified}
	}
	cur, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, want) {
		return &FileError{Err: ErrModified}
	}
	return nil
}

// replaceFile writes data over path through the project's atomic writer
// (a temporary file beside path, synced, renamed), so that path is at every
// moment either old or new. Right before the rename it checks that path
// still holds old (see the top of this file), and otherwise leaves path
// alone and returns ErrModified. The file keeps its mode. A folder that
// could not be synced after the rename is not a failure: the file is
// written and readers see it.
func replaceFile(path string, data []byte, old []byte) error {
	err := atomicfile.WriteChecked(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, func(tmp string) error {
		if beforeRename != nil {
			if err := beforeRename(tmp, path); err != nil {
				return err
			}
		}
		// The compare-and-swap: nothing slow lies between this re-read
		// and the rename.
		return unchanged(path, old)
	})
	if errors.Is(err, atomicfile.ErrDirSync) {
		return nil
	}
	var ae *atomicfile.Error
	if errors.As(err, &ae) {
		return ae.Err // withPath names the article's file
	}
	return err
}
