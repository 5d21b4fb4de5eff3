// Package oneline makes a message one printable line.
package oneline

// A message may come from a library in several lines, and an argument
// echoed in it may hold any byte. Line folds the white space to single
// spaces, then writes every control or bidirectional-format character and
// every invalid UTF-8 byte as a Go escape, so that a message is one line
// and never drives the terminal.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line folds a multi-line message (as some libraries produce) into one
// line, so that every error is exactly one line on stderr, and escapes the
// control characters left (an argument may hold any byte), so that an
// error never drives the terminal.
func Line(s string) string {
	return printable(strings.Join(strings.Fields(s), " "))
}

// printable returns s with every control or bidirectional-format character
// and every invalid UTF-8 byte written as a Go escape (\x1b, \u202e).
func printable(s string) string {
	if !strings.ContainsFunc(s, needsEscape) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case needsEscape(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}
