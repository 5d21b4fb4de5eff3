package editor

// The overrides file records the editors' decisions in YAML, kept in git
// beside the content:
//
//	# Decisions the nightly batch must honour.
//	pins:
//	  - article: 14219              # an id (every copy) or a URL
//	    links:                      # always kept, first, in this order
//	      - /learn/business-and-management/questions/what-is-gdpr
//	blocks:
//	  - from: 14219                 # never suggest to on from's page
//	    to: /learn/law/questions/what-is-a-tort
//	    both: true                  # ... nor from on to's page
//	  - to: /learn/biology/questions/test-page   # never suggest anywhere
//	locks:
//	  - /learn/biology/questions/hand-curated    # batch leaves it alone
//
// The file is held as a yaml.v3 node tree, and every change is made on that
// tree, so comments, key order and untouched entries survive a round trip
// through the CLI helpers. Save writes a temporary file beside the target and
// renames it into place, so readers see either the old file or the new one.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"recommend/internal/atomicfile"
	"recommend/internal/yamldoc"
)

// Pin is an article's editor-chosen links: always kept, first, in order.
type Pin struct {
	Article string   // a Ref: the article whose page shows the links
	Links   []string // Refs of the pinned targets, in display order
}

// Block keeps a suggestion off a page. With From empty, To is never
// suggested anywhere; with Both, the reverse pair is blocked as well.
type Block struct {
	From string // a Ref, or "" for every article
	To   string // a Ref
	Both bool
}

// Overrides is the parsed overrides file. The exported slices mirror the
// node tree and are refreshed after every change; edit the file through the
// Add and Remove methods so that comments survive.
type Overrides struct {
	Pins   []Pin
	Blocks []Block
	Locks  []string // Refs of articles the batch must not touch

	path string
	doc  *yaml.Node // the document node; its single child is the top mapping
}

// header starts a new overrides file, so that editors meeting it in git know
// what it is.
const header = `Editors' decisions for the related-articles batch (recommend pin/block/lock).
An article is named by its id (every cross-posted copy) or by its URL.`

// Ref names an article in the overrides file: a URL (starting with "/"),
// which names one file, or an id (digits), which names every cross-posted
// copy sharing it.
type Ref = string

// validRef reports whether s names an article: a site path or an id.
func validRef(s string) bool {
	if strings.HasPrefix(s, "/") && len(s) > 1 && !strings.ContainsAny(s, " \t\n") {
		return true
	}
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// New returns empty overrides that Save will write to path.
func New(path string) *Overrides {
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: header}
	return &Overrides{path: path, doc: &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{top}}}
}

// Load reads the overrides file at path. A missing file is not an error: it
// yields empty overrides that Save creates. Malformed entries are reported
// with their line, e.g. "overrides.yaml:7: pin: links must be a list".
func Load(path string) (*Overrides, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return New(path), nil
	}
	if err != nil {
		return nil, err // names the path
	}
	return Parse(path, src)
}

// Parse reads overrides from src; path names the file in errors and is where
// Save writes.
func Parse(path string, src []byte) (*Overrides, error) {
	o := New(path)
	if len(bytes.TrimSpace(src)) == 0 {
		return o, nil
	}
	doc, err := yamldoc.Decode(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc.Kind == 0 {
		// Only comments: yaml.v3 drops them unless they sit above a node,
		// so give them an empty mapping to sit on.
		if err := yaml.Unmarshal(append(slices.Clip(src), "\n{}\n"...), &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(doc.Content) == 1 {
			doc.Content[0].Style = 0
		}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("%s: expected one YAML document", path)
	}
	top := doc.Content[0]
	switch {
	case top.Kind == yaml.ScalarNode && top.Tag == "!!null":
		// A file holding only comments: keep them on a fresh mapping.
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map",
			HeadComment: joinComments(doc.HeadComment, top.HeadComment, top.LineComment, top.FootComment, doc.FootComment)}
		doc.HeadComment, doc.FootComment = "", ""
		doc.Content[0] = m
	case top.Kind != yaml.MappingNode:
		return nil, o.errorf(top, "the file must be a mapping with pins, blocks and locks")
	}
	o.doc = &doc
	if err := o.decode(); err != nil {
		return nil, err
	}
	return o, nil
}

func joinComments(cs ...string) string {
	var out []string
	for _, c := range cs {
		if c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, "\n")
}

// Path returns the file that Save writes.
func (o *Overrides) Path() string { return o.path }

func (o *Overrides) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", o.path, n.Line, fmt.Sprintf(format, args...))
}

// where names the place of ref in section ("pins", "blocks", "locks") as
// "FILE:LINE", or the file alone when ref is not found there.
func (o *Overrides) where(section, ref string) string {
	var find func(n *yaml.Node) int
	find = func(n *yaml.Node) int {
		if n.Kind == yaml.ScalarNode && n.Value == ref {
			return n.Line
		}
		for _, c := range n.Content {
			if l := find(c); l > 0 {
				return l
			}
		}
		return 0
	}
	if o.doc != nil {
		if sec := o.section(section, false); sec != nil {
			if l := find(sec); l > 0 {
				return fmt.Sprintf("%s:%d", o.path, l)
			}
		}
	}
	return o.path
}

