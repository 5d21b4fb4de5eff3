package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"recommend/index"
)

// lookupOptions are the flags of the root command: one article's related
// list, read from the saved index.
type lookupOptions struct {
	G    *globalOptions
	ID   string
	URL  string
	Text string
	N    int
}

func newLookupCmd(g *globalOptions, runF func(*lookupOptions) error) *cobra.Command {
	opts := &lookupOptions{G: g}
	cmd := &cobra.Command{
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set := 0
			for _, s := range []string{"id", "url", "text"} {
				if changed(cmd.Flags(), s) {
					set++
				}
			}
			if set == 0 {
				return cmd.Help()
			}
			if set > 1 {
				return usageErrorf("give only one of --id, --url and --text")
			}
			for _, v := range []struct{ name, value string }{{"id", opts.ID}, {"url", opts.URL}, {"text", opts.Text}} {
				if changed(cmd.Flags(), v.name) && strings.TrimSpace(v.value) == "" {
					return usageErrorf("--%s needs a value", v.name)
				}
			}
			if opts.N < 1 {
				return usageErrorf("-n must be at least 1, got %d", opts.N)
			}
			g.Index = indexFor(g.Index, "")
			opts.URL = sitePath(opts.URL)
			if runF != nil {
				return runF(opts)
			}
			return lookupRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.ID, "id", "", "show the related articles of the article(s) with this `id` (cross-posted copies share one)")
	f.StringVar(&opts.URL, "url", "", "show the related articles of the article at this `url` (/learn/... or the full address, https://...)")
	f.StringVar(&opts.Text, "text", "", "show the articles closest to this free `text`")
	f.IntVarP(&opts.N, "n", "n", 5, "how many related articles to show")
	return cmd
}

// lookupArticle is one article as a lookup prints it.
type lookupArticle struct {
	URL      string       `json:"url"`
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Subject  string       `json:"subject"`
	Question string       `json:"question"`
	Related  []lookupLink `json:"related"`
}

// lookupLink is one related article with its score and explaining terms.
type lookupLink struct {
	URL     string   `json:"url"`
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Subject string   `json:"subject"`
	Score   float64  `json:"score"`
	Terms   []string `json:"terms"`
}

func lookupRun(opts *lookupOptions) error {
	ix, err := openIndex(opts.G.Index)
	if err != nil {
		return err
	}
	defer ix.Close()
	if opts.Text != "" {
		return textRun(opts, ix)
	}
	var recs []int
	switch {
	case opts.URL != "":
		i, ok, err := ix.ByURL(opts.URL)
		if err != nil {
			return indexError(opts.G.Index, err)
		}
		if !ok {
			return fmt.Errorf("no article with url %s in the index %s", opts.URL, opts.G.Index)
		}
		recs = []int{i}
	default:
		if recs, err = ix.ByID(opts.ID); err != nil {
			return indexError(opts.G.Index, err)
		}
		if len(recs) == 0 {
			return fmt.Errorf("no article with id %s in the index %s", opts.ID, opts.G.Index)
		}
	}
	out := make([]lookupArticle, 0, len(recs))
	for _, i := range recs {
		a, err := ix.Article(i)
		if err != nil {
			return indexError(opts.G.Index, err)
		}
		la := lookupArticle{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, Related: []lookupLink{}}
		for _, r := range a.Related[:min(opts.N, len(a.Related))] {
			t, err := ix.Article(r.Doc)
			if err != nil {
				return indexError(opts.G.Index, err)
			}
			terms := r.Terms
			if terms == nil {
				terms = []string{}
			}
			la.Related = append(la.Related, lookupLink{URL: t.URL, ID: t.ID, Title: t.Title, Subject: t.Subject, Score: r.Score, Terms: terms})
		}
		out = append(out, la)
	}
	if opts.G.JSON {
		return writeJSON(opts.G.IO.Out, out)
	}
	for k, a := range out {
		if k > 0 {
			fmt.Fprintln(opts.G.IO.Out)
		}
		writeLookupText(opts.G.IO.Out, &a)
	}
	return nil
}

// writeLookupText prints one article and its list for a reader.
func writeLookupText(w io.Writer, a *lookupArticle) {
	fmt.Fprintf(w, "%s\n  id %s · %s\n  %s\n", a.URL, a.ID, a.Subject, a.Question)
	if len(a.Related) == 0 {
		fmt.Fprintln(w, "\n  no related articles")
		return
	}
	fmt.Fprintln(w)
	writeLinksText(w, a.Related)
}

func writeLinksText(w io.Writer, links []lookupLink) {
	for k, l := range links {
		fmt.Fprintf(w, "  %2d  %.4f  %s\n", k+1, l.Score, l.Title)
		fmt.Fprintf(w, "              %s  (id %s · %s)\n", l.URL, l.ID, l.Subject)
		if len(l.Terms) > 0 {
			fmt.Fprintf(w, "              shared terms: %s\n", strings.Join(l.Terms, ", "))
		}
	}
}

// sitePath turns what a reader copies from the browser into the path the
// index keys articles by: "https://www.example.com/learn/x/questions/y/"
// and "/learn/x/questions/y/" are both "/learn/x/questions/y". A query and
// a fragment are dropped; anything else is returned as given.
func sitePath(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		u = rest
	} else if rest, ok := strings.CutPrefix(u, "http://"); ok {
		u = rest
	} else if !strings.HasPrefix(u, "/") {
		return u
	} else {
		u = "host" + u
	}
	_, path, ok := strings.Cut(u, "/")
	if !ok {
		return "/"
	}
	path, _, _ = strings.Cut(path, "#")
	path, _, _ = strings.Cut(path, "?")
	return "/" + strings.TrimRight(path, "/")
}

// openIndex opens the index in dir, turning its errors into messages that
// say what to do.
func openIndex(dir string) (*index.Index, error) {
	ix, err := index.Open(dir)
	if err != nil {
		return nil, indexError(dir, err)
	}
	return ix, nil
}

// indexError explains an index error and names the command that fixes it.
func indexError(dir string, err error) error {
	switch {
	case errors.Is(err, index.ErrMissing):
		return fmt.Errorf("no index in %s: build one with `recommend batch --corpus DIR --index %s`", dir, dir)
	case errors.Is(err, index.ErrVersion), errors.Is(err, index.ErrCorrupt):
		return fmt.Errorf("the index in %s cannot be read (%v): rebuild it with `recommend batch --corpus DIR --index %s`", dir, err, dir)
	}
	return err
}

// writeJSON writes v as indented JSON and a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
