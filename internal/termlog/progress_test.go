package termlog

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

// sink receives every write to stderr as one string, from any goroutine.
type sink chan string

func (c sink) Write(p []byte) (int, error) {
	c <- string(p)
	return len(p), nil
}

// wait reads c until a write contains want or five seconds pass.
func (c sink) wait(want string) bool {
	timeout := time.After(5 * time.Second)
	for {
		select {
		case s := <-c:
			if strings.Contains(s, want) {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

// drain returns what c holds now.
func (c sink) drain() string {
	var b strings.Builder
	for {
		select {
		case s := <-c:
			b.WriteString(s)
		default:
			return b.String()
		}
	}
}

func newTerm(tty, quiet bool) (Term, sink) {
	c := make(sink, 1000)
	return Term{W: c, TTY: tty, Quiet: quiet, Every: time.Millisecond, Log: New(c, Text, "p: ", slog.LevelInfo)}, c
}

// TestProgressLines checks that off a terminal a step logs how far it is,
// and nothing once finished.
func TestProgressLines(t *testing.T) {
	tm, c := newTerm(false, false)
	p := tm.Progress(10, "writing")
	p.Add(3)
	found := c.wait("p: writing: 3 of 10\n")
	p.Finish()
	if !found {
		t.Fatal("no line \"writing: 3 of 10\"")
	}
	c.drain()
	time.Sleep(5 * time.Millisecond)
	if after := c.drain(); after != "" {
		t.Errorf("lines after Finish: %q", after)
	}
}

// TestSpinnerLines checks the spinner's line off a terminal.
func TestSpinnerLines(t *testing.T) {
	tm, c := newTerm(false, false)
	stop := tm.Spinner("ranking")
	found := c.wait("p: ranking: still running after ")
	stop()
	if !found {
		t.Error("no still-running line")
	}
}

// TestQuietAndTerminal checks that Quiet draws nothing, terminal or not,
// and that a terminal gets a bar, not lines.
func TestQuietAndTerminal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		tm, c := newTerm(tty, true)
		if tm.Lines() {
			t.Errorf("tty %v, quiet: Lines() true", tty)
		}
		p := tm.Progress(5, "writing")
		p.Add(5)
		p.Finish()
		tm.Spinner("ranking")()
		if got := c.drain(); got != "" {
			t.Errorf("tty %v, quiet: stderr %q, want nothing", tty, got)
		}
	}
	tm, c := newTerm(true, false)
	if tm.Lines() {
		t.Error("terminal: Lines() true")
	}
	p := tm.Progress(5, "writing")
	p.Add(5)
	p.Finish()
	if got := c.drain(); strings.Contains(got, "p: ") {
		t.Errorf("terminal: stderr %q, want no log line", got)
	}
}
