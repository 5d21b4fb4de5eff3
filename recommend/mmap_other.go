//go:build !linux

package recommend

import "os"

// mapFile maps nothing off Linux: the caller reads the file (mmap_linux.go).
func mapFile(*os.File) ([]byte, func(), bool) { return nil, nil, false }
