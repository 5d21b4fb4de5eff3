// Command recommend-lookup answers one lookup from the saved index, as
// `recommend --id N` does, with the same flags, output and exit codes,
// for scripts that start a process per lookup.
//
// It links only the lookup (package lookup and what it needs), not the
// batch, the review page, the server's HTTP stack or the command tree, so
// that it starts in about the time of a minimal Go program (BENCHMARKS.md,
// "Lookup"). Everything it prints comes from package lookup, the code
// `recommend` and the server's API run too.
//
//	recommend-lookup --id 14219
//	recommend-lookup --url /learn/law/questions/what-is-gdpr --json -n 3
//	recommend-lookup --text "data privacy online" --index .recommend
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"recommend/internal/oneline"
	"recommend/lookup"
)

// Exit codes, as `recommend`'s.
const (
	exitOK    = 0 // answered
	exitError = 1 // not answered: no such article, no index
	exitUsage = 2 // bad flags or arguments
)

const usage = `recommend-lookup answers one lookup from the index the last batch saved,
exactly as 'recommend --id N' does, in a program that starts faster.

Usage:
  recommend-lookup (--id ID | --url URL | --text TEXT) [-n N] [--json] [--index DIR] [--overrides FILE]

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run answers the command line args and returns the exit code; errors
// are printed once, as one line on stderr.
func run(args []string, out, errOut io.Writer) int {
	var q lookup.Query
	fs := pflag.NewFlagSet("recommend-lookup", pflag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.SortFlags = false
	lookup.Flags(fs, &q)
	fs.StringVar(&q.Index, "index", "", "index `directory` (default $RECOMMEND_INDEX, else the nearest .recommend at or above the working directory)")
	fs.BoolVar(&q.JSON, "json", false, "print JSON instead of text")
	fs.Usage = func() { fmt.Fprint(out, usage+fs.FlagUsages()) }
	err := fs.Parse(args)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	case err != nil:
		return fail(errOut, exitUsage, fmt.Errorf("%v (see recommend-lookup --help)", err))
	case fs.NArg() > 0:
		return fail(errOut, exitUsage, fmt.Errorf("unexpected argument %q (see recommend-lookup --help)", fs.Arg(0)))
	}
	set := func(name string) bool { return fs.Changed(name) }
	if !set("id") && !set("url") && !set("text") {
		fs.Usage()
		return exitUsage
	}
	if err := q.Check(set); err != nil {
		return fail(errOut, exitUsage, err)
	}
	if err := lookup.Run(q.Defaults(set("overrides")), out, errOut); err != nil {
		return fail(errOut, exitError, err)
	}
	return exitOK
}

// fail prints err as `recommend` prints its errors and returns code.
func fail(w io.Writer, code int, err error) int {
	fmt.Fprintf(w, "recommend: %s\n", oneline.Line(err.Error()))
	return code
}
