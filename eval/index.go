package eval

import (
	"path"
	"strings"
	"unicode"

	"recommend/corpus"
	"recommend/recommend"
)

// Index is a corpus as the metrics see it: articles by URL, question keys,
// subject folders and the cleaned existing links (Gold). Build it once with
// NewIndex and score any number of systems against it.
type Index struct {
	arts   []corpus.Article
	byURL  map[string]int
	qkey   []string // recommend.QuestionKey of each article
	qid    []int32  // the question key as a number: equal keys, equal ids
	folder []string // the subject folder of each article
	gold   [][]int  // existing links, cleaned, in N order
	url    []string // the stripped URL of each article
	canon  []bool   // whether article i is the one its URL names
}

// NewIndex indexes arts (as corpus.Load returns them). Articles keep their
// order; when two share a URL, the later one wins, as in the reference
// scripts' dictionaries.
func NewIndex(arts []corpus.Article) *Index {
	ix := &Index{
		arts:   arts,
		byURL:  make(map[string]int, len(arts)),
		qkey:   make([]string, len(arts)),
		qid:    make([]int32, len(arts)),
		folder: make([]string, len(arts)),
		gold:   make([][]int, len(arts)),
		url:    make([]string, len(arts)),
		canon:  make([]bool, len(arts)),
	}
	for i := range arts {
		ix.url[i] = pyStrip(arts[i].URL)
		ix.byURL[ix.url[i]] = i
		ix.qkey[i] = recommend.QuestionKey(&arts[i])
		ix.folder[i] = folderOf(&arts[i])
	}
	ids := map[string]int32{}
	for i := range arts {
		ix.canon[i] = ix.byURL[ix.url[i]] == i
		id, ok := ids[ix.qkey[i]]
		if !ok {
			id = int32(len(ids))
			ids[ix.qkey[i]] = id
		}
		ix.qid[i] = id
	}
	raw := make([]string, 0, 8)
	for i := range arts {
		raw = raw[:0]
		for _, l := range arts[i].Related {
			raw = append(raw, pyStrip(l.URL))
		}
		ix.gold[i] = ix.cleanAgreement(i, raw, -1)
	}
	return ix
}

// Len returns the number of articles indexed.
func (ix *Index) Len() int { return len(ix.arts) }

// Articles returns the indexed articles, in the order given to NewIndex.
func (ix *Index) Articles() []corpus.Article { return ix.arts }

// Lookup returns the position of the article with the given URL.
func (ix *Index) Lookup(url string) (int, bool) {
	i, ok := ix.byURL[url]
	return i, ok
}

// Folder returns the subject folder of article i: the directory of its file
// under the content folder, or else the folder named in its URL
// (/learn/<folder>/questions/<slug>).
func (ix *Index) Folder(i int) string { return ix.folder[i] }

// cleanAgreement cleans list for article a as related_eval.py does: unknown
// urls, a itself, articles with a's question key and repeats are dropped,
// order kept; the result is cut to k when k >= 0.
func (ix *Index) cleanAgreement(a int, list []string, k int) []int {
	out := make([]int, 0, len(list))
	for _, u := range list {
		if k >= 0 && len(out) == k {
			break
		}
		j, ok := ix.byURL[u]
		if !ok || j == a || ix.qid[j] == ix.qid[a] || contains(out, j) {
			continue
		}
		out = append(out, j)
	}
	return out
}

// cleanJudged cleans list for query q as judged_eval.py does: as
// cleanAgreement, and also dropping a second copy of a question already
// listed; cut to k.
func (ix *Index) cleanJudged(q int, list []string, k int) []int {
	out := make([]int, 0, k)
	seenq := []int{int(ix.qid[q])}
	for _, u := range list {
		if len(out) == k {
			break
		}
		j, ok := ix.byURL[u]
		if !ok || j == q || contains(out, j) || contains(seenq, int(ix.qid[j])) {
			continue
		}
		out = append(out, j)
		seenq = append(seenq, int(ix.qid[j]))
	}
	return out
}

func contains(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func containsString(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func folderOf(a *corpus.Article) string {
	if d := path.Dir(strings.ReplaceAll(a.Path, "\\", "/")); d != "." && d != "/" && d != "" {
		return path.Base(d)
	}
	// /learn/<folder>/questions/<slug>
	parts := strings.Split(strings.Trim(pyStrip(a.URL), "/"), "/")
	if len(parts) >= 2 {
		return parts[1]
	}
	return ""
}

// pyStrip trims what Python's str.strip() trims: Unicode white space plus
// the separators U+001C..U+001F, which Go's unicode.IsSpace leaves.
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
	})
}

// canonical reports whether article i is the one its URL names (a later
// article with the same URL replaces an earlier one).
func (ix *Index) canonical(i int) bool { return ix.canon[i] }
