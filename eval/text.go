package eval

// The report's two forms. WriteText prints for people: sections in a fixed
// order, each a tabwriter table or a few lines, every figure formatted with
// a fixed precision, so that the same Report gives the same bytes; write
// errors are kept by errWriter and returned once at the end. WriteJSON is
// the Report itself, indented. Neither computes anything: every figure is
// in the Report that Run or Index.Report measured (see report.go).

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// writeJSON writes v as indented JSON: the JSON form of every report of
// the package.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("eval: write json: %w", err)
	}
	return nil
}

// WriteText writes the report for people: one table with a row per system
// and a column per metric, the per-subject breakdown, the most-listed
// articles and score histogram of the default ranking, link hygiene (one
// example of each problem; the JSON form holds them all), the duplicate
// clusters and, when measured, the editors' section.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%d articles, %d scored against their existing links, k = %d", r.Articles, r.Scored, r.K)
	if r.Judged > 0 {
		fmt.Fprintf(ew, ", %d judged queries", r.Judged)
	}
	fmt.Fprintf(ew, "\n\n")

	// Numbers align right; names are padded to one width so that they read
	// left-aligned.
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	k := r.K
	nw := len("system")
	for _, s := range r.Systems {
		nw = max(nw, len(s.Name))
	}
	fmt.Fprintf(tw, "%-*s\trecall@%d\tprecision@%d\thit@%d\tMRR@%d\tnDCG@%d\tcoverage\t", nw, "system", k, k, k, k, k)
	if r.Judged > 0 {
		fmt.Fprintf(tw, "judged nDCG@%d\tP@%d\tstrict P@%d\tunjudged\t", k, k, k)
	}
	fmt.Fprintf(tw, "changed\town subject\tnever listed\tmax in\tGini in\t\n")
	for _, s := range r.Systems {
		a, b := s.Agreement, s.Beyond
		fmt.Fprintf(tw, "%-*s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t", nw, s.Name, a.Recall, a.Precision, a.Hit, a.MRR, a.NDCG, a.Coverage)
		if r.Judged > 0 && s.Judged != nil {
			j := s.Judged
			fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t%.4f\t", j.NDCG, j.P, j.PStrict, j.Unjudged)
		}
		fmt.Fprintf(tw, "%.4f\t%.4f\t%d\t%d\t%.4f\t\n", b.Changed, b.OwnSubject, b.NeverListed, b.InDegree.Max, b.InDegree.Gini)
	}
	tw.Flush()

	fmt.Fprintf(ew, "\nrecall@%d by subject folder\n", k)
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	fw := len("folder")
	for _, sub := range r.Subjects {
		fw = max(fw, len(sub.Folder))
	}
	fmt.Fprintf(tw, "%-*s\tarticles\tscored\t", fw, "folder")
	for _, s := range r.Systems {
		fmt.Fprintf(tw, "%s\t", s.Name)
	}
	fmt.Fprintf(tw, "\n")
	for n, sub := range r.Subjects {
		fmt.Fprintf(tw, "%-*s\t%d\t%d\t", fw, sub.Folder, sub.Articles, sub.Scored)
		for _, s := range r.Systems {
			fmt.Fprintf(tw, "%.4f\t", s.BySubject[n].Recall)
		}
		fmt.Fprintf(tw, "\n")
	}
	tw.Flush()

	if n := len(r.Systems); n > 0 {
		s := r.Systems[n-1]
		for _, c := range r.Systems {
			if c.Name == SystemDefault {
				s = c
			}
		}
		fmt.Fprintf(ew, "\nmost-listed articles (%s)\n", s.Name)
		for _, p := range s.Beyond.InDegree.Top {
			fmt.Fprintf(ew, "  %4d  %s\n", p.In, p.URL)
		}
		if len(s.Beyond.Scores) > 0 {
			fmt.Fprintf(ew, "\nscore histogram (%s)\n", s.Name)
			most := 0
			for _, b := range s.Beyond.Scores {
				most = max(most, b.Count)
			}
			for _, b := range s.Beyond.Scores {
				fmt.Fprintf(ew, "  [%5.2f, %5.2f)  %7d  %s\n", b.Lo, b.Hi, b.Count, strings.Repeat("#", (b.Count*40+most-1)/most))
			}
		}
	}

	h := r.Hygiene
	fmt.Fprintf(ew, "\nlink hygiene: %d related links in %d articles\n", h.Links, h.Articles)
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	for _, row := range []struct {
		kind, what string
		n          int
	}{
		{IssueNoLinks, "articles with no links", h.NoLinks},
		{IssueUnresolved, "links to no article", h.Unresolved},
		{IssueSelf, "links to the article itself", h.Self},
		{IssueSameQuestion, "links to a copy of the same question", h.SameQuestion},
		{IssueRepeated, "the same link twice in one article", h.Repeated},
		{IssueStaleTitle, "stored title differs from the target's", h.StaleTitle},
		{IssueStaleSubject, "stored subject differs from the target's", h.StaleSubject},
		{IssueStaleID, "stored id differs from the target's", h.StaleID},
	} {
		fmt.Fprintf(tw, "  %s\t%d\t", row.what, row.n)
		ex := ""
		if i := slices.IndexFunc(h.Issues, func(is LinkIssue) bool { return is.Kind == row.kind }); i >= 0 {
			ex = issueText(h.Issues[i])
		}
		fmt.Fprintf(tw, "%s\n", ex)
	}
	tw.Flush()

	if r.Clusters != nil {
		r.Clusters.writeText(ew)
	}
	if r.Editors != nil {
		r.Editors.writeText(ew, r.K)
	}
	return ew.err
}

