//go:build unix

package runlock

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Lock is a held run lock; Release gives it back.
type Lock struct {
	dir string
	fds []int
}

// HeldError says that a run in progress holds a folder the lock needs.
type HeldError struct {
	Dir    string // the folder Acquire was asked for (resolved)
	Holder string // the folder on which the other run's lock was met
	PID    int    // the other run's pid where known (Linux), else 0
}

func (e *HeldError) Error() string {
	who := "another run"
	if e.PID > 0 {
		who = fmt.Sprintf("another run (pid %d)", e.PID)
	}
	if e.Holder == e.Dir {
		return fmt.Sprintf("%s is writing %s or a folder inside it: wait for it to finish", who, e.Dir)
	}
	return fmt.Sprintf("%s is writing %s, which holds %s: wait for it to finish", who, e.Holder, e.Dir)
}

// Acquire takes the lock for dir, without waiting: a *HeldError when a run
// in progress holds dir, a folder inside it or a folder around it.
func Acquire(dir string) (*Lock, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	var chain []string
	for p := real; ; p = filepath.Dir(p) {
		chain = append(chain, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	l := &Lock{dir: real}
	// From the root down; the folder itself, chain[0], last.
	for i := len(chain) - 1; i >= 0; i-- {
		p, own := chain[i], i == 0
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0)
		if err != nil {
			if !own && (errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)) {
				continue
			}
			l.Release()
			return nil, fmt.Errorf("lock: %s: %w", p, err)
		}
		how := syscall.LOCK_SH
		if own {
			how = syscall.LOCK_EX
		}
		for {
			err = syscall.Flock(fd, how|syscall.LOCK_NB)
			if !errors.Is(err, syscall.EINTR) {
				break
			}
		}
		if err != nil {
			syscall.Close(fd)
			l.Release()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &HeldError{Dir: real, Holder: p, PID: holder(p)}
			}
			return nil, fmt.Errorf("lock: %s: %w", p, err)
		}
		l.fds = append(l.fds, fd)
	}
	return l, nil
}

// Dir returns the resolved folder the lock holds.
func (l *Lock) Dir() string { return l.dir }

// Release gives the lock back. It may be called more than once.
func (l *Lock) Release() {
	for _, fd := range l.fds {
		syscall.Close(fd)
	}
	l.fds = nil
}

// holder returns the pid of a process holding a flock on the folder p, as
// /proc/locks lists it, or 0 where that cannot be told.
func holder(p string) int {
	var st syscall.Stat_t
	if syscall.Stat(p, &st) != nil {
		return 0
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return 0
	}
	defer f.Close()
	dev := uint64(st.Dev)
	major := (dev>>8)&0xfff | (dev>>32)&^0xfff
	minor := dev&0xff | (dev>>12)&^0xff
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, st.Ino)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234 0 EOF"; a waiter has "->".
		fs := strings.Fields(sc.Text())
		if len(fs) < 6 || fs[1] != "FLOCK" || fs[5] != want {
			continue
		}
		if pid, err := strconv.Atoi(fs[4]); err == nil && pid != os.Getpid() {
			return pid
		}
	}
	return 0
}
