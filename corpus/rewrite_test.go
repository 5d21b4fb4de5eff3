package corpus

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "update the golden files of testdata/rewrite")

// yamlView decodes the front matter of src with yaml.v3 alone, as a reader
// that knows nothing of this package would: the related_articleN blocks as
// links, in N order, and every other key as a generic value.
func yamlView(src []byte) (others map[string]any, links []Link, nums []int, err error) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return nil, nil, nil, errors.New("no front matter")
	}
	// The front matter keeps its last line break: a "|+" scalar keeps it.
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 && bytes.HasSuffix(rest, []byte("\n---")) {
		i = len(rest) - 4
	}
	if i < 0 {
		return nil, nil, nil, errors.New("unterminated front matter")
	}
	fm := rest[:i+1]
	var raw map[string]yaml.Node
	if err := yaml.Unmarshal(fm, &raw); err != nil {
		return nil, nil, nil, err
	}
	others = map[string]any{}
	type numbered struct {
		n int
		l Link
	}
	var rel []numbered
	for k, node := range raw {
		if n := relatedNum(k); n > 0 {
			var l struct {
				ID      string `yaml:"id"`
				Title   string `yaml:"title"`
				Subject string `yaml:"subject"`
				URL     string `yaml:"url"`
			}
			if err := node.Decode(&l); err != nil {
				return nil, nil, nil, fmt.Errorf("%s: %w", k, err)
			}
			rel = append(rel, numbered{n, Link(l)})
			continue
		}
		var v any
		if err := node.Decode(&v); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", k, err)
		}
		others[k] = v
	}
	slices.SortFunc(rel, func(a, b numbered) int { return a.n - b.n })
	for _, r := range rel {
		links = append(links, r.l)
		nums = append(nums, r.n)
	}
	return others, links, nums, nil
}

// rewriteProblem checks out = SetRelated(src, links) through yaml.v3: the
// same values in every other key, exactly links, blocks numbered 1..n when
// the file was rewritten, and idempotence. It returns
// nil when all hold.
func rewriteProblem(src, out []byte, links []Link) error {
	before, _, _, err := yamlView(src)
	if err != nil {
		return fmt.Errorf("yaml.v3 on the input: %w", err)
	}
	after, got, nums, err := yamlView(out)
	if err != nil {
		return fmt.Errorf("yaml.v3 on the output: %w", err)
	}
	// A rewritten file numbers its blocks 1..n; a file whose links are
	// already the ones given is left as it is, numbers and all.
	for i, n := range nums {
		if n != i+1 && !bytes.Equal(src, out) {
			return fmt.Errorf("related blocks numbered %v, want 1..%d", nums, len(nums))
		}
	}
	if !reflect.DeepEqual(before, after) {
		return fmt.Errorf("other fields changed:\nbefore %v\nafter  %v", before, after)
	}
	if !slices.Equal(got, links) && len(got)+len(links) > 0 {
		return fmt.Errorf("links read back by yaml.v3:\n got %q\nwant %q", got, links)
	}
	again, err := SetRelated(out, links)
	if err != nil || !bytes.Equal(again, out) {
		return fmt.Errorf("SetRelated on its own output changed it (err %v)", err)
	}
	return nil
}

var (
	linkA = Link{ID: "301", Title: "What is a stoma?", Subject: "Biology", URL: "/learn/biology/questions/what-is-a-stoma"}
	linkB = Link{ID: "302", Title: "How do roots absorb water?", Subject: "Biology", URL: "/learn/biology/questions/how-do-roots-absorb-water"}
	linkC = Link{ID: "303", Title: "What is transpiration?", Subject: "Biology", URL: "/learn/biology/questions/what-is-transpiration"}
)

