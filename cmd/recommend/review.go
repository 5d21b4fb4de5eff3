package main

// `recommend review` writes the editors' review page (package review)
// from the data the last batch saved in the index directory, atomically,
// and prints its size and counts.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"recommend/internal/atomicfile"
	"recommend/nightly"
	"recommend/review"
)

// reviewOptions are the flags of `recommend review`.
type reviewOptions struct {
	G    *globalOptions
	From string // the data batch saved; default <index>/review.json.gz
	Out  string
	Site string // prefix for the links' paths, so that they open the site
}

func newReviewCmd(g *globalOptions, runF func(*reviewOptions) error) *cobra.Command {
	opts := &reviewOptions{G: g}
	cmd := &cobra.Command{
		Use:   "review [--out review.html] [--from FILE] [--site URL]",
		Short: "Write the editors' review page of the last batch",
		Long: `review writes one self-contained HTML page (no network, opens from disk)
from the last batch: for each article, the links on the page today next to
the suggested ones, with scores, the shared terms that explain them and
flags (new, dropped, pinned, blocked, broken, possible duplicate, other
subject, low score). The page filters by subject and flag, searches the
question text and sorts by how much a list changes; its summary charts the
score distribution, the changed share and the agreement per subject.

batch saves the page's data in the index directory (` + nightly.ReviewData + `).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Out == "" {
				return usageErrorf("--out must name a file")
			}
			if opts.From == "" {
				opts.From = filepath.Join(nightly.IndexDir(g.Index, ""), nightly.ReviewData)
			}
			if runF != nil {
				return runF(opts)
			}
			return reviewRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "out", "o", "review.html", "the page to write")
	f.StringVar(&opts.From, "from", "", "the review data batch saved (default <index>/"+nightly.ReviewData+")")
	f.StringVar(&opts.Site, "site", "", "prefix the articles' paths with this `URL` (e.g. https://www.example.com) so that links open the site")
	return cmd
}

// reviewSummary is what review prints with --json.
type reviewSummary struct {
	Out      string `json:"out"`
	Bytes    int    `json:"bytes"`
	Articles int    `json:"articles"`
	Changed  int    `json:"changed"`
}

func reviewRun(opts *reviewOptions) error {
	page, err := review.Load(opts.From)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no review data: run `recommend batch --corpus DIR` first", opts.From)
	}
	if err != nil {
		return fmt.Errorf("%w (run recommend batch again)", err)
	}
	page.Site = strings.TrimSuffix(opts.Site, "/")
	var buf bytes.Buffer
	if err := page.Write(&buf); err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(opts.Out, 0o644, buf.Bytes()); err != nil {
		return err
	}
	s := page.Summarize()
	sum := reviewSummary{Out: opts.Out, Bytes: buf.Len(), Articles: s.Articles, Changed: s.Changed}
	if opts.G.JSON {
		return writeJSON(opts.G.IO.Out, sum)
	}
	_, err = fmt.Fprintf(opts.G.IO.Out, "wrote %s (%.1f MB): %d articles, %d lists change\n",
		sum.Out, float64(sum.Bytes)/1e6, sum.Articles, sum.Changed)
	return err
}
