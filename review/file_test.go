package review

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFile renders saved data into a page file, the same bytes as
// Write with the site prefix, and says what it wrote; missing or broken
// data is an error that says to run the batch, and leaves no page.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	from, out := filepath.Join(dir, "review.json.gz"), filepath.Join(dir, "review.html")
	p := handPage()
	if err := p.Save(from); err != nil {
		t.Fatal(err)
	}
	got, err := WriteFile(from, out, "https://example.com/")
	if err != nil {
		t.Fatal(err)
	}
	p.Site = "https://example.com"
	var want bytes.Buffer
	if err := p.Write(&want); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(html, want.Bytes()) {
		t.Errorf("the page file is not Write's bytes with the site (%v)", err)
	}
	if (got != Written{Out: out, Bytes: want.Len(), Articles: 4, Changed: 1}) {
		t.Errorf("WriteFile = %+v", got)
	}
	for _, tt := range []struct{ data, want string }{
		{"", "no review data: run `recommend batch --corpus DIR` first"},
		{"not gzip", "(run recommend batch again)"},
	} {
		from := filepath.Join(t.TempDir(), "review.json.gz")
		if tt.data != "" {
			os.WriteFile(from, []byte(tt.data), 0o644)
		}
		out := filepath.Join(t.TempDir(), "review.html")
		if _, err := WriteFile(from, out, ""); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("data %q: %v, want %q", tt.data, err, tt.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("data %q: a page was written", tt.data)
		}
	}
}
