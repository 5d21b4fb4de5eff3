//go:build linux

package corpus

import (
	"io/fs"
	"syscall"
)

// statOf returns the stat identity of the file st describes.
func statOf(st fs.FileInfo) (FileStat, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return FileStat{}, false
	}
	return FileStat{
		Size:       st.Size(),
		ModTime:    int64(sys.Mtim.Sec)*1e9 + int64(sys.Mtim.Nsec),
		ChangeTime: int64(sys.Ctim.Sec)*1e9 + int64(sys.Ctim.Nsec),
		Inode:      uint64(sys.Ino),
		Device:     uint64(sys.Dev),
	}, true
}
