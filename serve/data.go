package serve

// What the server shows comes from one generation of the index: the lists
// and articles (lookup.bin), the vectors for recomputing a list after a
// decision (vectors.bin, read on first use), and the review data the batch
// saved beside them (review.json.gz: current and suggested links, flags,
// scores, shared terms). A generation is loaded whole and swapped in under
// the server's lock, so a request sees one generation from start to end;
// the one it replaces is closed a minute later, once requests that began
// on it are done.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"recommend/editor"
	"recommend/index"
	"recommend/lookup"
	"recommend/recommend"
	"recommend/review"
)

// reviewData is the file in the index folder where the batch saves the
// review page's data.
const reviewData = "review.json.gz"

// generation is everything loaded from one CURRENT of the index.
type generation struct {
	current string // the CURRENT file's content
	ix      *index.Index
	page    *review.Page // nil when the batch saved no review data
	arts    []wsArticle  // page.Articles (or the index's records) with ids
	items   []*review.Item
	byURL   map[string]int // url → position in arts
	byID    map[string][]int
	// clusterOf is each article's duplicate cluster in page.Clusters, -1
	// for none (clusters.go).
	clusterOf []int

	// The index's records, read once: lookups answer from memory.
	recs     []index.Article
	recByURL map[string]int
	recByID  map[string][]int
	dir      string // the index folder, as lookup names it in errors

	vecOnce sync.Once
	vec     *recommend.Vectors
	vecErr  error
}

// wsArticle is an article as the workspace searches and shows it.
type wsArticle struct {
	URL, ID, Title, Subject, Key, Question string
	text                                   string // lower-cased question and title, for search
}

// readCurrent returns the content of dir/CURRENT ("" when there is none).
func readCurrent(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// load opens the index in dir and the review data beside it.
func load(dir string) (*generation, error) {
	g := &generation{current: readCurrent(dir)}
	ix, err := lookup.Open(dir)
	if err != nil {
		return nil, err
	}
	g.ix = ix
	g.dir = filepath.Dir(ix.Dir())
	g.recs = make([]index.Article, ix.Len())
	g.recByURL, g.recByID = make(map[string]int, ix.Len()), map[string][]int{}
	for i := range ix.Len() {
		a, err := ix.Article(i)
		if err != nil {
			ix.Close()
			return nil, lookup.IndexError(dir, err)
		}
		g.recs[i] = a
		g.recByURL[a.URL] = i
		g.recByID[a.ID] = append(g.recByID[a.ID], i)
	}
	for _, rs := range g.recByID { // in URL order, as ix.ByID gives them
		slices.SortFunc(rs, func(a, b int) int { return strings.Compare(g.recs[a].URL, g.recs[b].URL) })
	}
	page, err := review.Load(filepath.Join(dir, reviewData))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		page = nil
	case err != nil:
		ix.Close()
		return nil, fmt.Errorf("%w (run recommend batch again)", err)
	}
	g.page = page
	g.byURL, g.byID = map[string]int{}, map[string][]int{}
	if page != nil {
		g.arts = make([]wsArticle, len(page.Articles))
		for i, a := range page.Articles {
			id := ""
			if r, ok := g.recByURL[a.URL]; ok {
				id = g.recs[r].ID
			}
			g.arts[i] = wsArticle{URL: a.URL, ID: id, Title: a.Title, Subject: a.Subject, Key: a.Key, Question: a.Question}
		}
		for i := range page.Items {
			g.items = append(g.items, &page.Items[i])
		}
		g.clusterOf = page.ClusterOf()
	} else {
		// No review data: the lists of the index are the suggestions.
		g.arts = make([]wsArticle, ix.Len())
		for i, a := range g.recs {
			g.arts[i] = wsArticle{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Key: strings.ToLower(a.Subject), Question: a.Question}
			it := &review.Item{Doc: i}
			for _, r := range a.Related {
				it.Suggested = append(it.Suggested, review.Link{Doc: r.Doc, Score: r.Score, Scored: true, Terms: r.Terms})
			}
			g.items = append(g.items, it)
		}
	}
	for i := range g.arts {
		a := &g.arts[i]
		a.text = strings.ToLower(a.Question + " " + a.Title)
		g.byURL[a.URL] = i
		g.byID[a.ID] = append(g.byID[a.ID], i)
	}
	return g, nil
}

// Article returns record i from memory (lookup.Source).
func (g *generation) Article(i int) (index.Article, error) {
	if i < 0 || i >= len(g.recs) {
		return index.Article{}, fmt.Errorf("record %d of %d: %w", i, len(g.recs), index.ErrCorrupt)
	}
	return g.recs[i], nil
}

// vectors returns the generation's vectors, read on first use.
func (g *generation) vectors() (*recommend.Vectors, error) {
	g.vecOnce.Do(func() { g.vec, g.vecErr = lookup.Vectors(g.ix) })
	return g.vec, g.vecErr
}

// flagNames names editor.Flag bits, for the page.
var flagNames = editor.FlagNames()
