package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"recommend/internal/corpustest"
)

// sample returns n articles whose ids repeat in pairs (cross-posts), each
// related to the next two, the reasons taking every value in turn.
func sample(n int) []Article {
	arts := make([]Article, n)
	for i := range arts {
		arts[i] = Article{
			URL:      fmt.Sprintf("/learn/s%d/questions/q-%03d", i%3, i),
			ID:       fmt.Sprint(1000 + i/2),
			Title:    fmt.Sprintf("Title %d", i),
			Subject:  fmt.Sprintf("Subject %d", i%3),
			Question: fmt.Sprintf("Question %d?", i),
			Path:     fmt.Sprintf("s%d/q-%03d.md", i%3, i),
		}
		for k := 1; k <= 2 && n > 2; k++ {
			arts[i].Related = append(arts[i].Related, Related{Doc: (i + k) % n, Score: 1 / float64(k+1), Terms: []string{"t" + fmt.Sprint(k), "privacy"}, Reason: Reason((i + k) % int(numReasons))})
		}
	}
	return arts
}

func TestRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 50} {
		dir := t.TempDir()
		arts := sample(n)
		if _, err := Write(dir, arts, nil, Manifest{}); err != nil {
			t.Fatalf("Write(%d articles): %v", n, err)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if ix.Len() != n {
			t.Errorf("Len() = %d, want %d", ix.Len(), n)
		}
		for i, want := range arts {
			got, err := ix.Article(i)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Article(%d) = %+v, %v, want %+v", i, got, err, want)
			}
			j, ok, err := ix.ByURL(want.URL)
			if j != i || !ok || err != nil {
				t.Errorf("ByURL(%q) = %d, %v, %v, want %d, true, nil", want.URL, j, ok, err, i)
			}
			ids, err := ix.ByID(want.ID)
			var wantIDs []int
			for k := range arts {
				if arts[k].ID == want.ID {
					wantIDs = append(wantIDs, k)
				}
			}
			// arts are not in URL order, so sort the expectation by URL.
			if len(wantIDs) == 2 && arts[wantIDs[0]].URL > arts[wantIDs[1]].URL {
				wantIDs[0], wantIDs[1] = wantIDs[1], wantIDs[0]
			}
			if err != nil || !reflect.DeepEqual(ids, wantIDs) {
				t.Errorf("ByID(%q) = %v, %v, want %v", want.ID, ids, err, wantIDs)
			}
		}
		for _, miss := range []string{"", "/learn/zzz", "/learn/a"} {
			if _, ok, err := ix.ByURL(miss); ok || err != nil {
				t.Errorf("ByURL(%q) = _, %v, %v, want false, nil", miss, ok, err)
			}
		}
		if ids, err := ix.ByID("999"); len(ids) != 0 || err != nil {
			t.Errorf("ByID(999) = %v, %v, want none", ids, err)
		}
		if _, err := ix.Article(n); err == nil {
			t.Errorf("Article(%d) succeeded past the end", n)
		}
		ix.Close()
	}
}

func TestWriteIsDeterministicAndKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	arts := sample(10)
	g1, err := Write(dir, arts, nil, Manifest{Corpus: "c"})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	g2, err := Write(dir, arts, nil, Manifest{Corpus: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if g1 != g2 || !reflect.DeepEqual(before, snapshot(t, dir)) {
		t.Errorf("a second Write of the same articles changed the index: %s then %s", g1, g2)
	}
	// Open a reader on g1, then write two new generations: g1 is kept after
	// the first (the reader may still need it) and removed after the second
	// (once stale; here at once).
	defer func(d time.Duration) { staleAfter = d }(staleAfter)
	staleAfter = 0
	old, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	arts[0].Title = "changed"
	g3, _ := Write(dir, arts, nil, Manifest{})
	if _, err := os.Stat(filepath.Join(dir, g1)); err != nil || g3 == g1 {
		t.Errorf("after one new generation, %s should remain beside %s: %v", g1, g3, err)
	}
	arts[0].Title = "changed again"
	g4, _ := Write(dir, arts, nil, Manifest{})
	if _, err := os.Stat(filepath.Join(dir, g1)); !os.IsNotExist(err) {
		t.Errorf("after two new generations, %s should be gone: %v", g1, err)
	}
	if a, err := old.Article(0); err != nil || a.Title != "Title 0" {
		t.Errorf("an open reader of the old generation read %q, %v", a.Title, err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if a, _ := ix.Article(0); a.Title != "changed again" || filepath.Base(ix.Dir()) != g4 {
		t.Errorf("Open after Write read %q from %s, want the new generation %s", a.Title, ix.Dir(), g4)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tmpPrefix) || strings.HasPrefix(e.Name(), ".") && e.Name() != MarkerName {
			t.Errorf("Write left %s behind", e.Name())
		}
	}
}

// snapshot returns every file under dir with its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			m[strings.TrimPrefix(p, dir)] = string(b)
		}
		return err
	})
	return m
}

func TestVectors(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("vec"), 1000)
	if _, err := Write(dir, sample(3), bytes.NewReader(want), Manifest{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ix.Vectors()
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Vectors() = %d bytes, %v, want %d bytes", len(got), err, len(want))
	}
	ix.Close()
	// A damaged blob is caught by its checksum.
	p := filepath.Join(ix.Dir(), vectorName)
	os.WriteFile(p, append(want[:len(want)-1:len(want)-1], 'X'), 0o644)
	if _, err := ix.Vectors(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Vectors() of a damaged blob: %v, want ErrCorrupt", err)
	}
	// No vectors written: ErrMissing.
	dir2 := t.TempDir()
	Write(dir2, sample(3), nil, Manifest{})
	ix2, _ := Open(dir2)
	defer ix2.Close()
	if _, err := ix2.Vectors(); !errors.Is(err, ErrMissing) {
		t.Errorf("Vectors() with none saved: %v, want ErrMissing", err)
	}
}

func TestOpenErrors(t *testing.T) {
	good := t.TempDir()
	if _, err := Write(good, sample(20), nil, Manifest{}); err != nil {
		t.Fatal(err)
	}
	ix, _ := Open(good)
	lookup := filepath.Join(ix.Dir(), lookupName)
	ix.Close()
	orig, _ := os.ReadFile(lookup)

	tests := []struct {
		name   string
		damage func(dir string) // applied to a copy of the good index
		want   error
	}{
		{"no directory", func(dir string) { os.RemoveAll(dir) }, ErrMissing},
		{"no CURRENT", func(dir string) { os.Remove(filepath.Join(dir, currentTag)) }, ErrMissing},
		{"garbled CURRENT", func(dir string) { os.WriteFile(filepath.Join(dir, currentTag), []byte("../etc\n"), 0o644) }, ErrCorrupt},
		{"generation gone", func(dir string) { os.RemoveAll(filepath.Join(dir, filepath.Base(filepath.Dir(lookup)))) }, ErrCorrupt},
		{"empty file", func(dir string) { setLookup(dir, lookup, nil) }, ErrCorrupt},
		{"truncated", func(dir string) { setLookup(dir, lookup, orig[:len(orig)-7]) }, ErrCorrupt},
		{"not an index", func(dir string) { setLookup(dir, lookup, bytes.Repeat([]byte("x"), 100)) }, ErrCorrupt},
		{"old version", func(dir string) {
			b := bytes.Clone(orig)
			b[8] = 0
			setLookup(dir, lookup, b)
		}, ErrVersion},
		{"version 1, before the links' reasons", func(dir string) {
			b := bytes.Clone(orig)
			b[8] = 1
			setLookup(dir, lookup, b)
		}, ErrVersion},
		{"table bit flip", func(dir string) {
			b := bytes.Clone(orig)
			b[headerSize+3] ^= 1
			setLookup(dir, lookup, b)
		}, ErrCorrupt},
	}
	for _, tt := range tests {
		dir := corpustest.CopyTree(t, good)
		tt.damage(dir)
		ix, err := Open(dir)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: Open = %v, want %v", tt.name, err, tt.want)
		}
		if ix != nil {
			ix.Close()
		}
	}
}

