package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDuplicatesJSON runs `recommend --json duplicates` on a small folder
// with one question asked three times in other words, and checks the one
// cluster it prints, its canonical the longest answer.
func TestDuplicatesJSON(t *testing.T) {
	dir := t.TempDir()
	photo := "Plants capture sunlight with chlorophyll in the chloroplasts and turn carbon dioxide and water into glucose and oxygen during photosynthesis."
	arts := []struct{ slug, q, a string }{
		{"p0", "How do plants make food from sunlight in photosynthesis?", photo},
		{"p1", "How do plants produce their food using sunlight through photosynthesis?", photo + " Glucose feeds the plant."},
		{"p2", "In photosynthesis, how do plants make food from sunlight?", "During photosynthesis plants capture sunlight with chlorophyll and turn carbon dioxide and water into glucose and oxygen."},
		{"w", "Why are photosynthesis rates lower in winter for plants?", "Cold temperatures slow the enzymes of plants, and shorter days give less sunlight, so photosynthesis rates fall in winter."},
	}
	for i, w := range strings.Fields("volcano lava magma eruption crust stock market shares dividend investor poetry rhyme meter stanza verse") {
		arts = append(arts, struct{ slug, q, a string }{fmt.Sprint("t", i), "What does " + w + " mean?", w + " explained in depth."})
	}
	if err := os.MkdirAll(filepath.Join(dir, "biology"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i, a := range arts {
		src := fmt.Sprintf("---\nid: %d\nurl: /learn/biology/questions/%s\ntitle: %q\nquestion: %q\nanswer: %q\nsubject: Biology\n---\n", i+1, a.slug, a.q, a.q, a.a)
		if err := os.WriteFile(filepath.Join(dir, "biology", a.slug+".md"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runArgs("--json", "duplicates", "--corpus", dir, "--min-df", "1", "--max-df", "1", "--dims", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one cluster line, got %q", out)
	}
	var c struct {
		Canonical string `json:"canonical"`
		Reason    string `json:"reason"`
		Members   []struct{ URL, Question string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &c); err != nil {
		t.Fatal(err)
	}
	if c.Canonical != "/learn/biology/questions/p1" || len(c.Members) != 3 || !strings.Contains(c.Reason, "longest answer") {
		t.Errorf("cluster = %+v, want p0, p1, p2 with canonical p1 (the longest answer)", c)
	}
}
