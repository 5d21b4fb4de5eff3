package e2e

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// entry is the state of one file (or symbolic link) of a tree.
type entry struct {
	Hash [sha256.Size]byte // of the content; zero for a link
	Size int64
	Mode fs.FileMode // type and permission bits
	Link string      // target of a symbolic link
}

// tree maps slash-separated paths relative to the root to their state.
// Folders are not listed; their files are.
type tree map[string]entry

// snapshot records every file and symbolic link below root, hashing the
// files in parallel.
func snapshot(t testing.TB, root string) tree {
	t.Helper()
	type job struct {
		rel, path string
	}
	var jobs []job
	out := tree{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			out[rel] = entry{Mode: fs.ModeSymlink, Link: target}
			return nil
		}
		jobs = append(jobs, job{rel, path})
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", root, err)
	}
	entries := make([]entry, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	const workers = 4
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(jobs); i += workers {
				entries[i], errs[i] = hashFile(jobs[i].path)
			}
		})
	}
	wg.Wait()
	for i, j := range jobs {
		if errs[i] != nil {
			t.Fatalf("snapshot: %v", errs[i])
		}
		out[j.rel] = entries[i]
	}
	return out
}

func hashFile(path string) (entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return entry{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return entry{}, err
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return entry{}, fmt.Errorf("%s: %w", path, err)
	}
	var e entry
	copy(e.Hash[:], h.Sum(nil))
	e.Size, e.Mode = n, st.Mode()
	return e, nil
}

// treeDiff lists how b differs from a: paths whose state changed, paths
// only in b, paths only in a; each sorted.
type treeDiff struct {
	Changed, Added, Removed []string
}

func (d treeDiff) Empty() bool { return len(d.Changed)+len(d.Added)+len(d.Removed) == 0 }

func (d treeDiff) String() string {
	var b strings.Builder
	for _, part := range []struct {
		name  string
		paths []string
	}{{"changed", d.Changed}, {"added", d.Added}, {"removed", d.Removed}} {
		if len(part.paths) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%d %s", len(part.paths), part.name)
		show := part.paths[:min(5, len(part.paths))]
		fmt.Fprintf(&b, " (e.g. %s); ", strings.Join(show, ", "))
	}
	if b.Len() == 0 {
		return "no difference"
	}
	return strings.TrimSuffix(b.String(), "; ")
}

func compare(a, b tree) treeDiff {
	var d treeDiff
	for p, eb := range b {
		ea, ok := a[p]
		switch {
		case !ok:
			d.Added = append(d.Added, p)
		case ea != eb:
			d.Changed = append(d.Changed, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			d.Removed = append(d.Removed, p)
		}
	}
	slices.Sort(d.Changed)
	slices.Sort(d.Added)
	slices.Sort(d.Removed)
	return d
}

// without returns a copy of t without the given paths.
func (t tree) without(paths ...string) tree {
	out := make(tree, len(t))
	for p, e := range t {
		out[p] = e
	}
	for _, p := range paths {
		delete(out, p)
	}
	return out
}

// copyTree copies the files and symbolic links below src into dst, which
// need not exist, as a site's working copy would have them: folders 0755,
// files 0644 (the shared corpus is read-only; its copy must not be).
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	type job struct{ from, to string }
	var jobs []job
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		default:
			jobs = append(jobs, job{path, to})
			return nil
		}
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	const workers = 4
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(jobs); i += workers {
				errs[i] = copyFile(jobs[i].from, jobs[i].to)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("copy %s: %v", src, err)
		}
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// restore makes the tree at dst equal to want again, copying the files that
// differ from src (whose snapshot want is) and removing files that are not
// in want. It is how a trial gets a pristine copy without copying 240 MB.
func restore(t testing.TB, src string, want tree, dst string) {
	t.Helper()
	d := compare(want, snapshot(t, dst))
	for _, p := range d.Added {
		if err := os.Remove(filepath.Join(dst, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range append(d.Changed, d.Removed...) {
		to := filepath.Join(dst, filepath.FromSlash(p))
		os.Remove(to)
		if want[p].Mode&fs.ModeSymlink != 0 {
			if err := os.Symlink(want[p].Link, to); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := copyFile(filepath.Join(src, filepath.FromSlash(p)), to); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(to, want[p].Mode.Perm()); err != nil {
			t.Fatal(err)
		}
	}
	if d := compare(want, snapshot(t, dst)); !d.Empty() {
		t.Fatalf("restore %s: still %s", dst, d)
	}
}
