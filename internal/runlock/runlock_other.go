//go:build !unix

package runlock

import "errors"

// Lock is a held run lock; Release gives it back.
type Lock struct{}

// HeldError says that a run in progress holds a folder the lock needs.
type HeldError struct {
	Dir, Holder string
	PID         int
}

func (e *HeldError) Error() string { return "another run is writing " + e.Holder }

// Acquire is not supported on this system: the batch does not write
// without its lock.
func Acquire(dir string) (*Lock, error) {
	return nil, errors.New("lock: writing the content folder needs flock(2), which this system lacks")
}

// Dir returns the folder the lock holds.
func (l *Lock) Dir() string { return "" }

// Release does nothing.
func (l *Lock) Release() {}