// textExamples is how many duplicate clusters the text form shows.
const textExamples = 5

// writeText prints the duplicate clusters: the counts, the sizes and the first few clusters.
func (c *Clusters) writeText(w io.Writer) {
	fmt.Fprintf(w, "\nduplicate clusters (same question reworded, every two members paraphrases): %d clusters, %d articles; sizes", c.Count, c.Articles)
	for _, s := range c.Sizes {
		fmt.Fprintf(w, " %d×%d", s.Clusters, s.Size)
	}
	fmt.Fprintln(w)
	for _, cl := range c.All[:min(textExamples, len(c.All))] {
		fmt.Fprintf(w, "  %d articles, canonical %s (%s)\n", len(cl.Members), cl.Canonical, cl.Reason)
		for _, m := range cl.Members[:min(3, len(cl.Members))] {
			fmt.Fprintf(w, "    %s\n", m.Question)
		}
	}
}

// writeText writes the editors' section for people.
func (e *Editors) writeText(w io.Writer, k int) {
	s := e.Summary
	fmt.Fprintf(w, "\neditors' decisions (%s): %d pinned links, %d blocked pairs, %d articles blocked everywhere, %d locked articles\n",
		e.File, s.Pins, s.BlockedPairs, s.BlockedEverywhere, s.Locks)
	fmt.Fprintf(w, "  lists with a pinned link %d, lists that lost a suggestion to a block %d, lists left as they are by a lock %d\n",
		s.ListsPinned, s.ListsBlocked, s.ListsLocked)
	written := "as written"
	if e.Margin >= 0 {
		written = fmt.Sprintf("as written (hysteresis margin %g)", e.Margin)
	}
	judged := e.Engine.Judged != nil && e.Written.Judged != nil
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	nw := len(written)
	fmt.Fprintf(tw, "  %-*s\trecall@%d\tprecision@%d\thit@%d\tMRR@%d\tnDCG@%d\tcoverage\t", nw, "lists", k, k, k, k, k)
	if judged {
		fmt.Fprintf(tw, "judged nDCG@%d\tP@%d\tstrict P@%d\tunjudged\t", k, k, k)
	}
	fmt.Fprintf(tw, "\n")
	for _, row := range []struct {
		name string
		f    EditorFigures
	}{{"engine", e.Engine}, {written, e.Written}} {
		a := row.f.Agreement
		fmt.Fprintf(tw, "  %-*s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t", nw, row.name, a.Recall, a.Precision, a.Hit, a.MRR, a.NDCG, a.Coverage)
		if judged {
			j := row.f.Judged
			fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t%.4f\t", j.NDCG, j.P, j.PStrict, j.Unjudged)
		}
		fmt.Fprintf(tw, "\n")
	}
	tw.Flush()
}

func issueText(is LinkIssue) string {
	s := fmt.Sprintf("e.g. %s related_article%d", is.Article, is.N)
	switch {
	case is.N == 0:
		s = "e.g. " + is.Article
	case is.Stored != "" || is.Current != "":
		s += fmt.Sprintf(": %q, now %q", is.Stored, is.Current)
	}
	return s
}

// errWriter keeps the first write error, so that printing code need not
// check each call.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("eval: write report: %w", err)
	}
	return n, nil
}
