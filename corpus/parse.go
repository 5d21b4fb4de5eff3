package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest content file accepted, in bytes. The largest
// article of the real corpus is far below it; a bigger file is a mistake
// (a pasted binary, a runaway export), not an article.
const MaxFileSize = 1 << 20

// Reasons a file is rejected. They are wrapped in a *FileError that names the
// file and, where known, the line; test for them with errors.Is.
var (
	ErrEmpty         = errors.New("empty file")
	ErrTooLarge      = errors.New("file larger than 1 MiB")
	ErrBOM           = errors.New("byte order mark (U+FEFF) at the start: save the file as UTF-8 without BOM")
	ErrNotUTF8       = errors.New("invalid UTF-8")
	ErrCRLF          = errors.New("CRLF line ending: only LF line endings are supported")
	ErrNoFrontMatter = errors.New("no front matter: the file must start with a --- line")
	ErrUnterminated  = errors.New("unterminated front matter: no closing --- line")
	ErrYAML          = errors.New("invalid YAML")
	ErrMissingField  = errors.New("missing field")
	ErrNotString     = errors.New("not a string")
	ErrDuplicateKey  = errors.New("duplicate key")
	ErrBadRelated    = errors.New("bad related block")
	ErrDuplicateURL  = errors.New("duplicate url")
	ErrSymlink       = errors.New("symbolic link: not followed")
	ErrNotRewritable = errors.New("related blocks laid out in a way the rewriter does not handle")
	ErrModified      = errors.New("file changed on disk since it was loaded: left as it is")
	ErrReadOnly      = errors.New("read-only file (no write permission for its owner): left as it is")
	ErrOutsideRoot   = errors.New("path outside the content folder")
	ErrBadLink       = errors.New("bad link")
	ErrBadField      = errors.New("bad value")
	ErrNoRoundTrip   = errors.New("rewrite does not round-trip")
)

// kind tells what a front matter value is.
type kind uint8

const (
	kindScalar kind = iota // a string (null reads as "")
	kindMap                // a mapping; its entries are in kids
	kindOther              // a sequence, or a mapping below the second level
)

// entry is one key of a front matter mapping and its value.
type entry struct {
	key   string
	line  int // line of the key in the file, from 1
	kind  kind
	value string  // when kind == kindScalar and raw is nil
	raw   []byte  // when kind == kindScalar: the value as it stands in the file, if it does
	kids  []entry // when kind == kindMap
	// start and end are the byte offsets of the entry's lines in the file,
	// set for top-level entries: the key line up to the next top-level key
	// (or the closing ---), less trailing blank and comment lines.
	start, end int
}

// doc is one parsed file: its front matter entries and where they are.
type doc struct {
	top      []entry
	fmStart  int       // offset of the first front matter line (after "---\n")
	fmEnd    int       // offset of the closing "---" line
	related  []int     // indexes into top of the related_articleN entries, in N order
	relNums  []int     // N of each related entry, same order
	layoutOK bool      // related blocks can be located by line spans
	fast     bool      // read by the fast scanner
	buf      [2][8]int // backing for related and relNums in the usual case
}

// Parse parses one content file. path is used only in errors and in the
// returned Article's Path. A bad file gives a *FileError that names the
// line where it is known. The returned Article's Src is src itself.
func Parse(path string, src []byte) (Article, error) {
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	d, err := parseDocWith(src, sc)
	if err != nil {
		return Article{}, withPath(err, path)
	}
	a, err := d.article(src)
	if err != nil {
		return Article{}, withPath(err, path)
	}
	a.Path = path
	return a, nil
}

// withPath sets the path of a *FileError (or wraps a plain error in one).
func withPath(err error, path string) error {
	var fe *FileError
	if errors.As(err, &fe) {
		fe.Path = path
		return fe
	}
	return &FileError{Path: path, Err: err}
}

// lineErr is a *FileError without a path yet.
func lineErr(line int, err error) *FileError { return &FileError{Line: line, Err: err} }

// lineAt returns the line (from 1) of byte offset off in src.
func lineAt(src []byte, off int) int { return bytes.Count(src[:off], []byte{'\n'}) + 1 }

// parseDoc checks the file's encoding, splits off the front matter and parses
// it, by the fast scanner where the layout allows and by yaml.v3 otherwise.
func parseDoc(src []byte) (*doc, error) { return parseDocWith(src, nil) }

