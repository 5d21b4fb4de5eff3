//go:build linux

package recommend

import (
	"os"
	"syscall"
)

// mapFile maps the regular file f read-only and returns its bytes and the
// function that unmaps them, or ok false when it cannot (the caller then
// reads the file): a state of a hundred megabytes is decoded from the
// page cache without a copy, and without a buffer of its size to fault
// in and clear.
func mapFile(f *os.File) (b []byte, unmap func(), ok bool) {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() <= 0 || int64(int(st.Size())) != st.Size() {
		return nil, nil, false
	}
	b, err = syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return b, func() { syscall.Munmap(b) }, true
}
