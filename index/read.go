package index

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"recommend/internal/regular"
)

// maxManifest bounds what Vectors reads of manifest.json, a few hundred
// bytes as Write makes it.
const maxManifest = 1 << 20

// Index is an open generation of a saved index. Its methods read the
// tables' entries and the records on demand; it is safe for one goroutine
// at a time.
type Index struct {
	dir  string // the generation directory
	r    io.ReaderAt
	c    io.Closer
	n    int
	size uint64
}

// tableChunk is how much of the tables load reads at a time to check them.
// A lookup is a short process, and the first touch of each fresh page of
// memory (a page fault) costs it more than a read: four pages read into 36
// times over the full corpus's tables, not a 575 KB copy of 140 pages
// (BENCHMARKS.md, "The lookup API and the command line's start").
const tableChunk = 16 << 10

// recordsAt returns where the records start: after the header and the
// tables.
func (ix *Index) recordsAt() uint64 { return headerSize + 16*uint64(ix.n) + 8 }

// span returns where record i starts and ends, from the offsets table.
func (ix *Index) span(i int) (lo, hi uint64, err error) {
	var b [16]byte
	if _, err := ix.r.ReadAt(b[:], headerSize+8*int64(i)); err != nil {
		return 0, 0, fmt.Errorf("index: offset %d: %v: %w", i, err, ErrCorrupt)
	}
	lo, hi = binary.LittleEndian.Uint64(b[:]), binary.LittleEndian.Uint64(b[8:])
	if lo < ix.recordsAt() || lo > hi || hi > ix.size {
		return 0, 0, fmt.Errorf("index: bad record offset %d: %w", i, ErrCorrupt)
	}
	return lo, hi, nil
}

// entry returns entry k of the order table that starts after the offsets
// at table (0: URL order, 1: (id, URL) order).
func (ix *Index) entry(table, k int) (int, error) {
	var b [4]byte
	at := headerSize + 8*int64(ix.n+1) + 4*int64(table*ix.n+k)
	if _, err := ix.r.ReadAt(b[:], at); err != nil {
		return 0, fmt.Errorf("index: lookup table entry %d: %v: %w", k, err, ErrCorrupt)
	}
	i := binary.LittleEndian.Uint32(b[:])
	if uint64(i) >= uint64(ix.n) {
		return 0, fmt.Errorf("index: bad lookup table entry %d: %w", k, ErrCorrupt)
	}
	return int(i), nil
}

// The two order tables, as entry takes them.
const (
	urlOrder = 0
	idOrder  = 1
)

// isGenName reports whether name is a generation's folder name: "gen-"
// and 16 lower-case hex digits. (A plain check rather than a regular
// expression compiled when the program starts: every lookup's process
// would pay for compiling it.)
func isGenName(name string) bool {
	rest, ok := strings.CutPrefix(name, genPrefix)
	return ok && len(rest) == 16 && strings.Trim(rest, "0123456789abcdef") == ""
}

// Open opens the current generation of the index in dir. It reads and
// checks the header and the tables, and keeps neither.
func Open(dir string) (*Index, error) {
	gen, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, gen, lookupName)
	// Only a regular file: a FIFO would block the lookup and a device
	// feed it forever. Its size is then checked against the header.
	f, size, err := regular.Open(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, regular.ErrNotRegular) {
		return nil, fmt.Errorf("index: %s: %v: %w", path, err, ErrCorrupt)
	}
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	ix, err := load(f, size)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("index: %s: %w", path, err)
	}
	ix.dir, ix.c = filepath.Join(dir, gen), f
	return ix, nil
}

// readCurrent returns the generation name CURRENT points to.
func readCurrent(dir string) (string, error) {
	b, err := regular.ReadFile(filepath.Join(dir, currentTag), int64(len(genPrefix)+16+1))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("index: %s: %w", dir, ErrMissing)
	}
	if errors.Is(err, regular.ErrNotRegular) || errors.Is(err, regular.ErrTooLarge) {
		return "", fmt.Errorf("index: %s: bad CURRENT file: %v: %w", dir, err, ErrCorrupt)
	}
	if err != nil {
		return "", fmt.Errorf("index: %w", err)
	}
	gen := strings.TrimSuffix(string(b), "\n")
	if !isGenName(gen) {
		return "", fmt.Errorf("index: %s: bad CURRENT file: %w", dir, ErrCorrupt)
	}
	return gen, nil
}

