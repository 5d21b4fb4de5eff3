package corpus

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SetRelated returns src with its related_articleN blocks replaced by links,
// every other byte kept as it was. It returns src itself when links equal the
// file's current links.
//
// The new blocks take the place of the first old one (or go at the end of
// the front matter when there was none) and are numbered from 1 in links
// order; surplus old blocks are dropped, and an empty links removes them all.
// Where the old blocks were contiguous and numbered 1..n, a block whose link
// is unchanged at its position keeps its bytes, so a diff shows only the
// blocks that changed. New blocks are written in the CMS's style:
//
//	related_article1:
//	    id: 126064
//	    title: >-
//	        Can you recommend some essential literature on leadership?
//	    subject: Business and Management
//	    url: /learn/business-and-management/questions/can-you-recommend-...
//
// A value that a plain or folded scalar cannot carry exactly (leading or
// trailing space, a quote or '#' that YAML would read, control characters,
// an empty string) is written double-quoted instead. The result is parsed
// again before it is returned: it must give back exactly links and keep
// every byte outside the related blocks, or SetRelated fails with
// ErrNoRoundTrip. A file that does not parse is never rewritten.
func SetRelated(src []byte, links []Link) ([]byte, error) {
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	d, err := parseDocWith(src, sc)
	if err != nil {
		return nil, err
	}
	a, err := d.article(src)
	if err != nil {
		return nil, err
	}
	old := a.Related
	if same, err := checkRewrite(old, links, d.layoutOK); same || err != nil {
		if err != nil {
			return nil, err
		}
		return src, nil
	}
	out := d.replace(src, old, links)

	// Check the result: the new links, and nothing else changed.
	sc2 := scratchPool.Get().(*scratch)
	defer sc2.release()
	d2, err := parseDocWith(out, sc2)
	if err != nil {
		return nil, &FileError{Err: fmt.Errorf("%w: %v", ErrNoRoundTrip, err)}
	}
	b, err := d2.article(out)
	if err != nil {
		return nil, &FileError{Err: fmt.Errorf("%w: %v", ErrNoRoundTrip, err)}
	}
	if !slices.Equal(b.Related, links) && len(b.Related)+len(links) > 0 {
		return nil, &FileError{Err: fmt.Errorf("%w: links read back differ", ErrNoRoundTrip)}
	}
	a.Related, b.Related, a.Src, b.Src, a.Sum, b.Sum = nil, nil, nil, nil, Fingerprint{}, Fingerprint{}
	if !reflect.DeepEqual(a, b) {
		return nil, &FileError{Err: fmt.Errorf("%w: other fields read back differ", ErrNoRoundTrip)}
	}
	if !bytes.Equal(d.outside(src), d2.outside(out)) {
		return nil, &FileError{Err: fmt.Errorf("%w: bytes outside the related blocks changed", ErrNoRoundTrip)}
	}
	return out, nil
}

// checkRewrite is what decides, before any byte is written, whether
// blocks old can become links: same when they are already those links
// (nothing to do), else a *FileError (without its path) when a link is
// bad or the blocks' layout (layoutOK) is not one the rewriter handles.
func checkRewrite(old, links []Link, layoutOK bool) (same bool, err error) {
	if slices.Equal(old, links) {
		return true, nil
	}
	for i, l := range links {
		if err := checkLink(l); err != nil {
			return false, &FileError{Err: fmt.Errorf("link %d: %w", i+1, err)}
		}
	}
	if !layoutOK {
		return false, &FileError{Err: ErrNotRewritable}
	}
	return false, nil
}

// checkLink refuses links that cannot be written: no url, or text that is
// not UTF-8.
func checkLink(l Link) error {
	if l.URL == "" {
		return fmt.Errorf("%w: no url", ErrBadLink)
	}
	for _, s := range [...]string{l.ID, l.Title, l.Subject, l.URL} {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%w: invalid UTF-8 in %q", ErrBadLink, s)
		}
	}
	return nil
}

// spans returns the byte spans of the related blocks in file order.
func (d *doc) spans() [][2]int {
	sp := make([][2]int, 0, len(d.related))
	for _, i := range d.related {
		sp = append(sp, [2]int{d.top[i].start, d.top[i].end})
	}
	slices.SortFunc(sp, func(a, b [2]int) int { return a[0] - b[0] })
	return sp
}

