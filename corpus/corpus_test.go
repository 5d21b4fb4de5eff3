package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"recommend/internal/corpustest"
)

// TestLoadCorpus loads the real corpus and checks it against the facts its
// README states.
func TestLoadCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	arts, bad, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("bad file: %v", b)
	}
	if len(arts) != 35915 {
		t.Errorf("Load: %d articles, want 35915", len(arts))
	}
	links, with := 0, 0
	for i := range arts {
		a := &arts[i]
		if i > 0 && arts[i-1].URL >= a.URL {
			t.Fatalf("not sorted by url at %d: %q then %q", i, arts[i-1].URL, a.URL)
		}
		if a.Question == "" || a.Title == "" || a.ID == "" || a.Subject == "" || a.Answer == "" {
			t.Errorf("%s: empty field in %+v", a.Path, a.Related)
		}
		if filepath.Dir(filepath.Dir(a.Path)) != dir {
			t.Errorf("Path %q not below %q", a.Path, dir)
		}
		links += len(a.Related)
		if len(a.Related) > 0 {
			with++
		}
	}
	if links != 103133 || with != 26218 {
		t.Errorf("related links: %d in %d articles, want 103133 in 26218", links, with)
	}
}

// TestCorpusRoundTrip rewrites every article of the real corpus in memory:
// with its own links (no byte may change), and with a different list (the
// links reversed, or one replaced, or one added where there were none),
// which yaml.v3 must read back with every other value unchanged and exactly
// the new links. It also checks that the fast scanner and yaml.v3 read each
// file alike.
func TestCorpusRoundTrip(t *testing.T) {
	dir := corpustest.Dir(t)
	arts, bad, err := Load(dir)
	if err != nil || len(bad) > 0 {
		t.Fatalf("Load: %v, %d bad files", err, len(bad))
	}
	var unchanged, reversed, replaced, added, fast atomic.Int64
	var wg sync.WaitGroup
	var next atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(arts) {
					return
				}
				if err := roundTrip(arts, i, &unchanged, &reversed, &replaced, &added, &fast); err != nil {
					t.Errorf("%s: %v", arts[i].Path, err)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d articles: %d rewritten with their own links, 0 bytes changed", len(arts), unchanged.Load())
	t.Logf("%d rewritten with other links and checked with yaml.v3 (%d reversed, %d with one replaced, %d with one added)",
		reversed.Load()+replaced.Load()+added.Load(), reversed.Load(), replaced.Load(), added.Load())
	t.Logf("%d of %d read by the fast scanner, identically to yaml.v3; the rest by yaml.v3", fast.Load(), len(arts))
	if n := unchanged.Load(); n != int64(len(arts)) {
		t.Errorf("%d of %d unchanged", n, len(arts))
	}
}

func roundTrip(arts []Article, i int, unchanged, reversed, replaced, added, fast *atomic.Int64) error {
	a := &arts[i]
	src, err := a.Source() // Load keeps the fingerprint, not the bytes
	if err != nil {
		return err
	}
	same, err := SetRelated(src, a.Related)
	if err != nil {
		return err
	}
	if !bytes.Equal(same, src) {
		return errors.New("own links changed the file")
	}
	unchanged.Add(1)

	d, err := parseDoc(src)
	if err != nil {
		return err
	}
	if top, ok := scanFast(src, d.fmStart, d.fmEnd); ok {
		slow, _, err := parseYAML(src, d.fmStart, d.fmEnd)
		if err != nil || !sameEntries(top, slow) {
			return fmt.Errorf("fast scanner and yaml.v3 disagree (%v)", err)
		}
		fast.Add(1)
	}

	// other is the next article not yet linked.
	j := (i + 1) % len(arts)
	for slices.ContainsFunc(a.Related, func(l Link) bool { return l.URL == arts[j].URL }) {
		j = (j + 1) % len(arts)
	}
	other := LinkTo(&arts[j])
	links := slices.Clone(a.Related)
	slices.Reverse(links)
	switch {
	case len(links) == 0:
		links = []Link{other}
		added.Add(1)
	case slices.Equal(links, a.Related):
		links[len(links)-1] = other
		replaced.Add(1)
	default:
		reversed.Add(1)
	}
	out, err := SetRelated(src, links)
	if err != nil {
		return err
	}
	if bytes.Equal(out, src) {
		return errors.New("new links left the file unchanged")
	}
	return rewriteProblem(src, out, links)
}
