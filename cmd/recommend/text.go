package main

import (
	"errors"

	"recommend/index"
)

// textRun lists the articles closest to a free text, folded into the
// model's space with the vectors the batch saved.
func textRun(opts *lookupOptions, ix *index.Index) error {
	if _, err := ix.Vectors(); err != nil {
		return indexError(opts.G.Index, err)
	}
	return errors.New("--text: folding text into the index is not available in this build")
}
