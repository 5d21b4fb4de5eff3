package recommend

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"reflect"
	"testing"
)

func builtVectors(t testing.TB) (*Model, *Vectors) {
	cfg := DefaultConfig
	cfg.Ranking, cfg.MinDF, cfg.Stem = RankTFIDF, 1, true
	m := mustBuild(t, synthetic(120, 4), cfg)
	return m, m.Vectors()
}

func TestVectorsRoundTrip(t *testing.T) {
	_, v := builtVectors(t)
	var buf bytes.Buffer
	n, err := v.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo = %d, %v; wrote %d bytes", n, err, buf.Len())
	}
	w, err := ReadVectors(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("ReadVectors: %v", err)
	}
	if !reflect.DeepEqual(w.X, v.X) || !reflect.DeepEqual(w.Terms, v.Terms) || !reflect.DeepEqual(w.IDF, v.IDF) ||
		!reflect.DeepEqual(w.URLs, v.URLs) || w.Fields != v.Fields || w.Stem != v.Stem || w.Sublinear != v.Sublinear ||
		w.PerField != v.PerField || w.MinDF != v.MinDF || w.MaxDF != v.MaxDF {
		t.Errorf("ReadVectors(WriteTo(v)) differs from v")
	}
	q := "How does the enzyme in the cell membrane work?"
	if a, b := v.Query(q, 5), w.Query(q, 5); !reflect.DeepEqual(a, b) || len(a) != 5 {
		t.Errorf("Query before and after the round trip: %v, %v (want 5 equal hits)", a, b)
	}
}

// TestVectorsQuery checks that folding an article's own text in ranks it
// first when the article is a single pooled field, scoring near 1 (the
// feedback mixes its nearest articles into the text).
func TestVectorsQuery(t *testing.T) {
	arts := synthetic(120, 5)
	cfg := DefaultConfig
	cfg.Ranking, cfg.MinDF, cfg.MaxDF, cfg.Fields = RankTFIDF, 1, 1, FieldWeights{Answer: 1}
	m := mustBuild(t, arts, cfg)
	v := m.Vectors()
	for _, i := range []int{0, 17, 119} {
		hs := v.Query(arts[i].Answer, 3)
		if len(hs) != 3 || hs[0].Score < 0.95 || hs[0].Score > 1+1e-6 {
			t.Errorf("Query(answer of %d) = %v, want 3 hits, the first scoring near 1", i, hs)
			continue
		}
		if hs[0].Doc != i && CleanMarkup(arts[hs[0].Doc].Answer) != CleanMarkup(arts[i].Answer) {
			t.Errorf("Query(answer of %d) ranks %d first", i, hs[0].Doc)
		}
	}
	if hs := v.Query("zzz qqq", 5); hs != nil {
		t.Errorf("Query(unknown words) = %v, want nil", hs)
	}
}

func TestReadVectorsCorrupt(t *testing.T) {
	_, v := builtVectors(t)
	var buf bytes.Buffer
	if _, err := v.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic only", good[:6]},
		{"bad magic", flip(0)},
		{"truncated header", good[:40]},
		{"truncated middle", good[:len(good)/2]},
		{"no checksum", good[:len(good)-4]},
		{"bit flip in urls", flip(80)},
		{"bit flip in values", flip(len(good) - 10)},
		{"trailing byte", append(bytes.Clone(good), 0)},
	}
	for _, tt := range tests {
		_, err := ReadVectors(bytes.NewReader(tt.data))
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: ReadVectors = %v, want an error wrapping ErrCorrupt", tt.name, err)
		}
	}
	// Another version is reported as such.
	b := bytes.Clone(good)
	b[6] = 9
	if _, err := ReadVectors(bytes.NewReader(b)); err == nil || errors.Is(err, ErrCorrupt) {
		t.Errorf("version 9: ReadVectors = %v, want a version error", err)
	}
}

// FuzzReadVectors checks that no input makes ReadVectors panic, and that
// whatever it accepts writes back to the same bytes.
func FuzzReadVectors(f *testing.F) {
	_, v := builtVectors(f)
	var buf bytes.Buffer
	if _, err := v.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(vecMagic + "\x01\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := ReadVectors(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if _, err := w.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), data) {
			t.Errorf("accepted input does not write back to itself")
		}
	})
}

// TestVectorsWriteToLayout holds WriteTo, which writes as it goes, to the
// layout written out field by field with encoding/binary (the format at
// the top of vectors.go), on a model large enough for several of its
// chunks; and a writer that fails part way gives an error, not a count of
// everything.
func TestVectorsWriteToLayout(t *testing.T) {
	cfg := DefaultConfig
	cfg.Ranking, cfg.MinDF, cfg.Stem = RankTFIDF, 1, true
	m := mustBuild(t, synthetic(600, 4), cfg)
	v := m.Vectors()
	if len(v.X.Val) <= 4096 {
		t.Fatalf("%d stored values: the case of several chunks is gone", len(v.X.Val))
	}
	var want bytes.Buffer
	le := binary.LittleEndian
	put := func(x any) { binary.Write(&want, le, x) }
	str := func(s string) {
		want.Write(binary.AppendUvarint(nil, uint64(len(s))))
		want.WriteString(s)
	}
	want.WriteString(vecMagic)
	put(uint16(vecVersion))
	put(uint16(1 | 2 | 4)) // stemmed, sublinear, per field
	for f := Field(0); f < numFields; f++ {
		put(v.Fields.of(f))
	}
	put(uint32(v.MinDF))
	put(v.MaxDF)
	put(uint32(v.X.Rows))
	for _, u := range v.URLs {
		str(u)
	}
	put(uint32(len(v.Terms)))
	for _, s := range v.Terms {
		str(s)
	}
	put(v.IDF)
	for _, p := range v.X.Ptr {
		put(uint64(p))
	}
	for _, j := range v.X.Ind {
		put(uint32(j))
	}
	put(v.X.Val)
	put(crc32.ChecksumIEEE(want.Bytes()))
	if !v.Sublinear || !v.PerField || !v.Stem {
		t.Fatalf("settings %v %v %v: the flags written above are not these", v.Stem, v.Sublinear, v.PerField)
	}
	var got bytes.Buffer
	if n, err := v.WriteTo(&got); err != nil || n != int64(got.Len()) || !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("WriteTo = %d, %v: %d bytes, want the %d bytes of the layout", n, err, got.Len(), want.Len())
	}
	fail := &failAfter{left: want.Len() / 2}
	if n, err := v.WriteTo(fail); err == nil || n > int64(want.Len()/2) {
		t.Errorf("WriteTo a writer that fails half way = %d, %v; want an error and at most %d bytes", n, err, want.Len()/2)
	}
}

// failAfter accepts left bytes, then fails.
type failAfter struct{ left int }

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n := f.left
		f.left = 0
		return n, errors.New("disk full")
	}
	f.left -= len(p)
	return len(p), nil
}
