package nightly

// An incremental night (recommend.Update) ranks from the state the last
// night saved beside the index (StateFile), recomputing only the lists
// that the day's changed, new and deleted articles can enter or leave.
// BuildNight chooses: a full build on request (--full), or when the state
// is missing, unreadable, from another format version, from other
// settings, or when the edits since the last full build passed
// recommend.MaxDrift; it says why in one log line, so that a night never
// silently uses a state it cannot trust. SaveState writes the state of
// the night's model (atomically). Batch reads the state while the corpus
// loads and, on a dry run, writes it while the outputs are saved: it is a
// hundred megabytes, encoded and decoded on one core, and it describes the corpus
// as loaded, not the outputs, so neither waits for the other; a run that
// rewrites files writes it once they are written, so that the next night
// knows each file by the bytes it holds then. The state's first part,
// the files it knows (their fingerprints and fields), is read before the
// rest, so that the load, which asks it about every file it reads, does
// not wait for the rest. Beside the state, StatFile keeps each file's
// stat identity as the night saw it (corpus.WriteStats): the next load
// takes a file whose identity did not move without reading it.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"recommend/corpus"
	"recommend/eval"
	"recommend/internal/atomicfile"
	"recommend/recommend"
)

// StateFile is the file, in the index folder, that holds the state an
// incremental night starts from (recommend.Snapshot).
const StateFile = "state.bin"

// StatFile is the file, beside the state, that holds the stat identities
// of the corpus's files as the night saw them (corpus.WriteStats): the
// next night does not read a file whose identity is the recorded one. It
// is a cache of the file system's, not an output: another copy of the
// same corpus has other identities.
const StatFile = "filestat.bin"

// Night says how a night's model was built.
type Night struct {
	// Incremental is true when the model came from the saved state.
	Incremental bool
	// Reason says why the night built in full ("" when incremental).
	Reason string
	// Change is what the incremental night found (nil for a full build).
	Change *recommend.Change
}

// BuildNight ranks every article's candidates as Build does, from the
// state saved in indexDir when it can (unless full), and says on log in
// one line what the incremental night found, or why it built in full.
func BuildNight(arts []corpus.Article, cfg recommend.Config, margin float64, indexDir string, full bool, log *slog.Logger) (*recommend.Model, Night, error) {
	var state func() savedState
	if !full {
		state = startReadState(indexDir).done
	}
	m, night, _, err := buildNight(arts, cfg, margin, state, log, Build, nil, false)
	return m, night, err
}

// buildNight is BuildNight with the saved state from state (nil: a full
// build on request), which may have been read while the corpus loaded, and
// the full build made by build (Build, or Batch's buildDropping). A full
// build gets its articles from reload when set (Batch: a load that did
// not parse the files the state knows leaves their text out); they are
// returned with the model.
//
// With analyse, every article is analysed again, none taken from the
// state (recommend.UpdateAnalysing): tests hold the night that keeps
// them to it.
func buildNight(arts []corpus.Article, cfg recommend.Config, margin float64, state func() savedState, log *slog.Logger,
	build func([]corpus.Article, recommend.Config, float64) (*recommend.Model, error),
	reload func() ([]corpus.Article, error), analyse bool) (*recommend.Model, Night, []corpus.Article, error) {
	reason, level := "asked for (--full)", slog.LevelInfo
	if state != nil {
		st := state()
		prev, why := st.snap, st.why
		if st.damaged {
			level = slog.LevelWarn
		}
		if prev != nil {
			update := recommend.Update
			if analyse {
				update = recommend.UpdateAnalysing
			}
			m, ch, err := update(prev, arts, eval.CandidateConfig(cfg, margin))
			if err == nil {
				log.Info(fmt.Sprintf("incremental night: %d articles changed, %d new, %d deleted; %d other lists relisted, %d lists finished again (the rest kept), %d of them widened past rewordings (%d searched again); %d files' analysis kept",
					ch.Changed, ch.Added, ch.Deleted, ch.Relisted, ch.Finished, ch.Widened, ch.WideSearched, ch.Kept),
					"changed", ch.Changed, "added", ch.Added, "deleted", ch.Deleted, "relisted", ch.Relisted,
					"rescanned", ch.Rescanned, "finished", ch.Finished, "unreached", ch.Unreached, "widened", ch.Widened, "wide_searched", ch.WideSearched, "kept", ch.Kept, "drift", ch.Drift)
				return m, Night{Incremental: true, Change: ch}, arts, nil
			}
			var rb *recommend.RebuildError
			if !errors.As(err, &rb) {
				return nil, Night{}, nil, fmt.Errorf("building the model: %w", err)
			}
			why = rb.Reason
		}
		reason = why
	}
	log.Log(context.Background(), level, "full rebuild: "+reason, "reason", reason)
	if reload != nil {
		var err error
		if arts, err = reload(); err != nil {
			return nil, Night{}, nil, err
		}
	}
	m, err := build(arts, cfg, margin)
	return m, Night{Reason: reason}, arts, err
}

