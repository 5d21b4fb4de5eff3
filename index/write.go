package index

import (
	"bufio"
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
	"math/bits"
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
	return WriteEach(dir, len(arts), func(i int) Article { return arts[i] }, vectors, m)
}

// WriteEach is Write for n articles made one at a time by at, so that a
// caller with many articles never holds all their records at once: at(i)
// is called twice for each i, in order, from one goroutine (once to check
// the article and measure its record, once to write it), and must return
// the same article both times. The files are byte for byte those Write
// makes of the same articles.
func WriteEach(dir string, n int, at func(i int) Article, vectors io.WriterTo, m Manifest) (string, error) {
	lay, err := scan(n, at)
	if err != nil {
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
	m.Format, m.Articles, m.Files = Version, n, map[string]FileInfo{}
	info, err := writeFile(filepath.Join(tmp, lookupName), func(w io.Writer) error { return encode(w, lay, at) })
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

// layout is what WriteEach learns of the articles before it writes
// lookup.bin: each one's URL and id (for the tables' orders) and the
// length of its record (for the offsets).
type layout struct {
	urls, ids []string
	lens      []int
}

// scan checks the n articles at gives, rejecting input that would make an
// index Open cannot use, and measures their records.
func scan(n int, at func(i int) Article) (*layout, error) {
	if n > math.MaxUint32-1 {
		return nil, fmt.Errorf("index: %d articles is too many", n)
	}
	lay := &layout{urls: make([]string, n), ids: make([]string, n), lens: make([]int, n)}
	seen := make(map[string]bool, n)
	for i := range n {
		a := at(i)
		if seen[a.URL] {
			return nil, fmt.Errorf("index: url %q appears twice", a.URL)
		}
		seen[a.URL] = true
		for _, r := range a.Related {
			if r.Doc < 0 || r.Doc >= n {
				return nil, fmt.Errorf("index: article %d: related doc %d out of range [0,%d)", i, r.Doc, n)
			}
			if r.Reason >= numReasons {
				return nil, fmt.Errorf("index: article %d: related doc %d: unknown reason %d", i, r.Doc, r.Reason)
			}
		}
		lay.urls[i], lay.ids[i], lay.lens[i] = a.URL, a.ID, recordLen(&a)
	}
	return lay, nil
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

// encode writes lookup.bin: header, tables, records (see the package doc),
// each record made again from at(i) as it is written.
func encode(w io.Writer, lay *layout, at func(i int) Article) error {
	n := len(lay.lens)
	byURL := order(n, func(a, b int) int { return strings.Compare(lay.urls[a], lay.urls[b]) })
	byID := order(n, func(a, b int) int {
		return cmp.Or(strings.Compare(lay.ids[a], lay.ids[b]), strings.Compare(lay.urls[a], lay.urls[b]))
	})
	tables := make([]byte, 0, 8*(n+1)+8*n)
	off := uint64(headerSize + 8*(n+1) + 8*n)
	for _, l := range lay.lens {
		tables = binary.LittleEndian.AppendUint64(tables, off)
		off += uint64(l)
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
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(hdr)
	bw.Write(tables)
	var buf []byte
	for i := range n {
		a := at(i)
		buf = appendRecord(buf[:0], &a)
		if len(buf) != lay.lens[i] {
			return fmt.Errorf("index: article %d changed between its check and its write", i)
		}
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
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

// appendRecord appends one article's record to dst: its CRC-32C, then
// its body.
func appendRecord(dst []byte, a *Article) []byte {
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	for _, s := range []string{a.URL, a.ID, a.Title, a.Subject, a.Question, a.Path} {
		dst = appendString(dst, s)
	}
	dst = binary.AppendUvarint(dst, uint64(len(a.Related)))
	for _, r := range a.Related {
		dst = binary.AppendUvarint(dst, uint64(r.Doc))
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(r.Score))
		dst = append(dst, byte(r.Reason))
		dst = binary.AppendUvarint(dst, uint64(len(r.Terms)))
		for _, t := range r.Terms {
			dst = appendString(dst, t)
		}
	}
	binary.LittleEndian.PutUint32(dst[start:], crc32.Checksum(dst[start+4:], castagnoli()))
	return dst
}

// recordLen is len(appendRecord(nil, a)), counted without writing the
// record or its checksum: scan needs only the lengths, and encode, which
// writes each record, checks that the two agree.
func recordLen(a *Article) int {
	n := 4
	for _, s := range [...]string{a.URL, a.ID, a.Title, a.Subject, a.Question, a.Path} {
		n += stringLen(s)
	}
	n += uvarintLen(uint64(len(a.Related)))
	for _, r := range a.Related {
		n += uvarintLen(uint64(r.Doc)) + 8 + 1 + uvarintLen(uint64(len(r.Terms)))
		for _, t := range r.Terms {
			n += stringLen(t)
		}
	}
	return n
}

// stringLen is how many bytes appendString appends for s.
func stringLen(s string) int { return uvarintLen(uint64(len(s))) + len(s) }

// uvarintLen is how many bytes binary.AppendUvarint appends for x: one
// for each 7 bits, at least one.
func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// record is one article's record on its own (appendRecord).
func record(a *Article) []byte { return appendRecord(nil, a) }
