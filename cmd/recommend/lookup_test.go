package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"recommend/eval"
	"recommend/home"
	"recommend/lookup"
)

func TestNewCmdLookup(t *testing.T) {
	def := filepath.Join(home.Work(), home.DefaultOverrides)
	ix := home.IndexDir("", "")
	tests := []struct {
		args    string
		want    lookupOptions
		wantErr string
		noRun   bool
	}{
		{args: "--id 14219", want: lookupOptions{Query: lookup.Query{Index: ix, ID: "14219", N: 5, Overrides: def}}},
		{args: "--url /learn/x -n 3", want: lookupOptions{Query: lookup.Query{Index: ix, URL: "/learn/x", N: 3, Overrides: def}}},
		{args: "--text privacy --json -n 10", want: lookupOptions{Query: lookup.Query{Index: ix, Text: "privacy", N: 10, JSON: true, Overrides: def}}},
		{args: "", noRun: true}, // prints the help
		{args: "--id 1 --url /x", wantErr: "give only one of --id, --url and --text"},
		{args: "--id 1 -n 0", wantErr: "-n must be at least 1"},
		{args: "--id", wantErr: "flag needs an argument: --id"},
		{args: "frobnicate", wantErr: `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			io, _, _ := testIO()
			var got *lookupOptions
			cmd := newRootCmdWith(io, runFuncs{Lookup: func(o *lookupOptions) error { got = o; return nil }})
			cmd.SetArgs(strings.Fields(tt.args))
			err := cmd.Execute()
			if wantUsageError(t, err, tt.wantErr) {
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.noRun {
				if got != nil {
					t.Errorf("lookup ran with %+v, want only the help", got)
				}
				return
			}
			g := *got
			g.G = nil
			if !reflect.DeepEqual(g, tt.want) {
				t.Errorf("options = %+v, want %+v", g, tt.want)
			}
		})
	}
}

// buildSeedIndex runs the batch on a copy of seeds/ and returns the index
// folder and the lists file it wrote.
func buildSeedIndex(t *testing.T) (ixDir, lists string) {
	t.Helper()
	seeds := copySeeds(t)
	ixDir = filepath.Join(t.TempDir(), "ix")
	lists = filepath.Join(t.TempDir(), "lists.jsonl")
	if code, _, stderr := runArgs("batch", "-q", "--corpus", seeds, "--index", ixDir, "--lists", lists); code != exitOK {
		t.Fatalf("batch on seeds: exit %d: %s", code, stderr)
	}
	return ixDir, lists
}

func TestLookupRun(t *testing.T) {
	ixDir, _ := buildSeedIndex(t)
	tests := []struct {
		golden string
		args   []string
	}{
		{"lookup-14219.golden", []string{"--id", "14219"}},
		{"lookup-14219.json.golden", []string{"--id", "14219", "--json", "-n", "3"}},
		// cross-posted copies share an id: both are shown, labelled by url
		{"lookup-90017.golden", []string{"--id", "90017", "-n", "2"}},
		{"lookup-url.golden", []string{"--url", "/learn/biology/questions/what-are-the-stages-of-mitosis", "-n", "2"}},
		{"lookup-url.json.golden", []string{"--url", "/learn/biology/questions/what-are-the-stages-of-mitosis", "-n", "2", "--json"}}, // a held link marked
		// free text, folded into the same space
		{"lookup-text.golden", []string{"--text", "how do online shops protect card payments", "-n", "3"}},
		{"lookup-text.json.golden", []string{"--text", "photosynthesis and light", "-n", "2", "--json"}},
		{"lookup-text-none.golden", []string{"--text", "zzzz qqqq"}},
	}
	for _, tt := range tests {
		code, stdout, stderr := runArgs(append(tt.args, "--index", ixDir)...)
		if code != exitOK || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
		golden(t, tt.golden, stdout)
	}
}

// TestLookupMatchesBatch checks that every article's lookup shows exactly
// the list (urls and scores) the batch wrote for it.
func TestLookupMatchesBatch(t *testing.T) {
	ixDir, listsFile := buildSeedIndex(t)
	lists, err := eval.ReadJSONLFile(listsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists.Related) == 0 {
		t.Fatal("the batch wrote no lists")
	}
	for url, want := range lists.Related {
		code, stdout, stderr := runArgs("--url", url, "--json", "-n", "50", "--index", ixDir)
		var got []lookup.Article
		if code != exitOK || json.Unmarshal([]byte(stdout), &got) != nil || len(got) != 1 {
			t.Fatalf("--url %s: exit %d, %s", url, code, stderr)
		}
		urls, scores := []string{}, []float64{}
		for _, l := range got[0].Related {
			urls, scores = append(urls, l.URL), append(scores, l.Score)
		}
		wantScores := lists.Scores[url]
		if wantScores == nil {
			wantScores = []float64{}
		}
		if !reflect.DeepEqual(urls, want) || !reflect.DeepEqual(scores, wantScores) {
			t.Errorf("--url %s lists %v %v, batch wrote %v %v", url, urls, scores, want, lists.Scores[url])
		}
	}
}

// TestLookupIndexErrors checks that a missing, corrupt or old index gives
// one line that names the command to build one, and exit code 1.
func TestLookupIndexErrors(t *testing.T) {
	ixDir, _ := buildSeedIndex(t)
	cur, _ := os.ReadFile(filepath.Join(ixDir, "CURRENT"))
	lookup := filepath.Join(ixDir, strings.TrimSpace(string(cur)), "lookup.bin")
	good, _ := os.ReadFile(lookup)
	tests := []struct {
		name   string
		damage func()
		want   string
	}{
		{"missing", func() { os.RemoveAll(ixDir) }, "no index in INDEX: build one with `recommend batch --corpus DIR --index INDEX`"},
		{"truncated", func() { os.WriteFile(lookup, good[:len(good)/2], 0o644) }, "rebuild it with `recommend batch"},
		{"old version", func() {
			b := append([]byte(nil), good...)
			b[8] = 0
			os.WriteFile(lookup, b, 0o644)
		}, "format version 0, this program reads version 2"},
		{"version 1 (no reasons yet)", func() {
			b := append([]byte(nil), good...)
			b[8] = 1
			os.WriteFile(lookup, b, 0o644)
		}, "format version 1, this program reads version 2: index format version mismatch): rebuild it with `recommend batch --corpus DIR --index INDEX`"},
		{"damaged vectors", func() {
			os.WriteFile(filepath.Join(filepath.Dir(lookup), "vectors.bin"), []byte("RCVEC"), 0o644)
		}, "vectors.bin: checksum mismatch"},
	}
	for _, tt := range tests {
		dir := filepath.Join(t.TempDir(), "copy")
		os.CopyFS(dir, os.DirFS(ixDir))
		tt.damage()
		args := []string{"--id", "14219", "--index", ixDir}
		if strings.Contains(tt.name, "vectors") {
			args = []string{"--text", "privacy", "--index", ixDir}
		}
		code, stdout, stderr := runArgs(args...)
		stderr = strings.ReplaceAll(stderr, ixDir, "INDEX")
		if code != exitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s index: exit %d, stderr %q; want exit 1 and one line containing %q", tt.name, code, stderr, tt.want)
		}
		os.RemoveAll(ixDir)
		os.CopyFS(ixDir, os.DirFS(dir))
	}
	code, _, stderr := runArgs("--id", "no-such-id", "--index", ixDir)
	if code != exitError || !strings.Contains(stderr, "no article with id no-such-id") {
		t.Errorf("unknown id: exit %d, stderr %q", code, stderr)
	}
}

