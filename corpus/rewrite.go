package corpus

import "errors"

// SetRelated returns src with its related_articleN blocks replaced by links,
// every other byte kept as it was. It returns src itself when links equal the
// file's current links.
func SetRelated(src []byte, links []Link) ([]byte, error) {
	return nil, errors.New("corpus: SetRelated not implemented yet")
}

// WriteRelated rewrites the file of a (found under root) so that its related
// blocks are links, atomically: the file is either entirely old or entirely
// new. It reports whether the file changed; an unchanged list writes nothing.
func WriteRelated(root string, a *Article, links []Link) (bool, error) {
	return false, errors.New("corpus: WriteRelated not implemented yet")
}
