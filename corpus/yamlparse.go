package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// parseYAML parses the front matter src[start:end] with yaml.v3, for the
// files the fast scanner declines. It returns the top-level entries with
// their line spans, and whether the related blocks lie on lines of their own
// so that a rewrite can replace them.
func parseYAML(src []byte, start, end int) ([]entry, bool, error) {
	firstLine := lineAt(src, start)
	var root yaml.Node
	if err := yaml.Unmarshal(src[start:end], &root); err != nil {
		return nil, false, yamlErr(err, firstLine)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, false, lineErr(firstLine, fmt.Errorf("%w: empty front matter", ErrYAML))
	}
	m := root.Content[0]
	if m.Kind == yaml.AliasNode {
		m = m.Alias
	}
	if m.Kind != yaml.MappingNode {
		return nil, false, lineErr(m.Line+firstLine-1, fmt.Errorf("%w: front matter is not a mapping", ErrYAML))
	}
	top, err := entries(m, firstLine, 0)
	if err != nil {
		return nil, false, err
	}
	fileLines(src, start, end, firstLine, top)
	// Line offsets, to turn key lines into byte spans.
	lineStart := []int{0, 0} // lineStart[n] is the offset of line n
	for off := 0; off < end; {
		nl := bytes.IndexByte(src[off:end], '\n')
		if nl < 0 {
			break
		}
		off += nl + 1
		lineStart = append(lineStart, off)
	}
	offsetOf := func(line int) int {
		if line < len(lineStart) {
			return lineStart[line]
		}
		return end
	}
	// A flow mapping at the top has no lines of its own to replace.
	layoutOK := m.Style&yaml.FlowStyle == 0
	for i := range top {
		top[i].start = offsetOf(top[i].line)
		top[i].end = end
		if i+1 < len(top) {
			top[i].end = offsetOf(top[i+1].line)
			if top[i+1].line <= top[i].line {
				layoutOK = false // two keys on one line (a flow mapping)
			}
		}
		// Trailing blank lines and column-0 comments belong to no entry.
		for top[i].end > top[i].start {
			prev := bytes.LastIndexByte(src[top[i].start:top[i].end-1], '\n') + 1 + top[i].start
			l := src[prev : top[i].end-1]
			if len(bytes.TrimLeft(l, " \t")) != 0 && l[0] != '#' {
				break
			}
			top[i].end = prev
		}
	}
	// A related block must be a block mapping starting on its key's line.
	for i, kv := 0, m.Content; i+1 < len(kv); i += 2 {
		if relatedNum(kv[i].Value) > 0 {
			v := kv[i+1]
			if v.Kind == yaml.AliasNode || v.Style&yaml.FlowStyle != 0 || kv[i].Column != 1 {
				layoutOK = false
			}
		}
	}
	return top, layoutOK, nil
}

// fileLines turns the entries' line numbers, counted as yaml.v3 counts
// them, into the file's. YAML also breaks lines at U+0085, U+2028 and
// U+2029, which a quoted scalar may hold; the file's lines (and the
// rewriter's line spans) end only at '\n'. Without this a key after such a
// character would be placed lines too late, and a rewrite would cut the
// wrong lines and fail to round-trip every night.
func fileLines(src []byte, start, end, firstLine int, es []entry) {
	fm := src[start:end]
	if !bytes.Contains(fm, []byte("\u0085")) && !bytes.Contains(fm, []byte("\u2028")) && !bytes.Contains(fm, []byte("\u2029")) {
		return
	}
	starts := []int{start} // starts[i]: offset of yaml line firstLine+i
	for i, r := range string(fm) {
		switch r {
		case '\n':
			starts = append(starts, start+i+1)
		case '\u0085', '\u2028', '\u2029':
			starts = append(starts, start+i+len(string(r)))
		}
	}
	var fix func(es []entry)
	fix = func(es []entry) {
		for i := range es {
			if k := es[i].line - firstLine; k >= 0 && k < len(starts) {
				es[i].line = lineAt(src, starts[k])
			}
			fix(es[i].kids)
		}
	}
	fix(es)
}

// entries converts the pairs of mapping node m into entries; depth 0 is the
// top level, and only two levels are kept.
func entries(m *yaml.Node, firstLine, depth int) ([]entry, error) {
	es := make([]entry, 0, len(m.Content)/2)
	var keys keyIndex
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + firstLine - 1
		if k.Kind != yaml.ScalarNode {
			return nil, lineErr(line, fmt.Errorf("%w: a key that is not a string", ErrYAML))
		}
		if prev := keys.find(es, k.Value); prev >= 0 {
			return nil, lineErr(line, fmt.Errorf("%w %q (first at line %d)", ErrDuplicateKey, k.Value, es[prev].line))
		}
		e := entry{key: k.Value, line: line}
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		switch {
		case v.Kind == yaml.ScalarNode:
			if err := v.Decode(&e.value); err != nil {
				return nil, lineErr(v.Line+firstLine-1, fmt.Errorf("%w: %s", ErrYAML, strings.TrimPrefix(err.Error(), "yaml: ")))
			}
		case v.Kind == yaml.MappingNode && depth == 0:
			kids, err := entries(v, firstLine, depth+1)
			if err != nil {
				return nil, err
			}
			e.kind, e.kids = kindMap, kids
		default:
			e.kind = kindOther
		}
		es = append(es, e)
	}
	return es, nil
}

// yamlLine reads the line out of a yaml.v3 error message. It is compiled
// on first use, for a file with bad YAML, rather than when the program
// starts: every process would pay for it, a lookup's included.
var yamlLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)
})

// parserProblems are the yaml.v3 errors raised by its parser rather than its
// scanner: yaml.v3 numbers their lines from 0, the scanner's from 1.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// yamlErr turns a yaml.v3 error into a *FileError with the file's line.
// yaml.v3 gives no line for an error on the first line.
func yamlErr(err error, firstLine int) error {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line := 1
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
			if slices.Contains(parserProblems, m[2]) {
				line++
			}
		}
		return lineErr(line+firstLine-1, fmt.Errorf("%w: %s", ErrYAML, m[2]))
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return lineErr(0, fmt.Errorf("%w: %v", ErrYAML, te))
	}
	return lineErr(0, fmt.Errorf("%w: %s", ErrYAML, msg))
}
