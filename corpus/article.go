package corpus

import "strings"

// Link is one related_articleN block: a pointer from an article to another,
// as the site stores and shows it.
type Link struct {
	ID      string // the target's id, as written (ids repeat across cross-posts)
	Title   string
	Subject string
	URL     string // the key that identifies the target
}

// Article is one parsed content file: what the engine ranks on, what editors
// see, and the original bytes that a rewrite must preserve.
type Article struct {
	Path           string // path of the file as found under the content folder
	URL            string // the unique key (ids repeat across cross-posted copies)
	ID             string
	Date           string
	Subject        string // as written in the file
	SubjectKey     string // normalised subject: "Education studies" == "Education Studies"
	Title          string
	Question       string
	Answer         string // literal `\n` sequences turned into line breaks
	SEODescription string
	SEOKeywords    string
	Related        []Link // the related_articleN blocks, in N order
	Src            []byte // the file's original bytes; never modified by this package
}

// LinkTo returns the Link that points at a: its id, title, subject and url,
// exactly as a's own file writes them, so that a link written from it shows
// the target as the target shows itself.
func LinkTo(a *Article) Link {
	return Link{ID: a.ID, Title: a.Title, Subject: a.Subject, URL: a.URL}
}

// NormalizeSubject returns the key under which spellings of one subject
// compare equal: case folded, surrounding space trimmed and inner runs of
// white space collapsed to one space, so "Education studies" and
// "Education  Studies" both give "education studies". Article.SubjectKey
// holds it for the article's own subject.
func NormalizeSubject(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