// parseDocWith is parseDoc taking the fast scanner's entry slices from sc
// (when not nil); the doc is then valid until sc is released.
func parseDocWith(src []byte, sc *scratch) (*doc, error) {
	if len(src) == 0 {
		return nil, lineErr(0, ErrEmpty)
	}
	if len(src) > MaxFileSize {
		return nil, lineErr(0, fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(src)))
	}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return nil, lineErr(1, ErrBOM)
	}
	if !utf8.Valid(src) {
		off := firstInvalidUTF8(src)
		return nil, lineErr(lineAt(src, off), fmt.Errorf("%w: byte 0x%02x at offset %d", ErrNotUTF8, src[off], off))
	}
	if i := bytes.IndexByte(src, '\r'); i >= 0 {
		return nil, lineErr(lineAt(src, i), ErrCRLF)
	}
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, lineErr(1, ErrNoFrontMatter)
	}
	d := &doc{fmStart: 4, fmEnd: -1}
	for off := 4; off < len(src); {
		nl := bytes.IndexByte(src[off:], '\n')
		line := src[off:]
		if nl >= 0 {
			line = src[off : off+nl]
		}
		if string(line) == "---" {
			d.fmEnd = off
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if d.fmEnd < 0 {
		return nil, lineErr(1, ErrUnterminated)
	}
	top, ok := scanFastInto(src, d.fmStart, d.fmEnd, sc)
	if ok {
		d.top = top
		d.layoutOK, d.fast = true, true
	} else {
		var err error
		if d.top, d.layoutOK, err = parseYAML(src, d.fmStart, d.fmEnd); err != nil {
			return nil, err
		}
	}
	if err := d.indexRelated(); err != nil {
		return nil, err
	}
	return d, nil
}

func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// relatedNum returns N for a key "related_articleN" (N a decimal number
// without leading zeros, from 1), or 0.
func relatedNum(key string) int {
	const p = "related_article"
	if !strings.HasPrefix(key, p) || len(key) == len(p) || key[len(p)] == '0' || len(key) > len(p)+6 {
		return 0
	}
	n, err := strconv.Atoi(key[len(p):])
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// indexRelated finds the related_articleN entries and orders them by N.
func (d *doc) indexRelated() error {
	d.related, d.relNums = d.buf[0][:0], d.buf[1][:0]
	for i := range d.top {
		if n := relatedNum(d.top[i].key); n > 0 {
			// Insertion keeps them ordered by N; there are at most a few.
			j := len(d.relNums)
			d.related = append(d.related, i)
			d.relNums = append(d.relNums, n)
			for ; j > 0 && d.relNums[j-1] > n; j-- {
				d.related[j], d.related[j-1] = d.related[j-1], d.related[j]
				d.relNums[j], d.relNums[j-1] = d.relNums[j-1], d.relNums[j]
			}
		}
	}
	return nil
}

// find returns the entry with key in es, or nil.
func find(es []entry, key string) *entry {
	for i := range es {
		if es[i].key == key {
			return &es[i]
		}
	}
	return nil
}

// keyIndex finds a key among the entries of a mapping as it is read, for
// the duplicate-key check: by a linear scan while there are few (the usual
// dozen or two), by a map once there are many, so that a file of 100k keys
// is not checked in quadratic time.
type keyIndex struct {
	m map[string]int
	n int // entries of es already in m
}

// find returns the index in es of the entry with key, or -1. es must only
// grow between calls.
func (x *keyIndex) find(es []entry, key string) int {
	if x.m == nil && len(es) < 32 {
		for i := range es {
			if es[i].key == key {
				return i
			}
		}
		return -1
	}
	if x.m == nil {
		x.m = make(map[string]int, 2*len(es))
	}
	for ; x.n < len(es); x.n++ {
		if _, ok := x.m[es[x.n].key]; !ok {
			x.m[es[x.n].key] = x.n
		}
	}
	if i, ok := x.m[key]; ok {
		return i
	}
	return -1
}

// str reads an optional string field: "" when absent, an error when present
// but not a scalar.
func str(es []entry, key, where string) (string, error) {
	e := find(es, key)
	if e == nil {
		return "", nil
	}
	if e.kind != kindScalar {
		return "", lineErr(e.line, fmt.Errorf("%s%s: %w", where, key, ErrNotString))
	}
	return e.text(), nil
}

// text returns a scalar entry's value.
func (e *entry) text() string {
	if e.raw != nil {
		return string(e.raw)
	}
	return e.value
}

// required reads a string field that must be present and not empty.
func required(es []entry, key string) (string, error) {
	s, err := str(es, key, "")
	if err != nil {
		return "", err
	}
	if s == "" {
		line := 0
		if e := find(es, key); e != nil {
			line = e.line
		}
		return "", lineErr(line, fmt.Errorf("%w: %s", ErrMissingField, key))
	}
	return s, nil
}

// article builds the Article from the parsed entries.
func (d *doc) article(src []byte) (Article, error) {
	var a Article
	var err error
	if a.URL, err = required(d.top, "url"); err != nil {
		return a, err
	}
	if a.Question, err = required(d.top, "question"); err != nil {
		return a, err
	}
	fields := []struct {
		key string
		dst *string
	}{{"id", &a.ID}, {"date", &a.Date}, {"subject", &a.Subject}, {"title", &a.Title}}
	for _, f := range fields {
		if *f.dst, err = str(d.top, f.key, ""); err != nil {
			return a, err
		}
	}
	if seo := find(d.top, "seo"); seo != nil {
		switch seo.kind {
		case kindMap:
			if a.SEODescription, err = str(seo.kids, "page_description", "seo."); err != nil {
				return a, err
			}
			if a.SEOKeywords, err = str(seo.kids, "page_keywords", "seo."); err != nil {
				return a, err
			}
		case kindScalar:
			if seo.text() != "" {
				return a, lineErr(seo.line, errors.New("seo: not a mapping"))
			}
		default:
			return a, lineErr(seo.line, errors.New("seo: not a mapping"))
		}
	}
	if e := find(d.top, "answer"); e != nil {
		if e.kind != kindScalar {
			return a, lineErr(e.line, fmt.Errorf("answer: %w", ErrNotString))
		}
		if e.raw != nil {
			a.Answer = unescapeNewlines(e.raw)
		} else {
			a.Answer = strings.ReplaceAll(e.value, `\n`, "\n")
		}
	}
	a.SubjectKey = NormalizeSubject(a.Subject)
	if a.Related, err = d.links(); err != nil {
		return a, err
	}
	if err := d.checkLinkFields(&a); err != nil {
		return a, err
	}
	a.Src, a.Unrewritable = src, !d.layoutOK
	return a, nil
}

// checkLinkFields checks the fields that other articles' links to a are
// made of (see LinkTo), so that a bad one is reported against its own file
// instead of being copied into others: the id is an integer as the site
// writes it (the real corpus has a few negative ones), the url has the
// corpus's form /learn/<folder>/questions/<slug> (see ValidURL), and the
// title is not empty.
func (d *doc) checkLinkFields(a *Article) error {
	line := func(key string) int {
		if e := find(d.top, key); e != nil {
			return e.line
		}
		return 0
	}
	switch {
	case !ValidURL(a.URL):
		return lineErr(line("url"), fmt.Errorf("%w: url %q is not of the form /learn/<folder>/questions/<slug>", ErrBadField, a.URL))
	case a.ID == "" && find(d.top, "id") == nil:
		return lineErr(0, fmt.Errorf("%w: id", ErrMissingField))
	case !validID(a.ID):
		return lineErr(line("id"), fmt.Errorf("%w: id %q is not an integer", ErrBadField, a.ID))
	case strings.TrimSpace(a.Title) == "" && find(d.top, "title") == nil:
		return lineErr(0, fmt.Errorf("%w: title", ErrMissingField))
	case strings.TrimSpace(a.Title) == "":
		return lineErr(line("title"), fmt.Errorf("%w: title is empty", ErrBadField))
	}
	return nil
}

// validID reports whether id is a decimal integer without leading zeros,
// optionally negative.
func validID(id string) bool {
	d := strings.TrimPrefix(id, "-")
	return d != "" && d != "0" && len(d) <= 18 && d[0] != '0' && strings.Trim(d, "0123456789") == "" || id == "0"
}

// ValidURL reports whether url has the form every article of the corpus
// has, /learn/<folder>/questions/<slug>, where folder and slug are made of
// ASCII letters, digits, '-' and '_' (the slug also '.', though not
// first): a site path that cannot climb out of the site or hold spaces.
func ValidURL(url string) bool {
	rest, ok := strings.CutPrefix(url, "/learn/")
	if !ok {
		return false
	}
	folder, slug, ok := strings.Cut(rest, "/questions/")
	return ok && urlPart(folder, false) && urlPart(slug, true)
}

// URLOfPath returns the url that the file at path has in the corpus's
// layout, /learn/<folder>/questions/<slug> for <folder>/<slug>.md, or ""
// when that is not a valid url. The batch uses it to recognise links to a
// file it could not read.
func URLOfPath(path string) string {
	slug, ok := strings.CutSuffix(filepath.Base(path), ".md")
	u := "/learn/" + filepath.Base(filepath.Dir(path)) + "/questions/" + slug
	if !ok || !ValidURL(u) {
		return ""
	}
	return u
}

func urlPart(s string, dots bool) bool {
	if s == "" || s[0] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || dots && c == '.') {
			return false
		}
	}
	return true
}

