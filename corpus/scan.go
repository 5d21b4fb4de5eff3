package corpus

import (
	"bytes"
	"encoding/binary"
	"sync"
	"unicode/utf8"
)

// The fast scanner reads the front matter layout that the CMS writes, a
// strict subset of YAML, without building a YAML tree:
//
//	key: plain scalar           (one line, nothing YAML would read otherwise)
//	key: >-                     (folded, strip; lines at one deeper indent,
//	    text                     no blank, tab, trailing-space or more-
//	    more text                indented lines)
//	key:                        (a mapping, its keys at one deeper indent)
//	  key: ...
//
// with keys made of letters, digits and '_', and blank lines only before the
// closing ---. On anything else (a quote, a comment, a blank line elsewhere,
// a flow collection, a tab, a trailing space, a character YAML treats
// specially) it declines, and the file is parsed by yaml.v3 instead; it never
// reports an error itself. Within the subset it gives exactly the strings
// yaml.v3 gives (FuzzParse and the full-corpus test check this), at a
// thirteenth of the cost: BenchmarkParseCorpus takes 0.36 s of CPU for the
// 35,915 files this way, 4.8 s through yaml.v3 nodes. 35,913 of the files
// are in the subset.

// scanner walks the front matter line by line.
type scanner struct {
	src  []byte
	off  int      // start of the current line
	end  int      // end of the front matter
	line int      // line number of the current line, from 1
	sc   *scratch // where entry slices come from, or nil to allocate
}

// scratch keeps the entry slices of one parse for the next: the entries
// die with the parse (Article holds copies), and reusing them cuts what
// Load allocates besides the files themselves by 40%, from 400 to 230 MB.
type scratch struct {
	top   []entry
	kids  [][]entry
	nkids int
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release clears the entries, so that the pool keeps no file alive, and
// returns sc to the pool.
func (sc *scratch) release() {
	clear(sc.top[:cap(sc.top)])
	for i := range sc.kids {
		clear(sc.kids[i][:cap(sc.kids[i])])
	}
	sc.top, sc.nkids = sc.top[:0], 0
	scratchPool.Put(sc)
}

// scanFast parses src[start:end] or reports ok == false.
func scanFast(src []byte, start, end int) (top []entry, ok bool) {
	return scanFastInto(src, start, end, nil)
}

// scanFastInto is scanFast taking its entry slices from sc (when not nil).
func scanFastInto(src []byte, start, end int, sc *scratch) (top []entry, ok bool) {
	// Empty lines before the closing --- belong to no entry.
	for end-start >= 2 && src[end-1] == '\n' && src[end-2] == '\n' {
		end--
	}
	s := scanner{src: src, off: start, end: end, line: lineAt(src, start), sc: sc}
	if start == end {
		return nil, false // empty front matter: let yaml.v3 decide
	}
	top, ok = s.mapping(0, 0)
	if !ok || s.off != s.end {
		return nil, false
	}
	for i := range top {
		top[i].end = end
		if i+1 < len(top) {
			top[i].end = top[i+1].start
		}
	}
	return top, true
}

// current returns the current line without its '\n' and its indent.
func (s *scanner) current() (line []byte, indent int) {
	nl := bytes.IndexByte(s.src[s.off:s.end], '\n')
	if nl < 0 {
		line = s.src[s.off:s.end]
	} else {
		line = s.src[s.off : s.off+nl]
	}
	for indent < len(line) && line[indent] == ' ' {
		indent++
	}
	return line, indent
}

// next moves to the following line.
func (s *scanner) next(line []byte) {
	s.off += len(line)
	if s.off < s.end {
		s.off++ // the '\n'
	}
	s.line++
}

// mapping reads the entries of a block mapping whose keys sit at indent.
// depth is 0 for the top level.
func (s *scanner) mapping(indent, depth int) ([]entry, bool) {
	var es []entry
	var keys keyIndex
	kid := -1 // index of es in s.sc.kids
	switch {
	case s.sc != nil && depth == 0:
		if s.sc.top == nil {
			s.sc.top = make([]entry, 0, 32)
		}
		es = s.sc.top[:0]
		defer func() { s.sc.top = es[:0] }() // keep any growth
	case s.sc != nil:
		kid = s.sc.nkids
		if kid == len(s.sc.kids) {
			s.sc.kids = append(s.sc.kids, make([]entry, 0, 4))
		}
		s.sc.nkids++
		es = s.sc.kids[kid][:0]
		defer func() { s.sc.kids[kid] = es[:0] }()
	case depth == 0:
		es = make([]entry, 0, 24)
	default:
		es = make([]entry, 0, 4)
	}
	for s.off < s.end {
		line, ind := s.current()
		if ind < indent {
			if len(es) == 0 {
				return nil, false
			}
			return es, true
		}
		if ind > indent || ind == len(line) {
			return nil, false // unexpected indent, or a blank line
		}
		k := ind
		c := line[k]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return nil, false
		}
		for k < len(line) && isKeyByte(line[k]) {
			k++
		}
		if k == len(line) || line[k] != ':' || k-ind > 256 {
			return nil, false // not a key, or longer than YAML's simple keys may be
		}
		e := entry{key: internKey(line[ind:k]), line: s.line, start: s.off}
		if keys.find(es, e.key) >= 0 {
			return nil, false // yaml.v3 rejects duplicate keys
		}
		rest := line[k+1:]
		s.next(line)
		switch {
		case len(rest) == 0:
			// A nested mapping, one indent deeper, at most two levels.
			if s.off >= s.end || depth >= 1 {
				return nil, false
			}
			_, sub := s.current()
			if sub <= indent {
				return nil, false // a null value: leave it to yaml.v3
			}
			kids, ok := s.mapping(sub, depth+1)
			if !ok {
				return nil, false
			}
			e.kind, e.kids = kindMap, kids
		case rest[0] != ' ':
			return nil, false
		case string(rest) == " >-":
			v, raw, ok := s.folded(indent)
			if !ok {
				return nil, false
			}
			e.value, e.raw = v, raw
		default:
			v := rest[1:]
			if !plainOK(v) {
				return nil, false
			}
			e.raw = v
		}
		es = append(es, e)
	}
	return es, len(es) > 0
}

func isKeyByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// folded reads the lines of a ">-" block scalar under a key at indent: all at
// one deeper indent, joined by single spaces (YAML's folding of lines that
// are neither blank nor more indented), no final line break. A one-line
// value is returned as raw, a slice of the file.
func (s *scanner) folded(indent int) (value string, raw []byte, ok bool) {
	var first []byte
	var buf []byte
	m := -1
	for s.off < s.end {
		line, ind := s.current()
		if ind == len(line) {
			return "", nil, false // blank lines fold to line breaks: leave to yaml.v3
		}
		if ind <= indent {
			break
		}
		if m < 0 {
			m = ind
		} else if ind != m {
			return "", nil, false
		}
		text := line[ind:]
		if last := text[len(text)-1]; last == ' ' || !textOK(text) {
			return "", nil, false
		}
		switch {
		case first == nil:
			first = text
		case buf == nil:
			buf = make([]byte, 0, 2*(len(first)+len(text)))
			buf = append(append(append(buf, first...), ' '), text...)
		default:
			buf = append(append(buf, ' '), text...)
		}
		s.next(line)
	}
	if first == nil {
		return "", nil, false
	}
	if buf != nil {
		return string(buf), nil, true
	}
	return "", first, true
}

// plainOK reports whether v, the rest of a "key: v" line, is a plain scalar
// that yaml.v3 reads as exactly the text v, as a string or as a number, date
// or boolean whose text a string field receives unchanged.
func plainOK(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	switch v[0] {
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	case '-':
		if len(v) == 1 || v[1] == ' ' {
			return false
		}
	case '~':
		if len(v) == 1 {
			return false // null
		}
	case 'n', 'N':
		switch string(v) {
		case "null", "Null", "NULL":
			return false
		}
	}
	if last := v[len(v)-1]; last == ' ' || last == ':' {
		return false
	}
	for i, c := range v {
		if c == ':' && v[i+1] == ' ' || c == '#' && v[i-1] == ' ' {
			return false // i+1 is in range (v does not end in ':'), i > 0 (v[0] != '#')
		}
	}
	return textOK(v)
}

// textOK reports whether t holds only characters that YAML takes as plain
// content: no tabs or other control characters, no NEL, line or paragraph
// separators, BOM or non-characters.
func textOK(t []byte) bool {
	for i := 0; i < len(t); {
		// Eight plain ASCII bytes at a time (no byte >= 0x80, < 0x20 or
		// 0x7f): this loop is a seventh of Load's time without it.
		if i+8 <= len(t) {
			const ones, highs = 0x0101010101010101, 0x8080808080808080
			w := binary.LittleEndian.Uint64(t[i:])
			del := w ^ (0x7f * ones)
			if (w|(w-0x20*ones)|(del-ones)&^del)&highs == 0 {
				i += 8
				continue
			}
		}
		c := t[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(t[i:])
		if !printableRune(r) || r == utf8.RuneError && n == 1 {
			return false
		}
		i += n
	}
	return true
}

// printableRune reports whether r, a non-ASCII rune, is YAML printable and
// not a line break.
func printableRune(r rune) bool {
	switch {
	case r < 0xa0:
		return false // C1 controls and NEL
	case r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff:
		return false
	case r >= 0xd800 && r < 0xe000:
		return false
	}
	return r <= utf8.MaxRune
}

// internKey returns the key k as a string, without allocating for the keys
// every article has.
func internKey(k []byte) string {
	switch string(k) {
	case "_schema":
		return "_schema"
	case "id":
		return "id"
	case "date":
		return "date"
	case "title":
		return "title"
	case "article_title":
		return "article_title"
	case "date_format":
		return "date_format"
	case "post_on_text":
		return "post_on_text"
	case "seo":
		return "seo"
	case "page_description":
		return "page_description"
	case "page_keywords":
		return "page_keywords"
	case "author":
		return "author"
	case "question":
		return "question"
	case "answer":
		return "answer"
	case "subject":
		return "subject"
	case "file_name":
		return "file_name"
	case "url":
		return "url"
	case "score":
		return "score"
	case "related_article1":
		return "related_article1"
	case "related_article2":
		return "related_article2"
	case "related_article3":
		return "related_article3"
	case "related_article4":
		return "related_article4"
	case "related_article5":
		return "related_article5"
	}
	return string(k)
}
