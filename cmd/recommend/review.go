package main

// `recommend review` writes the editors' review page (review.WriteFile)
// from the data the last batch saved in the index directory, atomically,
// and prints its size and counts.

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"recommend/home"
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
				opts.From = filepath.Join(home.IndexDir(g.Index, ""), nightly.ReviewData)
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

// reviewRun writes the page (review.WriteFile) and says what it wrote.
func reviewRun(opts *reviewOptions) error {
	sum, err := review.WriteFile(opts.From, opts.Out, opts.Site)
	if err != nil {
		return err
	}
	if opts.G.JSON {
		return writeJSON(opts.G.IO.Out, sum)
	}
	_, err = fmt.Fprintf(opts.G.IO.Out, "wrote %s (%.1f MB): %d articles, %d lists change\n",
		sum.Out, float64(sum.Bytes)/1e6, sum.Articles, sum.Changed)
	return err
}
