package eval

// Hygiene is the state of the existing related_articleN fields: what an
// editor would fix by hand or a rewrite would repair. Counts are of links
// (one related_articleN block each) unless named otherwise.
type Hygiene struct {
	Articles     int         `json:"articles"`
	Links        int         `json:"links"`
	NoLinks      int         `json:"no_links"`      // articles with no related block at all
	Unresolved   int         `json:"unresolved"`    // url names no article
	Self         int         `json:"self"`          // url is the article itself
	SameQuestion int         `json:"same_question"` // url is another article with the same question
	Repeated     int         `json:"repeated"`      // the question of an earlier block of the article again (same id)
	StaleTitle   int         `json:"stale_title"`   // stored title differs from the target's title
	StaleSubject int         `json:"stale_subject"` // stored subject differs from the target's subject
	StaleID      int         `json:"stale_id"`      // stored id differs from the target's id
	Issues       []LinkIssue `json:"issues"`        // every problem above, by article then block
}

// LinkIssue is one problem of one related block: Article's related_articleN
// (N from 1) points at URL. Stored and Current hold the differing values of
// a stale title, subject or id.
type LinkIssue struct {
	Kind    string `json:"kind"` // unresolved, self, same_question, repeated, stale_title, stale_subject, stale_id, no_links
	Article string `json:"article"`
	N       int    `json:"n,omitempty"`
	URL     string `json:"url,omitempty"`
	Stored  string `json:"stored,omitempty"`
	Current string `json:"current,omitempty"`
}

// Issue kinds, in the order a report lists them.
const (
	IssueNoLinks      = "no_links"
	IssueUnresolved   = "unresolved"
	IssueSelf         = "self"
	IssueSameQuestion = "same_question"
	IssueRepeated     = "repeated"
	IssueStaleTitle   = "stale_title"
	IssueStaleSubject = "stale_subject"
	IssueStaleID      = "stale_id"
)

// Hygiene checks every related block of every article. Values are compared
// after stripping surrounding white space.
//
// A block is repeated when its id is that of an earlier block of the same
// article: ids name a question, shared by its cross-posted copies, so this
// is the same link twice whether by the same URL or by a copy's (9,120 in
// the January 2026 corpus). A repeated block is counted only as repeated,
// and a block that does not resolve only as unresolved. A block repeating
// an earlier URL under another id holds a stale id, counted as such.
func (ix *Index) Hygiene() Hygiene {
	var h Hygiene
	add := func(kind string, i, n int, url, stored, current string) {
		h.Issues = append(h.Issues, LinkIssue{Kind: kind, Article: ix.url[i], N: n, URL: url, Stored: stored, Current: current})
	}
	seen := make([]string, 0, 8)
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		h.Articles++
		rel := ix.arts[i].Related
		if len(rel) == 0 {
			h.NoLinks++
			add(IssueNoLinks, i, 0, "", "", "")
			continue
		}
		seen = seen[:0]
		for n, l := range rel {
			h.Links++
			url, id := pyStrip(l.URL), pyStrip(l.ID)
			if id != "" && containsString(seen, id) {
				h.Repeated++
				add(IssueRepeated, i, n+1, url, "", "")
				continue
			}
			seen = append(seen, id)
			j, ok := ix.byURL[url]
			switch {
			case !ok:
				h.Unresolved++
				add(IssueUnresolved, i, n+1, url, "", "")
				continue
			case j == i:
				h.Self++
				add(IssueSelf, i, n+1, url, "", "")
			case ix.qid[j] == ix.qid[i]:
				h.SameQuestion++
				add(IssueSameQuestion, i, n+1, url, "", "")
			}
			t := &ix.arts[j]
			if s, c := pyStrip(l.Title), pyStrip(t.Title); s != c {
				h.StaleTitle++
				add(IssueStaleTitle, i, n+1, url, s, c)
			}
			if s, c := pyStrip(l.Subject), pyStrip(t.Subject); s != c {
				h.StaleSubject++
				add(IssueStaleSubject, i, n+1, url, s, c)
			}
			if s, c := pyStrip(l.ID), pyStrip(t.ID); s != c {
				h.StaleID++
				add(IssueStaleID, i, n+1, url, s, c)
			}
		}
	}
	return h
}
