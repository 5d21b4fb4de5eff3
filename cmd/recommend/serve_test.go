package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"recommend/index"
	"recommend/serve"
)

func TestCheckAddr(t *testing.T) {
	for _, tt := range []struct {
		addr    string
		remote  bool
		wantErr string
	}{
		{"127.0.0.1:8080", false, ""},
		{"localhost:0", false, ""},
		{"[::1]:8080", false, ""},
		{"0.0.0.0:8080", false, "is not a loopback address"},
		{":8080", false, "is not a loopback address"},
		{"192.168.1.2:8080", false, "give --allow-remote"},
		{"0.0.0.0:8080", true, ""},
		{"8080", false, "missing port"},
	} {
		err := checkAddr(tt.addr, tt.remote)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("checkAddr(%q, %v) = %v, want %q", tt.addr, tt.remote, err, tt.wantErr)
		}
	}
	if code, _, stderr := runArgs("serve", "--addr", "0.0.0.0:0", "--index", t.TempDir()); code != exitUsage || !strings.Contains(stderr, "--allow-remote") {
		t.Errorf("serve on 0.0.0.0: exit %d, %s", code, stderr)
	}
}

// TestServeRelatedMatchesCLI checks that GET /api/related answers, byte for
// byte, what `recommend --id N --json` and `--url U --json` print, marks
// of pinned and locked links included, for every article of seeds/.
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
	marks := 0
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
		}
	}
	if marks == 0 {
		t.Error("no link was marked pinned or locked")
	}
}
