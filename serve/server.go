package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"recommend/editor"
	"recommend/internal/runlock"
	"recommend/lookup"
	"recommend/review"
)

// Options configure a Server.
type Options struct {
	Index     string         // the index folder (the batch's --index)
	Overrides string         // the editors' decisions file
	Corpus    string         // optional: the content folder, whose run lock a decision takes too
	ReadOnly  bool           // serve without decisions
	Editor    editor.Options // the batch's K and margin, for recomputed lists
	Log       *slog.Logger   // where decisions and reloads are logged; nil: discarded
	MaxBody   int64          // the largest request body accepted; 0: DefaultMaxBody
}

// DefaultMaxBody is the largest decision a request may carry: a decision
// is a few hundred bytes.
const DefaultMaxBody = 16 << 10

// TokenHeader is the request header that carries the per-start token.
const TokenHeader = "X-Recommend-Token"

// Server serves the workspace and the lookup API over one index.
type Server struct {
	opt   Options
	log   *slog.Logger
	token string
	mux   *http.ServeMux

	mu  sync.RWMutex // guards gen
	gen *generation

	ovMu  sync.Mutex // guards the overrides cache
	ovKey string     // size and modification time of the file cached
	ov    *editor.Overrides

	decideMu sync.Mutex // one decision or undo at a time; guards undo
	undo     []editor.Outcome
}

// New opens the index in opt.Index and returns a server for it, with a
// fresh random token.
func New(opt Options) (*Server, error) {
	if opt.MaxBody <= 0 {
		opt.MaxBody = DefaultMaxBody
	}
	if opt.Editor.K == 0 {
		opt.Editor = editor.DefaultOptions
	}
	if err := opt.Editor.Validate(); err != nil {
		return nil, err
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	g, err := load(opt.Index)
	if err != nil {
		return nil, err
	}
	var tok [16]byte
	if _, err := rand.Read(tok[:]); err != nil {
		return nil, err
	}
	s := &Server{opt: opt, log: opt.Log, token: hex.EncodeToString(tok[:]), gen: g}
	if _, err := s.overrides(); err != nil {
		g.ix.Close()
		return nil, err
	}
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.workspace)
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /api/related", s.related)
	m.HandleFunc("GET /api/items", s.items)
	m.HandleFunc("GET /api/clusters", s.clusters)
	m.HandleFunc("POST /api/decide", s.changing(s.decideHandler))
	m.HandleFunc("POST /api/undo", s.changing(s.undoHandler))
	s.mux = m
	return s, nil
}

// Token returns the token every changing request must carry.
func (s *Server) Token() string { return s.token }

// ServeHTTP serves the workspace and the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Close closes the index.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen.ix.Close()
}

// current returns the generation requests read.
func (s *Server) current() *generation {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.gen
}

// Reload loads the index again when its CURRENT changed, and reports
// whether it did. The old generation is closed a minute later.
func (s *Server) Reload() (bool, error) {
	old := s.current()
	if readCurrent(s.opt.Index) == old.current {
		return false, nil
	}
	g, err := load(s.opt.Index)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	s.gen = g
	s.mu.Unlock()
	oldIx := old.ix // the rest of the old generation is freed once no request holds it
	time.AfterFunc(time.Minute, func() { oldIx.Close() })
	s.log.Info(fmt.Sprintf("reloaded the index %s: %s, %d articles", s.opt.Index, g.current, g.ix.Len()), "index", s.opt.Index, "generation", g.current, "articles", g.ix.Len())
	return true, nil
}

// Watch calls Reload every interval until ctx ends, logging failures (the
// old generation keeps serving).
func (s *Server) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.Reload(); err != nil {
				s.log.Warn("index not reloaded: "+err.Error(), "index", s.opt.Index)
			}
		}
	}
}

// overrides returns the overrides file as it is now, read again only when
// its size or modification time changed. A missing file is no decisions.
func (s *Server) overrides() (*editor.Overrides, error) {
	key := ""
	if st, err := os.Stat(s.opt.Overrides); err == nil {
		key = fmt.Sprint(st.Size(), st.ModTime().UnixNano())
	}
	s.ovMu.Lock()
	defer s.ovMu.Unlock()
	if s.ov != nil && key == s.ovKey {
		return s.ov, nil
	}
	ov, err := editor.Load(s.opt.Overrides)
	if err != nil {
		return nil, err
	}
	s.ov, s.ovKey = ov, key
	return ov, nil
}

// forgetOverrides drops the cached overrides after the server wrote the file.
func (s *Server) forgetOverrides() {
	s.ovMu.Lock()
	s.ov = nil
	s.ovMu.Unlock()
}

