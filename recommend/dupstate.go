package recommend

// The snapshot's section for the duplicate pairs (state version 4): what
// an incremental night's search for them starts from (dupnight.go). It
// is the file's last section, after the neighbourhood densities:
//
//	kept     uvarint: 0, none (detection off, or a model that kept none), or 1, then
//	per article: nearest questions read, a count uvarint and each (article
//	             uvarint, score float32), best first
//	pairs    count uvarint, each (a uvarint, b uvarint, score float64,
//	             probability float64), a < b
//
// The model takes the pairs when the snapshot is written (they are
// searched for on first use, Duplicates), so that a night's outputs, which
// need them too, and the state's write share one search.

import (
	"encoding/binary"
	"math"
	"slices"
)

// dupFloor is the score down to which findDuplicates reads the nearest
// questions.
func (m *Model) dupFloor() float64 { return m.cfg.DupThreshold - 1e-6 }

// keepNear records the nearest questions findDuplicates read, for the
// snapshot, when the model can seed a night.
func (m *Model) keepNear(near [][]Hit) {
	if m.cands == nil {
		return
	}
	lo := m.dupFloor()
	m.near = make([][]Hit, len(near))
	for i, hs := range near {
		k := 0
		for k < len(hs) && hs[k].Score >= lo {
			k++
		}
		if k > 0 {
			m.near[i] = slices.Clip(hs[:k])
		}
	}
}

// keptDuplicates returns what the snapshot keeps of the duplicate pairs
// (searching for them first), ok false when the model keeps none.
func (m *Model) keptDuplicates() (near [][]Hit, pairs []DupPair, ok bool) {
	if m.cfg.DupThreshold <= 0 {
		return nil, nil, false
	}
	pairs = m.Duplicates()
	return m.near, pairs, m.near != nil
}

// duplicates returns the pairs and nearest questions the snapshot keeps:
// the model's when the snapshot is a model's (searched for now if not
// yet), else those read.
func (s *Snapshot) duplicates() (near [][]Hit, pairs []DupPair, ok bool) {
	if s.dupsOf != nil {
		return s.dupsOf()
	}
	return s.near, s.dupPairs, s.near != nil
}

// writeDups appends the section to b through u (a uvarint) and f64,
// flushing as WriteTo does.
func (s *Snapshot) writeDups(u func(uint64), f32 func(float32), f64 func(float64)) {
	near, pairs, ok := s.duplicates()
	if !ok || len(near) != len(s.urls) {
		u(0)
		return
	}
	u(1)
	for _, hs := range near {
		u(uint64(len(hs)))
		for _, h := range hs {
			u(uint64(h.Doc))
			f32(float32(h.Score))
		}
	}
	u(uint64(len(pairs)))
	for _, p := range pairs {
		u(uint64(p.A))
		u(uint64(p.B))
		f64(p.Score)
		f64(p.Prob)
	}
}

// readDups reads the section for n articles from d; count reads a count
// of items of at least size bytes each. A pair or a nearest question
// outside the articles, or naming its own article, is an error.
func (s *Snapshot) readDups(d *decoder, n int, count func(size int) int) {
	switch d.uvarint() {
	case 0:
		return
	case 1:
	default:
		d.fail()
		return
	}
	article := func() int {
		v := d.uvarint()
		if v >= uint64(n) {
			d.fail()
			return 0
		}
		return int(v)
	}
	s.near = make([][]Hit, n)
	for i := range n {
		c := count(5)
		if c > DupNeighbours {
			d.fail()
			c = 0
		}
		hs := make([]Hit, c)
		for k := range hs {
			j := article()
			sc := math.Float32frombits(d.u32())
			if j == i || sc != sc {
				d.fail()
			}
			hs[k] = Hit{Doc: j, Score: float64(sc)}
		}
		s.near[i] = hs
		if d.err != nil {
			return
		}
	}
	s.dupPairs = make([]DupPair, count(18))
	for k := range s.dupPairs {
		a, b := article(), article()
		if a >= b {
			d.fail()
		}
		s.dupPairs[k] = DupPair{A: a, B: b, Score: d.f64(), Prob: d.f64()}
		if d.err != nil {
			return
		}
	}
}

// appendF32 appends x's IEEE bits.
func appendF32(b []byte, x float32) []byte {
	return binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
}
