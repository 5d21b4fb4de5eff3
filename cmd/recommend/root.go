package main

// The command tree: the root command is the lookup, with batch, eval,
// duplicates, review, pin, block, lock, serve and version below it. The
// global flags (index, output form, log level and format, memory limit,
// CPU profile) are checked once before any command runs (the memory limit
// is package internal/memlimit's); every mistake in
// flags or arguments becomes a usageError (exit 2) of one line, reworded
// from pflag's where it names Go functions. Help shows each command only
// the global flags it reads. A lookup, a process of its own each time,
// builds the root command alone (commandFor).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"recommend/internal/memlimit"
	"recommend/internal/termlog"
)

const rootLong = `recommend ranks, for every article of a content folder, its most related
articles (TF-IDF, LSA and a blend of both), writes them into the articles'
related_articleN front matter, and answers lookups from the index it saves.

  recommend batch --corpus DIR [--write]   the nightly job: rank, save the index, rewrite
  recommend --id 14219                     an article's related list and why, from the index
  recommend --url URL | --text "..."       the same by url, or for a new text
  recommend eval --corpus DIR              agreement with the site's existing links
  recommend review --out review.html       the editors' review page of the last batch
  recommend pin | block | lock             editors' decisions the batch keeps (overrides.yaml)
  recommend serve                          the editors' workspace and the lookup API over HTTP

The index (.recommend/), overrides.yaml and recommend.yaml live beside the
content folder: at the top of the git work tree that holds it, else in its
parent folder (--index DIR, $RECOMMEND_INDEX, --overrides and --config win).

Exit codes: 0 ok; 1 failure; 2 usage error (bad flag, argument, config file,
corpus path or index folder); 3 done, but some files were skipped as bad
input; 130/143 batch --write stopped by SIGINT/SIGTERM.`

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

// commandFor builds what the command line args need: the root command
// alone when they are a lookup (isLookup), the whole tree otherwise. A
// lookup is a process of its own each time, often in a loop, and building
// every other command's flags and help would be most of its work.
func commandFor(io *ioStreams, args []string) *cobra.Command {
	if isLookup(args) {
		cmd, _ := newRootOnly(io, runFuncs{})
		cmd.CompletionOptions.DisableDefaultCmd = true // nothing to complete
		return cmd
	}
	return newRootCmd(io)
}

// isLookup reports whether args run the root command's lookup: parsed
// with the root's own flags, they hold --id, --url or --text, no
// argument that could name a command, and nothing the root does not know
// (such as --help); anything else, errors included, is left to the whole
// tree, which then answers exactly as it always does.
func isLookup(args []string) bool {
	cmd, _ := newRootOnly(&ioStreams{Out: io.Discard, ErrOut: io.Discard}, runFuncs{})
	if cmd.ParseFlags(args) != nil || cmd.Flags().NArg() > 0 {
		return false
	}
	return changed(cmd.Flags(), "id") || changed(cmd.Flags(), "url") || changed(cmd.Flags(), "text")
}

func newRootCmdWith(io *ioStreams, rf runFuncs) *cobra.Command {
	cmd, g := newRootOnly(io, rf)
	cmd.AddCommand(
		newBatchCmd(g, rf.Batch),
		newEvalCmd(g, rf.Eval),
		newDuplicatesCmd(g),
		newVersionCmd(g, rf.Version),
		newReviewCmd(g, nil),
		newPinCmd(g, nil),
		newBlockCmd(g, nil),
		newLockCmd(g, nil),
		newServeCmd(g, nil),
	)
	// A mistyped command gets a suggestion (noArgs asks for it): "bathc"
	// is one letter swap from "batch".
	cmd.SuggestionsMinimumDistance = 2
	setupCompletion(cmd)
	hideUnusedGlobals(cmd)
	return cmd
}

