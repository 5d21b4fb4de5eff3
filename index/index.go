package index

import (
	"errors"
	"fmt"
	"hash/crc32"
)

// Version is the format version this package writes and reads. It changes
// whenever lookup.bin or the directory layout changes incompatibly.
// Version 2 added each link's Reason.
const Version = 2

// Errors a caller can test with errors.Is to tell the user what to do.
var (
	// ErrMissing means there is no index in the directory yet.
	ErrMissing = errors.New("no index")
	// ErrVersion means the index was written in another format version.
	ErrVersion = errors.New("index format version mismatch")
	// ErrCorrupt means the index is damaged, truncated or not an index.
	ErrCorrupt = errors.New("index corrupt")
)

// Article is what the index keeps of one article: enough to print it and
// its related list without the corpus.
type Article struct {
	URL      string
	ID       string
	Title    string
	Subject  string
	Question string
	Path     string // the content file, relative to the corpus folder
	Related  []Related
}

// ExplainTerms is how many shared terms explain each link: the batch keeps
// that many per link in the index and the review data, and a lookup of
// free text shows as many.
const ExplainTerms = 5

// Related is one entry of an article's related list.
type Related struct {
	Doc    int      // record number of the related article in the same index
	Score  float64  // as the model ranked it, higher is more related
	Terms  []string // the terms that explain the link, strongest first
	Reason Reason   // why the batch wrote it there
}

// Reason says why a written link is in its list, so that a list whose
// scores are out of order explains itself. The batch decides it
// (editor.Apply), the index keeps it, and the lookup, the review page and
// the editors' workspace show it as a mark named by String; a plain ranked
// link carries no mark.
type Reason uint8

// The reasons, in the order the index stores them.
const (
	// ReasonRanked: the engine's ranking put the link there.
	ReasonRanked Reason = iota
	// ReasonHeld: the link was on the page before and hysteresis kept it
	// (editor.Options.Margin): without the margin the batch would drop it
	// or move it, so it may score below a link under it or a link the
	// engine now prefers.
	ReasonHeld
	// ReasonPinned: an editor pinned it; pins come first, whatever their
	// scores.
	ReasonPinned
	// ReasonLocked: an editor locked the article; the batch left its links
	// as they were, whatever their scores.
	ReasonLocked
	numReasons
)

var reasonNames = [numReasons]string{"ranked", "held", "pinned", "locked"}

// String names the reason as the marks show it: "ranked", "held",
// "pinned" or "locked".
func (r Reason) String() string {
	if r < numReasons {
		return reasonNames[r]
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// Mark is the reason as the lookup and the pages mark a link: its name,
// or "" for a ranked link, which needs no explaining.
func (r Reason) Mark() string {
	if r == ReasonRanked {
		return ""
	}
	return r.String()
}

// Meaning says in a phrase what the mark means, for the legends of the
// lookup's text, the review page and the editors' workspace.
func (r Reason) Meaning() string {
	switch r {
	case ReasonRanked:
		return "ranked by the engine"
	case ReasonHeld:
		return "kept by hysteresis: on the page before, it stays where the engine's own ranking would now drop or move it"
	case ReasonPinned:
		return "pinned by an editor: always shown, first, whatever its score"
	case ReasonLocked:
		return "the article is locked: the batch leaves its links as they are, whatever their scores"
	}
	return r.String()
}

// MarshalText writes the reason's name, so that JSON holds "held", not 1.
func (r Reason) MarshalText() ([]byte, error) {
	if r >= numReasons {
		return nil, fmt.Errorf("index: unknown link reason %d", uint8(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads a name MarshalText wrote.
func (r *Reason) UnmarshalText(b []byte) error {
	for i, n := range reasonNames {
		if string(b) == n {
			*r = Reason(i)
			return nil
		}
	}
	return fmt.Errorf("index: unknown link reason %q", b)
}

const (
	magic      = "RECLKUP\n"
	headerSize = 32
	currentTag = "CURRENT"
	lookupName = "lookup.bin"
	vectorName = "vectors.bin"
	manifName  = "manifest.json"
	genPrefix  = "gen-"
	tmpPrefix  = "tmp-"
)

// castagnoli returns the CRC-32C table, made on first use (crc32 keeps
// it) rather than when the program starts.
func castagnoli() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }
