package review

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"recommend/corpus"
	"recommend/editor"
	"recommend/index"
	"recommend/internal/atomicfile"
	"recommend/internal/par"
	"recommend/internal/regular"
)

// Page is everything the review page shows, as plain data: the batch saves
// it (Save) and `recommend review` renders it (Write) later.
type Page struct {
	Title    string
	Site     string    `json:"-"` // prefix for the articles' paths in links, e.g. https://www.example.com; "" keeps them relative
	LowScore float64   // the low-score threshold the flags used
	Blocks   int       // block rules in force in the overrides file
	Articles []Article // every article; links and items refer to them by index
	Items    []Item    // one per article, in the order of Articles
	Clusters []Cluster `json:",omitempty"` // duplicate clusters, largest first (clusters.go); none in data saved before they were kept
}

// Article is what the page shows of one article.
type Article struct {
	URL      string
	ID       string `json:",omitempty"` // shared by cross-posted copies; empty in data saved before ids were kept
	Title    string
	Subject  string // as written in the file
	Key      string // normalised subject, the filter's value
	Question string
}

// Item is one article's current and suggested links.
type Item struct {
	Doc       int  // index in Page.Articles
	Locked    bool // the batch leaves this article alone
	Current   []Link
	Suggested []Link
	Proposed  []Link `json:",omitempty"` // locked: what the engine would now suggest
}

// Link is one link in a list. Doc is -1 for a page outside the corpus (a
// broken link, or a pin to an outside page), and URL and Title then say
// what is written; for links inside the corpus both are empty.
type Link struct {
	Doc    int
	URL    string   `json:",omitempty"`
	Title  string   `json:",omitempty"`
	Score  float64  // the engine's score; meaningful only when Scored
	Scored bool     // false when the engine gave no score (e.g. a broken link)
	Terms  []string `json:",omitempty"` // the shared terms that explain the score, best first
	Flags  editor.Flag
	// Reason says why a suggested or proposed link is there (held, pinned,
	// locked), as the index keeps it; ranked, and so left out of the data,
	// for a plain link, a current link and in data saved before reasons
	// were kept.
	Reason index.Reason `json:",omitempty"`
}

// Change counts the links that differ between the item's lists: new ones
// plus dropped ones. The page sorts on it.
func (it *Item) Change() int {
	n := 0
	for _, l := range it.Current {
		if l.Flags&editor.FlagDropped != 0 {
			n++
		}
	}
	for _, l := range it.Suggested {
		if l.Flags&editor.FlagNew != 0 {
			n++
		}
	}
	return n
}

// Held reports whether a suggested link of the item is marked held
// (index.ReasonHeld: hysteresis kept it where the engine's own ranking
// would drop or move it). The flag filter's "held" shows these articles.
func (it *Item) Held() bool {
	return slices.ContainsFunc(it.Suggested, func(l Link) bool { return l.Reason == index.ReasonHeld })
}

// TermsFunc returns up to n terms that explain why b is related to a
// (recommend.Model.SharedTerms has this shape). It is called from several
// goroutines at once.
type TermsFunc func(a, b, n int) []string

// FromResults builds the page from the batch: the articles, editor.Apply's
// results for them, and terms (nil for none) to explain each link. terms is
// called from several goroutines at once, so it must be safe for that
// (recommend.Model.SharedTerms only reads the model).
func FromResults(title string, arts []corpus.Article, res []editor.Result, terms TermsFunc, opt editor.Options) *Page {
	src := Results{Title: title, Articles: arts, Decisions: res, Terms: terms, Options: opt}
	src.check()
	p := &Page{Title: title, LowScore: opt.LowScore, Articles: make([]Article, len(arts)), Items: make([]Item, len(arts))}
	for i := range arts {
		p.Articles[i] = src.article(i)
	}
	// Explaining 35,915 articles' links takes some 360,000 SharedTerms
	// calls; they only read the model, so the articles are split over the
	// cores, each item written by one goroutine (terms must allow that).
	par.For(len(res), 0, func(i int) { p.Items[i] = src.item(i) })
	return p
}