// outside returns the bytes of src outside the related blocks.
func (d *doc) outside(src []byte) []byte {
	var out []byte
	prev := 0
	for _, s := range d.spans() {
		out = append(out, src[prev:s[0]]...)
		prev = s[1]
	}
	return append(out, src[prev:]...)
}

// replace builds the new file: src less the old related blocks, with blocks
// for links where the first old block was.
func (d *doc) replace(src []byte, old, links []Link) []byte {
	sp := d.spans()
	// With no old blocks, the new ones follow the last entry, before any
	// blank lines that precede the closing ---; in a file yaml.v3 read, at
	// the very end, since a block scalar kept with "|+" owns those lines.
	pos := d.fmEnd
	if len(sp) > 0 {
		pos = sp[0][0]
	} else if d.fast && len(d.top) > 0 {
		pos = d.top[len(d.top)-1].end
	}
	// The old blocks can be reused one by one when they are contiguous and
	// numbered 1..n in file order.
	reuse := true
	for k := range sp {
		if d.relNums[k] != k+1 || d.top[d.related[k]].start != sp[k][0] || k > 0 && sp[k-1][1] != sp[k][0] {
			reuse = false
		}
	}
	var blocks []byte
	for i, l := range links {
		if reuse && i < len(old) && old[i] == l {
			e := &d.top[d.related[i]]
			blocks = append(blocks, src[e.start:e.end]...)
			continue
		}
		blocks = appendBlock(blocks, i+1, l)
	}
	out := make([]byte, 0, len(src)+len(blocks))
	prev := 0
	for _, s := range sp {
		out = append(out, src[prev:s[0]]...)
		if s[0] == pos {
			out = append(out, blocks...)
		}
		prev = s[1]
	}
	if len(sp) == 0 {
		out = append(append(out, src[:pos]...), blocks...)
		prev = pos
	}
	return append(out, src[prev:]...)
}

// appendBlock writes related_articleN for l in the CMS's style.
func appendBlock(b []byte, n int, l Link) []byte {
	b = append(b, "related_article"...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ":\n    id: "...)
	if isCanonicalInt(l.ID) {
		b = append(b, l.ID...) // ids are written as plain numbers
	} else {
		b = appendScalar(b, l.ID)
	}
	if foldOK(l.Title) {
		b = append(b, "\n    title: >-\n        "...)
		b = append(b, l.Title...)
	} else {
		b = append(b, "\n    title: "...)
		b = appendQuoted(b, l.Title)
	}
	b = append(b, "\n    subject: "...)
	b = appendScalar(b, l.Subject)
	b = append(b, "\n    url: "...)
	b = appendScalar(b, l.URL)
	return append(b, '\n')
}

// foldOK reports whether s, written as the one content line of a ">-"
// folded scalar, reads back as s: not empty, no leading or trailing space,
// no character that YAML would take as a line break or refuse.
func foldOK(s string) bool {
	return s != "" && s[0] != ' ' && s[len(s)-1] != ' ' && textOK([]byte(s))
}

// appendScalar writes s plain where any YAML reader takes it back as the
// string s, else double-quoted.
func appendScalar(b []byte, s string) []byte {
	if plainOK([]byte(s)) && plainIsString(s) {
		return append(b, s...)
	}
	return appendQuoted(b, s)
}

// plainIsString reports whether a plain scalar s, already plainOK, resolves
// to a string rather than a number, date, boolean or null in a generic YAML
// reader: it must not start like a number and not be a YAML 1.1 or 1.2
// boolean.
func plainIsString(s string) bool {
	switch s[0] {
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '-', '.':
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return true
}

// isCanonicalInt reports whether s is a decimal integer that YAML reads back
// with the same digits: no sign, no leading zero, at most 18 digits.
func isCanonicalInt(s string) bool {
	if s == "" || len(s) > 18 || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// appendQuoted writes s as a YAML double-quoted scalar on one line.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r < 0x20 || r == 0x7f:
			b = append(b, fmt.Sprintf(`\x%02x`, r)...)
		case r >= 0x80 && !printableRune(r):
			if r > 0xffff {
				b = append(b, fmt.Sprintf(`\U%08x`, r)...)
			} else {
				b = append(b, fmt.Sprintf(`\u%04x`, r)...)
			}
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
