package corpus

// Loading a content folder is three passes. The walk (one goroutine, lexical
// order) lists every regular *.md file below the folder and reports, without
// following them, symbolic links and other non-regular files; the hidden
// temporary files of an interrupted write end in ".tmp-<digits>", not ".md",
// and are never listed. The parse reads and parses the listed files on all
// cores, each into its own slot, refusing a file larger than MaxFileSize
// unread. The merge then walks the slots in path order, so that the first
// file holding a url keeps it on every run whatever the worker count, and
// sorts the articles by URL and the bad files by path. A bad file costs
// only itself: it becomes one *FileError naming file, line and reason, and
// the rest load.

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"recommend/internal/par"
)

// FileError reports one content file that could not be used, with the line
// where the problem was found (0 when unknown).
type FileError struct {
	Path string
	Line int
	Err  error
}

func (e *FileError) Error() string {
	// An error of the os package names a path itself, sometimes a
	// temporary file's: the file is named once, by e.Path.
	reason := e.Err.Error()
	var pe *fs.PathError
	if errors.As(e.Err, &pe) && e.Path != "" {
		reason = pe.Err.Error()
	}
	switch {
	case e.Path == "" && e.Line > 0:
		return "line " + strconv.Itoa(e.Line) + ": " + reason
	case e.Line > 0:
		return e.Path + ":" + strconv.Itoa(e.Line) + ": " + reason
	case e.Path == "":
		return reason
	}
	return e.Path + ": " + reason
}

// Unwrap returns the reason, one of the Err* values where it is known.
func (e *FileError) Unwrap() error { return e.Err }

// Load reads every *.md file below dir and returns the articles sorted by URL,
// plus one *FileError per file that could not be used, sorted by path. A bad
// file never stops the others from loading. The error is non-nil only when
// dir itself cannot be read.
//
// Files are parsed in parallel (GOMAXPROCS workers); the result does not
// depend on their number. Symbolic links below dir are reported, not
// followed (dir itself may be one). When two files share a url, the first
// in path order keeps it and the other is reported. Article.Path is the
// file's path joined onto dir.
func Load(dir string) ([]Article, []*FileError, error) { return LoadFound(dir, nil) }

// LoadFound is Load calling found, when not nil, once with the number of
// *.md files below dir as soon as the folder is walked, before any file
// is read: a caller sizes what the load will need there (a batch raises
// its memory limit to the corpus before the load's own garbage, some
// 1 GB at a million articles, makes the collector run back to back under
// the small default limit).
func LoadFound(dir string, found func(files int)) ([]Article, []*FileError, error) {
	return LoadKnown(dir, found, nil, nil)
}

// Known gives, for the fingerprint of a file's bytes, the article that
// bytes of that fingerprint parsed to on an earlier run (its Path and Src
// aside), or false: LoadKnown does not parse a file it knows. It is
// called from several goroutines at once.
type Known func(sum Fingerprint) (Article, bool)

// LoadKnown is LoadFound where a file is read and fingerprinted as
// always, but one whose fingerprint known (nil: none) knows is not
// parsed: its article is known's, with Path the file's path and Sum its
// fingerprint. Whatever the load does with a parsed article (the
// duplicate urls, the order) it does with a known one. A caller that
// kept only some fields of the articles (an incremental night keeps no
// answer) gets those, and must not read the others of a known file.
//
// With stats (nil: none), the identities an earlier run recorded, a file
// whose stat identity is the recorded one is not even read when known
// knows the bytes recorded with it: its article is known's for them, with
// Sum the recorded fingerprint (stat.go). Every article keeps its file's
// identity where it may be trusted (Article.Stat), for WriteStats.
func LoadKnown(dir string, found func(files int), known Known, stats *Stats) ([]Article, []*FileError, error) {
	start := time.Now() // before any file is statted or read
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, err // names dir
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("%s: not a folder", dir)
	}
	var paths []string
	var bad []*FileError
	// A root that is itself a symbolic link to a folder is walked through
	// (the trailing separator makes WalkDir resolve it); links below it are not.
	root := dir
	if lst, err := os.Lstat(dir); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
		root = dir + string(filepath.Separator)
	}
	walkErr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			bad = append(bad, &FileError{Path: path, Err: err})
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			if filepath.Ext(path) == ".md" || isDirLink(path) {
				bad = append(bad, &FileError{Path: path, Err: ErrSymlink})
			}
		case d.IsDir() || filepath.Ext(path) != ".md":
		case !d.Type().IsRegular():
			bad = append(bad, &FileError{Path: path, Err: errors.New("not a regular file")})
		default:
			paths = append(paths, path)
		}
		return nil
	})
	if walkErr != nil {
		return nil, nil, walkErr // names the path
	}
	if found != nil {
		found(len(paths))
	}

	type result struct {
		a   Article
		err *FileError
	}
	// First every file whose identity is the recorded one (a stat each,
	// which needs nothing of known: a caller reading its state meanwhile
	// is not waited for), then the articles known for them and the other
	// files read.
	var same []statMatch
	if stats != nil && known != nil {
		same = make([]statMatch, len(paths))
		par.For(len(paths), 0, func(i int) { same[i] = stats.match(root, paths[i], start) })
	}
	results := make([]result, len(paths))
	par.For(len(paths), 0, func(i int) {
		if same != nil && same[i].ok {
			if a, ok := known(same[i].sum); ok {
				stats.unread.Add(1)
				a.Path, a.Src, a.Sum, a.Stat = paths[i], nil, same[i].sum, same[i].stat
				results[i].a = a
				return
			}
		}
		a, err := readFile(paths[i], known, start)
		if err != nil {
			results[i].err = err
			return
		}
		results[i].a = a
	})

	// paths is in lexical order (WalkDir), so the first holder of a url is
	// the same on every run.
	articles := make([]Article, 0, len(paths))
	owner := make(map[string]string, len(paths))
	for i := range results {
		r := &results[i]
		if r.err != nil {
			bad = append(bad, r.err)
			continue
		}
		if first, dup := owner[r.a.URL]; dup {
			// The bytes are not kept (readFile): the line is found in
			// the file read again, as it is now (0 if it cannot be read).
			src, _ := readSource(r.a.Path)
			bad = append(bad, &FileError{Path: r.a.Path, Line: lineOfKey(src, "url"),
				Err: fmt.Errorf("%w %s: also in %s", ErrDuplicateURL, r.a.URL, first)})
			continue
		}
		owner[r.a.URL] = r.a.Path
		articles = append(articles, r.a)
	}
	slices.SortFunc(articles, func(x, y Article) int { return cmp.Compare(x.URL, y.URL) })
	slices.SortStableFunc(bad, func(x, y *FileError) int { return cmp.Compare(x.Path, y.Path) })
	return articles, bad, nil
}

