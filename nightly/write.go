package nightly

// The last stage of a run rewrites the related links of every article
// whose list changed, one file at a time (each replaced whole, by a
// rename; a file whose list did not change is not touched), or, on a dry
// run, counts the files that would change by the same test, made on what
// the load kept of each file (corpus.Article.WouldRewrite) without
// reading any file again. One run writes a folder at a time (Acquire
// takes the folder's run lock), and a run
// stopped by SIGINT or SIGTERM ends cleanly: the files being written when
// the signal came are finished, no other file is started, the temporary
// files of the run are removed, and the process exits with 128+signal.
// Without this the default action would kill the process between a
// temporary file's creation and its rename.
//
// The write workers pass through a Gate: Enter before a file, Leave after.
// The signal handler closes the gate (a write lock on it), which waits for
// the files in flight and keeps every worker from starting another; then
// it removes the temporary files, which are all this run's since the run
// lock is held, and exits. The run lock itself needs no cleanup: the
// kernel drops it with the process.

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"recommend/corpus"
	"recommend/internal/par"
	"recommend/internal/runlock"
)

// Gate lets file writes through until a signal closes it. A nil Gate lets
// everything through (a dry run).
type Gate struct {
	mu     sync.RWMutex
	closed atomic.Bool
	sigs   chan os.Signal
	root   string
	log    *slog.Logger
	exit   func(code int) // os.Exit; tests replace it
}

// CatchSignals routes SIGINT and SIGTERM to a new gate for the content
// folder root; log says what the gate did when one came.
func CatchSignals(root string, log *slog.Logger) *Gate {
	g := &Gate{sigs: make(chan os.Signal, 1), root: root, log: log, exit: os.Exit}
	signal.Notify(g.sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		if sig, ok := <-g.sigs; ok {
			g.exit(g.interrupt(sig))
		}
	}()
	return g
}

// Stop restores the default handling of the signals.
func (g *Gate) Stop() {
	if g != nil {
		signal.Stop(g.sigs)
	}
}

// Enter reports whether a file may be written; when it returns true the
// caller must call Leave once the file is done.
func (g *Gate) Enter() bool {
	if g == nil {
		return true
	}
	g.mu.RLock()
	if g.closed.Load() {
		g.mu.RUnlock()
		return false
	}
	return true
}

// Leave ends a write that Enter let through.
func (g *Gate) Leave() {
	if g != nil {
		g.mu.RUnlock()
	}
}

// interrupt closes the gate for good, waits for the writes in flight,
// removes the run's temporary files and returns the exit code for sig.
func (g *Gate) interrupt(sig os.Signal) int {
	g.closed.Store(true)
	g.mu.Lock() // held until the process exits: no write starts again
	removed, err := corpus.RemoveTempFiles(g.root)
	if err != nil {
		g.log.Error("removing temporary files", "reason", err.Error())
	}
	g.log.Warn("stopped by a signal; every file is entirely old or entirely new", "signal", sig.String(), "temporary files removed", len(removed))
	code := 128 + 15
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	return code
}

// Writer is a writing run's hold on a content folder: its run lock and
// its signal gate.
type Writer struct {
	// Gate is the run's signal gate: every write passes through it.
	Gate *Gate
	// Removed are the temporary files of an interrupted run that Acquire
	// removed.
	Removed []string
	lock    *runlock.Lock
}

// Acquire makes this process the one writer of the content folder root: a
// writing run on the same folder, or on one inside or around it, is
// refused at once (the kernel drops the lock when the process ends,
// however it ends). It then catches SIGINT and SIGTERM (CatchSignals) and
// removes the temporary files a killed run left: with the lock held no
// other run is writing. On an error after the lock, the returned Writer
// still holds it: Release it.
func Acquire(root string, log *slog.Logger) (*Writer, error) {
	lock, err := runlock.Acquire(root)
	if err != nil {
		return nil, err
	}
	w := &Writer{Gate: CatchSignals(root, log), lock: lock}
	w.Removed, err = corpus.RemoveTempFiles(root)
	return w, err
}

// Release restores the signals' handling and drops the lock.
func (w *Writer) Release() {
	if w != nil {
		w.Gate.Stop()
		w.lock.Release()
	}
}

// FileIssue is a file a run skipped as bad input or could not write, and
// why (the message names the file).
type FileIssue struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
	Err    error  `json:"-"` // the cause, without the file's name
}

// Write rewrites, when write is set, the file of every article whose links
// changed (locked articles are left alone) in the content folder root,
// through gate; otherwise it only counts the files that would change. It
// returns the count and the files that could not be written, in the
// articles' order; done is called once per article (nil: not at all),
// from several goroutines at once, so it must be safe for concurrent use.
func (r *Result) Write(root string, write bool, gate *Gate, done func()) (int, []FileIssue) {
	arts, res := r.Articles, r.Decisions
	// Files are independent (each is replaced whole, by a rename), so they
	// are handled on all cores; outcomes are gathered in the articles'
	// order.
	changed := make([]bool, len(arts))
	errs := make([]error, len(arts))
	par.For(len(arts), 0, func(i int) {
		if done != nil {
			defer done()
		}
		// An unchanged list leaves the file as it is (SetRelated would
		// parse it only to return its bytes): most files on most nights.
		if res[i].Locked || !res[i].Changed {
			return
		}
		ls := res[i].Links
		if !write {
			// WriteRelated's outcome as far as the load tells it: the
			// files are not read again (a dry run changes none, so
			// whether one was edited since the load matters only to
			// the write, which checks).
			changed[i], errs[i] = arts[i].WouldRewrite(ls)
			return
		}
		if !gate.Enter() {
			return
		}
		defer gate.Leave()
		changed[i], errs[i] = corpus.WriteRelated(root, &arts[i], ls)
	})
	n, failed := 0, []FileIssue{}
	for i, err := range errs {
		switch {
		case err != nil:
			failed = append(failed, FileIssue{arts[i].Path, NamingFile(arts[i].Path, err), err})
		case changed[i]:
			n++
		}
	}
	return n, failed
}

// FileError says what went wrong with the file at path once: an error
// from the os package already names its path, which is then dropped from
// it.
func FileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", path, pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// NamingFile is err's message naming the file at path once, at its start:
// "x.md:3: reason" as it is, "reason" as "x.md: reason".
func NamingFile(path string, err error) string {
	if msg := err.Error(); strings.HasPrefix(msg, path+":") {
		return msg
	}
	return FileError(path, err).Error()
}
