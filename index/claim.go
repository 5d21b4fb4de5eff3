package index

// An index folder is the index's own: Write removes old generations and
// temporary folders from it, so it must never be a folder that holds
// anything else (--index . or a mistyped RECOMMEND_INDEX would otherwise
// lose whatever there looks like a generation).
//
// Claim is the gate. A folder that does not exist yet, or is empty, is
// created and marked with a small file, MarkerName. A folder that is
// marked, or that holds only what an index holds (an index written before
// the marker existed), is accepted and marked. Anything else is refused
// with ErrNotIndex, naming the first entry that does not belong, before
// anything is written or removed. Write claims the folder itself when it
// is not marked, and its cleanup only ever removes entries named as the
// index names them (gen-<16 hex>, tmp-<digits>) inside a marked folder.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"recommend/internal/atomicfile"
)

// MarkerName is the file that marks a folder as an index folder.
const MarkerName = ".recommend-index"

// ErrNotIndex means a folder given as the index folder holds other things.
var ErrNotIndex = errors.New("not an index folder")

const markerText = "This folder is an index of recommend (recommend batch --index).\nIts contents are replaced by every batch run: keep nothing else here.\n"

// isTmpName reports whether name is one os.MkdirTemp gives Write's
// temporary folders: "tmp-" and digits.
func isTmpName(name string) bool {
	rest, ok := strings.CutPrefix(name, tmpPrefix)
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

// Claim makes dir an index folder, or checks that it is one, before a
// batch writes into it. Besides what the index itself holds, the folder
// may hold files whose names match one of also (filepath.Match patterns):
// what the caller keeps beside the index. A folder holding anything else
// is refused with ErrNotIndex.
func Claim(dir string, also ...string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	marked := false
	for _, e := range ents {
		name := e.Name()
		if name == MarkerName && e.Type().IsRegular() {
			marked = true
			continue
		}
		if !ownEntry(e, also) {
			what := "file"
			if e.IsDir() {
				what = "folder"
			}
			return fmt.Errorf("index: %s: %w: it holds the %s %q, which recommend did not make; give --index (or RECOMMEND_INDEX) a new or empty folder", dir, ErrNotIndex, what, name)
		}
	}
	if marked {
		return nil
	}
	if _, err := writeFile(filepath.Join(dir, MarkerName), func(w io.Writer) error {
		_, err := io.WriteString(w, markerText)
		return err
	}); err != nil {
		return err
	}
	return nil
}

// ownEntry reports whether e is something an index folder holds: the
// pointer and its temporary files, generations, temporary folders, or a
// regular file matching one of also.
func ownEntry(e fs.DirEntry, also []string) bool {
	name := e.Name()
	if e.IsDir() {
		return isGenName(name) || isTmpName(name)
	}
	if !e.Type().IsRegular() {
		return false
	}
	if name == currentTag || isTempOf(name, currentTag) || isTempOf(name, MarkerName) {
		return true
	}
	for _, p := range also {
		if ok, _ := filepath.Match(p, name); ok {
			return true
		}
	}
	return false
}

// isTempOf reports whether name is a temporary file writeFile makes for
// base: "." + base + ".tmp-" + digits (see internal/atomicfile), or, as
// versions before it named them and a crash may have left them, "." + base
// + "." + digits.
func isTempOf(name, base string) bool {
	if b, ok := atomicfile.TempOf(name); ok {
		return b == base
	}
	rest, ok := strings.CutPrefix(name, "."+base+".")
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

// marked reports whether dir carries the index folder's marker.
func marked(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, MarkerName))
	return err == nil && st.Mode().IsRegular()
}
