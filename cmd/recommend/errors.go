package main

// The command's errors map to exit codes (main.go): a usageError is a
// mistake in how the command was called (2), and so is the library's
// *nightly.InputError; a skippedError says the work was done but some
// files were skipped as bad input (3); anything else is a failure (1).
// Every error is printed once, as one line.

import "fmt"

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
