package e2e

// recommend-lookup is `recommend`'s lookup in a program that links
// nothing else: these tests hold it to printing the same bytes with the
// same exit codes, and to staying lean (no HTTP stack, no templates, no
// command tree), which is what it is for.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"recommend/internal/corpustest"
)

// TestLeanLookupAgrees runs both programs over every article of a seeds
// index, by url and by id, as text and JSON, plus a free text and the
// usual mistakes, and compares stdout and the exit code.
func TestLeanLookupAgrees(t *testing.T) {
	lean := filepath.Join(t.TempDir(), "recommend-lookup")
	build := exec.Command("go", "build", "-o", lean, "./cmd/recommend-lookup")
	build.Dir = corpustest.Root()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/recommend-lookup: %v\n%s", err, out)
	}
	ix := filepath.Join(t.TempDir(), "ix")
	lists := filepath.Join(t.TempDir(), "lists.jsonl")
	if r := run(t, nil, "batch", "-q", "--corpus", seedsCopy(t), "--index", ix, "--lists", lists); r.Code != 0 {
		t.Fatalf("batch: %s", r)
	}
	f, err := os.Open(lists)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var queries [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l struct{ URL string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		queries = append(queries, []string{"--url", l.URL}, []string{"--url", l.URL, "--json", "-n", "3"})
		var arts []struct{ ID string }
		if r := run(t, nil, "--index", ix, "--url", l.URL, "--json"); r.Code == 0 && json.Unmarshal(r.Stdout, &arts) == nil && len(arts) == 1 {
			queries = append(queries, []string{"--id", arts[0].ID}, []string{"--id", arts[0].ID, "--json"})
		}
	}
	if len(queries) < 4*40 {
		t.Fatalf("%d queries from the seeds' lists, want both forms of every article", len(queries))
	}
	queries = append(queries,
		[]string{"--text", "how do cells divide", "--json"},
		[]string{"--text", "how do cells divide"},
		[]string{"--id", "999999999"},             // no such article: exit 1
		[]string{"--id", "1", "--url", "/x"},      // two of them: exit 2
		[]string{"--id", "3", "-n", "0"},          // exit 2
		[]string{"--url", "/learn/nothing/there"}, // exit 1
	)
	codes := map[int]int{}
	for _, q := range queries {
		args := append([]string{"--index", ix}, q...)
		want := run(t, nil, args...)
		cmd := exec.Command(lean, args...)
		cmd.Dir = t.TempDir()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		code := exitCode(cmd.Run())
		codes[code]++
		if code != want.Code || !bytes.Equal(stdout.Bytes(), want.Stdout) {
			t.Errorf("%s: recommend-lookup exit %d, stdout\n%s\nrecommend exit %d, stdout\n%s\nstderr %s",
				strings.Join(q, " "), code, stdout.Bytes(), want.Code, want.Stdout, stderr.Bytes())
		}
		if code != 0 && !bytes.HasPrefix(stderr.Bytes(), []byte("recommend: ")) {
			t.Errorf("%s: stderr %q, want one line starting \"recommend: \"", strings.Join(q, " "), stderr.Bytes())
		}
	}
	if codes[0] < 4*40 || codes[1] != 2 || codes[2] != 2 {
		t.Errorf("exit codes %v, want every article answered, two not found and two usage errors", codes)
	}
}

// TestLeanLookupLinksLittle: the lean lookup links neither the HTTP
// stack, TLS, templates nor the command tree, whose start-up is what it
// avoids.
func TestLeanLookupLinksLittle(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./cmd/recommend-lookup")
	cmd.Dir = corpustest.Root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, heavy := range []string{"net/http", "crypto/tls", "html/template", "text/template", "github.com/spf13/cobra", "github.com/schollz/progressbar/v3", "recommend/nightly", "recommend/review", "recommend/serve"} {
		if slices.Contains(deps, heavy) {
			t.Errorf("recommend-lookup links %s", heavy)
		}
	}
}