func (o *Overrides) top() *yaml.Node { return o.doc.Content[0] }

// decode refreshes the exported slices from the node tree, checking every
// entry.
func (o *Overrides) decode() error {
	o.Pins, o.Blocks, o.Locks = nil, nil, nil
	top := o.top()
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Value != "pins" && k.Value != "blocks" && k.Value != "locks" {
			return o.errorf(k, "unknown key %q (want pins, blocks or locks)", k.Value)
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue // "pins:" with nothing under it
		}
		if v.Kind != yaml.SequenceNode {
			return o.errorf(v, "%s must be a list", k.Value)
		}
		var err error
		switch k.Value {
		case "pins":
			err = o.decodePins(v)
		case "blocks":
			err = o.decodeBlocks(v)
		default:
			err = o.decodeLocks(v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// fields maps the keys of a mapping node to their values, rejecting keys
// outside allowed.
func (o *Overrides) fields(n *yaml.Node, what string, allowed ...string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, o.errorf(n, "%s: each entry must be a mapping", what)
	}
	f := make(map[string]*yaml.Node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(allowed, k.Value) {
			return nil, o.errorf(k, "%s: unknown key %q (want %s)", what, k.Value, strings.Join(allowed, ", "))
		}
		if _, dup := f[k.Value]; dup {
			return nil, o.errorf(k, "%s: key %q repeated", what, k.Value)
		}
		f[k.Value] = n.Content[i+1]
	}
	return f, nil
}

func (o *Overrides) ref(n *yaml.Node, what string) (string, error) {
	if n == nil {
		return "", nil
	}
	if n.Kind != yaml.ScalarNode || !validRef(n.Value) {
		return "", o.errorf(n, "%s: %q is neither a URL (/learn/...) nor an id", what, n.Value)
	}
	return n.Value, nil
}

func (o *Overrides) decodePins(seq *yaml.Node) error {
	for _, e := range seq.Content {
		f, err := o.fields(e, "pin", "article", "links")
		if err != nil {
			return err
		}
		if f["article"] == nil {
			return o.errorf(e, "pin: article is missing")
		}
		p := Pin{}
		if p.Article, err = o.ref(f["article"], "pin"); err != nil {
			return err
		}
		if l := f["links"]; l != nil {
			if l.Kind != yaml.SequenceNode {
				return o.errorf(l, "pin: links must be a list")
			}
			for _, n := range l.Content {
				r, err := o.ref(n, "pin")
				if err != nil {
					return err
				}
				p.Links = append(p.Links, r)
			}
		}
		o.Pins = append(o.Pins, p)
	}
	return nil
}

func (o *Overrides) decodeBlocks(seq *yaml.Node) error {
	for _, e := range seq.Content {
		f, err := o.fields(e, "block", "from", "to", "both")
		if err != nil {
			return err
		}
		if f["to"] == nil {
			return o.errorf(e, "block: to is missing")
		}
		b := Block{}
		if b.From, err = o.ref(f["from"], "block"); err != nil {
			return err
		}
		if b.To, err = o.ref(f["to"], "block"); err != nil {
			return err
		}
		if n := f["both"]; n != nil {
			// An empty value is null, not false: say which was meant.
			if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b.Both) != nil {
				return o.errorf(n, "block: both must be true or false")
			}
		}
		o.Blocks = append(o.Blocks, b)
	}
	return nil
}

func (o *Overrides) decodeLocks(seq *yaml.Node) error {
	for _, n := range seq.Content {
		r, err := o.ref(n, "lock")
		if err != nil {
			return err
		}
		o.Locks = append(o.Locks, r)
	}
	return nil
}

// section returns the list under key, creating it (at the end of the file)
// when create is set; nil when absent and not created.
func (o *Overrides) section(key string, create bool) *yaml.Node {
	top := o.top()
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key {
			v := top.Content[i+1]
			if v.Kind != yaml.SequenceNode && create {
				// "pins:" with nothing under it: keep its comments on a list.
				v.Kind, v.Tag, v.Value = yaml.SequenceNode, "!!seq", ""
			}
			if v.Kind != yaml.SequenceNode {
				return nil
			}
			v.Style &^= yaml.FlowStyle // entries are added one a line
			return v
		}
	}
	if !create {
		return nil
	}
	v := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	top.Content = append(top.Content, scalar(key), v)
	return v
}

func scalar(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if validRef(s) && !strings.HasPrefix(s, "/") {
		n.Tag = "!!int" // ids are written bare, as the content files write them
	}
	return n
}

