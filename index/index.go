package index

import (
	"errors"
	"hash/crc32"
)

// Version is the format version this package writes and reads. It changes
// whenever lookup.bin or the directory layout changes incompatibly.
const Version = 1

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
	Doc   int      // record number of the related article in the same index
	Score float64  // as the model ranked it, higher is more related
	Terms []string // the terms that explain the link, strongest first
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
