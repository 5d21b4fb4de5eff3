package main

// `recommend serve` runs package serve's handler on a listener: the flags
// choose the index, the overrides file and the address (loopback only
// unless --allow-remote: serve.CheckAddr), the index is reloaded when a
// batch replaces it, and SIGINT or SIGTERM shut the server down after the
// requests in flight.

import (
	"context"
	"fmt"
	"net"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"recommend/home"
	"recommend/nightly"
	"recommend/serve"
)

// serveOptions are the flags of `recommend serve`.
type serveOptions struct {
	G           *globalOptions
	Corpus      string
	Overrides   string
	Addr        string
	ReadOnly    bool
	AllowRemote bool
}

func newServeCmd(g *globalOptions, runF func(*serveOptions) error) *cobra.Command {
	opts := &serveOptions{G: g}
	cmd := &cobra.Command{
		Use:   "serve [--index DIR] [--corpus DIR] [--overrides FILE] [--addr 127.0.0.1:8080] [--read-only]",
		Short: "Serve the editors' workspace and the lookup API",
		Long: `serve answers lookups over HTTP from the index the last batch saved, and
serves the editors' workspace: every article with its current and suggested
links, scores, shared terms and flags, searched by question text, id or url;
pin, block, lock and undo are clicks that write the overrides file exactly as
recommend pin, block and lock do, and show the list the next batch will write.

  GET /                      the workspace
  GET /api/related?id=N      what recommend --id N --json prints (or ?url=U; &n=5)
  GET /healthz               status, article count and index generation

It listens on the loopback interface only unless --allow-remote is given.
Every request that changes something must carry the token the page embeds
(a new one at each start); decisions are logged on stderr. With --read-only
nothing can be changed. A click is refused while a batch --write runs on the
content folder (--corpus) or on any folder inside the overrides file's
folder: both take the same run locks. The server reloads the index when a
batch replaces it, and stops cleanly on SIGINT or SIGTERM.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if opts.Corpus != "" {
				dir = home.Of(opts.Corpus)
			}
			g.Index = home.IndexDir(g.Index, dir)
			if !changed(cmd.Flags(), "overrides") {
				opts.Overrides = nightly.OverridesFile(opts.Corpus)
			}
			if err := serve.CheckAddr(opts.Addr, opts.AllowRemote); err != nil {
				return usageErrorf("%v", err)
			}
			if runF != nil {
				return runF(opts)
			}
			return serveRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Corpus, "corpus", "", "the content `folder` the index was built from: the index and overrides.yaml default to its home")
	f.StringVar(&opts.Overrides, "overrides", "", "the editors' decisions `file` (default overrides.yaml beside the --corpus folder, else at the top of the working directory's git work tree)")
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "the `host:port` to listen on (port 0: any free port)")
	f.BoolVar(&opts.ReadOnly, "read-only", false, "serve the workspace and the API without decisions")
	f.BoolVar(&opts.AllowRemote, "allow-remote", false, "allow an --addr that is not a loopback address: anyone who can reach it can read the index")
	return cmd
}

func serveRun(opts *serveOptions) error {
	log := opts.G.logger()
	s, err := serve.New(serve.Options{Index: opts.G.Index, Overrides: opts.Overrides, Corpus: opts.Corpus, ReadOnly: opts.ReadOnly, Log: log})
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ro := ""
	if opts.ReadOnly {
		ro = ", read-only"
	}
	if !serve.IsLoopback(ln.Addr()) {
		log.Warn("listening beyond loopback (--allow-remote): anyone who can reach " + ln.Addr().String() + " can read the index")
	}
	fmt.Fprintf(opts.G.IO.ErrOut, "recommend: serving http://%s/ (index %s, decisions in %s%s); Ctrl-C stops\n", ln.Addr(), opts.G.Index, opts.Overrides, ro)
	return s.Serve(ctx, ln)
}
