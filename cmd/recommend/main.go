// Command recommend ranks related articles for a folder of Q&A articles,
// writes them into the articles' front matter, and answers lookups from the
// index it saves. See the README for the three uses and the exit codes.
package main

// main runs the command tree on the process's streams and exits with the
// code the outcome maps to; errors are printed here, once.

import (
	"errors"
	"fmt"
	"io"
	"os"

	"recommend/internal/oneline"
	"recommend/nightly"
)

// Exit codes, documented in the README and in `recommend --help`.
const (
	exitOK      = 0 // everything done
	exitError   = 1 // a failure: nothing or not everything was done
	exitUsage   = 2 // bad flags, arguments, config file or corpus path
	exitSkipped = 3 // done, but some files were skipped as bad input
)

func main() {
	os.Exit(run(os.Args[1:], newSystemIO()))
}

// run executes the command line args and returns the exit code. Errors are
// printed here, once, as one line on stderr.
func run(args []string, io *ioStreams) int {
	root := commandFor(io, args)
	root.SetArgs(args)
	err := root.Execute()
	if perr := io.stopProfile(); err == nil {
		err = perr
	}
	code := exitCode(err)
	if err != nil {
		printError(io.ErrOut, err)
	}
	return code
}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	var ue *usageError
	var ie *nightly.InputError // a mistake in what a command asked the library for
	var se *skippedError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.As(err, &ie):
		return exitUsage
	case errors.As(err, &se):
		return exitSkipped
	default:
		return exitError
	}
}

func printError(w io.Writer, err error) {
	fmt.Fprintf(w, "recommend: %s\n", oneline.Line(err.Error()))
}
