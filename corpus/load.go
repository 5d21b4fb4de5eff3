package corpus

import "errors"

// FileError reports one content file that could not be used, with the line
// where the problem was found (0 when unknown).
type FileError struct {
	Path string
	Line int
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return "corpus: " + e.Path + ":" + itoa(e.Line) + ": " + e.Err.Error()
	}
	return "corpus: " + e.Path + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Load reads every *.md file below dir and returns the articles sorted by URL,
// plus one *FileError per file that could not be used. A bad file never stops
// the others from loading. The error is non-nil only when dir itself cannot
// be read.
func Load(dir string) ([]Article, []*FileError, error) {
	return nil, nil, errors.New("corpus: Load not implemented yet")
}
