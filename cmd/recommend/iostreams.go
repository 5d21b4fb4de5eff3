package main

// The command's standard streams and global flags. Tests replace the
// streams with buffers and the clock with a fixed one. The logger and the
// progress of long steps are package termlog's, set up here from the
// flags: --quiet, --verbose and --log-format choose the level and form,
// and whether stderr is a terminal chooses bars or log lines.

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"sync"
	"time"

	"golang.org/x/term"

	"recommend/internal/termlog"
)

// ioStreams are the command's standard streams. Tests replace them with
// buffers; ErrTTY says whether progress bars may be drawn on ErrOut.
type ioStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	ErrTTY bool
	Now    func() time.Time // the clock timings are read from
	// ProgressEvery is the interval of the progress lines written when
	// ErrOut is not a terminal; 0 means termlog.DefaultEvery.
	ProgressEvery time.Duration

	profile *os.File     // --cpuprofile's file, while the profile runs
	memprof *peakProfile // --memprofile's watcher, while it runs
}

// stopProfile ends the CPU profile --cpuprofile started, if any, and
// closes its file.
func (io *ioStreams) stopProfile() error {
	var merr error
	if io.memprof != nil {
		merr = io.memprof.Stop()
		io.memprof = nil
	}
	if io.profile == nil {
		return merr
	}
	pprof.StopCPUProfile()
	f := io.profile
	io.profile = nil
	if err := f.Close(); err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	return merr
}

func newSystemIO() *ioStreams {
	return &ioStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Now:    time.Now,
	}
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	IO      *ioStreams `json:"-"`
	Index   string     // the index directory
	JSON    bool
	Quiet   bool
	Verbose bool
	// CPUProfile, when set, receives a CPU profile of the command (a
	// hidden flag, for developers: go tool pprof FILE).
	CPUProfile string `json:"-"`
	// MemProfile, when set, receives a heap profile taken at the live
	// heap's peak (hidden, for developers: go tool pprof
	// -sample_index=inuse_space FILE).
	MemProfile string `json:"-"`
	// LogFormat is the form of the log lines on stderr: "text" (readable
	// lines) or "json" (one object a line).
	LogFormat string `json:"-"`
	// MemoryLimit is the Go runtime's soft memory limit for the command
	// (--memory-limit), as written: "1GiB", "800MiB", "off".
	MemoryLimit string `json:"-"`

	logOnce sync.Once    // the logger is made once, when first asked for
	log     *slog.Logger // so that its lines never interleave
}

// logger returns the log/slog logger for stderr at the level the flags ask
// for (warnings only with --quiet, debug with --verbose), in the format of
// --log-format: readable lines, or JSON objects. Log lines carry no time
// stamp, so that runs can be compared.
func (g *globalOptions) logger() *slog.Logger {
	g.logOnce.Do(func() { g.log = g.newLogger() })
	return g.log
}

func (g *globalOptions) newLogger() *slog.Logger {
	level := slog.LevelInfo
	switch {
	case g.Quiet:
		level = slog.LevelWarn
	case g.Verbose:
		level = slog.LevelDebug
	}
	return termlog.New(g.IO.ErrOut, g.LogFormat, "recommend: ", level)
}

// term is stderr as the flags leave it, for the progress of long steps:
// bars on a terminal, a line every g.IO.ProgressEvery otherwise, nothing
// with --quiet.
func (g *globalOptions) term() termlog.Term {
	return termlog.Term{W: g.IO.ErrOut, TTY: g.IO.ErrTTY, Quiet: g.Quiet, Every: g.IO.ProgressEvery, Log: g.logger()}
}