// TestSitePath checks the forms of an article's address --url accepts.
func TestSitePath(t *testing.T) {
	const p = "/learn/business-and-management/questions/how-do-businesses-ensure-data-privacy-for-their-customers-online"
	for _, tt := range []struct{ in, want string }{
		{p, p},
		{p + "/", p},
		{"https://www.example.com" + p, p},
		{"https://www.example.com" + p + "/", p},
		{"http://example.com" + p + "?utm=x#top", p},
		{"https://example.com", "/"},
		{"learn/x", "learn/x"}, // not a path: left for the usage error
	} {
		if got := lookup.SitePath(tt.in); got != tt.want {
			t.Errorf("sitePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// The lookup by a full URL with a slash prints what the path prints.
	ix := filepath.Join(t.TempDir(), "ix")
	if code, _, errOut := runArgs("batch", "-q", "--corpus", copySeeds(t), "--index", ix); code != exitOK {
		t.Fatalf("batch: %d %s", code, errOut)
	}
	_, want, _ := runArgs("--url", p, "--index", ix)
	code, got, errOut := runArgs("--url", "https://www.example.com"+p+"/", "--index", ix)
	if code != exitOK || got != want {
		t.Errorf("--url with the site and a slash: exit %d, %q (%s), want %q", code, got, errOut, want)
	}
}
