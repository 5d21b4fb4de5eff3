// Package lookup answers "what is related to this article?" from a saved
// index, for the command line (`recommend --id N`) and for the server's
// API (`GET /api/related?id=N`) alike: both call Related and print its
// result as JSON or as text, so the two can never disagree.
//
// # Method
//
// An id names every cross-posted copy of an article, so a lookup by id
// returns one Article per copy, in the index's (id, URL) order; a lookup by
// URL returns the one file. Each Article carries the first n links of the
// list the last batch wrote, with the model's score and the terms that
// explain it, and the mark of a link that is not simply ranked: "held"
// (kept by hysteresis), "pinned" or "locked", as the batch that wrote the
// list decided (index.Reason), so that scores out of order explain
// themselves. When the editors' overrides are given, a decision taken
// since the batch marks the list too: a link pinned since is marked
// "pinned", and every link of an article locked since "locked", which is
// what the next batch will apply. The text form ends with a one-line
// legend of the marks it shows.
//
// A free text is folded into the TF-IDF space with the vectors the batch
// saved beside the lists (Text).
package lookup

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"recommend/editor"
	"recommend/index"
)

// Article is one article as a lookup prints it.
type Article struct {
	URL      string `json:"url"`
	ID       string `json:"id"`
	Title    string `json:"title"`
	Subject  string `json:"subject"`
	Question string `json:"question"`
	Locked   bool   `json:"locked,omitempty"` // the editors locked it (at the last batch or since): the batch leaves its links alone
	Related  []Link `json:"related"`
}

// Link is one related article with its score and explaining terms.
type Link struct {
	URL     string   `json:"url"`
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Subject string   `json:"subject"`
	Score   float64  `json:"score"`
	Terms   []string `json:"terms"`
	// Mark says why the link is there whatever its score: "held",
	// "pinned" or "locked" (index.Reason.Mark); left out for a link the
	// engine ranked there, so that plain links read as they always did.
	Mark string `json:"mark,omitempty"`
}

// ErrNotFound says that no article has the id or URL asked for;
// Related's error for it matches it with errors.Is.
var ErrNotFound = errors.New("no such article")

// notFound names the id or URL that no article has.
type notFound struct{ msg string }

func (e *notFound) Error() string        { return e.msg }
func (e *notFound) Is(target error) bool { return target == ErrNotFound }

// NotFound returns the error for an id or url (what) that no article of
// the index in dir has; it matches ErrNotFound.
func NotFound(what, value, dir string) error {
	return &notFound{fmt.Sprintf("no article with %s %s in the index %s", what, value, dir)}
}

// Related returns the articles with id (every cross-posted copy) or, when
// id is "", the article at url, each with the first n links of its list,
// marked as the batch decided them. ov, when not nil, adds the pins and
// locks decided since. An unknown article
// gives an error wrapping ErrNotFound; an index error is explained by
// IndexError.
func Related(ix *index.Index, id, url string, n int, ov *editor.Overrides) ([]Article, error) {
	dir := filepath.Dir(ix.Dir()) // the index, not its generation
	var recs []int
	if id == "" {
		i, ok, err := ix.ByURL(url)
		if err != nil {
			return nil, IndexError(dir, err)
		}
		if !ok {
			return nil, NotFound("url", url, dir)
		}
		recs = []int{i}
	} else {
		var err error
		if recs, err = ix.ByID(id); err != nil {
			return nil, IndexError(dir, err)
		}
		if len(recs) == 0 {
			return nil, NotFound("id", id, dir)
		}
	}
	return Assemble(ix, dir, recs, n, ov)
}

// Source gives an index's records by number: *index.Index reads them from
// its file; a server may hold them in memory.
type Source interface {
	Article(i int) (index.Article, error)
}