// newRootOnly builds the root command, the lookup, with the global flags
// and their check, and no command below it.
func newRootOnly(io *ioStreams, rf runFuncs) (*cobra.Command, *globalOptions) {
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
		return usageErrorf("%v (see %s --help)", flagError(err), c.CommandPath())
	})
	pf := cmd.PersistentFlags()
	pf.StringVar(&g.Index, "index", "", "index `directory` (default $RECOMMEND_INDEX, else .recommend beside the content folder)")
	pf.BoolVar(&g.JSON, "json", false, "print JSON instead of text")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "log warnings and errors only; no progress bars")
	pf.BoolVarP(&g.Verbose, "verbose", "v", false, "log debugging detail")
	pf.StringVar(&g.LogFormat, "log-format", termlog.Text, "the `form` of the log lines on stderr: text (readable lines) or json (one object a line)")
	pf.StringVar(&g.MemoryLimit, "memory-limit", memlimit.Default, "soft memory `limit` of the process (e.g. 1GiB, 800MiB; off for none); without the flag, $GOMEMLIMIT wins if set, else a batch raises the default to fit a large corpus")
	pf.StringVar(&g.CPUProfile, "cpuprofile", "", "write a CPU profile of the command to `file`")
	_ = pf.MarkHidden("cpuprofile")
	pf.StringVar(&g.MemProfile, "memprofile", "", "write a heap profile taken at the live heap's peak to `file`")
	_ = pf.MarkHidden("memprofile")
	cmd.PersistentPreRunE = func(c *cobra.Command, _ []string) error {
		if g.Quiet && g.Verbose {
			return usageErrorf("give only one of --quiet and --verbose")
		}
		if g.LogFormat != termlog.Text && g.LogFormat != termlog.JSON {
			return usageErrorf("--log-format: %q is not text or json", g.LogFormat)
		}
		if err := memlimit.Set(g.MemoryLimit, changed(c.Flags(), "memory-limit")); err != nil {
			return usageErrorf("--memory-limit: %v", err)
		}
		if g.CPUProfile != "" {
			// run stops and closes it when the command returns, whatever the outcome.
			f, err := os.Create(g.CPUProfile)
			if err != nil {
				return usageErrorf("--cpuprofile: %v", err)
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				f.Close()
				return fmt.Errorf("--cpuprofile: %w", err)
			}
			io.profile = f
		}
		if g.MemProfile != "" {
			p, err := startPeakProfile(g.MemProfile)
			if err != nil {
				return usageErrorf("%v", err)
			}
			io.memprof = p
		}
		return nil
	}
	return cmd, g
}

// globalsUsed names, per command, the global flags it reads; help shows a
// command only those. Commands not listed (completion, help) read none.
var globalsUsed = map[string][]string{
	"recommend": {"index", "json"},
	"batch":     {"index", "json", "quiet", "verbose", "log-format", "memory-limit"},
	"eval":      {"json", "quiet", "verbose", "log-format", "memory-limit"},
	"review":    {"index", "json"},
	"pin":       {"json"},
	"block":     {"json"},
	"lock":      {"json"},
	"serve":     {"index", "quiet", "verbose", "log-format", "memory-limit"},
	"version":   {"json"},
}

// hideUnusedGlobals makes the help of every command list only the global
// flags the command reads (globalsUsed), so that `recommend version
// --help` does not offer --memory-limit.
func hideUnusedGlobals(root *cobra.Command) {
	defaultHelp := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		used := globalsUsed[c.Name()]
		if c == root {
			used = globalsUsed["recommend"]
		}
		var hidden []*pflag.Flag
		root.PersistentFlags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden && !slices.Contains(used, f.Name) {
				f.Hidden = true
				hidden = append(hidden, f)
			}
		})
		defaultHelp(c, args)
		for _, f := range hidden {
			f.Hidden = false
		}
	})
}

// rankings are the values --ranking takes, offered by shell completion.
var rankings = []string{"blend", "tfidf", "lsa"}

// setupCompletion makes `recommend completion SHELL` refuse a shell it
// does not know as a usage error (cobra would print help and exit 0), and
// has the completion scripts offer the values of --ranking.
func setupCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		shells := []string{}
		for _, sc := range c.Commands() {
			shells = append(shells, sc.Name())
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("completion needs a shell: %s", strings.Join(shells, ", "))
			}
			return usageErrorf("completion: %q is not a shell this command knows (%s)", args[0], strings.Join(shells, ", "))
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("ranking") != nil {
			_ = c.RegisterFlagCompletionFunc("ranking", cobra.FixedCompletions(rankings, cobra.ShellCompDirectiveNoFileComp))
		}
		for _, sc := range c.Commands() {
			walk(sc)
		}
	}
	walk(root)
}

// flagError rewords pflag's error for a value of the wrong type, which
// names the Go function that refused it ("strconv.ParseInt: parsing "x":
// invalid syntax"), as "--top-k: "x" is not an integer".
func flagError(err error) error {
	var ive *pflag.InvalidValueError
	if !errors.As(err, &ive) {
		return err
	}
	f := ive.GetFlag()
	want := map[string]string{
		"int": "an integer", "int64": "an integer", "uint": "a non-negative integer", "uint64": "a non-negative integer",
		"float64": "a number", "bool": "true or false", "duration": "a duration such as 90s",
	}[f.Value.Type()]
	if want == "" {
		return err
	}
	dash := "--"
	if len(f.Name) == 1 {
		dash = "-"
	}
	return fmt.Errorf("%s%s: %q is not %s", dash, f.Name, ive.GetValue(), want)
}

// noArgs rejects positional arguments as a usage error, naming the first.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			return usageErrorf("unknown command %q: did you mean %q? (see %s --help)", args[0], s[0], cmd.CommandPath())
		}
		return usageErrorf("unknown command %q (see %s --help)", args[0], cmd.CommandPath())
	}
	return usageErrorf("unexpected argument %q (see %s --help)", args[0], cmd.CommandPath())
}

// changed reports whether the flag name was set on the command line.
func changed(fs *pflag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Changed
}