// TestRecordDamage flips one byte of a record: the tables still check out,
// but reading the record (directly or through a lookup) reports ErrCorrupt.
// TestVersionMessage checks that an index of the format before the links'
// reasons is refused with both versions named, not read without them.
func TestVersionMessage(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, sample(4), nil, Manifest{}); err != nil {
		t.Fatal(err)
	}
	ix, _ := Open(dir)
	lookup := filepath.Join(ix.Dir(), lookupName)
	ix.Close()
	b, _ := os.ReadFile(lookup)
	b[8] = 1
	os.WriteFile(lookup, b, 0o644)
	_, err := Open(dir)
	if !errors.Is(err, ErrVersion) || !strings.Contains(err.Error(), "format version 1, this program reads version 2") {
		t.Errorf("Open of a version 1 index: %v, want ErrVersion naming versions 1 and 2", err)
	}
}

// TestReasonRecordDamage sets a link's reason byte to a value no reason
// has: the record's checksum is made right again, so only the reason
// check can catch it.
func TestReasonRecordDamage(t *testing.T) {
	a := sample(3)[0]
	rec := record(&a)
	good, err := decode(rec, 3)
	if err != nil || !reflect.DeepEqual(good, a) {
		t.Fatalf("decode(record) = %+v, %v, want %+v", good, err, a)
	}
	// The first link's reason byte follows its score: find it by writing
	// the record again with another reason and comparing.
	b := a
	b.Related = slices.Clone(a.Related)
	b.Related[0].Reason = (a.Related[0].Reason + 1) % numReasons
	other := record(&b)
	at := -1
	for i := 4; i < len(rec); i++ {
		if rec[i] != other[i] {
			at = i
			break
		}
	}
	if at < 0 {
		t.Fatal("the reason changes no byte of the record")
	}
	rec[at] = byte(numReasons)
	binary.LittleEndian.PutUint32(rec, crc32.Checksum(rec[4:], castagnoli()))
	if _, err := decode(rec, 3); !errors.Is(err, ErrCorrupt) {
		t.Errorf("decode of a record with reason %d: %v, want ErrCorrupt", numReasons, err)
	}
}

func TestReasonNames(t *testing.T) {
	tests := []struct {
		r          Reason
		name, mark string
	}{
		{ReasonRanked, "ranked", ""},
		{ReasonHeld, "held", "held"},
		{ReasonPinned, "pinned", "pinned"},
		{ReasonLocked, "locked", "locked"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.name {
			t.Errorf("Reason(%d).String() = %q, want %q", tt.r, got, tt.name)
		}
		if got := tt.r.Mark(); got != tt.mark {
			t.Errorf("Reason(%d).Mark() = %q, want %q", tt.r, got, tt.mark)
		}
		b, err := tt.r.MarshalText()
		var back Reason
		if err != nil || back.UnmarshalText(b) != nil || back != tt.r {
			t.Errorf("Reason(%d) through text: %q, %v → %d", tt.r, b, err, back)
		}
	}
	if _, err := numReasons.MarshalText(); err == nil {
		t.Errorf("MarshalText of reason %d succeeded", numReasons)
	}
	var r Reason
	if err := r.UnmarshalText([]byte("kept")); err == nil {
		t.Error(`UnmarshalText("kept") succeeded`)
	}
}

func TestRecordDamage(t *testing.T) {
	dir := t.TempDir()
	Write(dir, sample(20), nil, Manifest{})
	ix, _ := Open(dir)
	lookup := filepath.Join(ix.Dir(), lookupName)
	last, _, err := ix.span(ix.n - 1)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	b, _ := os.ReadFile(lookup)
	b[last+6] ^= 0x40
	os.WriteFile(lookup, b, 0o644)
	ix, err = Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer ix.Close()
	if _, err := ix.Article(19); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Article(19) of a damaged record: %v, want ErrCorrupt", err)
	}
	if _, err := ix.Article(0); err != nil {
		t.Errorf("Article(0), undamaged: %v", err)
	}
}