// savedState is readState's outcome.
type savedState struct {
	snap    *recommend.Snapshot
	why     string
	damaged bool
	took    time.Duration // the read's wall time
}

// stateReading is a state being read (startReadState).
type stateReading struct {
	// files waits for the state's articles' files (their fingerprints
	// and fields, recommend.ReadSnapshotEarly) and returns them: nil when
	// the state could not be read that far.
	files func() *recommend.Snapshot
	// done waits for the whole state.
	done func() savedState
}

// startReadState starts reading the state saved in indexDir (readState).
// A batch starts it before the corpus loads: the state is tens of
// megabytes, read and decoded on one core while the load reads the
// files, and the load needs only its first part, the files it knows.
func startReadState(indexDir string) stateReading {
	early, done := make(chan *recommend.Snapshot, 1), make(chan savedState, 1)
	go func() {
		start, sent := time.Now(), false
		s, why, damaged := readState(indexDir, func(s *recommend.Snapshot) { early <- s; sent = true })
		if !sent {
			early <- nil
		}
		done <- savedState{s, why, damaged, time.Since(start)}
	}()
	return stateReading{files: sync.OnceValue(func() *recommend.Snapshot { return <-early }),
		done: sync.OnceValue(func() savedState { return <-done })}
}

// readState reads the state saved in indexDir, calling files as
// recommend.ReadSnapshotEarly does; on failure it returns nil and why,
// and whether a state was there but could not be used (a warning, where
// a missing state is the first night's normal case).
func readState(indexDir string, files func(*recommend.Snapshot)) (*recommend.Snapshot, string, bool) {
	path := filepath.Join(indexDir, StateFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "no saved state from an earlier night (" + path + ")", false
	}
	if err != nil {
		return nil, "cannot read the saved state: " + err.Error(), true
	}
	defer f.Close()
	s, err := recommend.ReadSnapshotEarly(f, files)
	if errors.Is(err, recommend.ErrSnapshotVersion) {
		return nil, "the saved state " + path + " is from another version: " + err.Error(), true
	}
	if err != nil {
		return nil, "the saved state " + path + " is unreadable: " + err.Error(), true
	}
	return s, "", false
}

// readStats reads the stat identities saved in indexDir (StatFile), or
// returns nil, saying why on log when there was a file: every file is
// then read.
func readStats(indexDir string, log *slog.Logger) *corpus.Stats {
	f, err := os.Open(filepath.Join(indexDir, StatFile))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Debug("reading every file: the files' identities are unreadable", "reason", err.Error())
		}
		return nil
	}
	defer f.Close()
	s, err := corpus.ReadStats(f)
	if err != nil {
		log.Debug("reading every file: the files' identities are unreadable", "reason", err.Error())
		return nil
	}
	return s
}

// WriteStats writes, atomically to indexDir, the stat identities of the
// files of arts loaded from the folder corp (corpus.WriteStats), for the
// next night; with no articles it removes the saved ones.
func WriteStats(indexDir, corp string, arts []corpus.Article) error {
	path := filepath.Join(indexDir, StatFile)
	if len(arts) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing the files' identities: %w", err)
		}
		return nil
	}
	if err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		return corpus.WriteStats(w, corp, arts)
	}); err != nil {
		return fmt.Errorf("saving the files' identities for the next night: %w", err)
	}
	return nil
}

// SaveState writes the state of model, built from arts, to indexDir for
// the next night (WriteState).
func SaveState(indexDir string, model *recommend.Model, arts []corpus.Article) error {
	return WriteState(indexDir, StateOf(model, arts))
}

// StateOf returns the state of model, built from arts, for the next
// night, or nil when the model cannot seed an incremental night (another
// ranking).
func StateOf(model *recommend.Model, arts []corpus.Article) *recommend.Snapshot {
	s, err := model.Snapshot(arts)
	if err != nil {
		return nil
	}
	return s
}

// WriteState writes the state s to indexDir for the next night
// (atomically). A nil state removes the saved one instead, so that the
// next night rebuilds in full.
func WriteState(indexDir string, s *recommend.Snapshot) error {
	path := filepath.Join(indexDir, StateFile)
	if s == nil {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing the stale state: %w", err)
		}
		return nil
	}
	if err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := s.WriteTo(w)
		return err
	}); err != nil {
		return fmt.Errorf("saving the state for the next night: %w", err)
	}
	return nil
}
