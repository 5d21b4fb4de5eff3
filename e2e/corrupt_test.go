package e2e

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"recommend/corpus"
)

// corruption is one way a content file goes bad, as listed in the corpus
// issue, with the reason the loader must give for it.
type corruption struct {
	Name   string
	Reason error // the corpus.Err* value that Load must report
	// Apply returns the corrupted bytes of src; donorURL is the url of a good
	// file that sorts before this one in the same folder.
	Apply func(src []byte, donorURL string) []byte
	// Link makes the file a symbolic link to its donor instead.
	Link bool
}

// Lines of the front matter that the corruptions edit.
var (
	fmOpen  = []byte("---\n")
	fmClose = []byte("\n---\n")
)

// replaceLine replaces the first line that starts with prefix (at the start
// of a line) by repl (which includes its own newline, or is empty).
func replaceLine(src []byte, prefix, repl string) []byte {
	i := lineStart(src, prefix)
	if i < 0 {
		return nil
	}
	j := bytes.IndexByte(src[i:], '\n')
	if j < 0 {
		j = len(src) - i - 1
	}
	return slices.Concat(src[:i], []byte(repl), src[i+j+1:])
}

// lineStart returns the offset of the first line that starts with prefix.
func lineStart(src []byte, prefix string) int {
	if bytes.HasPrefix(src, []byte(prefix)) {
		return 0
	}
	i := bytes.Index(src, []byte("\n"+prefix))
	if i < 0 {
		return -1
	}
	return i + 1
}

// beforeClose inserts text just before the closing --- of the front matter.
func beforeClose(src []byte, text string) []byte {
	i := bytes.Index(src[len(fmOpen):], fmClose)
	if i < 0 {
		return nil
	}
	i += len(fmOpen) + 1
	return slices.Concat(src[:i], []byte(text), src[i:])
}

var corruptions = []corruption{
	{Name: "invalid YAML", Reason: corpus.ErrYAML, Apply: func(src []byte, _ string) []byte {
		return slices.Concat(fmOpen, []byte("oops: [never closed\n"), src[len(fmOpen):])
	}},
	{Name: "no front matter", Reason: corpus.ErrNoFrontMatter, Apply: func(src []byte, _ string) []byte {
		return src[len(fmOpen):]
	}},
	{Name: "unterminated front matter", Reason: corpus.ErrUnterminated, Apply: func(src []byte, _ string) []byte {
		i := bytes.Index(src[len(fmOpen):], fmClose)
		if i < 0 {
			return nil
		}
		i += len(fmOpen)
		return slices.Concat(src[:i+1], src[i+len(fmClose):])
	}},
	{Name: "non-UTF-8 bytes", Reason: corpus.ErrNotUTF8, Apply: func(src []byte, _ string) []byte {
		i := lineStart(src, "question:")
		if i < 0 {
			return nil
		}
		i += len("question:")
		return slices.Concat(src[:i], []byte(" \xc3\x28"), src[i:])
	}},
	{Name: "byte order mark", Reason: corpus.ErrBOM, Apply: func(src []byte, _ string) []byte {
		return slices.Concat([]byte("\uFEFF"), src)
	}},
	{Name: "CRLF line endings", Reason: corpus.ErrCRLF, Apply: func(src []byte, _ string) []byte {
		return bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
	}},
	{Name: "empty file", Reason: corpus.ErrEmpty, Apply: func([]byte, string) []byte { return []byte{} }},
	{Name: "2 MiB file", Reason: corpus.ErrTooLarge, Apply: func(src []byte, _ string) []byte {
		pad := bytes.Repeat([]byte("&nbsp; padding the body to two mebibytes\n"), (2<<20)/40)
		return slices.Concat(src, pad)[:2<<20]
	}},
	{Name: "missing url", Reason: corpus.ErrMissingField, Apply: func(src []byte, _ string) []byte {
		return replaceLine(src, "url:", "")
	}},
	{Name: "missing question", Reason: corpus.ErrMissingField, Apply: func(src []byte, _ string) []byte {
		i := lineStart(src, "question:")
		if i < 0 {
			return nil
		}
		return slices.Concat(src[:i], []byte("questoin:"), src[i+len("question:"):])
	}},
	{Name: "duplicate key", Reason: corpus.ErrDuplicateKey, Apply: func(src []byte, _ string) []byte {
		return beforeClose(src, "question: asked twice\n")
	}},
	{Name: "related block that is not a mapping", Reason: corpus.ErrBadRelated, Apply: func(src []byte, _ string) []byte {
		if lineStart(src, "related_article1:") >= 0 {
			return replaceLine(src, "related_article1:", "related_article1: see below\nrelated_article0_was:\n")
		}
		return beforeClose(src, "related_article1: see below\n")
	}},
	{Name: "related block without url", Reason: corpus.ErrBadRelated, Apply: func(src []byte, _ string) []byte {
		i := lineStart(src, "related_article1:")
		if i < 0 {
			return beforeClose(src, "related_article1:\n    id: 1\n    title: no url here\n")
		}
		j := bytes.Index(src[i:], []byte("\n    url:"))
		if j < 0 {
			return nil
		}
		j += i + 1
		return slices.Concat(src[:j], []byte("    link:"), src[j+len("    url:"):])
	}},
	{Name: "duplicate url", Reason: corpus.ErrDuplicateURL, Apply: func(src []byte, donorURL string) []byte {
		return replaceLine(src, "url:", "url: "+donorURL+"\n")
	}},
	{Name: "symbolic link", Reason: corpus.ErrSymlink, Link: true},
}