func setLookup(dir, lookup string, b []byte) {
	os.WriteFile(filepath.Join(dir, filepath.Base(filepath.Dir(lookup)), lookupName), b, 0o644)
}

// TestConcurrentWrites runs Writes of different generations at once into
// one directory: every one succeeds, and the index opens on one of them.
func TestConcurrentWrites(t *testing.T) {
	dir := t.TempDir()
	errs := make(chan error, 8)
	for w := range 8 {
		go func() {
			arts := sample(30)
			arts[0].Title = fmt.Sprint("writer ", w%4) // pairs of writers make the same generation
			_, err := Write(dir, arts, nil, Manifest{})
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Errorf("Write: %v", err)
		}
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("Open after concurrent writes: %v", err)
	}
	defer ix.Close()
	if a, err := ix.Article(0); err != nil || !strings.HasPrefix(a.Title, "writer ") {
		t.Errorf("Article(0) = %q, %v", a.Title, err)
	}
}

func TestWriteRejects(t *testing.T) {
	dup := sample(3)
	dup[1].URL = dup[0].URL
	bad := sample(3)
	bad[0].Related[0].Doc = 3
	why := sample(3)
	why[2].Related[1].Reason = numReasons
	for name, arts := range map[string][]Article{"duplicate url": dup, "related out of range": bad, "unknown reason": why} {
		dir := t.TempDir()
		if _, err := Write(dir, arts, nil, Manifest{}); err == nil {
			t.Errorf("Write with %s succeeded", name)
		}
		if _, err := Open(dir); !errors.Is(err, ErrMissing) {
			t.Errorf("after a rejected Write (%s), Open = %v, want ErrMissing", name, err)
		}
	}
}

// TestRecordLen checks the length scan counts against the record encode
// writes, on records whose strings, numbers and lists cross the lengths
// where a varint takes another byte.
func TestRecordLen(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	var many []Related
	for k := range 130 {
		many = append(many, Related{Doc: k * 1000, Terms: []string{long(k)}})
	}
	arts := []Article{
		{},
		{URL: long(127), ID: long(128), Title: long(16383), Subject: long(16384), Question: "é?", Path: long(1)},
		{Related: []Related{{Doc: 127}, {Doc: 128, Terms: []string{""}}, {Doc: 16384, Terms: make([]string, 128)}, {Doc: math.MaxInt32, Score: -1, Reason: numReasons - 1}}},
		{URL: "/a", Related: many},
	}
	arts = append(arts, sample(5)...)
	for i, a := range arts {
		if got, want := recordLen(&a), len(record(&a)); got != want {
			t.Errorf("article %d: recordLen = %d, want the record's %d bytes", i, got, want)
		}
	}
	for _, x := range []uint64{0, 1, 127, 128, 16383, 16384, 1<<21 - 1, 1 << 21, 1<<63 - 1, 1 << 63, math.MaxUint64} {
		if got, want := uvarintLen(x), len(binary.AppendUvarint(nil, x)); got != want {
			t.Errorf("uvarintLen(%d) = %d, want %d", x, got, want)
		}
	}
}