// writeJSON writes v as the command line's --json does (lookup.WriteJSON,
// the one definition of that form), with the status code and headers.
func writeJSON(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	if err := lookup.WriteJSON(&buf, v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// apiError is the body of every error answer of the API.
type apiError struct {
	Error string `json:"error"`
}

func fail(w http.ResponseWriter, code int, format string, a ...any) {
	writeJSON(w, code, apiError{fmt.Sprintf(format, a...)})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	g := s.current()
	writeJSON(w, http.StatusOK, struct {
		Status     string `json:"status"`
		Articles   int    `json:"articles"`
		Generation string `json:"generation"`
		ReadOnly   bool   `json:"read_only"`
	}{"ok", g.ix.Len(), g.current, s.opt.ReadOnly})
}

// related answers GET /api/related?id=N or ?url=U (and n, default 5) with
// exactly what `recommend --id N --json` prints.
func (s *Server) related(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, url := strings.TrimSpace(q.Get("id")), strings.TrimSpace(q.Get("url"))
	if (id == "") == (url == "") {
		fail(w, http.StatusBadRequest, "give exactly one of id and url")
		return
	}
	n := 5
	if v := q.Get("n"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			fail(w, http.StatusBadRequest, "n must be a number at least 1, got %q", v)
			return
		}
	}
	if url != "" {
		url = lookup.SitePath(url)
	}
	ov, err := s.overrides()
	if err != nil {
		ov = nil // the lists stand; only the marks are missing
	}
	g := s.current()
	var recs []int
	if id != "" {
		if recs = g.recByID[id]; len(recs) == 0 {
			err = lookup.NotFound("id", id, g.dir)
		}
	} else if r, ok := g.recByURL[url]; ok {
		recs = []int{r}
	} else {
		err = lookup.NotFound("url", url, g.dir)
	}
	var out []lookup.Article
	if err == nil {
		out, err = lookup.Assemble(g, g.dir, recs, n, ov)
	}
	switch {
	case errors.Is(err, lookup.ErrNotFound):
		fail(w, http.StatusNotFound, "%v", err)
	case err != nil:
		fail(w, http.StatusInternalServerError, "%v", err)
	default:
		writeJSON(w, http.StatusOK, out)
	}
}

// changing wraps a handler that changes something: refused on a read-only
// server and without the token (403), the body limited to MaxBody.
func (s *Server) changing(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opt.ReadOnly {
			fail(w, http.StatusForbidden, "this server is read-only (--read-only): no decisions")
			return
		}
		got := r.Header.Get(TokenHeader)
		if subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) != 1 {
			s.log.Warn("refused a request to "+r.URL.Path+" from "+r.RemoteAddr+": no token or a wrong one", "remote", r.RemoteAddr, "path", r.URL.Path)
			fail(w, http.StatusForbidden, "missing or wrong token: reload the page")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxBody)
		h(w, r)
	}
}

// decideRequest is the body of POST /api/decide.
type decideRequest struct {
	editor.Decision
	At string `json:"at"` // the article whose card asked, to show its next list
}

// decideAnswer is what a decision or an undo answers.
type decideAnswer struct {
	editor.Outcome
	Undo    int     `json:"undo"`              // decisions that can still be undone
	Article *wsItem `json:"article,omitempty"` // the card, with the list the next batch will write
}

// readBody decodes a JSON body, answering 413 or 400 itself.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(w, http.StatusRequestEntityTooLarge, "request larger than %d bytes", tooBig.Limit)
			return false
		}
		fail(w, http.StatusBadRequest, "bad request: %v", err)
		return false
	}
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		fail(w, http.StatusRequestEntityTooLarge, "request larger than the limit")
		return false
	}
	return true
}

func (s *Server) decideHandler(w http.ResponseWriter, r *http.Request) {
	var req decideRequest
	if !readBody(w, r, &req) {
		return
	}
	d := req.Decision
	if d.URL != "" {
		d.URL = lookup.SitePath(d.URL)
	}
	g := s.current()
	// An id where a URL is wanted ("pin any article"): its first copy.
	if d.URL != "" && !strings.HasPrefix(d.URL, "/") {
		if rs := g.byID[d.URL]; len(rs) > 0 {
			d.URL = g.arts[rs[0]].URL
		}
	}
	s.decideMu.Lock()
	var out editor.Outcome
	err := s.withCorpus(func() error {
		var err error
		out, err = editor.Decide(s.opt.Overrides, d, editor.IndexRefs(g.ix), "the index "+s.opt.Index)
		return err
	})
	if err == nil && out.Changed {
		s.undo = append(s.undo, out)
	}
	undo := len(s.undo)
	s.decideMu.Unlock()
	s.forgetOverrides()
	s.logChange(r, "decision", out.Message, err, "kind", d.Kind, "id", d.ID, "url", d.URL, "both", d.Both, "remove", d.Remove, "changed", out.Changed)
	if s.decisionFailed(w, err) {
		return
	}
	s.answer(w, g, out, undo, req.At)
}

