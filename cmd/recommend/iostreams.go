package main

import (
	"io"
	"log/slog"
	"os"
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
}

// logger returns the log/slog logger for stderr at the level the flags ask
// for (warnings only with --quiet, debug with --verbose), in the format of
// --log-format: readable lines, or JSON objects. Log lines carry no time
// stamp, so that runs can be compared.
func (g *globalOptions) logger() *slog.Logger {
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

// progress is a progress bar on stderr, drawn only when stderr is a
// terminal and --quiet is not set; otherwise every method does nothing.
type progress struct{ bar *progressbar.ProgressBar }

func (g *globalOptions) progress(max int, desc string) progress {
	if !g.IO.ErrTTY || g.Quiet {
		return progress{}
	}
	return progress{progressbar.NewOptions(max,
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
}

func (p progress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

// spinner shows desc with a spinner on stderr (terminal only, not with
// --quiet) for a step that reports no progress of its own, until the
// returned stop is called.
func (g *globalOptions) spinner(desc string) (stop func()) {
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