// load reads and checks the header and tables of lookup.bin: the header's
// CRC-32C over them, offsets that rise from the end of the tables to the
// end of the file, order entries that name records. The tables are read
// tableChunk bytes at a time and not kept.
func load(f io.ReaderAt, fsize int64) (*Index, error) {
	hdr := make([]byte, headerSize)
	if _, err := f.ReadAt(hdr, 0); err != nil {
		return nil, fmt.Errorf("short header: %w", ErrCorrupt)
	}
	if string(hdr[:8]) != magic {
		return nil, fmt.Errorf("not a lookup file: %w", ErrCorrupt)
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != Version {
		return nil, fmt.Errorf("format version %d, this program reads version %d: %w", v, Version, ErrVersion)
	}
	n := uint64(binary.LittleEndian.Uint32(hdr[12:]))
	size := binary.LittleEndian.Uint64(hdr[16:])
	if size != uint64(fsize) {
		return nil, fmt.Errorf("size %d, header says %d (truncated?): %w", fsize, size, ErrCorrupt)
	}
	offEnd, tlen := 8*(n+1), 8*(n+1)+8*n
	if headerSize+tlen > size {
		return nil, fmt.Errorf("tables overrun the file: %w", ErrCorrupt)
	}
	crc := crc32.Update(0, castagnoli(), hdr[:24])
	buf := make([]byte, min(tableChunk, tlen))
	prev := headerSize + tlen // where the records start
	for at := uint64(0); at < tlen; {
		b := buf[:min(uint64(len(buf)), tlen-at)]
		if _, err := f.ReadAt(b, int64(headerSize+at)); err != nil {
			return nil, fmt.Errorf("reading tables: %v: %w", err, ErrCorrupt)
		}
		crc = crc32.Update(crc, castagnoli(), b)
		// Entries never straddle chunks: offsets are 8 bytes from 0,
		// order entries 4 bytes from offEnd, a multiple of 8, and
		// tableChunk is a multiple of 8.
		for p := uint64(0); p < uint64(len(b)); {
			if at+p < offEnd {
				i, o := (at+p)/8, binary.LittleEndian.Uint64(b[p:])
				if o < prev || o > size || (i == 0 && o != prev) {
					return nil, fmt.Errorf("bad record offset %d: %w", i, ErrCorrupt)
				}
				if i == n && o != size {
					return nil, fmt.Errorf("records do not end the file: %w", ErrCorrupt)
				}
				prev = o
				p += 8
				continue
			}
			if uint64(binary.LittleEndian.Uint32(b[p:])) >= n {
				return nil, fmt.Errorf("bad lookup table entry %d: %w", (at+p-offEnd)/4%n, ErrCorrupt)
			}
			p += 4
		}
		at += uint64(len(b))
	}
	if crc != binary.LittleEndian.Uint32(hdr[24:]) {
		return nil, fmt.Errorf("header checksum mismatch: %w", ErrCorrupt)
	}
	return &Index{r: f, n: int(n), size: size}, nil
}

// Close releases the open file.
func (ix *Index) Close() error {
	if ix.c == nil {
		return nil
	}
	return ix.c.Close()
}

// Len returns the number of articles in the index.
func (ix *Index) Len() int { return ix.n }

// Article reads record i.
func (ix *Index) Article(i int) (Article, error) {
	b, err := ix.read(i, nil)
	if err != nil {
		return Article{}, err
	}
	a, err := decode(b, ix.n)
	if err != nil {
		return Article{}, fmt.Errorf("index: record %d: %w", i, err)
	}
	return a, nil
}

// read reads record i into buf, or a new buffer when buf is too small.
func (ix *Index) read(i int, buf []byte) ([]byte, error) {
	if i < 0 || i >= ix.n {
		return nil, fmt.Errorf("index: record %d out of range [0,%d)", i, ix.n)
	}
	lo, hi, err := ix.span(i)
	if err != nil {
		return nil, err
	}
	if uint64(cap(buf)) < hi-lo {
		buf = make([]byte, hi-lo)
	}
	b := buf[:hi-lo]
	if _, err := ix.r.ReadAt(b, int64(lo)); err != nil {
		return nil, fmt.Errorf("index: record %d: %v: %w", i, err, ErrCorrupt)
	}
	return b, nil
}

// body returns the body of the record b after checking its checksum.
func body(b []byte) ([]byte, error) {
	if len(b) < 4 || crc32.Checksum(b[4:], castagnoli()) != binary.LittleEndian.Uint32(b) {
		return nil, fmt.Errorf("checksum mismatch: %w", ErrCorrupt)
	}
	return b[4:], nil
}

// decode parses one record (checksum first) of an index of n articles.
func decode(b []byte, n int) (Article, error) {
	b, err := body(b)
	if err != nil {
		return Article{}, err
	}
	d := decoder{b: b}
	var a Article
	for _, s := range []*string{&a.URL, &a.ID, &a.Title, &a.Subject, &a.Question, &a.Path} {
		*s = d.string()
	}
	m := d.count()
	if m > 0 {
		a.Related = make([]Related, m)
	}
	for j := range a.Related {
		r := &a.Related[j]
		r.Doc = int(d.uvarint())
		if r.Doc < 0 || r.Doc >= n {
			d.fail()
		}
		r.Score = math.Float64frombits(d.uint64())
		if r.Reason = Reason(d.uint8()); r.Reason >= numReasons {
			d.fail()
		}
		if t := d.count(); t > 0 {
			r.Terms = make([]string, t)
			for k := range r.Terms {
				r.Terms[k] = d.string()
			}
		}
	}
	if d.bad || len(d.b) != 0 {
		return Article{}, fmt.Errorf("malformed record: %w", ErrCorrupt)
	}
	return a, nil
}

// decoder reads the record encoding; after the first error it only
// returns zero values and keeps bad set.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) fail() { d.bad, d.b = true, nil }

func (d *decoder) uvarint() uint64 {
	v, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return v
}

// count reads a length that must fit in the bytes left.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) string() string {
	k := d.count()
	s := string(d.b[:k])
	d.b = d.b[k:]
	return s
}

