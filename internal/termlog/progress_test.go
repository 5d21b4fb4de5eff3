package termlog

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer safe for the ticker's goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func term(w *syncBuffer, tty, quiet bool) Term {
	return Term{W: w, TTY: tty, Quiet: quiet, Every: time.Millisecond, Log: New(w, Text, "p: ", slog.LevelInfo)}
}

// TestProgressLines checks that off a terminal a step logs how far it is,
// and nothing once finished.
func TestProgressLines(t *testing.T) {
	var w syncBuffer
	p := term(&w, false, false).Progress(10, "writing")
	p.Add(3)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(w.String(), "p: writing: 3 of 10\n") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	p.Finish()
	got := w.String()
	if !strings.Contains(got, "p: writing: 3 of 10\n") {
		t.Fatalf("stderr %q, want a line \"writing: 3 of 10\"", got)
	}
	time.Sleep(5 * time.Millisecond)
	if after := w.String(); after != got {
		t.Errorf("lines after Finish: %q", after[len(got):])
	}
}

// TestSpinnerLines checks the spinner's line off a terminal.
func TestSpinnerLines(t *testing.T) {
	var w syncBuffer
	stop := term(&w, false, false).Spinner("ranking")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(w.String(), "p: ranking: still running after ") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	stop()
	if !strings.Contains(w.String(), "p: ranking: still running after ") {
		t.Errorf("stderr %q, want a still-running line", w.String())
	}
}

// TestQuietAndTerminal checks that Quiet draws nothing, terminal or not,
// and that a terminal gets a bar, not lines.
func TestQuietAndTerminal(t *testing.T) {
	for _, tty := range []bool{false, true} {
		var w syncBuffer
		tm := term(&w, tty, true)
		if tm.Lines() {
			t.Errorf("tty %v, quiet: Lines() true", tty)
		}
		p := tm.Progress(5, "writing")
		p.Add(5)
		p.Finish()
		tm.Spinner("ranking")()
		if got := w.String(); got != "" {
			t.Errorf("tty %v, quiet: stderr %q, want nothing", tty, got)
		}
	}
	var w syncBuffer
	tm := term(&w, true, false)
	if tm.Lines() {
		t.Error("terminal: Lines() true")
	}
	p := tm.Progress(5, "writing")
	p.Add(5)
	p.Finish()
	if got := w.String(); strings.Contains(got, "p: ") {
		t.Errorf("terminal: stderr %q, want no log line", got)
	}
}