func field(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func value(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

func checkRefs(refs ...string) error {
	for _, r := range refs {
		if !validRef(r) {
			return fmt.Errorf("%q is neither a URL (/learn/...) nor an id", r)
		}
	}
	return nil
}

// AddPin pins link on article's page, after the links already pinned there.
// It reports whether anything changed (false when the pin exists).
func (o *Overrides) AddPin(article, link string) (bool, error) {
	if err := checkRefs(article, link); err != nil {
		return false, err
	}
	seq := o.section("pins", true)
	for _, e := range seq.Content {
		if value(field(e, "article")) != article {
			continue
		}
		links := field(e, "links")
		if links == nil {
			links = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			e.Content = append(e.Content, scalar("links"), links)
		}
		for _, n := range links.Content {
			if n.Value == link {
				return false, nil
			}
		}
		links.Style &^= yaml.FlowStyle
		links.Content = append(links.Content, scalar(link))
		return true, o.decode()
	}
	seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
		scalar("article"), scalar(article),
		scalar("links"), {Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{scalar(link)}},
	}})
	return true, o.decode()
}

// RemovePin unpins link from article's page; with link empty it removes all
// of the article's pins. It reports whether anything changed.
func (o *Overrides) RemovePin(article, link string) (bool, error) {
	seq := o.section("pins", false)
	if seq == nil {
		return false, nil
	}
	changed := false
	seq.Content = slices.DeleteFunc(seq.Content, func(e *yaml.Node) bool {
		if value(field(e, "article")) != article {
			return false
		}
		if link == "" {
			changed = true
			return true
		}
		links := field(e, "links")
		if links == nil {
			return false
		}
		n := len(links.Content)
		links.Content = slices.DeleteFunc(links.Content, func(l *yaml.Node) bool { return l.Value == link })
		changed = changed || len(links.Content) != n
		return len(links.Content) == 0
	})
	if !changed {
		return false, nil
	}
	return true, o.decode()
}

func sameBlock(e *yaml.Node, b Block) bool {
	both := false
	if n := field(e, "both"); n != nil {
		_ = n.Decode(&both) // checked by decode
	}
	return value(field(e, "from")) == b.From && value(field(e, "to")) == b.To && both == b.Both
}

// AddBlock records b. It reports whether anything changed (false when the
// same block is already there).
func (o *Overrides) AddBlock(b Block) (bool, error) {
	if err := checkRefs(b.To); err != nil {
		return false, err
	}
	if b.From != "" {
		if err := checkRefs(b.From); err != nil {
			return false, err
		}
	} else if b.Both {
		return false, errors.New("a block on every article has no reverse direction")
	}
	seq := o.section("blocks", true)
	for _, e := range seq.Content {
		if sameBlock(e, b) {
			return false, nil
		}
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if b.From != "" {
		m.Content = append(m.Content, scalar("from"), scalar(b.From))
	}
	m.Content = append(m.Content, scalar("to"), scalar(b.To))
	if b.Both {
		m.Content = append(m.Content, scalar("both"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	seq.Content = append(seq.Content, m)
	return true, o.decode()
}

// RemoveBlock deletes the blocks from b.From to b.To, whatever their
// direction. It reports whether anything changed.
func (o *Overrides) RemoveBlock(b Block) (bool, error) {
	seq := o.section("blocks", false)
	if seq == nil {
		return false, nil
	}
	n := len(seq.Content)
	seq.Content = slices.DeleteFunc(seq.Content, func(e *yaml.Node) bool {
		return value(field(e, "from")) == b.From && value(field(e, "to")) == b.To
	})
	if len(seq.Content) == n {
		return false, nil
	}
	return true, o.decode()
}

// AddLock locks article: the batch leaves its related links as they are. It
// reports whether anything changed.
func (o *Overrides) AddLock(article string) (bool, error) {
	if err := checkRefs(article); err != nil {
		return false, err
	}
	seq := o.section("locks", true)
	for _, n := range seq.Content {
		if n.Value == article {
			return false, nil
		}
	}
	seq.Content = append(seq.Content, scalar(article))
	return true, o.decode()
}

// RemoveLock unlocks article. It reports whether anything changed.
func (o *Overrides) RemoveLock(article string) (bool, error) {
	seq := o.section("locks", false)
	if seq == nil {
		return false, nil
	}
	n := len(seq.Content)
	seq.Content = slices.DeleteFunc(seq.Content, func(l *yaml.Node) bool { return l.Value == article })
	if len(seq.Content) == n {
		return false, nil
	}
	return true, o.decode()
}

// Marshal returns the file's bytes: the node tree, comments included,
// indented by two spaces.
func (o *Overrides) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(o.doc); err != nil {
		return nil, fmt.Errorf("%s: %w", o.path, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", o.path, err)
	}
	return buf.Bytes(), nil
}

// Save writes the overrides to Path atomically, through the project's one
// atomic writer (internal/atomicfile): to a temporary file in the same
// folder, synced, then renamed over the old file, whose permissions it
// keeps; a new file gets 0644 less the umask.
//
// When the file is a symbolic link (an overrides file kept in another
// repository, say), the file it points to is replaced and the link kept; a
// link to nothing is an error, not replaced by a file.
func (o *Overrides) Save() error {
	b, err := o.Marshal()
	if err != nil {
		return err
	}
	path := o.path
	if st, err := os.Lstat(path); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if path, err = filepath.EvalSymlinks(path); err != nil {
			return fmt.Errorf("editor: %s is a symbolic link to nothing (%w): not replaced", o.path, err)
		}
	}
	return atomicfile.WriteBytes(path, 0o644, b)
}
