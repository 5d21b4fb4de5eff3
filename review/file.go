package review

// `recommend review` writes the page from the data the last batch saved
// (Load) into one HTML file, atomically (internal/atomicfile: the file is
// whole, or as it was), and says what it wrote; WriteFile is all of it
// but the saying.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"recommend/internal/atomicfile"
)

// Written is what WriteFile wrote: the page's path and size, and the
// articles it shows and the lists that change among them.
type Written struct {
	Out      string `json:"out"`
	Bytes    int    `json:"bytes"`
	Articles int    `json:"articles"`
	Changed  int    `json:"changed"`
}

// WriteFile renders the review data saved at from into the page out,
// atomically, the links prefixed with site (a trailing slash dropped; ""
// keeps them relative). Data that is missing or cannot be read is an
// error that says to run the batch.
func WriteFile(from, out, site string) (Written, error) {
	page, err := Load(from)
	if errors.Is(err, fs.ErrNotExist) {
		return Written{}, fmt.Errorf("%s: no review data: run `recommend batch --corpus DIR` first", from)
	}
	if err != nil {
		return Written{}, fmt.Errorf("%w (run recommend batch again)", err)
	}
	page.Site = strings.TrimSuffix(site, "/")
	var buf bytes.Buffer
	if err := page.Write(&buf); err != nil {
		return Written{}, err
	}
	if err := atomicfile.WriteBytes(out, 0o644, buf.Bytes()); err != nil {
		return Written{}, err
	}
	s := page.Summarize()
	return Written{Out: out, Bytes: buf.Len(), Articles: s.Articles, Changed: s.Changed}, nil
}
