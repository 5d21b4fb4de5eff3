package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"recommend/index"
	"recommend/serve"
)

// TestServeAddrRefused: an address beyond loopback without --allow-remote
// is a usage error naming the flag.
func TestServeAddrRefused(t *testing.T) {
	if code, _, stderr := runArgs("serve", "--addr", "0.0.0.0:0", "--index", t.TempDir()); code != exitUsage || !strings.Contains(stderr, "--allow-remote") {
		t.Errorf("serve on 0.0.0.0: exit %d, %s", code, stderr)
	}
}

// TestServeRelatedMatchesCLI checks that GET /api/related answers, byte for
// byte, what `recommend --id N --json` and `--url U --json` print, marks
// of held, pinned and locked links included, for every article of seeds/.
func TestServeRelatedMatchesCLI(t *testing.T) {
	ixDir, _ := buildSeedIndex(t)
	ix, err := index.Open(ixDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	first, _ := ix.Article(0)
	second, _ := ix.Article(first.Related[1].Doc)
	file := filepath.Join(t.TempDir(), "overrides.yaml")
	os.WriteFile(file, []byte("locks: [90001]\npins:\n  - {article: "+first.ID+", links: ["+second.URL+"]}\n"), 0o644)
	s, err := serve.New(serve.Options{Index: ixDir, Overrides: file})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	marks, held := 0, 0
	for i := range ix.Len() {
		a, _ := ix.Article(i)
		for _, q := range [][2]string{{"id", a.ID}, {"url", a.URL}} {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/api/related?"+q[0]+"="+q[1]+"&n=7", nil))
			code, want, stderr := runArgs("--"+q[0], q[1], "--json", "-n", "7", "--index", ixDir, "--overrides", file)
			if code != exitOK || w.Code != 200 || w.Body.String() != want {
				t.Fatalf("%s=%s: API %d:\n%s\nCLI %d (%s):\n%s", q[0], q[1], w.Code, w.Body, code, stderr, want)
			}
			marks += strings.Count(want, `"mark"`)
			held += strings.Count(want, `"mark": "held"`)
		}
	}
	if marks == 0 || held == 0 {
		t.Errorf("%d links marked, %d of them held: want some held beside the pinned and locked", marks, held)
	}
}

// lockedBuffer is a buffer that a server goroutine writes while the test
// reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServeCommand starts `recommend serve` on a free loopback port, reads
// the page's token, makes a decision over HTTP, and stops the server with
// SIGTERM: it finishes cleanly, exit code 0.
func TestServeCommand(t *testing.T) {
	ixDir, _ := buildSeedIndex(t)
	file := filepath.Join(t.TempDir(), "overrides.yaml")
	var stderr lockedBuffer
	streams, _, _ := testIO()
	streams.ErrOut = &stderr
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"serve", "--index", ixDir, "--overrides", file, "--addr", "127.0.0.1:0"}, streams)
	}()
	serving := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; time.Sleep(20 * time.Millisecond) {
		if m := serving.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
		select {
		case c := <-code:
			t.Fatalf("serve ended with %d: %s", c, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", stderr.String())
		}
	}
	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	page := get("/")
	token := regexp.MustCompile(`name="token" content="([0-9a-f]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("no token in the page")
	}
	req, _ := http.NewRequest("POST", base+"/api/decide", strings.NewReader(`{"kind":"lock","id":"14219"}`))
	req.Header.Set(serve.TokenHeader, token[1])
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("decision: %v %v", resp, err)
	}
	resp.Body.Close()
	if b, _ := os.ReadFile(file); !strings.Contains(string(b), "- 14219") {
		t.Errorf("overrides file after the click:\n%s", b)
	}
	if !strings.Contains(get("/api/related?id=14219"), `"locked": true`) {
		t.Errorf("the lookup does not mark the article locked")
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case c := <-code:
		if c != exitOK || !strings.Contains(stderr.String(), "stopping") || !strings.Contains(stderr.String(), "decision from") {
			t.Errorf("after SIGTERM: exit %d, stderr:\n%s", c, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop on SIGTERM: %s", stderr.String())
	}
}
