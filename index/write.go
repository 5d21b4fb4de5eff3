package index

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"recommend/internal/atomicfile"
)

// Manifest describes one generation of an index. Write fills Format,
// Articles and Files; the caller may set Corpus and Config for the record.
type Manifest struct {
	Format   int                 `json:"format"`
	Articles int                 `json:"articles"`
	Corpus   string              `json:"corpus,omitempty"`
	Config   any                 `json:"config,omitempty"`
	Files    map[string]FileInfo `json:"files"`
}

// FileInfo is the size and SHA-256 of one file of a generation.
type FileInfo struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Write saves arts (and, when vectors is not nil, the blob it writes) as a
// new generation of the index in dir, creating dir if needed, and makes it
// the current one atomically. Related.Doc must be a valid position in
// arts and URLs must be unique. A dir not yet marked as an index folder is
// claimed first (see Claim): a folder holding other things is refused
// with ErrNotIndex. It returns the generation's name.
func Write(dir string, arts []Article, vectors io.WriterTo, m Manifest) (string, error) {
	if err := check(arts); err != nil {
		return "", err
	}
	if !marked(dir) {
		if err := Claim(dir); err != nil {
			return "", err
		}
	}
	tmp, err := os.MkdirTemp(dir, tmpPrefix)
	if err != nil {
		return "", fmt.Errorf("index: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("index: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	m.Format, m.Articles, m.Files = Version, len(arts), map[string]FileInfo{}
	info, err := writeFile(filepath.Join(tmp, lookupName), func(w io.Writer) error { return encode(w, arts) })
	if err != nil {
		return "", err
	}
	m.Files[lookupName] = info
	if vectors != nil {
		info, err := writeFile(filepath.Join(tmp, vectorName), func(w io.Writer) error {
			_, err := vectors.WriteTo(w)
			return err
		})
		if err != nil {
			return "", err
		}
		m.Files[vectorName] = info
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", fmt.Errorf("index: manifest: %w", err)
	}
	mb = append(mb, '\n')
	if _, err := writeFile(filepath.Join(tmp, manifName), func(w io.Writer) error { _, err := w.Write(mb); return err }); err != nil {
		return "", err
	}
	sum := sha256.Sum256(mb)
	gen := genPrefix + hex.EncodeToString(sum[:8])
	prev, _ := readCurrent(dir)
	if _, err := os.Stat(filepath.Join(dir, gen)); err == nil {
		os.RemoveAll(tmp) // the same generation exists already: keep it
	} else if err := os.Rename(tmp, filepath.Join(dir, gen)); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, gen)); serr != nil {
			return "", fmt.Errorf("index: %w", err)
		}
		os.RemoveAll(tmp) // a concurrent Write made the same generation
	}
	done = true
	if _, err := writeFile(filepath.Join(dir, currentTag), func(w io.Writer) error {
		_, err := io.WriteString(w, gen+"\n")
		return err
	}); err != nil {
		return "", err // writeFile synced dir: the generation's rename is durable with CURRENT
	}
	cleanup(dir, gen, prev)
	return gen, nil
}

// check rejects input that would make an index Open cannot use.
func check(arts []Article) error {
	if len(arts) > math.MaxUint32-1 {
		return fmt.Errorf("index: %d articles is too many", len(arts))
	}
	seen := make(map[string]bool, len(arts))
	for i, a := range arts {
		if seen[a.URL] {
			return fmt.Errorf("index: url %q appears twice", a.URL)
		}
		seen[a.URL] = true
		for _, r := range a.Related {
			if r.Doc < 0 || r.Doc >= len(arts) {
				return fmt.Errorf("index: article %d: related doc %d out of range [0,%d)", i, r.Doc, len(arts))
			}
			if r.Reason >= numReasons {
				return fmt.Errorf("index: article %d: related doc %d: unknown reason %d", i, r.Doc, r.Reason)
			}
		}
	}
	return nil
}

