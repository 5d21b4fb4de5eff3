// Package regular opens files that must be plain files: the index's files
// and the review data, which a reader trusts to end and to be of a known
// size. A FIFO in their place would block the reader forever, a device
// such as /dev/zero would feed it without end, and a symbolic link could
// lead anywhere, so Open refuses all three before reading a byte.
//
// Open uses O_NOFOLLOW (the last component may not be a symbolic link) and
// O_NONBLOCK (opening a FIFO does not wait for a writer), then checks with
// fstat on the open file, so no rename between a check and the open can
// slip another file in. ReadFile adds a size limit, which the caller
// derives from what the file should hold (a manifest's size, a header).
package regular

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// ErrNotRegular is returned for a symbolic link, FIFO, device, socket or
// folder where a regular file was expected.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned by ReadFile for a file over its limit.
var ErrTooLarge = errors.New("file larger than expected")

// Open opens path for reading when it is a regular file, not a symbolic
// link, and returns it with its size.
func Open(path string) (*os.File, int64, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, 0, fmt.Errorf("%s: symbolic link: %w", path, ErrNotRegular)
		}
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s: %s: %w", path, st.Mode().Type(), ErrNotRegular)
	}
	return f, st.Size(), nil
}

// ReadFile reads the regular file path (see Open) when it holds at most max
// bytes.
func ReadFile(path string, max int64) ([]byte, error) {
	f, size, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > max {
		return nil, fmt.Errorf("%s: %d bytes, at most %d expected: %w", path, size, max, ErrTooLarge)
	}
	// The file may grow while it is read; never read past max.
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: more than %d bytes: %w", path, max, ErrTooLarge)
	}
	return b, nil
}