func (s *Server) undoHandler(w http.ResponseWriter, r *http.Request) {
	var req struct {
		At string `json:"at"`
	}
	if !readBody(w, r, &req) {
		return
	}
	s.decideMu.Lock()
	if len(s.undo) == 0 {
		s.decideMu.Unlock()
		fail(w, http.StatusConflict, "nothing to undo")
		return
	}
	last := s.undo[len(s.undo)-1]
	err := s.withCorpus(func() error { return editor.Undo(last) })
	if err == nil {
		s.undo = s.undo[:len(s.undo)-1]
	}
	undo := len(s.undo)
	s.decideMu.Unlock()
	s.forgetOverrides()
	s.logChange(r, "undo", "undid: "+last.Message, err, "action", last.Action)
	if s.decisionFailed(w, err) {
		return
	}
	out := editor.Outcome{File: last.File, Action: "undo", Changed: true, Message: "undid: " + last.Message}
	s.answer(w, s.current(), out, undo, req.At)
}

// withCorpus runs f holding the content folder's run lock, when the server
// knows the folder: the overrides file may live outside it (a read-only
// content folder), where editor.Decide's own lock of the file's folder
// does not meet a batch's.
func (s *Server) withCorpus(f func() error) error {
	if s.opt.Corpus == "" {
		return f()
	}
	lock, err := runlock.Acquire(s.opt.Corpus)
	if err != nil {
		return err
	}
	defer lock.Release()
	return f()
}

// decisionFailed answers a failed decision or undo: 400 for a decision
// the editor must mend, 409 while a batch runs or when the file changed
// under the server, 500 otherwise.
func (s *Server) decisionFailed(w http.ResponseWriter, err error) bool {
	var held *runlock.HeldError
	switch {
	case err == nil:
		return false
	case errors.Is(err, editor.ErrInput):
		fail(w, http.StatusBadRequest, "%s", strings.TrimPrefix(err.Error(), editor.ErrInput.Error()+": "))
	case errors.As(err, &held), errors.Is(err, editor.ErrChangedSince):
		fail(w, http.StatusConflict, "%v", err)
	default:
		fail(w, http.StatusInternalServerError, "%v", err)
	}
	return true
}

// answer sends the outcome and the card of the article at, with what the
// next batch will write for it.
func (s *Server) answer(w http.ResponseWriter, g *generation, out editor.Outcome, undo int, at string) {
	ans := decideAnswer{Outcome: out, Undo: undo}
	if i, ok := g.byURL[lookup.SitePath(at)]; ok {
		item := g.wsItem(g.itemOf(i))
		if ov, err := s.overrides(); err == nil {
			markBlocked(item.Cluster, ov)
			next, locked, err := g.preview(item.URL, ov, s.opt.Editor)
			if err == nil {
				item.Next, item.Locked = next, locked
				item.HasNext = true
			}
		}
		ans.Article = &item
	}
	writeJSON(w, http.StatusOK, ans)
}

// logChange logs a decision or an undo in one line that says it all: who
// asked, what was done or why it was refused (attributes for --log-format
// json).
func (s *Server) logChange(r *http.Request, what, done string, err error, attrs ...any) {
	attrs = append(attrs, "remote", r.RemoteAddr)
	if err != nil {
		s.log.Warn(what+" from "+r.RemoteAddr+" refused: "+err.Error(), append(attrs, "error", err.Error())...)
		return
	}
	s.log.Info(what+" from "+r.RemoteAddr+": "+done+" ("+s.opt.Overrides+")", attrs...)
}

//go:embed workspace.html
var workspaceHTML string

// workspaceTmpl is parsed on first use: a lookup from the command line,
// which links this package, does not pay for it at start.
var workspaceTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.Must(template.New("workspace").Parse(workspaceHTML)).Parse(review.ControlsHTML))
})

func (s *Server) workspace(w http.ResponseWriter, r *http.Request) {
	g := s.current()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src data:; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	err := workspaceTmpl().Execute(w, struct {
		Token     string
		ReadOnly  bool
		Legend    []review.LegendEntry
		Style     template.CSS
		View      template.JS
		Index     string
		Overrides string
		Articles  int
		Controls  review.Controls

		ClusterView template.JS
	}{s.token, s.opt.ReadOnly, review.Legend(), review.Style, review.View, s.opt.Index, filepath.Clean(s.opt.Overrides), len(g.items),
		review.Controls{Subjects: g.subjects(), Legend: review.Legend(), SearchSize: 34}, review.ClusterView})
	if err != nil {
		s.log.Warn("workspace: " + err.Error())
	}
}

// subjects lists the subject keys with their first spelling, by key.
func (g *generation) subjects() [][2]string {
	label := map[string]string{}
	var keys []string
	for _, a := range g.arts {
		if _, ok := label[a.Key]; !ok {
			label[a.Key] = a.Subject
			keys = append(keys, a.Key)
		}
	}
	slices.Sort(keys)
	out := make([][2]string, len(keys))
	for i, k := range keys {
		out[i] = [2]string{k, label[k]}
	}
	return out
}
