package corpus

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// addFileSeeds adds every .md file of testdata as a seed.
func addFileSeeds(f *testing.F, add func(src []byte)) {
	f.Helper()
	paths, _ := filepath.Glob("testdata/*.md")
	for _, dir := range []string{"testdata/load/*.md", "testdata/rewrite/*.md"} {
		more, _ := filepath.Glob(dir)
		paths = append(paths, more...)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		add(src)
	}
}

// sameEntries compares what the fast scanner and yaml.v3 read, line numbers
// included; byte spans are compared by the caller where they matter.
func sameEntries(a, b []entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.key != y.key || x.line != y.line || x.kind != y.kind || x.text() != y.text() || !sameEntries(x.kids, y.kids) {
			return false
		}
	}
	return true
}

// FuzzParse checks that Parse never panics, that the fast scanner reads
// exactly what yaml.v3 reads wherever it accepts a file, and that what Parse
// accepts, yaml.v3 decodes to the same fields.
func FuzzParse(f *testing.F) {
	addFileSeeds(f, func(src []byte) { f.Add(src) })
	f.Fuzz(func(t *testing.T, src []byte) {
		a, err := Parse("f", src)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != "f" {
				t.Fatalf("Parse error %v is not a *FileError naming the file", err)
			}
			return
		}
		d, err := parseDoc(src)
		if err != nil {
			t.Fatal(err)
		}
		if fast, ok := scanFast(src, d.fmStart, d.fmEnd); ok {
			slow, layoutOK, err := parseYAML(src, d.fmStart, d.fmEnd)
			if err != nil {
				t.Fatalf("fast scanner accepts what yaml.v3 refuses: %v", err)
			}
			if !sameEntries(fast, slow) {
				t.Fatalf("fast scanner and yaml.v3 disagree:\nfast %+v\nyaml %+v", fast, slow)
			}
			if !layoutOK {
				t.Fatalf("fast scanner accepts a layout yaml.v3 finds not rewritable")
			}
			for i := range fast {
				if fast[i].start != slow[i].start || fast[i].end != slow[i].end {
					t.Fatalf("spans of %s differ: fast %d..%d, yaml %d..%d", fast[i].key, fast[i].start, fast[i].end, slow[i].start, slow[i].end)
				}
			}
		}
		// An independent reading with yaml.v3 alone.
		var v struct {
			ID       string `yaml:"id"`
			Date     string `yaml:"date"`
			Subject  string `yaml:"subject"`
			Title    string `yaml:"title"`
			Question string `yaml:"question"`
			Answer   string `yaml:"answer"`
			URL      string `yaml:"url"`
			SEO      struct {
				Description string `yaml:"page_description"`
				Keywords    string `yaml:"page_keywords"`
			} `yaml:"seo"`
		}
		if err := yaml.Unmarshal(src[d.fmStart:d.fmEnd], &v); err != nil {
			return // e.g. a field that is a mapping where a string is expected
		}
		got := [...]string{a.ID, a.Date, a.Subject, a.Title, a.Question, a.URL, a.SEODescription, a.SEOKeywords}
		want := [...]string{v.ID, v.Date, v.Subject, v.Title, v.Question, v.URL, v.SEO.Description, v.SEO.Keywords}
		if got != want {
			t.Fatalf("Parse = %q\nyaml.v3 = %q", got, want)
		}
		if a.Answer != string(bytes.ReplaceAll([]byte(v.Answer), []byte(`\n`), []byte("\n"))) {
			t.Fatalf("Answer %q, yaml.v3 %q", a.Answer, v.Answer)
		}
	})
}

// FuzzSetRelated checks the rewrite's promise on any input: it never
// panics, refuses files that do not parse, and otherwise yields a file
// whose bytes outside the related blocks are the old ones, whose links read
// back (by Parse and by yaml.v3) exactly as given, whose other values are
// unchanged, and which a second rewrite leaves alone.
func FuzzSetRelated(f *testing.F) {
	addFileSeeds(f, func(src []byte) {
		f.Add(src, "301", "What is a stoma?", "Biology", "/learn/biology/questions/what-is-a-stoma", uint8(2))
	})
	f.Add([]byte("---\nquestion: q\nurl: /u\n---\n"), "", " x", "true", "/v #w", uint8(1))
	f.Fuzz(func(t *testing.T, src []byte, id, title, subject, url string, n uint8) {
		a, perr := Parse("f", src)
		// Links: the fuzzed one, then the current ones reversed, cut to n.
		links := []Link{{ID: id, Title: title, Subject: subject, URL: url}}
		if perr == nil {
			for i := len(a.Related) - 1; i >= 0; i-- {
				links = append(links, a.Related[i])
			}
		}
		links = links[:int(n)%(len(links)+1)]
		out, err := SetRelated(src, links)
		if perr != nil {
			if err == nil {
				t.Fatalf("SetRelated rewrote a file that does not parse (%v)", perr)
			}
			return
		}
		if err != nil {
			if errors.Is(err, ErrBadLink) || errors.Is(err, ErrNotRewritable) {
				return
			}
			t.Fatalf("SetRelated: %v", err)
		}
		if slices.Equal(links, a.Related) && !bytes.Equal(out, src) {
			t.Fatalf("SetRelated with the current links changed the file")
		}
		b, err := Parse("f", out)
		if err != nil {
			t.Fatalf("rewritten file does not parse: %v\n%s", err, out)
		}
		if !slices.Equal(b.Related, links) && len(links)+len(b.Related) > 0 {
			t.Fatalf("links read back %q, want %q", b.Related, links)
		}
		a.Related, b.Related, a.Src, b.Src = nil, nil, nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("other fields changed:\n%+v\n%+v", a, b)
		}
		d1, _ := parseDoc(src)
		d2, _ := parseDoc(out)
		if !bytes.Equal(d1.outside(src), d2.outside(out)) {
			t.Fatalf("bytes outside the related blocks changed")
		}
		// Where yaml.v3 reads the input as a mapping of its own, it must
		// read the output as the same mapping with the new links.
		if _, _, _, err := yamlView(src); err == nil {
			if err := rewriteProblem(src, out, links); err != nil {
				t.Fatal(err)
			}
		}
		if again, err := SetRelated(out, links); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second SetRelated changed the file (err %v)", err)
		}
	})
}