// FuzzDecode checks that no record bytes make decode panic, and that a
// record that decodes re-encodes to the same bytes, of the length
// recordLen counts.
func FuzzDecode(f *testing.F) {
	for _, a := range sample(4) {
		f.Add(record(&a))
	}
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := decode(b, 4)
		if err != nil {
			return
		}
		if got := record(&a); !bytes.Equal(got, b) {
			t.Errorf("record(decode(%x)) = %x", b, got)
		}
		if got := recordLen(&a); got != len(b) {
			t.Errorf("recordLen(decode(%x)) = %d, want %d", b, got, len(b))
		}
	})
}

// FuzzOpen checks that no lookup file makes Open or a lookup panic.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	Write(dir, sample(5), nil, Manifest{})
	ix, _ := Open(dir)
	good, _ := os.ReadFile(filepath.Join(ix.Dir(), lookupName))
	ix.Close()
	f.Add(good)
	f.Add(good[:40])
	f.Fuzz(func(t *testing.T, b []byte) {
		ix, err := load(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		for i := range ix.Len() {
			ix.Article(i)
		}
		ix.ByURL("/learn/s1/questions/q-001")
		ix.ByID("1001")
	})
}

// openSample writes an index of sample(n) in a temporary folder and opens
// it.
func openSample(t *testing.T, n int) (dir string, arts []Article, ix *Index) {
	t.Helper()
	dir, arts = t.TempDir(), sample(n)
	if _, err := Write(dir, arts, nil, Manifest{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, arts, ix
}

// TestTablesOverSeveralChunks: tables longer than the chunk Open checks
// them by (5,000 articles, 80 KB) are read and checked to their end: a
// bad entry in the last chunk is found even when the header's checksum
// is made to agree, and a flipped bit anywhere fails the checksum.
func TestTablesOverSeveralChunks(t *testing.T) {
	const n = 5000
	if 16*n+8 <= tableChunk {
		t.Fatalf("%d articles fit one chunk of %d bytes", n, tableChunk)
	}
	good, arts, ix := openSample(t, n)
	for _, i := range []int{0, 1, n / 2, n - 2, n - 1} {
		if k, ok, err := ix.ByURL(arts[i].URL); k != i || !ok || err != nil {
			t.Errorf("ByURL(%q) = %d, %v, %v, want %d", arts[i].URL, k, ok, err, i)
		}
		if recs, err := ix.ByID(arts[i].ID); len(recs) != 2 || err != nil || (recs[0] != i && recs[1] != i) {
			t.Errorf("ByID(%q) = %v, %v, want two records with %d", arts[i].ID, recs, err, i)
		}
	}
	lookup := filepath.Join(ix.Dir(), lookupName)
	ix.Close()
	orig, _ := os.ReadFile(lookup)
	tlen := 16*n + 8
	resum := func(b []byte) { // a header checksum that agrees with the damaged tables
		binary.LittleEndian.PutUint32(b[24:], headerCRC(b[:headerSize], b[headerSize:headerSize+tlen]))
	}
	tests := []struct {
		name   string
		damage func(b []byte)
		want   string
	}{
		{"last id-order entry names no record", func(b []byte) {
			binary.LittleEndian.PutUint32(b[headerSize+tlen-4:], n)
			resum(b)
		}, "bad lookup table entry 4999"},
		{"records end before the file", func(b []byte) {
			binary.LittleEndian.PutUint64(b[headerSize+8*n:], uint64(len(b)-1))
			resum(b)
		}, "records do not end the file"},
		{"offsets go back", func(b []byte) {
			binary.LittleEndian.PutUint64(b[headerSize+8*(n-1):], binary.LittleEndian.Uint64(b[headerSize+8*(n-2):])-1)
			resum(b)
		}, "bad record offset 4999"},
		{"bit flip in the last chunk", func(b []byte) { b[headerSize+tlen-4] ^= 1 }, "header checksum mismatch"},
	}
	for _, tt := range tests {
		dir := corpustest.CopyTree(t, good)
		b := bytes.Clone(orig)
		tt.damage(b)
		setLookup(dir, lookup, b)
		ix, err := Open(dir)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Open = %v, want ErrCorrupt saying %q", tt.name, err, tt.want)
		}
		if ix != nil {
			ix.Close()
		}
	}
}

// TestTablesChangedAfterOpen: the tables are read again at each lookup, so
// a file overwritten in place after Open gives ErrCorrupt, not a record
// out of range or a panic.
func TestTablesChangedAfterOpen(t *testing.T) {
	const n = 20
	_, arts, ix := openSample(t, n)
	defer ix.Close()
	f, err := os.OpenFile(filepath.Join(ix.Dir(), lookupName), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	put := func(at int64, b []byte) {
		if _, err := f.WriteAt(b, at); err != nil {
			t.Fatal(err)
		}
	}
	bad := []byte{0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0}
	put(headerSize+8*(n+1), bad[:4])     // every URL-order entry is read by some search
	put(headerSize+8*(n+1)+4*n, bad[:4]) // and the first id-order entry
	for k := 1; k < n; k++ {
		put(headerSize+8*(n+1)+4*int64(k), bad[:4])
		put(headerSize+8*(n+1)+4*int64(n+k), bad[:4])
	}
	if _, _, err := ix.ByURL(arts[3].URL); !errors.Is(err, ErrCorrupt) {
		t.Errorf("ByURL after the tables changed: %v, want ErrCorrupt", err)
	}
	if _, err := ix.ByID(arts[3].ID); !errors.Is(err, ErrCorrupt) {
		t.Errorf("ByID after the tables changed: %v, want ErrCorrupt", err)
	}
	put(headerSize+8*5, bad) // record 5 starts past the end of the file
	if _, err := ix.Article(5); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Article(5) after its offset changed: %v, want ErrCorrupt", err)
	}
	if _, err := ix.Article(6); err != nil {
		t.Errorf("Article(6), untouched: %v", err)
	}
}

// TestWriteEach writes articles made on demand, each call a fresh copy
// as a caller that holds no records makes them: the generation is the
// one Write makes of the same articles in a slice, at is asked for each
// article twice and in order, and an article that changes between its
// check and its write fails the Write and leaves no generation.
func TestWriteEach(t *testing.T) {
	for _, n := range []int{0, 1, 3, 50} {
		arts := sample(n)
		want, err := Write(t.TempDir(), arts, nil, Manifest{})
		if err != nil {
			t.Fatalf("Write(%d articles): %v", n, err)
		}
		var calls []int
		dir := t.TempDir()
		got, err := WriteEach(dir, n, func(i int) Article {
			calls = append(calls, i)
			return sample(n)[i]
		}, nil, Manifest{})
		if err != nil || got != want {
			t.Fatalf("WriteEach(%d articles) = %q, %v, want Write's %q", n, got, err, want)
		}
		var wantCalls []int
		for range 2 {
			for i := range n {
				wantCalls = append(wantCalls, i)
			}
		}
		if !slices.Equal(calls, wantCalls) {
			t.Errorf("WriteEach(%d articles) asked for %v, want %v", n, calls, wantCalls)
		}
		ix, err := Open(dir)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		for i, a := range arts {
			if got, err := ix.Article(i); err != nil || !reflect.DeepEqual(got, a) {
				t.Errorf("Article(%d) = %+v, %v, want %+v", i, got, err, a)
			}
		}
		ix.Close()
	}

	arts, seen := sample(3), map[int]bool{}
	dir := t.TempDir()
	_, err := WriteEach(dir, len(arts), func(i int) Article {
		a := arts[i]
		if seen[i] {
			a.Title += " (edited)"
		}
		seen[i] = true
		return a
	}, nil, Manifest{})
	if err == nil || !strings.Contains(err.Error(), "article 0 changed") {
		t.Errorf("WriteEach of an article that changed = %v, want an error naming article 0", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrMissing) {
		t.Errorf("after a failed WriteEach, Open = %v, want ErrMissing", err)
	}
}
