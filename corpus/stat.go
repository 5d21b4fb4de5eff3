package corpus

// A file known by its stat identity, as git's index knows one. A night
// records, for each file it loaded, the identity the file had when it was
// read (FileStat: size, modification and change times in nanoseconds,
// inode and device, from a stat of the open file made before its bytes
// were read) beside the fingerprint of those bytes (Stats, written with
// WriteStats). The next load stats each file it lists (one lstat, no
// open, no read) and, when the identity is exactly the recorded one and
// the caller knows the recorded bytes (Known), takes the article known
// for them without reading the file: every write to a file moves its
// change time, which no program can set, and a rename moves its inode.
//
// The racy case is a write landing in the same tick of the file system's
// clock as the identity recorded, after it was taken: the file then keeps
// its identity with other bytes. So an identity is recorded only when
// its modification and change times are at least StatMargin older than
// the moment it was taken (the load's start for a file the load read; a
// file written since has times no older than that moment), and one not
// safely older, or newer than the load that checks it (a clock set
// back), is not trusted: the file is read. A file a run wrote is not
// recorded by that run: it is too recent, and waiting StatMargin for it
// would hold every writing night up some 2 s to spare the next night
// reading the few hundred files written (some 10 ms); the next load reads
// it, knows its bytes, and records it. A copied folder (new inodes and change times) is read whole, as before
// any identity was recorded. The nothing-lost rules do not rest on any of
// this: a rewrite still reads the file and compares it with Article.Sum,
// and again right before the rename (write.go).
//
// Where the platform gives no such identity (statOf), none is recorded
// and every file is read.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// FileStat is a file's stat identity: its size, modification and change
// times (nanoseconds since 1970) and its inode and device. The zero
// value is "unknown": such a file is always read.
type FileStat struct {
	Size                int64
	ModTime, ChangeTime int64
	Inode, Device       uint64
}

// StatMargin is how much older than the moment it is taken an identity's
// modification and change times must be for it to be trusted: more than
// any file system's clock tick (FAT's two seconds included).
const StatMargin = 2 * time.Second

// statMargin is StatMargin, shortened by this package's tests.
var statMargin = StatMargin

// settledAt reports whether s may be trusted as taken at the moment at:
// it is known and both its times are at least statMargin older.
func (s FileStat) settledAt(at time.Time) bool {
	limit := at.UnixNano() - int64(statMargin)
	return s != FileStat{} && s.ModTime < limit && s.ChangeTime < limit
}

// statEntry is what Stats records of one file.
type statEntry struct {
	stat FileStat
	sum  Fingerprint
}

// Stats are the stat identities a run recorded of a content folder's
// files (WriteStats, ReadStats), for LoadKnown: a file whose identity is
// the recorded one holds the recorded bytes. It counts the files it let
// a load take unread (Unread).
type Stats struct {
	rels   []string    // the files' paths relative to the folder, ascending
	files  []statEntry // what is recorded of each, in rels' order
	unread atomic.Int64
}

// Len returns the number of files s records.
func (s *Stats) Len() int {
	if s == nil {
		return 0
	}
	return len(s.files)
}

// Unread returns the number of files loads took from s without reading
// them.
func (s *Stats) Unread() int {
	if s == nil {
		return 0
	}
	return int(s.unread.Load())
}

// statMatch is what Stats.match found of a file: whether its identity
// is the recorded one, the identity and the fingerprint recorded with it.
type statMatch struct {
	ok   bool
	stat FileStat
	sum  Fingerprint
}

// match stats the file at path (below root, the walked folder) and
// returns the fingerprint recorded for it when its identity now is the
// recorded one and may be trusted at the load's start.
func (s *Stats) match(root, path string, start time.Time) statMatch {
	rel, err := relPath(root, path)
	if err != nil {
		return statMatch{}
	}
	k, ok := slices.BinarySearch(s.rels, rel)
	if !ok || !s.files[k].stat.settledAt(start) {
		return statMatch{}
	}
	e := &s.files[k]
	st, err := os.Lstat(path)
	if err != nil {
		return statMatch{}
	}
	id, ok := statOf(st)
	if !ok || id != e.stat || !st.Mode().IsRegular() {
		return statMatch{}
	}
	return statMatch{ok: true, stat: id, sum: e.sum}
}

// statsMagic and statsVersion open a stats file. The format
// (little-endian; strings as a uvarint length and bytes):
//
//	magic "RCSTAT\n\x00", version uint32
//	n uvarint, then n × (path string, relative to the folder, in
//	  ascending order; size uvarint; modification and change times
//	  varint; inode, device uvarint; SHA-256 of the bytes, 32 bytes)
//	CRC-32C of every byte before it, uint32
const (
	statsMagic   = "RCSTAT\n\x00"
	statsVersion = 1
)