// Results are what the page is made of, kept as the batch has them, so
// that Save can write the page without building it: the page FromResults
// builds from the same articles, results and terms, with Blocks and
// Clusters as given. A batch of a million articles would otherwise hold
// every article's item at once (some 0.8 KB an article) beside the model.
type Results struct {
	Title     string
	Articles  []corpus.Article
	Decisions []editor.Result // editor.Apply's, one per article
	Terms     TermsFunc       // nil for none
	Options   editor.Options
	Blocks    int       // block rules in force in the overrides file
	Clusters  []Cluster // duplicate clusters, largest first
}

// Page builds the page (FromResults, with Blocks and Clusters).
func (r *Results) Page() *Page {
	p := FromResults(r.Title, r.Articles, r.Decisions, r.Terms, r.Options)
	p.Blocks, p.Clusters = r.Blocks, r.Clusters
	return p
}

// Save writes the page to path as Page.Save writes r.Page(), byte for
// byte, making each article's entry and item as it writes it, a block at
// a time on each core (so Terms is called from several goroutines at
// once, as FromResults calls it).
func (r *Results) Save(path string) error {
	r.check()
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		head := &Page{Title: r.Title, LowScore: r.Options.LowScore, Blocks: r.Blocks, Clusters: r.Clusters}
		n := len(r.Articles)
		return encodePage(w, head, eachOf("Articles", n, r.article), eachOf("Items", n, r.item))
	})
}

// check panics when the results and the articles differ in length: a
// caller's mistake, not bad input.
func (r *Results) check() {
	if len(r.Decisions) != len(r.Articles) {
		panic("review: results and articles differ in length")
	}
}

// article is what the page shows of article i.
func (r *Results) article(i int) Article {
	a := &r.Articles[i]
	return Article{URL: a.URL, ID: a.ID, Title: a.Title, Subject: a.Subject, Key: a.SubjectKey, Question: a.Question}
}

// item is article i's current and suggested links (and, locked, the
// proposed ones), each explained by Terms.
func (r *Results) item(i int) Item {
	d := &r.Decisions[i]
	it := Item{Doc: i, Locked: d.Locked, Current: r.links(i, d.Current), Suggested: r.links(i, d.Suggested)}
	if d.Locked {
		it.Proposed = r.links(i, d.Proposed)
	}
	return it
}

// links turns article a's entries into the page's links.
func (r *Results) links(a int, es []editor.Entry) []Link {
	out := make([]Link, 0, len(es))
	for _, e := range es {
		l := Link{Doc: e.Doc, Flags: e.Flags, Reason: e.Reason}
		if e.Doc < 0 {
			l.URL, l.Title = e.Link.URL, e.Link.Title
		}
		if !math.IsNaN(e.Score) {
			l.Score, l.Scored = e.Score, true
		}
		if r.Terms != nil && e.Doc >= 0 {
			l.Terms = r.Terms(a, e.Doc, 5)
		}
		out = append(out, l)
	}
	return out
}

// Save writes p to path as gzipped JSON, atomically (internal/atomicfile):
// a new file gets 0644 less the umask, an existing one keeps its mode.
func (p *Page) Save(path string) error {
	return atomicfile.Write(path, 0o644, p.encode)
}

func (p *Page) encode(w io.Writer) error {
	return encodePage(w, p, arrayOf("Articles", p.Articles), arrayOf("Items", p.Items))
}

// encodePage writes the JSON of a page with head's title, low score,
// blocks and clusters, and the articles and items the two arrays hold, as
// json.Encoder.Encode writes a Page, gzipped: each block of pieceLen
// articles or items is one gzip member, made (the elements' JSON and its
// compression) on each core in turn and written in order (writeMembers).
// A gzip reader reads the members as one stream (Load), and the
// decompressed bytes are the JSON's whatever the number of cores.
func encodePage(w io.Writer, head *Page, articles, items jsonArray) error {
	pcs, err := pagePieces(head, articles, items)
	if err != nil {
		return err
	}
	return writeMembers(w, pcs)
}

