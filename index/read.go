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
	"regexp"
	"sort"
	"strings"

	"recommend/internal/regular"
)

// maxManifest bounds what Vectors reads of manifest.json, a few hundred
// bytes as Write makes it.
const maxManifest = 1 << 20

// Index is an open generation of a saved index. Its methods read records
// on demand; it is safe for one goroutine at a time.
type Index struct {
	dir  string // the generation directory
	r    io.ReaderAt
	c    io.Closer
	n    int
	size uint64
	// tables holds the offsets and the two orders as stored (see the
	// package doc); off, byURL and byID decode entries on demand.
	tables []byte
}

func (ix *Index) off(i int) uint64 { return binary.LittleEndian.Uint64(ix.tables[8*i:]) }

func (ix *Index) byURL(k int) int {
	return int(binary.LittleEndian.Uint32(ix.tables[8*(ix.n+1)+4*k:]))
}

func (ix *Index) byID(k int) int {
	return int(binary.LittleEndian.Uint32(ix.tables[8*(ix.n+1)+4*(ix.n+k):]))
}

var genName = regexp.MustCompile(`^gen-[0-9a-f]{16}$`)

// Open opens the current generation of the index in dir. It reads only the
// header and the lookup tables.
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
	if !genName.MatchString(gen) {
		return "", fmt.Errorf("index: %s: bad CURRENT file: %w", dir, ErrCorrupt)
	}
	return gen, nil
}

// load reads and checks the header and tables of lookup.bin.
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
	tlen := 8*(n+1) + 8*n
	if headerSize+tlen > size {
		return nil, fmt.Errorf("tables overrun the file: %w", ErrCorrupt)
	}
	tables := make([]byte, tlen)
	if _, err := f.ReadAt(tables, headerSize); err != nil {
		return nil, fmt.Errorf("reading tables: %v: %w", err, ErrCorrupt)
	}
	if headerCRC(hdr, tables) != binary.LittleEndian.Uint32(hdr[24:]) {
		return nil, fmt.Errorf("header checksum mismatch: %w", ErrCorrupt)
	}
	ix := &Index{r: f, n: int(n), size: size, tables: tables}
	prev := uint64(headerSize + tlen)
	for i := range ix.n + 1 {
		o := ix.off(i)
		if o < prev || o > size || (i == 0 && o != prev) {
			return nil, fmt.Errorf("bad record offset %d: %w", i, ErrCorrupt)
		}
		prev = o
	}
	if ix.off(ix.n) != size {
		return nil, fmt.Errorf("records do not end the file: %w", ErrCorrupt)
	}
	for k := range ix.n {
		if uint64(ix.byURL(k)) >= n || uint64(ix.byID(k)) >= n {
			return nil, fmt.Errorf("bad lookup table entry %d: %w", k, ErrCorrupt)
		}
	}
	return ix, nil
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
	if i < 0 || i >= ix.n {
		return Article{}, fmt.Errorf("index: record %d out of range [0,%d)", i, ix.n)
	}
	b := make([]byte, ix.off(i+1)-ix.off(i))
	if _, err := ix.r.ReadAt(b, int64(ix.off(i))); err != nil {
		return Article{}, fmt.Errorf("index: record %d: %v: %w", i, err, ErrCorrupt)
	}
	a, err := decode(b, ix.n)
	if err != nil {
		return Article{}, fmt.Errorf("index: record %d: %w", i, err)
	}
	return a, nil
}

// decode parses one record (checksum first) of an index of n articles.
func decode(b []byte, n int) (Article, error) {
	if len(b) < 4 || crc32.Checksum(b[4:], castagnoli) != binary.LittleEndian.Uint32(b) {
		return Article{}, fmt.Errorf("checksum mismatch: %w", ErrCorrupt)
	}
	d := decoder{b: b[4:]}
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
	var err error
	k := sort.Search(ix.n, func(k int) bool {
		a, e := ix.Article(ix.byURL(k))
		if e != nil && err == nil {
			err = e
		}
		return a.URL >= url
	})
	if err != nil {
		return 0, false, err
	}
	if k < ix.n {
		a, err := ix.Article(ix.byURL(k))
		if err != nil {
			return 0, false, err
		}
		if a.URL == url {
			return ix.byURL(k), true, nil
		}
	}
	return 0, false, nil
}

// ByID returns the record numbers of every article with id, in URL order:
// cross-posted copies share an id.
func (ix *Index) ByID(id string) ([]int, error) {
	var err error
	k := sort.Search(ix.n, func(k int) bool {
		a, e := ix.Article(ix.byID(k))
		if e != nil && err == nil {
			err = e
		}
		return a.ID >= id
	})
	var out []int
	for ; err == nil && k < ix.n; k++ {
		var a Article
		if a, err = ix.Article(ix.byID(k)); err != nil || a.ID != id {
			break
		}
		out = append(out, ix.byID(k))
	}
	if err != nil {
		return nil, err
	}
	return out, nil
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
