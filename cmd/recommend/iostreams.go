package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
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
	// ErrOut is not a terminal; 0 means progressEvery.
	ProgressEvery time.Duration

	profile *os.File // --cpuprofile's file, while the profile runs
}

// stopProfile ends the CPU profile --cpuprofile started, if any, and
// closes its file.
func (io *ioStreams) stopProfile() error {
	if io.profile == nil {
		return nil
	}
	pprof.StopCPUProfile()
	f := io.profile
	io.profile = nil
	if err := f.Close(); err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	return nil
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
	if g.LogFormat != logJSON {
		return slog.New(newLineHandler(g.IO.ErrOut, level))
	}
	return slog.New(slog.NewJSONHandler(g.IO.ErrOut, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// progressEvery is how often a long step reports on stderr when stderr is
// not a terminal (a cron job's or CI's log): often enough to see where a
// run is, rarely enough that a nightly log stays short.
const progressEvery = 15 * time.Second

// every returns the interval of the progress lines.
func (io *ioStreams) every() time.Duration {
	if io.ProgressEvery > 0 {
		return io.ProgressEvery
	}
	return progressEvery
}

// logLines reports whether progress goes to stderr as log lines (stderr
// is not a terminal, and --quiet is not set) rather than as bars.
func (g *globalOptions) logLines() bool { return !g.IO.ErrTTY && !g.Quiet }

// progress is a progress bar on stderr when it is a terminal; otherwise a
// log line every few seconds saying how far the step is ("writing: 12000
// of 35915"). With --quiet every method does nothing.
type progress struct {
	bar  *progressbar.ProgressBar
	done *atomic.Int64
	stop func()
}

func (g *globalOptions) progress(max int, desc string) progress {
	if g.logLines() {
		var done atomic.Int64
		stop := g.ticker(func(time.Duration) string {
			return fmt.Sprintf("%s: %d of %d", desc, done.Load(), max)
		})
		return progress{done: &done, stop: stop}
	}
	if !g.IO.ErrTTY || g.Quiet {
		return progress{}
	}
	return progress{bar: progressbar.NewOptions(max,
		progressbar.OptionSetWriter(g.IO.ErrOut),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p progress) Add(n int) {
	if p.bar != nil {
		p.bar.Add(n)
	}
	if p.done != nil {
		p.done.Add(int64(n))
	}
}

func (p progress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
	if p.stop != nil {
		p.stop()
	}
}

// ticker logs line(elapsed) every interval until the returned stop is
// called.
func (g *globalOptions) ticker(line func(elapsed time.Duration) string) (stop func()) {
	log := g.logger()
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(g.IO.every())
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				log.Info(line(time.Since(start).Round(time.Second)))
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// spinner shows desc with a spinner on stderr (terminal only, not with
// --quiet) for a step that reports no progress of its own, until the
// returned stop is called. When stderr is not a terminal it logs instead
// a line every few seconds that the step is still running.
func (g *globalOptions) spinner(desc string) (stop func()) {
	if g.logLines() {
		return g.ticker(func(elapsed time.Duration) string {
			return fmt.Sprintf("%s: still running after %s", desc, elapsed)
		})
	}
	if !g.IO.ErrTTY || g.Quiet {
		return func() {}
	}
	bar := progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(g.IO.ErrOut),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionClearOnFinish(),
	)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			bar.Add(1)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		bar.Finish()
	}
}
