// Package yamldoc reads hand-edited YAML files that must hold exactly one
// document, such as recommend.yaml and overrides.yaml.
package yamldoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"
)

// Decode parses src into its document node as yaml.Unmarshal does, but fails
// when a second document follows the first. yaml.Unmarshal silently drops
// every document after the first, so a stray "---" in an editor's file would
// quietly discard the locks or settings below it.
//
// An empty src (or one holding only comments) gives a zero node and no error,
// as yaml.Unmarshal does. Errors read like yaml.v3's own ("yaml: line N: ...").
func Decode(src []byte) (yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return yaml.Node{}, nil
		}
		return yaml.Node{}, err
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
		return doc, nil
	case err != nil:
		return yaml.Node{}, err
	default:
		return yaml.Node{}, fmt.Errorf("yaml: line %d: a second YAML document starts here; the file must hold exactly one", extra.Line)
	}
}
