package termlog

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// TestLineHandler checks the text form: a level word for all but info,
// attributes only at the debug level, one line per record.
func TestLineHandler(t *testing.T) {
	var b bytes.Buffer
	log := New(&b, Text, "recommend: ", slog.LevelDebug).With("run", 1)
	log.Info("loaded 52 articles", "step", "load")
	log.Warn("skipped x.md:1:\n no front matter")
	log.Error("could not write y.md")
	log.Debug("step done", "step", "build", "seconds", 0.5)
	want := "recommend: loaded 52 articles\n" +
		"recommend: warning: skipped x.md:1: no front matter\n" +
		"recommend: error: could not write y.md\n" +
		"recommend: debug: step done run=1 step=build seconds=0.5\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestLevels checks that records below the level are dropped.
func TestLevels(t *testing.T) {
	var b bytes.Buffer
	log := New(&b, Text, "p: ", slog.LevelWarn)
	log.Info("hidden")
	log.Debug("hidden")
	log.Warn("shown")
	if got := b.String(); got != "p: warning: shown\n" {
		t.Errorf("got %q", got)
	}
}

// TestJSONHasNoTime checks the JSON form: every attribute, no time stamp.
func TestJSONHasNoTime(t *testing.T) {
	var b bytes.Buffer
	New(&b, JSON, "ignored: ", slog.LevelInfo).Info("loaded", "step", "load", "seconds", 0.001)
	want := `{"level":"INFO","msg":"loaded","step":"load","seconds":0.001}` + "\n"
	if got := b.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if strings.Contains(b.String(), `"time"`) {
		t.Errorf("JSON line has a time stamp: %s", b.String())
	}
}
