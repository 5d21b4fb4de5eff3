package termlog

// The text form is a slog.Handler that writes each record as one line:
// the prefix, a level word for anything but info ("warning: "), the
// message folded to one printable line, and at the debug level the
// attributes as key=value. The JSON form is slog's own JSON handler with
// the time attribute dropped. Lines are written whole under a mutex, so
// that goroutines logging at once never interleave within a line.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"

	"recommend/internal/oneline"
)

// Log formats that New accepts (the command's --log-format).
const (
	Text = "text" // readable lines
	JSON = "json" // one JSON object a line
)

// New returns a logger writing to w at level: readable lines led by prefix
// in the Text format, JSON objects without a time stamp in the JSON
// format (any format but JSON is read as Text).
func New(w io.Writer, format, prefix string, level slog.Leveler) *slog.Logger {
	if format != JSON {
		return slog.New(NewLineHandler(w, prefix, level))
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// LineHandler is the slog handler of the text form: one readable line
// per record.
type LineHandler struct {
	mu     *sync.Mutex
	w      io.Writer
	prefix string
	level  slog.Leveler
	attrs  []slog.Attr
}

// NewLineHandler returns the text handler writing to w the records at
// level and above, each line led by prefix (e.g. "recommend: ").
func NewLineHandler(w io.Writer, prefix string, level slog.Leveler) *LineHandler {
	return &LineHandler{mu: &sync.Mutex{}, w: w, prefix: prefix, level: level}
}

// Enabled reports whether records at l are written.
func (h *LineHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level.Level() }

// Handle writes r as one line.
func (h *LineHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(h.prefix)
	switch {
	case r.Level >= slog.LevelError:
		b.WriteString("error: ")
	case r.Level >= slog.LevelWarn:
		b.WriteString("warning: ")
	case r.Level < slog.LevelInfo:
		b.WriteString("debug: ")
	}
	b.WriteString(oneline.Line(r.Message))
	if r.Level < slog.LevelInfo {
		add := func(a slog.Attr) bool {
			fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
			return true
		}
		for _, a := range h.attrs {
			add(a)
		}
		r.Attrs(add)
	}
	b.WriteByte('\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

// WithAttrs returns a handler that adds as to every debug line.
func (h *LineHandler) WithAttrs(as []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = append(append([]slog.Attr(nil), h.attrs...), as...)
	return &h2
}

// WithGroup returns h: groups are flattened.
func (h *LineHandler) WithGroup(string) slog.Handler { return h }
