package main

// A batch --write run stopped by SIGINT or SIGTERM ends cleanly: the files
// being written when the signal came are finished (each is replaced whole,
// by a rename), no other file is started, the temporary files of the run
// are removed, and the process exits with 128+signal. Without this the
// default action would kill the process between a temporary file's
// creation and its rename, and leave the file for the next run to remove.
//
// The write workers pass through a gate: enter before a file, leave after.
// The signal handler closes the gate (a write lock on it), which waits for
// the files in flight and keeps every worker from starting another; then it
// removes the temporary files, which are all this run's since the run lock
// is held, and exits. The run lock itself needs no cleanup: the kernel
// drops it with the process.

import (
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

	"recommend/corpus"
)

// writeGate lets file writes through until a signal closes it. A nil
// gate lets everything through (a dry run).
type writeGate struct {
	mu     sync.RWMutex
	closed atomic.Bool
	sigs   chan os.Signal
	root   string
	log    *slog.Logger
	exit   func(code int) // os.Exit; tests replace it
}

// catchSignals routes SIGINT and SIGTERM to a new gate for the content
// folder root.
func catchSignals(root string, log *slog.Logger) *writeGate {
	g := &writeGate{sigs: make(chan os.Signal, 1), root: root, log: log, exit: os.Exit}
	signal.Notify(g.sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		if sig, ok := <-g.sigs; ok {
			g.exit(g.interrupt(sig))
		}
	}()
	return g
}

// stop restores the default handling of the signals.
func (g *writeGate) stop() {
	if g != nil {
		signal.Stop(g.sigs)
	}
}

// enter reports whether a file may be written; when it returns true the
// caller must call leave once the file is done.
func (g *writeGate) enter() bool {
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

// leave ends a write that enter let through.
func (g *writeGate) leave() {
	if g != nil {
		g.mu.RUnlock()
	}
}

// interrupt closes the gate for good, waits for the writes in flight,
// removes the run's temporary files and returns the exit code for sig.
func (g *writeGate) interrupt(sig os.Signal) int {
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
