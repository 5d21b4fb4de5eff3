package termlog

// A Term is stderr as the flags left it: a terminal or not, quiet or not.
// On a terminal a step with a count gets a bar and a step without one a
// spinner, both redrawn in place and cleared when done. Off a terminal a
// ticker goroutine logs one line every interval ("writing: 12000 of
// 35915", "ranking: still running after 30s") until the step ends. With
// Quiet nothing is drawn or logged. Stopping a ticker or spinner waits for
// its goroutine, so that no line follows the step's own.

import (
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// DefaultEvery is how often a long step reports on stderr when stderr is
// not a terminal (a cron job's or CI's log): often enough to see where a
// run is, rarely enough that a nightly log stays short.
const DefaultEvery = 15 * time.Second

// Term is where progress goes: stderr, whether it is a terminal, whether
// the command is quiet, and the logger for the lines drawn off a terminal.
type Term struct {
	W     io.Writer     // stderr
	TTY   bool          // W is a terminal: draw bars and spinners
	Quiet bool          // no progress at all
	Every time.Duration // the interval of progress lines; 0 means DefaultEvery
	Log   *slog.Logger  // where the progress lines go
}

// Lines reports whether progress goes to stderr as log lines (stderr is
// not a terminal, and Quiet is not set) rather than as bars.
func (t Term) Lines() bool { return !t.TTY && !t.Quiet }

func (t Term) every() time.Duration {
	if t.Every > 0 {
		return t.Every
	}
	return DefaultEvery
}

// Progress is a progress bar on stderr when it is a terminal; otherwise a
// log line every interval saying how far the step is ("writing: 12000 of
// 35915"). The zero Progress does nothing.
type Progress struct {
	bar  *progressbar.ProgressBar
	done *atomic.Int64
	stop func()
}

// Progress starts the progress of a step of max units named desc; call
// Finish when the step ends.
func (t Term) Progress(max int, desc string) Progress {
	if t.Lines() {
		var done atomic.Int64
		stop := t.Ticker(func(time.Duration) string {
			return fmt.Sprintf("%s: %d of %d", desc, done.Load(), max)
		})
		return Progress{done: &done, stop: stop}
	}
	if !t.TTY || t.Quiet {
		return Progress{}
	}
	return Progress{bar: progressbar.NewOptions(max,
		progressbar.OptionSetWriter(t.W),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// Add counts n more units done. It is safe for concurrent use.
func (p Progress) Add(n int) {
	if p.bar != nil {
		p.bar.Add(n)
	}
	if p.done != nil {
		p.done.Add(int64(n))
	}
}

// Finish ends the progress: the bar is cleared, the lines stop.
func (p Progress) Finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
	if p.stop != nil {
		p.stop()
	}
}

// Ticker logs line(elapsed) at the info level every interval until the
// returned stop is called; stop returns once no more line can come.
func (t Term) Ticker(line func(elapsed time.Duration) string) (stop func()) {
	log := t.Log
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tk := time.NewTicker(t.every())
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				log.Info(line(time.Since(start).Round(time.Second)))
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// Spinner shows desc with a spinner on stderr (terminal only, not when
// quiet) for a step that reports no progress of its own, until the
// returned stop is called. When stderr is not a terminal it logs instead
// a line every interval that the step is still running.
func (t Term) Spinner(desc string) (stop func()) {
	if t.Lines() {
		return t.Ticker(func(elapsed time.Duration) string {
			return fmt.Sprintf("%s: still running after %s", desc, elapsed)
		})
	}
	if !t.TTY || t.Quiet {
		return func() {}
	}
	bar := progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(t.W),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionClearOnFinish(),
	)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tk := time.NewTicker(100 * time.Millisecond)
		defer tk.Stop()
		for {
			bar.Add(1)
			select {
			case <-done:
				return
			case <-tk.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		bar.Finish()
	}
}