// WriteStats writes the stat identities of the files of arts, loaded
// from the folder dir, for a later LoadKnown (ReadStats): each article
// whose identity is known (Article.Stat) with the fingerprint of its
// bytes. An article whose path does not lie below dir is left out.
func WriteStats(w io.Writer, dir string, arts []Article) error {
	type rec struct {
		rel string
		a   *Article
	}
	recs := make([]rec, 0, len(arts))
	for i := range arts {
		a := &arts[i]
		if a.Stat == (FileStat{}) || a.Stat.Size != a.Sum.Size || a.Src != nil {
			continue
		}
		rel, err := filepath.Rel(dir, a.Path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		recs = append(recs, rec{rel, a})
	}
	// Sorted, so that the same identities give the same file.
	slices.SortFunc(recs, func(x, y rec) int { return strings.Compare(x.rel, y.rel) })
	sum := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	bw := bufio.NewWriterSize(io.MultiWriter(w, sum), 1<<16)
	var b []byte
	b = append(b, statsMagic...)
	b = binary.LittleEndian.AppendUint32(b, statsVersion)
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for _, r := range recs {
		st := r.a.Stat
		b = binary.AppendUvarint(b, uint64(len(r.rel)))
		b = append(b, r.rel...)
		b = binary.AppendUvarint(b, uint64(st.Size))
		b = binary.AppendVarint(b, st.ModTime)
		b = binary.AppendVarint(b, st.ChangeTime)
		b = binary.AppendUvarint(b, st.Inode)
		b = binary.AppendUvarint(b, st.Device)
		b = append(b, r.a.Sum.Hash[:]...)
		if len(b) > 1<<15 {
			if _, err := bw.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	if _, err := bw.Write(b); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(binary.LittleEndian.AppendUint32(nil, sum.Sum32()))
	return err
}

// ErrStatsVersion is ReadStats' error for a stats file written by another
// version of the format.
var ErrStatsVersion = errors.New("stats from another format version")

// ReadStats reads the stat identities WriteStats wrote. A truncated,
// corrupt or inconsistent file is an error (ErrStatsVersion for another
// version); it never panics.
func ReadStats(r io.Reader) (*Stats, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("corpus: reading the stats: %w", err)
	}
	bad := func(what string) error { return fmt.Errorf("corpus: corrupt stats: %s", what) }
	if len(b) < len(statsMagic)+8 || string(b[:len(statsMagic)]) != statsMagic {
		return nil, bad("not a stats file")
	}
	if v := binary.LittleEndian.Uint32(b[len(statsMagic):]); v != statsVersion {
		return nil, fmt.Errorf("corpus: stats version %d, want %d: %w", v, statsVersion, ErrStatsVersion)
	}
	body := b[:len(b)-4]
	if crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, bad("checksum mismatch")
	}
	p := body[len(statsMagic)+4:]
	// The paths are substrings of one copy of the body, not a string
	// each.
	text := string(p)
	failed := false
	uv := func() uint64 { return varint(&p, &failed, binary.Uvarint) }
	sv := func() int64 { return varint(&p, &failed, binary.Varint) }
	n := uv()
	if n > uint64(len(p)/38) { // an entry takes at least 38 bytes
		return nil, bad("count")
	}
	s := &Stats{rels: make([]string, 0, n), files: make([]statEntry, 0, n)}
	last := ""
	for i := range int(n) {
		l := uv()
		if failed || l == 0 || l > uint64(len(p)) {
			return nil, bad(fmt.Sprintf("file %d: path", i))
		}
		at := len(text) - len(p)
		rel := text[at : at+int(l)]
		p = p[l:]
		var e statEntry
		size := uv()
		e.stat = FileStat{ModTime: sv(), ChangeTime: sv(), Inode: uv(), Device: uv()}
		if failed || size > MaxFileSize || len(p) < len(e.sum.Hash) || i > 0 && rel <= last {
			return nil, bad(fmt.Sprintf("file %d", i))
		}
		e.stat.Size, e.sum.Size = int64(size), int64(size)
		copy(e.sum.Hash[:], p)
		p = p[len(e.sum.Hash):]
		s.rels, s.files = append(s.rels, rel), append(s.files, e)
		last = rel
	}
	if len(p) != 0 {
		return nil, bad("trailing bytes")
	}
	return s, nil
}

// varint reads a varint from *p with read (binary.Uvarint or Varint),
// setting *failed when it is malformed or truncated.
func varint[T any](p *[]byte, failed *bool, read func([]byte) (T, int)) T {
	v, k := read(*p)
	if k <= 0 {
		*failed = true
		var zero T
		return zero
	}
	*p = (*p)[k:]
	return v
}
