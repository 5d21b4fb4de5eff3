package lockfile_test

import (
	"errors"
	"fmt"
	"os"

	"recommend/internal/lockfile"
)

// A nightly run takes the folder's lock before rewriting it and releases it
// when done; a second run meanwhile is refused with a message naming the
// holder.
func ExampleAcquire() {
	dir, _ := os.MkdirTemp("", "content")
	defer os.RemoveAll(dir)

	l, err := lockfile.Acquire(lockfile.For(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = lockfile.Acquire(lockfile.For(dir))
	var held *lockfile.HeldError
	fmt.Println("second run refused:", errors.As(err, &held), held.Owner.PID == os.Getpid())

	if err := l.Release(); err != nil {
		fmt.Println(err)
	}
	_, err = os.Stat(lockfile.For(dir))
	fmt.Println("lock removed:", errors.Is(err, os.ErrNotExist))
	// Output:
	// second run refused: true true
	// lock removed: true
}
