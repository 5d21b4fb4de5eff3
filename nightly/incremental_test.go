package nightly

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recommend/corpus"
)

// TestBuildNight runs nights over seeds/ in one index folder and checks
// which are incremental and that each full build says why in one line.
func TestBuildNight(t *testing.T) {
	arts := seeds(t)
	cfg := seedConfig(len(arts))
	idx := t.TempDir()
	edited := append(arts[:0:0], arts...)
	edited[3].Answer += " and a sentence more about enzymes and cells"
	edited[3].Sum = corpus.FingerprintOf([]byte(edited[3].Answer)) // an edited file's bytes differ
	corrupt := func() {
		p := filepath.Join(idx, StateFile)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 1
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name   string
		before func()
		margin float64
		full   bool
		want   string // the log line's text; "" for an incremental night
	}{
		{name: "first night", margin: 0.05, want: "full rebuild: no saved state from an earlier night"},
		{name: "nothing changed", margin: 0.05},
		{name: "one article edited", margin: 0.05},
		{name: "asked for", margin: 0.05, full: true, want: "full rebuild: asked for (--full)"},
		{name: "hysteresis off: fewer candidates", margin: -1, want: "full rebuild: setting top_k changed from 15 to 5"},
		{name: "corrupt state", before: corrupt, margin: -1, want: "is unreadable: recommend: corrupt snapshot"},
		{name: "after the rebuild", margin: -1},
	}
	for k, s := range steps {
		if s.before != nil {
			s.before()
		}
		input := arts
		if k >= 2 {
			input = edited
		}
		var log bytes.Buffer
		m, night, err := BuildNight(input, cfg, s.margin, idx, s.full, slog.New(slog.NewTextHandler(&log, nil)))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if night.Incremental != (s.want == "") {
			t.Errorf("%s: incremental %v, want %v (%s)", s.name, night.Incremental, s.want == "", night.Reason)
		}
		want := s.want
		if want == "" {
			want = "incremental night: "
		}
		if lines := strings.Count(log.String(), "\n"); !strings.Contains(log.String(), want) || lines != 1 {
			t.Errorf("%s: log %q, want one line saying %q", s.name, log.String(), want)
		}
		if s.name == "one article edited" && (night.Change == nil || night.Change.Changed != 1) {
			t.Errorf("%s: change %+v, want 1 article changed", s.name, night.Change)
		}
		if err := SaveState(idx, m, input); err != nil {
			t.Fatal(err)
		}
	}
}
