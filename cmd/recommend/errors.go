package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"recommend/nightly"
)

// usageError marks a mistake in how the command was called: a bad flag or
// argument, a bad config file, a corpus folder that does not exist. It maps
// to exit code 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf formats a usageError.
func usageErrorf(format string, a ...any) error {
	return &usageError{fmt.Errorf(format, a...)}
}

// skippedError reports a run that finished but skipped bad input files. It
// maps to exit code 3.
type skippedError struct{ n int }

func (e *skippedError) Error() string {
	if e.n == 1 {
		return "1 file skipped as bad input (listed above)"
	}
	return fmt.Sprintf("%d files skipped as bad input (listed above)", e.n)
}

// oneLine folds a multi-line message (as some libraries produce) into one
// line, so that every error is exactly one line on stderr, and escapes the
// control characters left (an argument may hold any byte), so that an
// error never drives the terminal.
func oneLine(s string) string {
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

// fileError says what went wrong with the file at path once
// (nightly.FileError).
func fileError(path string, err error) error { return nightly.FileError(path, err) }
