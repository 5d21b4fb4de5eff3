package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// defaultIndexDir is where the index lives unless --index or
// $RECOMMEND_INDEX says otherwise: beside the working directory, never
// inside the content folder.
const defaultIndexDir = ".recommend"

const rootLong = `recommend ranks, for every article of a content folder, its most related
articles (TF-IDF, LSA and a blend of both), writes them into the articles'
related_articleN front matter, and answers lookups from the index it saves.

  recommend batch --corpus DIR [--write]   the nightly job: rank, save the index, rewrite
  recommend --id 14219                     an article's related list and why, from the index
  recommend --url URL | --text "..."       the same by url, or for a new text
  recommend eval --corpus DIR              agreement with the site's existing links
  recommend review --out review.html       the editors' review page of the last batch
  recommend pin | block | lock             editors' decisions the batch keeps (overrides.yaml)

The index lives in .recommend/ in the working directory (or --index DIR, or
$RECOMMEND_INDEX).

Exit codes: 0 ok; 1 failure; 2 usage error (bad flag, argument, config file
or corpus path); 3 done, but some files were skipped as bad input.`

// runFuncs replace the run functions of the commands, so that tests can
// capture the options a command line parses to; nil fields run for real.
type runFuncs struct {
	Lookup  func(*lookupOptions) error
	Batch   func(*batchOptions) error
	Eval    func(*evalOptions) error
	Version func(*versionOptions) error
}

// newRootCmd builds the whole command tree on io. The root command itself
// is the lookup.
func newRootCmd(io *ioStreams) *cobra.Command { return newRootCmdWith(io, runFuncs{}) }

func newRootCmdWith(io *ioStreams, rf runFuncs) *cobra.Command {
	g := &globalOptions{IO: io}
	cmd := newLookupCmd(g, rf.Lookup)
	cmd.Use = "recommend"
	cmd.Short = "Related articles for a Q&A content folder"
	cmd.Long = rootLong
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	cmd.SetOut(io.Out)
	cmd.SetErr(io.ErrOut)
	cmd.SetIn(io.In)
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v (see %s --help)", err, c.CommandPath())
	})
	pf := cmd.PersistentFlags()
	indexDir := defaultIndexDir
	if env := os.Getenv("RECOMMEND_INDEX"); env != "" {
		indexDir = env
	}
	pf.StringVar(&g.Index, "index", indexDir, "index `directory` (or $RECOMMEND_INDEX)")
	pf.BoolVar(&g.JSON, "json", false, "print JSON instead of text")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "log warnings and errors only; no progress bars")
	pf.BoolVarP(&g.Verbose, "verbose", "v", false, "log debugging detail")
	pf.StringVar(&g.CPUProfile, "cpuprofile", "", "write a CPU profile of the command to `file`")
	_ = pf.MarkHidden("cpuprofile")
	cmd.PersistentPreRunE = func(*cobra.Command, []string) error {
		if g.Quiet && g.Verbose {
			return usageErrorf("give only one of --quiet and --verbose")
		}
		if g.CPUProfile != "" {
			// run stops it when the command returns, whatever the outcome.
			f, err := os.Create(g.CPUProfile)
			if err != nil {
				return usageErrorf("--cpuprofile: %v", err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				f.Close()
				return fmt.Errorf("--cpuprofile: %w", err)
			}
		}
		return nil
	}
	cmd.AddCommand(
		newBatchCmd(g, rf.Batch),
		newEvalCmd(g, rf.Eval),
		newVersionCmd(g, rf.Version),
		newReviewCmd(g, nil),
		newPinCmd(g, nil),
		newBlockCmd(g, nil),
		newLockCmd(g, nil),
	)
	return cmd
}

// noArgs rejects positional arguments as a usage error, naming the first.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		return usageErrorf("unknown command %q (see %s --help)", args[0], cmd.CommandPath())
	}
	return usageErrorf("unexpected argument %q (see %s --help)", args[0], cmd.CommandPath())
}

// changed reports whether the flag name was set on the command line.
func changed(fs *pflag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Changed
}
