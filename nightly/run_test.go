package nightly

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"recommend/index"
)

// TestRun starts a writing run on a copy of seeds/, wants a second
// writing run on the folder refused while the first holds its lock, and
// finishes the first: the summary counts what Write changed, and the
// lock is free again after Release.
func TestRun(t *testing.T) {
	dir := seedCopy(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	arts, bad, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := seedConfig(len(arts))
	ed, err := LoadEditors(EditorSettings{Overrides: filepath.Join(dir, "none.yaml"), Margin: -1}, cfg.TopK)
	if err != nil {
		t.Fatal(err)
	}
	run, err := Start(dir, true, ed, log)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Release()
	if run.Writer == nil {
		t.Fatal("a writing run holds no lock")
	}
	other, err := Start(dir, true, ed, log)
	other.Release()
	if err == nil {
		t.Error("a second writing run started while the first holds the folder")
	}
	run.Summary = NewSummary(dir, "ix", cfg, time.Now())
	run.SetArticles(arts, bad)
	model, err := Build(run.Articles, cfg, -1)
	if err != nil {
		t.Fatal(err)
	}
	res := Decide(run.Articles, model, run.Editors)
	var calls atomic.Int64
	run.Finish(res, func() { calls.Add(1) })
	s := run.Summary
	if s.Changed == 0 || len(s.Failed) != 0 || !s.Written || s.Articles != len(arts) || calls.Load() != int64(len(arts)) {
		t.Errorf("summary %+v after %d calls; want changes, no failure, written, %d articles", s, calls.Load(), len(arts))
	}
	run.Release()
	again, err := Start(dir, true, ed, log)
	again.Release()
	if err != nil {
		t.Errorf("after Release: %v", err)
	}
}

// TestClaimIndex wants a new or index folder claimed and a folder of
// other files refused as not an index.
func TestClaimIndex(t *testing.T) {
	if err := ClaimIndex(filepath.Join(t.TempDir(), "new")); err != nil {
		t.Errorf("new folder: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ClaimIndex(dir); !errors.Is(err, index.ErrNotIndex) {
		t.Errorf("folder of other files: %v, want index.ErrNotIndex", err)
	}
}