// isDirLink reports whether the symbolic link at path points at a directory.
func isDirLink(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// relPath is filepath.Rel(root, path) for a path the walk of root
// found, without its cleaning where path starts with root and a
// separator, as the walk's paths do.
func relPath(root, path string) (string, error) {
	if len(path) > len(root)+1 && path[:len(root)] == root && path[len(root)] == filepath.Separator && root[len(root)-1] != filepath.Separator {
		return path[len(root)+1:], nil
	}
	return filepath.Rel(root, path)
}

// readFile reads and parses one file, refusing oversized ones unread; a
// file whose fingerprint known knows is not parsed (LoadKnown). The
// article keeps the bytes' fingerprint, not the bytes (Article.Source),
// and the file's identity as it was read when it may be trusted at start,
// the load's start (stat.go).
func readFile(path string, known Known, start time.Time) (Article, *FileError) {
	src, id, err := readSourceStat(path)
	if err != nil {
		return Article{}, &FileError{Path: path, Err: err}
	}
	if !id.settledAt(start) {
		id = FileStat{}
	}
	sum := FingerprintOf(src)
	if known != nil {
		if a, ok := known(sum); ok {
			a.Path, a.Src, a.Sum, a.Stat = path, nil, sum, id
			return a, nil
		}
	}
	a, err := Parse(path, src)
	if err != nil {
		return Article{}, err.(*FileError)
	}
	a.Src, a.Sum, a.Stat = nil, sum, id
	return a, nil
}

// readSource reads the file at path whole, refusing one larger than
// MaxFileSize (ErrTooLarge) unread.
func readSource(path string) ([]byte, error) {
	src, _, err := readSourceStat(path)
	return src, err
}

// readSourceStat is readSource also returning the file's identity from a
// stat of the open file made before its bytes were read (zero where the
// platform gives none): a write after that stat moves the identity.
func readSourceStat(path string) ([]byte, FileStat, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, FileStat{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, FileStat{}, err
	}
	if st.Size() > MaxFileSize {
		return nil, FileStat{}, fmt.Errorf("%w (%d bytes)", ErrTooLarge, st.Size())
	}
	id, _ := statOf(st)
	src, err := readAll(f, st.Size())
	if err != nil {
		return nil, FileStat{}, err
	}
	if len(src) > MaxFileSize {
		return nil, FileStat{}, fmt.Errorf("%w (%d+ bytes)", ErrTooLarge, len(src))
	}
	if id.Size != int64(len(src)) { // the file grew or shrank while read
		id = FileStat{}
	}
	return src, id, nil
}

// readAll reads f to its end, or to one byte past MaxFileSize, in a
// buffer sized for the expected size.
func readAll(f *os.File, size int64) ([]byte, error) {
	buf := make([]byte, 0, min(size, MaxFileSize)+1)
	for len(buf) <= MaxFileSize {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):min(cap(buf), MaxFileSize+1)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// lineOfKey returns the line of the first top-level "key:" in src, or 0.
func lineOfKey(src []byte, key string) int {
	line := 1
	for off := 0; off < len(src); line++ {
		rest := src[off:]
		if len(rest) > len(key) && string(rest[:len(key)]) == key && rest[len(key)] == ':' {
			return line
		}
		nl := 0
		for nl < len(rest) && rest[nl] != '\n' {
			nl++
		}
		off += nl + 1
	}
	return 0
}