// pagePieces are the pieces of the page's JSON (encodePage).
func pagePieces(head *Page, articles, items jsonArray) ([]piece, error) {
	h := struct {
		Title    string
		LowScore float64
		Blocks   int
	}{head.Title, head.LowScore, head.Blocks}
	clusters := arrayOf("Clusters", head.Clusters)
	clusters.omitEmpty = true
	return objectPieces(h, pieceLen, "\n", articles, items, clusters) // json.Encoder ends a value with a newline
}

// pieceLen is how many elements of an array one piece of the review
// data holds, and so one gzip member: some 0.5 MB of JSON on the real
// corpus, where a member's own header and fresh dictionary cost a few
// hundred bytes.
const pieceLen = 1024

// membersAtOnce is how many pieces writeMembers makes before writing
// them: a few per core, so that the data is never whole in memory.
const membersAtOnce = 16

// writeMembers writes each piece as one gzip member, in order, making up
// to membersAtOnce of them at a time over the cores. Each member has the
// same header (no name, no time), so the bytes depend on the pieces
// alone.
func writeMembers(w io.Writer, pcs []piece) error {
	slots := make([]memberSlot, min(membersAtOnce, len(pcs)))
	for lo := 0; lo < len(pcs); lo += len(slots) {
		wave := pcs[lo:min(lo+len(slots), len(pcs))]
		par.For(len(wave), 0, func(k int) { slots[k].make(wave[k]) })
		for k := range wave {
			if slots[k].err != nil {
				return slots[k].err
			}
			if _, err := w.Write(slots[k].buf.Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}

// memberSlot makes one gzip member at a time (writeMembers), its
// compressor and buffers kept from one member to the next: a compressor
// is some hundreds of kilobytes.
type memberSlot struct {
	buf bytes.Buffer
	zw  *gzip.Writer
	bw  *bufio.Writer
	err error
}

// make makes the piece's member in s.buf, or sets s.err.
func (s *memberSlot) make(pc piece) {
	s.buf.Reset()
	if s.zw == nil {
		s.zw, _ = gzip.NewWriterLevel(&s.buf, gzip.BestSpeed)
		s.bw = bufio.NewWriterSize(s.zw, 1<<16)
	} else {
		s.zw.Reset(&s.buf)
		s.bw.Reset(s.zw)
	}
	s.err = pc.write(s.bw)
	if s.err == nil {
		s.err = s.bw.Flush()
	}
	if s.err == nil {
		s.err = s.zw.Close()
	}
}

// jsonArray is an array member of the object writeObject writes: its
// key, its length, whether it is null (a nil slice) and its i-th element
// (marshalled alone); omitEmpty leaves it out when empty, as the tag
// does.
type jsonArray struct {
	key       string
	n         int
	null      bool
	omitEmpty bool
	elem      func(i int) any
}

// arrayOf is the member key holding xs, as encoding/json writes a slice.
func arrayOf[T any](key string, xs []T) jsonArray {
	return jsonArray{key: key, n: len(xs), null: xs == nil, elem: func(i int) any { return &xs[i] }}
}

// eachOf is the member key holding the n elements at makes, one at a
// time, as encoding/json writes a slice of them: the elements are made as
// they are written, never all in memory.
func eachOf[T any](key string, n int, at func(i int) T) jsonArray {
	return jsonArray{key: key, n: n, elem: func(i int) any { x := at(i); return &x }}
}

// writeObject writes the JSON object whose first members are head's (a
// struct of at least one member, marshalled whole) and whose last are
// arrays, each streamed one element's JSON at a time, byte for byte as
// encoding/json's Marshal writes the struct they make together: so a
// document of a million articles is never whole in memory. The saved
// review data (encodePage, in pieces) and the page's script data
// (writePayload) are both written this way.
func writeObject(w *bufio.Writer, head any, arrays ...jsonArray) error {
	pcs, err := objectPieces(head, 0, "", arrays...)
	if err != nil {
		return err
	}
	return writePieces(w, pcs)
}

// writePieces writes the pieces to w in order.
func writePieces(w *bufio.Writer, pcs []piece) error {
	for _, pc := range pcs {
		if err := pc.write(w); err != nil {
			return err
		}
	}
	return nil
}

// piece is a run of the object writeObject writes: lead's bytes (the
// head, keys, brackets), then the elements from to to of one array, each
// after a comma but the array's first; tail's bytes last.
type piece struct {
	lead     []byte
	a        *jsonArray // nil for none
	from, to int
	tail     []byte
}

// objectPieces splits the object writeObject writes, followed by end,
// into pieces of at most per elements each (0: each array whole), in
// order: their bytes, one after another, are the object's.
func objectPieces(head any, per int, end string, arrays ...jsonArray) ([]piece, error) {
	b, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	var pcs []piece
	lead := b[:len(b)-1] // without its closing brace
	for k := range arrays {
		a := &arrays[k]
		if a.omitEmpty && a.n == 0 {
			continue
		}
		key, err := json.Marshal(a.key)
		if err != nil {
			return nil, err
		}
		lead = append(append(append(lead, ','), key...), ':')
		if a.null {
			lead = append(lead, "null"...)
			continue
		}
		lead = append(lead, '[')
		step := a.n
		if per > 0 {
			step = per
		}
		for lo := 0; lo < a.n; lo += step {
			pcs = append(pcs, piece{lead: lead, a: a, from: lo, to: min(lo+step, a.n)})
			lead = nil
		}
		lead = append(lead, ']')
	}
	return append(pcs, piece{lead: lead, tail: []byte("}" + end)}), nil
}

// write writes the piece's bytes to w.
func (pc piece) write(w *bufio.Writer) error {
	buf := elemBuf.Get().(*[]byte)
	defer elemBuf.Put(buf)
	w.Write(pc.lead)
	if pc.a != nil {
		for i := pc.from; i < pc.to; i++ {
			if i > 0 {
				w.WriteByte(',')
			}
			var err error
			if *buf, err = appendElem((*buf)[:0], pc.a.elem(i)); err != nil {
				return err
			}
			w.Write(*buf)
		}
	}
	_, err := w.Write(pc.tail) // a write error is kept by w: its Flush reports it
	return err
}

// elemBuf holds the buffers one element's JSON is made in (appendElem).
var elemBuf = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// Load reads a page saved by Save. It opens only a regular file, so that a
// FIFO or a device in its place cannot hang or flood it.
func Load(path string) (*Page, error) {
	f, _, err := regular.Open(path)
	if err != nil {
		return nil, err // names the path
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var p Page
	if err := json.NewDecoder(zr).Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// check rejects a page whose indices point outside its articles, or whose
// clusters are not a partition of some of them (checkClusters).
func (p *Page) check() error {
	if err := p.checkClusters(); err != nil {
		return err
	}
	n := len(p.Articles)
	for i, it := range p.Items {
		if it.Doc < 0 || it.Doc >= n {
			return fmt.Errorf("item %d: article %d out of range", i, it.Doc)
		}
		for _, l := range slices.Concat(it.Current, it.Suggested) {
			if l.Doc < -1 || l.Doc >= n {
				return fmt.Errorf("item %d: link to article %d out of range", i, l.Doc)
			}
		}
	}
	return nil
}

// subjects returns the subject keys in order, with the first spelling seen
// for each as its label.
func (p *Page) subjects() (keys []string, label map[string]string) {
	label = map[string]string{}
	for _, a := range p.Articles {
		if _, ok := label[a.Key]; !ok {
			label[a.Key] = a.Subject
			keys = append(keys, a.Key)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(a, b) })
	return keys, label
}
