package serve

// The workspace's list: every article of the review data, searched by
// question text, id or URL, filtered by subject and flag and sorted by how
// much its list changes, as the static review page does, one page of
// cards at a time.

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"recommend/editor"
	"recommend/index"
	"recommend/lookup"
	"recommend/review"
)

// perPage is how many cards a page of the workspace shows.
const perPage = 20

// wireLink is a link as the workspace shows it.
type wireLink struct {
	URL   string   `json:"url"`
	ID    string   `json:"id"`
	Title string   `json:"title"`
	Score *float64 `json:"score"` // null when the engine gave none
	Terms []string `json:"terms,omitempty"`
	Flags []string `json:"flags,omitempty"`
	Mark  string   `json:"mark,omitempty"` // "held", "pinned" or "locked" (index.Reason.Mark): why it is there whatever its score
}

// wsItem is one article's card.
type wsItem struct {
	URL       string     `json:"url"`
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Subject   string     `json:"subject"`
	Question  string     `json:"question"`
	Locked    bool       `json:"locked"`
	Change    int        `json:"change"`
	Current   []wireLink `json:"current"`
	Suggested []wireLink `json:"suggested"`
	HasNext   bool       `json:"has_next"`
	Next      []wireLink `json:"next"` // after a decision: what the next batch will write

	Cluster *wsCluster `json:"cluster,omitempty"` // its duplicate cluster (clusters.go)
}

// flagList names the set flags.
func flagList(f editor.Flag) []string {
	var out []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// itemOf returns the item of article i.
func (g *generation) itemOf(i int) *review.Item {
	if i < len(g.items) && g.items[i].Doc == i {
		return g.items[i] // the review data keeps one item per article, in order
	}
	for _, it := range g.items {
		if it.Doc == i {
			return it
		}
	}
	return &review.Item{Doc: i}
}

// wsItem turns a review item into its card.
func (g *generation) wsItem(it *review.Item) wsItem {
	a := g.arts[it.Doc]
	out := wsItem{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Question: a.Question, Locked: it.Locked, Change: it.Change(), Cluster: g.clusterOfArticle(it.Doc)}
	link := func(l review.Link, suggested bool) wireLink {
		w := wireLink{URL: l.URL, Title: l.Title, Terms: l.Terms, Flags: flagList(l.Flags)}
		if l.Doc >= 0 {
			t := g.arts[l.Doc]
			w.URL, w.ID, w.Title = t.URL, t.ID, t.Title
		}
		if l.Scored && !math.IsNaN(l.Score) {
			s := l.Score
			w.Score = &s
		}
		switch {
		case !suggested:
		case l.Reason != index.ReasonRanked:
			w.Mark = l.Reason.Mark()
		case it.Locked: // review data saved before the reasons were kept
			w.Mark = index.ReasonLocked.Mark()
		case l.Flags&editor.FlagPinned != 0:
			w.Mark = index.ReasonPinned.Mark()
		}
		return w
	}
	out.Current, out.Suggested = []wireLink{}, []wireLink{}
	for _, l := range it.Current {
		out.Current = append(out.Current, link(l, false))
	}
	for _, l := range it.Suggested {
		out.Suggested = append(out.Suggested, link(l, true))
	}
	return out
}

// itemsAnswer is a page of cards.
type itemsAnswer struct {
	Total int      `json:"total"` // articles matching
	Of    int      `json:"of"`    // articles in all
	Page  int      `json:"page"`  // from 1
	Pages int      `json:"pages"`
	Items []wsItem `json:"items"`
}

// search returns the items matching q (an id, a URL, or words of the
// question), subject and flag, sorted.
func (g *generation) search(q, subject, flag, sort string) []*review.Item {
	q = strings.TrimSpace(q)
	var only map[int]bool // articles named by id or URL
	var words []string
	switch {
	case q != "" && strings.Trim(q, "0123456789") == "":
		only = map[int]bool{}
		for _, i := range g.byID[q] {
			only[i] = true
		}
	case strings.HasPrefix(q, "/") || strings.HasPrefix(q, "http://") || strings.HasPrefix(q, "https://"):
		only = map[int]bool{}
		if i, ok := g.byURL[lookup.SitePath(q)]; ok {
			only[i] = true
		}
	default:
		words = strings.Fields(strings.ToLower(q))
	}
	fbit := editor.Flag(0)
	if i := slices.Index(flagNames, flag); i >= 0 {
		fbit = 1 << i
	}
	var out []*review.Item
	for _, it := range g.items {
		a := &g.arts[it.Doc]
		if only != nil && !only[it.Doc] || subject != "" && a.Key != subject {
			continue
		}
		if flag == index.ReasonLocked.Mark() && !it.Locked || flag == index.ReasonHeld.Mark() && !it.Held() {
			continue
		}
		if fbit != 0 && !hasFlag(it, fbit) {
			continue
		}
		if !containsAll(a.text, words) {
			continue
		}
		out = append(out, it)
	}
	byURL := func(x, y *review.Item) int { return cmp.Compare(g.arts[x.Doc].URL, g.arts[y.Doc].URL) }
	switch sort {
	case "url":
		slices.SortFunc(out, byURL)
	case "stable":
		slices.SortFunc(out, func(x, y *review.Item) int { return cmp.Or(cmp.Compare(x.Change(), y.Change()), byURL(x, y)) })
	default:
		slices.SortFunc(out, func(x, y *review.Item) int { return cmp.Or(cmp.Compare(y.Change(), x.Change()), byURL(x, y)) })
	}
	return out
}

func hasFlag(it *review.Item, f editor.Flag) bool {
	for _, l := range slices.Concat(it.Current, it.Suggested) {
		if l.Flags&f != 0 {
			return true
		}
	}
	return false
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// items answers GET /api/items?q=&subject=&flag=&sort=&page=.
func (s *Server) items(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	g := s.current()
	found := g.search(q.Get("q"), q.Get("subject"), q.Get("flag"), q.Get("sort"))
	pages := max(1, (len(found)+perPage-1)/perPage)
	page, _ := strconv.Atoi(q.Get("page"))
	page = min(max(page, 1), pages)
	ans := itemsAnswer{Total: len(found), Of: len(g.items), Page: page, Pages: pages, Items: []wsItem{}}
	ov, _ := s.overrides()
	for _, it := range found[(page-1)*perPage : min(page*perPage, len(found))] {
		w := g.wsItem(it)
		markDecisions(&w, ov)
		ans.Items = append(ans.Items, w)
	}
	writeJSON(w, http.StatusOK, ans)
}

// markDecisions marks the card's suggested links with the editors'
// decisions as the overrides file holds them now, which may be newer than
// the batch that suggested them: a link pinned since is marked pinned, and
// an article locked since is shown locked.
func markDecisions(w *wsItem, ov *editor.Overrides) {
	if ov == nil {
		return
	}
	markBlocked(w.Cluster, ov)
	for _, l := range ov.Locks {
		if l == w.ID || l == w.URL {
			w.Locked = true
		}
	}
	pinned := map[string]bool{}
	for _, p := range ov.Pins {
		if p.Article == w.ID || p.Article == w.URL {
			for _, l := range p.Links {
				pinned[l] = true
			}
		}
	}
	for k := range w.Suggested {
		l := &w.Suggested[k]
		switch {
		case w.Locked:
			l.Mark = index.ReasonLocked.Mark()
		case pinned[l.URL] || l.ID != "" && pinned[l.ID]:
			l.Mark = index.ReasonPinned.Mark()
		}
	}
}
