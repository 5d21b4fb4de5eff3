// Package atomicfile replaces a file whole, so that a reader, or a crash,
// sees either the old file or the new one and never a part of either.
//
// Write is os.WriteFile made atomic. The new bytes go to a temporary file
// in the target's own folder (so that the rename stays on one file system),
// named "." + base + ".tmp-" + digits: hidden, and recognisable by IsTemp
// so that whoever owns the folder can tell a crashed write's leftover from
// anything else. The temporary file is written through a buffer, flushed,
// synced and closed; an optional check then runs (the caller's
// compare-and-swap: it may refuse the rename); the file is renamed over the
// target and the folder is synced, which makes the rename itself durable.
// On every error before the rename the temporary file is removed and the
// target is untouched; Write deletes only what it created.
//
// The mode follows os.WriteFile: a new file gets perm less the umask (the
// kernel applies it when the temporary file is created), and a file that
// exists keeps its permission bits exactly, umask or not (a rewrite must not
// change who may read an article or an overrides file). A symbolic link at
// the target is replaced by the file, not followed: a caller that means to
// write through a link resolves it first.
//
// Errors name the target, never the temporary file, which the user never
// asked for: an *Error holds the path, the step that failed and the cause.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// tempInfix separates the target's name from the random digits in a
// temporary file's name.
const tempInfix = ".tmp-"

// ErrDirSync marks the one failure that comes after the rename: the file
// is in place, new, but its folder could not be synced, so a crash might
// still bring the old one back. A caller that only needs the new bytes
// visible may treat it as success.
var ErrDirSync = errors.New("written, but its folder could not be synced")

// Error is a failed Write: the file being written (never the temporary
// file's name), the step that failed ("create", "write", "sync", "close",
// "rename", "sync folder") and the cause.
type Error struct {
	Path string
	Op   string
	Err  error
}

// Error returns "PATH: cause", the way os and the project's messages name a
// file.
func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the cause, so that errors.Is(err, fs.ErrPermission) and
// the like work.
func (e *Error) Unwrap() error { return e.Err }

// noFolder is the cause when the target's folder does not exist: the
// message says so in words instead of the temporary file's ENOENT.
type noFolder struct{ err error }

func (e noFolder) Error() string { return "its folder does not exist" }
func (e noFolder) Unwrap() error { return e.err }

// Write replaces the file at path with what fill writes, atomically (see
// the package doc). fill gets a buffered writer, flushed by Write; an error
// from fill aborts the write and is returned wrapped in an *Error. perm is
// the mode of a new file, less the umask; an existing file keeps its own.
func Write(path string, perm fs.FileMode, fill func(w io.Writer) error) error {
	return WriteChecked(path, perm, fill, nil)
}

// WriteBytes is Write for content already in memory.
func WriteBytes(path string, perm fs.FileMode, data []byte) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteChecked is Write with a compare-and-swap hook: check, when not nil,
// runs after the temporary file is written, synced and closed and right
// before the rename, so that nothing slow lies between it and the rename.
// It gets the temporary file's path, complete, for tests that look at it.
// An error from check leaves path untouched, removes the temporary file and
// is returned as it is (not wrapped), so that the caller's own error values
// reach its caller unchanged.
func WriteChecked(path string, perm fs.FileMode, fill func(w io.Writer) error, check func(tmp string) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	keep := false // whether the existing file's mode must be set on the new one
	if st, serr := os.Stat(path); serr == nil {
		perm, keep = st.Mode().Perm(), true
	}
	f, err := create(dir, base, perm)
	if err != nil {
		err = cause(err)
		if errors.Is(err, fs.ErrNotExist) {
			err = noFolder{err}
		}
		return &Error{Path: path, Op: "create", Err: err}
	}
	tmp := f.Name()
	closed, renamed := false, false
	defer func() {
		// Every way out before the rename, a panic in fill or check
		// included, removes the temporary file.
		if !renamed {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
		}
	}()
	fail := func(op string, e error) error { return &Error{Path: path, Op: op, Err: cause(e)} }
	bw := bufio.NewWriterSize(f, 1<<16)
	if e := fill(bw); e != nil {
		return &Error{Path: path, Op: "write", Err: e}
	}
	if e := bw.Flush(); e != nil {
		return fail("write", e)
	}
	if keep {
		// Chmod, unlike the create, is not subject to the umask.
		if e := f.Chmod(perm); e != nil {
			return fail("chmod", e)
		}
	}
	if e := f.Sync(); e != nil {
		return fail("sync", e)
	}
	closed = true
	if e := f.Close(); e != nil {
		return fail("close", e)
	}
	if check != nil {
		if e := check(tmp); e != nil {
			return e
		}
	}
	if e := os.Rename(tmp, path); e != nil {
		return fail("rename", e)
	}
	renamed = true
	if e := syncDir(dir); e != nil {
		return &Error{Path: path, Op: "sync folder", Err: fmt.Errorf("%w: %w", ErrDirSync, cause(e))}
	}
	return nil
}

// create makes a new temporary file for base in dir with mode perm (less
// the umask), trying new random digits while the name is taken.
func create(dir, base string, perm fs.FileMode) (*os.File, error) {
	for try := 0; ; try++ {
		name := filepath.Join(dir, "."+base+tempInfix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if err == nil || !errors.Is(err, fs.ErrExist) || try == 10000 {
			return f, err
		}
	}
}

// syncDir makes the entries of dir, a rename among them, durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// cause strips the *fs.PathError or *os.LinkError that names the temporary
// file, keeping what went wrong.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// IsTemp reports whether name (a base name) is a temporary file that Write
// makes: "." + base + ".tmp-" + digits, for any non-empty base.
func IsTemp(name string) bool {
	_, ok := TempOf(name)
	return ok
}

// TempOf returns the base name of the file that name, a temporary file of
// Write, was to replace, and whether name is one at all.
func TempOf(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, ".")
	if !ok {
		return "", false
	}
	i := strings.LastIndex(rest, tempInfix)
	if i <= 0 {
		return "", false
	}
	digits := rest[i+len(tempInfix):]
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	return rest[:i], true
}

// TempPattern is the filepath.Match pattern of the temporary files Write
// makes for base, for callers that list what a folder may hold.
func TempPattern(base string) string { return "." + base + tempInfix + "*" }