func (d *decoder) uint8() uint8 {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) uint64() uint64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

// ByURL returns the record number of the article with url, and false when
// there is none.
func (ix *Index) ByURL(url string) (int, bool, error) {
	var buf []byte
	k, err := ix.find(urlOrder, url, &buf)
	if err != nil || k == ix.n {
		return 0, false, err
	}
	i, key, err := ix.key(urlOrder, k, &buf)
	if err != nil || key != url {
		return 0, false, err
	}
	return i, true, nil
}

// ByID returns the record numbers of every article with id, in URL order:
// cross-posted copies share an id.
func (ix *Index) ByID(id string) ([]int, error) {
	var buf []byte
	k, err := ix.find(idOrder, id, &buf)
	var out []int
	for ; err == nil && k < ix.n; k++ {
		i, key, e := ix.key(idOrder, k, &buf)
		if err = e; err != nil || key != id {
			break
		}
		out = append(out, i)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// find returns the first position of an order table whose record's key
// (URL or id) is at least want, ix.n when there is none, reading one table
// entry and one record a step of the binary search into *buf.
func (ix *Index) find(table int, want string, buf *[]byte) (int, error) {
	var err error
	k := sort.Search(ix.n, func(k int) bool {
		if err != nil {
			return true
		}
		var key string
		_, key, err = ix.key(table, k, buf)
		return err != nil || key >= want
	})
	return k, err
}

// key returns the record at position k of an order table, its number and
// the key it is ordered by: its URL in the URL order, its id in the id
// order. The record is read into *buf (grown when too small) and its
// checksum checked; nothing else of it is decoded, so a search allocates
// no more than its buffer.
func (ix *Index) key(table, k int, buf *[]byte) (int, string, error) {
	i, err := ix.entry(table, k)
	if err != nil {
		return 0, "", err
	}
	b, err := ix.read(i, *buf)
	if err != nil {
		return 0, "", err
	}
	*buf = b
	if b, err = body(b); err != nil {
		return 0, "", fmt.Errorf("index: record %d: %w", i, err)
	}
	d := decoder{b: b}
	key := d.string() // the URL
	if table == idOrder {
		key = d.string() // the id, which follows it
	}
	if d.bad {
		return 0, "", fmt.Errorf("index: record %d: malformed record: %w", i, ErrCorrupt)
	}
	return i, key, nil
}

// Vectors returns the generation's vectors blob after checking it against
// the manifest, or ErrMissing when the batch saved none.
func (ix *Index) Vectors() ([]byte, error) {
	mb, err := regular.ReadFile(filepath.Join(ix.dir, manifName), maxManifest)
	if err != nil {
		return nil, fmt.Errorf("index: %v: %w", err, ErrCorrupt)
	}
	var m Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("index: %s: %v: %w", manifName, err, ErrCorrupt)
	}
	want, ok := m.Files[vectorName]
	if !ok {
		return nil, fmt.Errorf("index: %s has no vectors: %w", ix.dir, ErrMissing)
	}
	b, err := regular.ReadFile(filepath.Join(ix.dir, vectorName), want.Size)
	if err != nil {
		return nil, fmt.Errorf("index: %v: %w", err, ErrCorrupt)
	}
	if sum := sha256.Sum256(b); int64(len(b)) != want.Size || hex.EncodeToString(sum[:]) != want.SHA256 {
		return nil, fmt.Errorf("index: %s: checksum mismatch: %w", vectorName, ErrCorrupt)
	}
	return b, nil
}

// Dir returns the directory of the open generation.
func (ix *Index) Dir() string { return ix.dir }