// rewriteCases says what each testdata/rewrite/<name>.input.md is given.
var rewriteCases = map[string]func(old []Link) []Link{
	// Only block 2 changes; blocks 1 and 3 keep their bytes.
	"replace-one": func(old []Link) []Link { return []Link{old[0], linkA, old[2]} },
	// Plain-style blocks are rewritten in the folded style.
	"reverse-plain": func(old []Link) []Link { return []Link{old[2], old[1], old[0]} },
	// New blocks follow the last key, before the blank line.
	"add-to-none": func([]Link) []Link { return []Link{linkA, linkB} },
	// Surplus blocks are dropped.
	"shrink": func(old []Link) []Link { return old[:2] },
	// No links: no blocks.
	"remove-all": func([]Link) []Link { return nil },
	"grow":       func(old []Link) []Link { return append(slices.Clone(old), linkA, linkB, linkC) },
	// Values that neither a plain nor a folded scalar can carry as they are.
	"tricky-values": func([]Link) []Link {
		return []Link{
			{ID: "007", Title: " leading space", Subject: "true", URL: "/learn/x/questions/a"},
			{ID: "12:30", Title: "trailing space ", Subject: "Null", URL: "/learn/x/questions/b #frag"},
			{ID: "", Title: `He said "hi": # not a comment`, Subject: "- dash", URL: "/learn/x/questions/c"},
			{ID: "4", Title: "", Subject: "'single'", URL: "/learn/x/questions/d"},
			{ID: "5", Title: "two\nlines\tand a tab", Subject: "null", URL: "/learn/x/questions/e"},
			{ID: "6", Title: "café — naïve\u2028separator \x7f\u0085\ufeff", Subject: "~", URL: "/learn/x/questions/f"},
			{ID: "7", Title: strings.Repeat("A very long title that goes on; ", 20) + "end.", Subject: "Biology", URL: "/learn/x/questions/g"},
			{ID: "8", Title: "# starts with a hash", Subject: "a: b", URL: "/learn/x/questions/h"},
		}
	},
	// Comments, quotes and blocks out of order: yaml.v3 parses it, and
	// everything outside the blocks (the comment between them too) stays.
	"yaml-layout": func(old []Link) []Link { return []Link{old[1], linkB} },
	// A "|+" block scalar owns the blank lines after it: new blocks go
	// after them.
	"keep-chomp": func([]Link) []Link { return []Link{linkC} },
}

func TestRewriteGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/rewrite/*.input.md")
	if err != nil || len(inputs) != len(rewriteCases) {
		t.Fatalf("found %d inputs (err %v), want %d", len(inputs), err, len(rewriteCases))
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.md")
		t.Run(name, func(t *testing.T) {
			f := rewriteCases[name]
			if f == nil {
				t.Fatalf("no case for %s", in)
			}
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Parse(in, src)
			if err != nil {
				t.Fatal(err)
			}
			links := f(a.Related)
			out, err := SetRelated(src, links)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".input.md") + ".golden.md"
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("SetRelated(%s) differs from %s:\n%s", in, golden, out)
			}
			if err := rewriteProblem(src, out, links); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSetRelatedErrors(t *testing.T) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		links []Link
		want  error
	}{
		{"no url", []Link{{ID: "1", Title: "T"}}, ErrBadLink},
		{"bad UTF-8", []Link{{ID: "1", Title: "\xff", URL: "/u"}}, ErrBadLink},
	} {
		if out, err := SetRelated(src, c.links); !errors.Is(err, c.want) {
			t.Errorf("SetRelated(%s) = %d bytes, %v; want %v", c.name, len(out), err, c.want)
		}
	}
	// Related blocks in flow style cannot be replaced line by line.
	flow := []byte("---\nid: 1\ntitle: t\nquestion: q\nurl: /learn/x/questions/u\nrelated_article1: {id: 1, url: /v}\n---\n")
	if _, err := Parse("flow", flow); err != nil {
		t.Fatalf("Parse(flow) = %v", err)
	}
	if _, err := SetRelated(flow, []Link{linkA}); !errors.Is(err, ErrNotRewritable) {
		t.Errorf("SetRelated(flow) error %v, want ErrNotRewritable", err)
	}
}

// TestRewriteAfterYAMLLineBreaks: U+0085, U+2028 and U+2029 inside a quoted
// value are line breaks to YAML but not to the file; a file holding them
// is rewritten like any other, and keeps them.
func TestRewriteAfterYAMLLineBreaks(t *testing.T) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, sep := range []string{"\u0085", "\u2028", "\u2029", "\u2028\u2029\u0085"} {
		for _, q := range []string{`"`, `'`} {
			in := strings.Replace(string(src), "subject: Business and Management", "subject: "+q+"Business"+sep+"and Management"+q, 1)
			if in == string(src) {
				t.Fatal("testdata/article.md has no subject line to edit")
			}
			a, err := Parse("a.md", []byte(in))
			if err != nil {
				t.Fatalf("%q %s: Parse = %v", sep, q, err)
			}
			links := []Link{linkA, {ID: "2", Title: "Two", Subject: "S", URL: "/learn/x/questions/two"}}
			out, err := SetRelated(a.Src, links)
			if err != nil {
				t.Errorf("%q in a %s-quoted value: SetRelated = %v", sep, q, err)
				continue
			}
			b, err := Parse("a.md", out)
			if err != nil || !slices.Equal(b.Related, links) || b.Subject != a.Subject {
				t.Errorf("%q in a %s-quoted value: rewrite parses as %v, %v", sep, q, b.Related, err)
			}
		}
	}
}