// corruptTree corrupts share of the *.md files below root (a copy of a
// corpus), cycling through every corruption, chosen by a generator seeded
// with seed. It returns the corruption applied to each file, by path
// relative to root. A file is only ever corrupted after its donor (a good
// file earlier in the same folder) is known to stay good.
func corruptTree(t testing.TB, root string, share float64, seed uint64) map[string]*corruption {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			paths = append(paths, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	n := max(len(corruptions), int(float64(len(paths))*share+0.5))
	rng := rand.New(rand.NewPCG(seed, 0xc0441))
	chosen := map[string]bool{}
	for _, i := range rng.Perm(len(paths))[:min(n, len(paths))] {
		chosen[paths[i]] = true
	}
	// The donor of a chosen file: the nearest earlier good file in its folder.
	donor := func(i int) string {
		for j := i - 1; j >= 0 && path.Dir(paths[j]) == path.Dir(paths[i]); j-- {
			if !chosen[paths[j]] {
				return paths[j]
			}
		}
		return ""
	}
	plan := map[string]*corruption{}
	k := 0
	for i, rel := range paths {
		if !chosen[rel] {
			continue
		}
		file := filepath.Join(root, filepath.FromSlash(rel))
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		d := donor(i)
		// Take the next corruption in turn that applies to this file.
		for try := range len(corruptions) {
			c := &corruptions[(k+try)%len(corruptions)]
			if (c.Link || c.Reason == corpus.ErrDuplicateURL) && d == "" {
				continue
			}
			if c.Link {
				os.Remove(file)
				if err := os.Symlink(path.Base(d), file); err != nil {
					t.Fatal(err)
				}
			} else {
				var donorURL string
				if d != "" {
					donorURL = urlOf(t, filepath.Join(root, filepath.FromSlash(d)))
				}
				out := c.Apply(slices.Clip(src), donorURL)
				if out == nil {
					continue
				}
				if err := os.WriteFile(file, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			plan[rel] = c
			k = (k + try + 1) % len(corruptions)
			break
		}
		if plan[rel] == nil {
			t.Fatalf("no corruption applies to %s", rel)
		}
	}
	return plan
}

// urlOf returns the url field of a good content file.
func urlOf(t testing.TB, file string) string {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := lineStart(src, "url:")
	if i < 0 {
		t.Fatalf("%s has no url line", file)
	}
	line, _, _ := bytes.Cut(src[i+len("url:"):], []byte("\n"))
	return string(bytes.TrimSpace(line))
}

// Each corruption, applied to real articles, is rejected by the parser for
// the reason it stands for; otherwise the end-to-end test would prove
// nothing about that kind of bad input.
func TestCorruptionsAreRejected(t *testing.T) {
	dir := seedsCopy(t)
	plan := corruptTree(t, dir, 0.6, 7) // most files: every kind several times
	counts := map[string]int{}
	for rel, c := range plan {
		counts[c.Name]++
		file := filepath.Join(dir, filepath.FromSlash(rel))
		if c.Link || c.Reason == corpus.ErrDuplicateURL {
			continue // decided by Load across files: checked below
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = corpus.Parse(file, src)
		if !errors.Is(err, c.Reason) {
			t.Errorf("%s (%s): Parse = %v, want %v", rel, c.Name, err, c.Reason)
		}
	}
	for _, c := range corruptions {
		if counts[c.Name] == 0 {
			t.Errorf("corruption %q was never applied", c.Name)
		}
	}
	_, bad, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]error{}
	for _, fe := range bad {
		rel, _ := filepath.Rel(dir, fe.Path)
		got[filepath.ToSlash(rel)] = fe
	}
	for rel, c := range plan {
		if err := got[rel]; !errors.Is(err, c.Reason) {
			t.Errorf("%s (%s): Load reports %v, want %v", rel, c.Name, err, c.Reason)
		}
	}
	for rel, err := range got {
		if plan[rel] == nil {
			t.Errorf("Load reports %s, which is not corrupted: %v", rel, err)
		}
	}
}