// writeFile writes path atomically through the project's atomic writer
// (internal/atomicfile: a temporary file in the same folder, synced,
// renamed, the folder synced), returning its size and SHA-256.
func writeFile(path string, fill func(io.Writer) error) (FileInfo, error) {
	h := sha256.New()
	var n int64
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		cw := &countWriter{w: io.MultiWriter(w, h)}
		err := fill(cw)
		n = cw.n
		return err
	})
	if err != nil {
		return FileInfo{}, fmt.Errorf("index: %w", err)
	}
	return FileInfo{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// staleAfter is how old a generation or temporary directory other than the
// current and previous ones must be before cleanup removes it, so that a
// concurrent Write's new generation is never removed before its CURRENT
// switch.
var staleAfter = 10 * time.Minute

// cleanup removes stale generations other than keep and prev, and stale
// temporary directories, from the marked index folder dir: only folders
// named exactly as Write names them (see Claim). Failures are ignored: a
// leftover directory costs disk, not correctness.
func cleanup(dir, keep, prev string) {
	if !marked(dir) {
		return
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() || name == keep || name == prev {
			continue
		}
		if !isGenName(name) && !isTmpName(name) {
			continue
		}
		if st, err := e.Info(); err == nil && time.Since(st.ModTime()) >= staleAfter {
			os.RemoveAll(filepath.Join(dir, name))
		}
	}
}

// encode writes lookup.bin: header, tables, records (see the package doc).
func encode(w io.Writer, arts []Article) error {
	n := len(arts)
	recs := make([][]byte, n)
	for i := range arts {
		recs[i] = record(&arts[i])
	}
	byURL := order(n, func(a, b int) int { return strings.Compare(arts[a].URL, arts[b].URL) })
	byID := order(n, func(a, b int) int {
		return cmp.Or(strings.Compare(arts[a].ID, arts[b].ID), strings.Compare(arts[a].URL, arts[b].URL))
	})
	tables := make([]byte, 0, 8*(n+1)+8*n)
	off := uint64(headerSize + 8*(n+1) + 8*n)
	for _, r := range recs {
		tables = binary.LittleEndian.AppendUint64(tables, off)
		off += uint64(len(r))
	}
	tables = binary.LittleEndian.AppendUint64(tables, off)
	for _, i := range byURL {
		tables = binary.LittleEndian.AppendUint32(tables, uint32(i))
	}
	for _, i := range byID {
		tables = binary.LittleEndian.AppendUint32(tables, uint32(i))
	}
	hdr := make([]byte, headerSize)
	copy(hdr, magic)
	binary.LittleEndian.PutUint32(hdr[8:], Version)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(n))
	binary.LittleEndian.PutUint64(hdr[16:], off)
	binary.LittleEndian.PutUint32(hdr[24:], headerCRC(hdr, tables))
	for _, b := range append([][]byte{hdr, tables}, recs...) {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func headerCRC(hdr, tables []byte) uint32 {
	var h hash.Hash32 = crc32.New(castagnoli())
	h.Write(hdr[:24])
	h.Write(tables)
	return h.Sum32()
}

func order(n int, cmp func(a, b int) int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, cmp)
	return idx
}

// record encodes one article: its CRC-32C, then its body.
func record(a *Article) []byte {
	var b bytes.Buffer
	b.Write(make([]byte, 4))
	for _, s := range []string{a.URL, a.ID, a.Title, a.Subject, a.Question, a.Path} {
		putString(&b, s)
	}
	putUvarint(&b, uint64(len(a.Related)))
	for _, r := range a.Related {
		putUvarint(&b, uint64(r.Doc))
		b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(r.Score)))
		b.WriteByte(byte(r.Reason))
		putUvarint(&b, uint64(len(r.Terms)))
		for _, t := range r.Terms {
			putString(&b, t)
		}
	}
	out := b.Bytes()
	binary.LittleEndian.PutUint32(out, crc32.Checksum(out[4:], castagnoli()))
	return out
}

func putUvarint(b *bytes.Buffer, v uint64) {
	b.Write(binary.AppendUvarint(nil, v))
}

func putString(b *bytes.Buffer, s string) {
	putUvarint(b, uint64(len(s)))
	b.WriteString(s)
}
