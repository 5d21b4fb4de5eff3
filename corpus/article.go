package corpus

import (
	"crypto/sha256"
	"errors"
	"strings"
)

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
	// Unrewritable is set when the related blocks are laid out in a way
	// SetRelated does not handle (a flow mapping, two keys on a line):
	// a rewrite of the file would fail with ErrNotRewritable.
	Unrewritable bool
	// Src is the file's original bytes, never modified by this package,
	// when the article holds them: Parse sets it. Load does not keep them
	// (at a million articles they would be gigabytes); it keeps Sum, and
	// Source reads the file again when the bytes are needed.
	Src []byte
	Sum Fingerprint // the loaded bytes' fingerprint (Load), zero when Src is set
	// Stat is the file's stat identity when it held the bytes of Sum
	// (Load: as the file was read, or as a load found it unread),
	// zero when unknown or too recent to be trusted (stat.go).
	Stat FileStat
}

// Fingerprint identifies the bytes of a file as it was loaded: their
// length and SHA-256. A file read again is the one loaded if and only if
// its fingerprint is the same.
type Fingerprint struct {
	Size int64
	Hash [sha256.Size]byte
}

// FingerprintOf returns the fingerprint of src.
func FingerprintOf(src []byte) Fingerprint {
	return Fingerprint{Size: int64(len(src)), Hash: sha256.Sum256(src)}
}

// Source returns the article's file bytes as loaded: a.Src when the
// article holds them, else the file at a.Path read again, refused with
// ErrModified (in a *FileError naming the file) when it is no longer the
// one loaded (its fingerprint differs from a.Sum).
func (a *Article) Source() ([]byte, error) {
	return a.sourceAt(a.Path)
}

// sourceAt is Source reading the file at path (a.Path, cleaned).
func (a *Article) sourceAt(path string) ([]byte, error) {
	if a.Src != nil {
		return a.Src, nil
	}
	src, err := readSource(path)
	if errors.Is(err, ErrTooLarge) {
		err = ErrModified // it was not too large when loaded
	}
	if err != nil {
		return nil, &FileError{Path: a.Path, Err: err}
	}
	if FingerprintOf(src) != a.Sum {
		return nil, &FileError{Path: a.Path, Err: ErrModified}
	}
	return src, nil
}

// DropAnalysisText empties, in every article of arts, the fields only the
// engine's analysis reads (Answer, SEODescription, SEOKeywords): once the
// model is built, the lists, the index and the review data use the others
// (url, id, title, subject, question, path, links, fingerprint), and the
// answers alone are a quarter of a loaded corpus's memory.
func DropAnalysisText(arts []Article) {
	for i := range arts {
		arts[i].Answer, arts[i].SEODescription, arts[i].SEOKeywords = "", "", ""
	}
}

// ShareLinkText makes each field of a related link, in every article of
// arts, that says of the link's target (by url) what the target says of
// itself (LinkTo) hold the target's own string instead of a copy parsed
// from the linking file. Nothing any reader sees changes (the strings are
// equal); the corpus holds the text of a link once rather than once more
// per page that links to it (some 0.7 KB an article).
func ShareLinkText(arts []Article) {
	byURL := make(map[string]int32, len(arts))
	for i := range arts {
		byURL[arts[i].URL] = int32(i)
	}
	share := func(dst *string, own string) {
		if *dst == own {
			*dst = own
		}
	}
	for i := range arts {
		for k := range arts[i].Related {
			l := &arts[i].Related[k]
			t, ok := byURL[l.URL]
			if !ok {
				continue
			}
			own := LinkTo(&arts[t])
			share(&l.ID, own.ID)
			share(&l.Title, own.Title)
			share(&l.Subject, own.Subject)
			share(&l.URL, own.URL)
		}
	}
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
