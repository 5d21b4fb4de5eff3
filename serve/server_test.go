package serve

import (
	"bytes"
	"encoding/json"

	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"recommend/editor"
	"recommend/index"
	"recommend/internal/runlock"
	"recommend/lookup"
)

// The seed article the tests decide on, and its copy-free list.
const seedID = "14219"

type fixture struct {
	s    *Server
	log  *bytes.Buffer // what the server logged
	ix   string        // index folder
	file string        // overrides file
}

func newFixture(t *testing.T, ro bool, overrides string) *fixture {
	t.Helper()
	f := &fixture{ix: seedIndex(t), file: filepath.Join(t.TempDir(), "overrides.yaml"), log: &bytes.Buffer{}}
	if overrides != "" {
		if err := os.WriteFile(f.file, []byte(overrides), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(Options{Index: f.ix, Overrides: f.file, ReadOnly: ro, Log: slog.New(slog.NewTextHandler(f.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	f.s = s
	return f
}

// do sends a request to the server and returns the code and body.
func (f *fixture) do(t *testing.T, method, target, token, body string) (int, string) {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if token != "" {
		r.Header.Set(TokenHeader, token)
	}
	w := httptest.NewRecorder()
	f.s.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// related returns the list of the seed article as the lookup gives it.
func (f *fixture) related(t *testing.T) []lookup.Article {
	t.Helper()
	code, body := f.do(t, "GET", "/api/related?id="+seedID, "", "")
	var arts []lookup.Article
	if code != 200 || json.Unmarshal([]byte(body), &arts) != nil || len(arts) == 0 || len(arts[0].Related) < 3 {
		t.Fatalf("related: %d %s", code, body)
	}
	return arts
}

func TestReadRoutes(t *testing.T) {
	f := newFixture(t, false, "")
	seed := f.related(t)[0]
	tests := []struct {
		target string
		code   int
		want   string // a part of the body
	}{
		{"/", 200, `<meta name="token" content="` + f.s.Token() + `">`},
		{"/", 200, `other-subject</span></dt><dd>the target is in another subject`},
		{"/healthz", 200, `"articles": 55`},
		{"/api/related?id=" + seedID, 200, `"url": "` + seed.URL + `"`},
		{"/api/related?url=https://www.example.com" + seed.URL + "/", 200, `"id": "` + seedID + `"`},
		{"/api/related?id=" + seedID + "&n=1", 200, `"score": ` + jsonNumber(seed.Related[0].Score)},
		{"/api/related?id=999999999", 404, "no article with id 999999999"},
		{"/api/related?url=/learn/x/questions/nowhere", 404, "no article with url /learn/x/questions/nowhere"},
		{"/api/related", 400, "give exactly one of id and url"},
		{"/api/related?id=1&url=/x", 400, "give exactly one of id and url"},
		{"/api/related?id=1&n=0", 400, "n must be a number at least 1"},
		{"/api/items?q=" + seedID, 200, `"total": 1,`},
		{"/api/items?q=" + seed.URL, 200, `"total": 1,`},
		{"/api/items?q=data+privacy+customers", 200, `"id": "` + seedID + `"`},
		{"/api/items?q=nosuchwordanywhere", 200, `"total": 0,`},
		{"/api/items?flag=new&sort=url&page=2", 200, `"page": 2,`},
		{"/nowhere", 404, ""},
		{"/api/decide", 405, ""},
	}
	for _, tt := range tests {
		code, body := f.do(t, "GET", tt.target, "", "")
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: %d %.300s; want %d and %q", tt.target, code, body, tt.code, tt.want)
		}
	}
	// A link the batch held is marked so on the card and in the API.
	heldIn, heldTo := heldLink(t, f.ix)
	type link struct{ URL, Mark string }
	var items struct{ Items []struct{ Suggested []link } }
	var related []struct{ Related []link }
	for target, into := range map[string]any{"/api/items?q=" + heldIn: &items, "/api/related?url=" + heldIn: &related} {
		if code, body := f.do(t, "GET", target, "", ""); code != 200 || json.Unmarshal([]byte(body), into) != nil {
			t.Fatalf("GET %s: %d %.300s", target, code, body)
		}
	}
	if len(items.Items) != 1 || len(related) != 1 {
		t.Fatalf("%s: %d cards, %d lookups, want 1 each", heldIn, len(items.Items), len(related))
	}
	for what, links := range map[string][]link{"card": items.Items[0].Suggested, "lookup": related[0].Related} {
		if i := slices.IndexFunc(links, func(l link) bool { return l.URL == heldTo }); i < 0 || links[i].Mark != "held" {
			t.Errorf("%s of %s: %+v, want %s marked held", what, heldIn, links, heldTo)
		}
	}
	// The flag filter's "held": every article with a held link, and no
	// other; the workspace offers it.
	var want []string
	for _, h := range heldLinks(t, f.ix) {
		want = append(want, h[0])
	}
	var got []string
	total := 0
	for page, pages := 1, 1; page <= pages; page++ {
		var held struct {
			Total, Pages int
			Items        []struct{ URL string }
		}
		target := "/api/items?flag=held&sort=url&page=" + strconv.Itoa(page)
		if code, body := f.do(t, "GET", target, "", ""); code != 200 || json.Unmarshal([]byte(body), &held) != nil {
			t.Fatalf("GET %s: %d %.300s", target, code, body)
		}
		for _, it := range held.Items {
			got = append(got, it.URL)
		}
		total, pages = held.Total, held.Pages
	}
	slices.Sort(want)
	if total != len(want) || !slices.Equal(got, want) || len(want) >= 55 {
		t.Errorf("flag=held: %d articles %q, want %d: %q", total, got, len(want), want)
	}
	if _, body := f.do(t, "GET", "/", "", ""); !strings.Contains(body, `<option value="held">held</option>`) {
		t.Errorf("the workspace's flag filter has no held choice")
	}
	// n limits the list; the default is 5.
	if code, body := f.do(t, "GET", "/api/related?id="+seedID+"&n=2", "", ""); code != 200 || strings.Count(body, `"terms"`) != 2 {
		t.Errorf("n=2: %d %s", code, body)
	}
}

func jsonNumber(x float64) string {
	b, _ := json.Marshal(x)
	return string(b)
}

// TestChangingRoutesRefused checks that a decision needs the token, a
// writable server and a small body, and that a refused one leaves the
// file alone.
func TestChangingRoutesRefused(t *testing.T) {
	const before = "# the editors' file\nlocks:\n  - 90001 # by hand\n"
	f := newFixture(t, false, before)
	ro := newFixture(t, true, before)
	pin := `{"kind":"pin","id":"` + seedID + `","url":"/learn/biology/questions/what-is-an-enzyme"}`
	tests := []struct {
		name  string
		f     *fixture
		path  string
		token string
		body  string
		code  int
		want  string
	}{
		{"no token", f, "/api/decide", "", pin, 403, "missing or wrong token"},
		{"wrong token", f, "/api/decide", "0123", pin, 403, "missing or wrong token"},
		{"undo without token", f, "/api/undo", "", "{}", 403, "missing or wrong token"},
		{"read-only", ro, "/api/decide", ro.s.Token(), pin, 403, "read-only"},
		{"read-only undo", ro, "/api/undo", ro.s.Token(), "{}", 403, "read-only"},
		{"too large", f, "/api/decide", f.s.Token(), `{"kind":"pin","id":"1","url":"` + strings.Repeat("x", DefaultMaxBody) + `"}`, 413, "request larger than"},
		{"not JSON", f, "/api/decide", f.s.Token(), "kind=pin", 400, "bad request"},
		{"unknown field", f, "/api/decide", f.s.Token(), `{"kind":"pin","evil":1}`, 400, "unknown field"},
		{"bad kind", f, "/api/decide", f.s.Token(), `{"kind":"delete","id":"1"}`, 400, "is not a decision"},
		{"pin without url", f, "/api/decide", f.s.Token(), `{"kind":"pin","id":"1"}`, 400, "pin needs --url"},
		{"unknown article", f, "/api/decide", f.s.Token(), `{"kind":"lock","id":"999999999"}`, 400, "no article in the index"},
		{"nothing to undo", f, "/api/undo", f.s.Token(), "{}", 409, "nothing to undo"},
	}
	for _, tt := range tests {
		code, body := tt.f.do(t, "POST", tt.path, tt.token, tt.body)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s; want %d and %q", tt.name, code, body, tt.code, tt.want)
		}
	}
	for _, fx := range []*fixture{f, ro} {
		if got := readFile(t, fx.file); string(got) != before {
			t.Errorf("the overrides file changed:\n%s", got)
		}
	}
	// Refusals are logged: the token's and the decisions'.
	for _, want := range []string{"no token or a wrong one", "decision from", "refused: bad decision: pin needs --url"} {
		if !strings.Contains(f.log.String(), want) {
			t.Errorf("the log has no %q:\n%s", want, f.log)
		}
	}
}

// TestDecideAndUndo pins a suggestion, checks the file and the list the
// next batch will write, and undoes it back to the very bytes.
func TestDecideAndUndo(t *testing.T) {
	for _, before := range []string{"", "# the editors' file\nlocks:\n  - 90001   # reviewed by hand\n\nblocks: []\n"} {
		f := newFixture(t, false, before)
		seed := f.related(t)[0]
		target := seed.Related[2] // not first: the pin must bring it first
		body := `{"kind":"pin","id":"` + seedID + `","url":"` + target.URL + `","at":"` + seed.URL + `"}`
		code, out := f.do(t, "POST", "/api/decide", f.s.Token(), body)
		var ans decideAnswer
		if code != 200 || json.Unmarshal([]byte(out), &ans) != nil {
			t.Fatalf("pin: %d %s", code, out)
		}
		if !ans.Changed || ans.Undo != 1 || ans.Article == nil || !ans.Article.HasNext || len(ans.Article.Next) == 0 {
			t.Fatalf("pin answered %s", out)
		}
		if first := ans.Article.Next[0]; first.URL != target.URL || first.Mark != "pinned" {
			t.Errorf("next batch's first link %+v, want the pinned %s", first, target.URL)
		}
		file := string(readFile(t, f.file))
		if !strings.Contains(file, "article: "+seedID) || !strings.Contains(file, target.URL) {
			t.Errorf("overrides file after the pin:\n%s", file)
		}
		if before != "" && !strings.Contains(file, "# reviewed by hand") {
			t.Errorf("the pin lost the comments:\n%s", file)
		}
		// The lookup marks the pin in JSON (the index still lists it third).
		if got := f.related(t)[0].Related[2]; got.Mark != index.ReasonPinned.Mark() {
			t.Errorf("lookup after the pin: %+v, want mark pinned", got)
		}
		// The workspace's card marks it pinned too.
		if code, out := f.do(t, "GET", "/api/items?q="+seedID, "", ""); code != 200 || !strings.Contains(out, `"mark": "pinned"`) {
			t.Errorf("the card after the pin: %d %.400s", code, out)
		}
		// The same decision again changes nothing and adds no undo.
		if code, out := f.do(t, "POST", "/api/decide", f.s.Token(), body); code != 200 || !strings.Contains(out, `"changed": false`) || !strings.Contains(out, `"undo": 1`) {
			t.Errorf("the same pin again: %d %s", code, out)
		}
		if !strings.Contains(f.log.String(), "pinned "+target.URL+" on "+seedID) {
			t.Errorf("the pin is not logged:\n%s", f.log)
		}
		code, out = f.do(t, "POST", "/api/undo", f.s.Token(), `{"at":"`+seed.URL+`"}`)
		if code != 200 || !strings.Contains(out, `"undo": 0`) {
			t.Fatalf("undo: %d %s", code, out)
		}
		got := readFile(t, f.file)
		if before == "" && got != nil || before != "" && string(got) != before {
			t.Errorf("after undo the file is %q, want %q", got, before)
		}
		if f.related(t)[0].Related[2].Mark != "" {
			t.Errorf("the mark stayed after undo")
		}
	}
}

// TestUndoRefusedAfterOtherChange keeps a change someone else made after
// the decision.
func TestUndoRefusedAfterOtherChange(t *testing.T) {
	f := newFixture(t, false, "")
	code, out := f.do(t, "POST", "/api/decide", f.s.Token(), `{"kind":"lock","id":"`+seedID+`"}`)
	if code != 200 {
		t.Fatalf("lock: %d %s", code, out)
	}
	other := append(readFile(t, f.file), "# an editor's note\n"...)
	os.WriteFile(f.file, other, 0o644)
	if code, out := f.do(t, "POST", "/api/undo", f.s.Token(), "{}"); code != 409 || !strings.Contains(out, "changed since") {
		t.Errorf("undo after another change: %d %s", code, out)
	}
	if !bytes.Equal(readFile(t, f.file), other) {
		t.Errorf("undo overwrote another change")
	}
}

// TestDecideWhileBatchWrites refuses a decision while a batch --write
// holds the content folder that the overrides file sits beside.
func TestDecideWhileBatchWrites(t *testing.T) {
	f := newFixture(t, false, "")
	content := filepath.Join(filepath.Dir(f.file), "content")
	os.Mkdir(content, 0o755)
	lock, err := runlock.Acquire(content) // what batch --write takes
	if err != nil {
		t.Fatal(err)
	}
	code, out := f.do(t, "POST", "/api/decide", f.s.Token(), `{"kind":"lock","id":"`+seedID+`"}`)
	if code != 409 || !strings.Contains(out, "wait for it to finish") || readFile(t, f.file) != nil {
		t.Errorf("decision during a batch: %d %s", code, out)
	}
	lock.Release()
	if code, out := f.do(t, "POST", "/api/decide", f.s.Token(), `{"kind":"lock","id":"`+seedID+`"}`); code != 200 {
		t.Errorf("decision after the batch: %d %s", code, out)
	}
	// A content folder elsewhere (read-only content, overrides in the
	// project): the server told of it takes its lock too, for undo as well.
	elsewhere := t.TempDir()
	f.s.opt.Corpus = elsewhere
	lock, err = runlock.Acquire(elsewhere)
	if err != nil {
		t.Fatal(err)
	}
	before := readFile(t, f.file)
	if code, out := f.do(t, "POST", "/api/undo", f.s.Token(), `{}`); code != 409 || !bytes.Equal(readFile(t, f.file), before) {
		t.Errorf("undo during a batch on the content folder: %d %s", code, out)
	}
	lock.Release()
	if code, out := f.do(t, "POST", "/api/undo", f.s.Token(), `{}`); code != 200 || readFile(t, f.file) != nil {
		t.Errorf("undo after the batch: %d %s", code, out)
	}
}

// TestReload serves a new generation once CURRENT changes.
func TestReload(t *testing.T) {
	f := newFixture(t, false, "")
	if ok, err := f.s.Reload(); ok || err != nil {
		t.Fatalf("reload without a change: %v %v", ok, err)
	}
	ix, err := index.Open(f.ix)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := ix.Article(0)
	ix.Close()
	a.Related = nil
	if _, err := index.Write(f.ix, []index.Article{a}, nil, index.Manifest{}); err != nil {
		t.Fatal(err)
	}
	if ok, err := f.s.Reload(); !ok || err != nil {
		t.Fatalf("reload after a batch: %v %v", ok, err)
	}
	code, body := f.do(t, "GET", "/healthz", "", "")
	gen := regexp.MustCompile(`"generation": "([^"]+)"`).FindStringSubmatch(body)
	if code != 200 || !strings.Contains(body, `"articles": 1,`) || gen == nil || gen[1] != readCurrent(f.ix) {
		t.Errorf("healthz after reload: %d %s", code, body)
	}
}

// TestPreviewHonoursDecisions checks the recomputed list: a block drops
// the link, a lock keeps the list as it is.
func TestPreviewHonoursDecisions(t *testing.T) {
	f := newFixture(t, false, "")
	seed := f.related(t)[0]
	g := f.s.current()
	block := seed.Related[0].URL
	ov, _ := editor.Parse("o.yaml", []byte("blocks:\n  - {from: "+seedID+", to: "+block+"}\n"))
	next, locked, err := g.preview(seed.URL, ov, editor.DefaultOptions)
	if err != nil || locked || len(next) == 0 {
		t.Fatalf("preview with a block: %v %v %v", next, locked, err)
	}
	for _, l := range next {
		if l.URL == block {
			t.Errorf("the blocked %s is still in the list", block)
		}
	}
	ov, _ = editor.Parse("o.yaml", []byte("locks: ["+seedID+"]\n"))
	next, locked, err = g.preview(seed.URL, ov, editor.DefaultOptions)
	if err != nil || !locked || len(next) != len(seed.Related) {
		t.Fatalf("preview with a lock: %v %v %v", next, locked, err)
	}
	for k, l := range next {
		if l.URL != seed.Related[k].URL || l.Mark != "locked" {
			t.Errorf("locked list %d: %+v, want %s marked locked", k, l, seed.Related[k].URL)
		}
	}
}