// links reads the related_articleN blocks in N order.
func (d *doc) links() ([]Link, error) {
	if len(d.related) == 0 {
		return nil, nil
	}
	out := make([]Link, 0, len(d.related))
	for _, i := range d.related {
		e := &d.top[i]
		if e.kind != kindMap {
			return nil, lineErr(e.line, fmt.Errorf("%w: %s is not a mapping", ErrBadRelated, e.key))
		}
		var l Link
		var err error
		where := e.key + "."
		for _, f := range []struct {
			key string
			dst *string
		}{{"id", &l.ID}, {"title", &l.Title}, {"subject", &l.Subject}, {"url", &l.URL}} {
			if *f.dst, err = str(e.kids, f.key, where); err != nil {
				return nil, err
			}
		}
		if l.URL == "" {
			return nil, lineErr(e.line, fmt.Errorf("%w: %s has no url", ErrBadRelated, e.key))
		}
		out = append(out, l)
	}
	return out, nil
}

// unescapeNewlines returns b with each literal `\n` turned into a line break,
// in one allocation.
func unescapeNewlines(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for {
		i := bytes.Index(b, []byte(`\n`))
		if i < 0 {
			sb.Write(b)
			return sb.String()
		}
		sb.Write(b[:i])
		sb.WriteByte('\n')
		b = b[i+2:]
	}
}