// Assemble builds the lookup answer for the records recs of src (the
// index in dir, named in errors): Related's answer once the id or URL is
// resolved.
func Assemble(src Source, dir string, recs []int, n int, ov *editor.Overrides) ([]Article, error) {
	ix := src
	out := make([]Article, 0, len(recs))
	for _, i := range recs {
		a, err := ix.Article(i)
		if err != nil {
			return nil, IndexError(dir, err)
		}
		la := Article{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, Related: []Link{}}
		pins := map[string]bool{}
		if ov != nil {
			la.Locked = locked(ov, a.ID, a.URL)
			for _, p := range ov.Pins {
				if p.Article == a.ID || p.Article == a.URL {
					for _, l := range p.Links {
						pins[l] = true
					}
				}
			}
		}
		// The batch left the list as it was: the article was locked then.
		if len(a.Related) > 0 && !slices.ContainsFunc(a.Related, func(r index.Related) bool { return r.Reason != index.ReasonLocked }) {
			la.Locked = true
		}
		for _, r := range a.Related[:min(n, len(a.Related))] {
			t, err := ix.Article(r.Doc)
			if err != nil {
				return nil, IndexError(dir, err)
			}
			terms := r.Terms
			if terms == nil {
				terms = []string{}
			}
			l := Link{URL: t.URL, ID: t.ID, Title: t.Title, Subject: t.Subject, Score: r.Score, Terms: terms, Mark: r.Reason.Mark()}
			switch {
			case la.Locked:
				l.Mark = index.ReasonLocked.Mark()
			case pins[t.URL] || pins[t.ID]:
				l.Mark = index.ReasonPinned.Mark()
			}
			la.Related = append(la.Related, l)
		}
		out = append(out, la)
	}
	return out, nil
}

// locked reports whether the overrides lock the article by id or URL.
func locked(ov *editor.Overrides, id, url string) bool {
	for _, l := range ov.Locks {
		if l == id || l == url {
			return true
		}
	}
	return false
}

// WriteText prints articles and their lists for a reader, a blank line
// between articles.
func WriteText(w io.Writer, arts []Article) {
	for k := range arts {
		if k > 0 {
			fmt.Fprintln(w)
		}
		a := &arts[k]
		lock := ""
		if a.Locked {
			lock = " · locked"
		}
		fmt.Fprintf(w, "%s\n  id %s · %s%s\n  %s\n", a.URL, a.ID, a.Subject, lock, a.Question)
		if len(a.Related) == 0 {
			fmt.Fprintln(w, "\n  no related articles")
			continue
		}
		fmt.Fprintln(w)
		WriteLinks(w, a.Related)
	}
	writeLegend(w, arts)
}

// writeLegend ends the text with one line that explains the marks shown,
// in index.Reason's order; nothing when no link is marked.
func writeLegend(w io.Writer, arts []Article) {
	shown := map[string]bool{}
	for k := range arts {
		for _, l := range arts[k].Related {
			shown[l.Mark] = true
		}
	}
	var parts []string
	for _, r := range []index.Reason{index.ReasonHeld, index.ReasonPinned, index.ReasonLocked} {
		if shown[r.Mark()] {
			parts = append(parts, "["+r.Mark()+"] "+r.Meaning())
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "\n  %s\n", strings.Join(parts, "; "))
	}
}

// WriteLinks prints a list of links, numbered, with their scores, marks
// and shared terms.
func WriteLinks(w io.Writer, links []Link) {
	for k, l := range links {
		mark := ""
		if l.Mark != "" {
			mark = "  [" + l.Mark + "]"
		}
		fmt.Fprintf(w, "  %2d  %.4f  %s%s\n", k+1, l.Score, l.Title, mark)
		fmt.Fprintf(w, "              %s  (id %s · %s)\n", l.URL, l.ID, l.Subject)
		if len(l.Terms) > 0 {
			fmt.Fprintf(w, "              shared terms: %s\n", strings.Join(l.Terms, ", "))
		}
	}
}

// SitePath turns what a reader copies from the browser into the path the
// index keys articles by: "https://www.example.com/learn/x/questions/y/"
// and "/learn/x/questions/y/" are both "/learn/x/questions/y". A query and
// a fragment are dropped; anything else is returned as given.
func SitePath(u string) string {
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

// Open opens the index in dir, turning its errors into messages that say
// what to do.
func Open(dir string) (*index.Index, error) {
	ix, err := index.Open(dir)
	if err != nil {
		return nil, IndexError(dir, err)
	}
	return ix, nil
}

// IndexError explains an index error and names the command that fixes it.
func IndexError(dir string, err error) error {
	switch {
	case errors.Is(err, index.ErrMissing):
		return fmt.Errorf("no index in %s: build one with `recommend batch --corpus DIR --index %s`", dir, dir)
	case errors.Is(err, index.ErrVersion), errors.Is(err, index.ErrCorrupt):
		return fmt.Errorf("the index in %s cannot be read (%v): rebuild it with `recommend batch --corpus DIR --index %s`", dir, err, dir)
	}
	return err
}
