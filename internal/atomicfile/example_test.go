package atomicfile_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"recommend/internal/atomicfile"
)

// A file is replaced whole: a reader sees the old bytes or the new ones,
// and the temporary file is gone either way.
func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "atomicfile")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "lists.jsonl")
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, "{\"url\": \"/learn/a\"}\n")
		return err
	})
	b, _ := os.ReadFile(path)
	ents, _ := os.ReadDir(dir)
	fmt.Printf("%v %q %d file(s)\n", err, b, len(ents))
	// Output: <nil> "{\"url\": \"/learn/a\"}\n" 1 file(s)
}
