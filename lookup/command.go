package lookup

// The command-line lookup, shared by `recommend --id N` and the lean
// `recommend-lookup --id N`: the same query, the same checks, the same
// defaults and the same printing, so that the two programs print the same
// bytes. A Query is what the flags ask; Check finds the mistakes in it (a
// program reports them as usage errors); Defaults fills in the index and
// the overrides file a command finds by itself; Run answers it.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"recommend/editor"
	"recommend/home"
	"recommend/internal/oneline"
)

// Query is one lookup as the command line asks it: exactly one of ID, URL
// and Text, the first N links, from the index in Index, printed as text
// or JSON.
type Query struct {
	Index string // the index folder; Defaults finds it when empty
	ID    string // the article(s) with this id (every cross-posted copy)
	URL   string // the article at this URL (/learn/... or the site's full address)
	Text  string // a free text, folded into the TF-IDF space
	N     int    // how many links to show
	JSON  bool   // print JSON instead of text
	// Overrides is the editors' decisions file whose pins and locks,
	// decided since the batch, the list marks too.
	Overrides string
}

// Check returns the first mistake in q: none or more than one of ID, URL
// and Text (set reports which flags were given, whatever their value), an
// empty value, or N below 1.
func (q Query) Check(set func(flag string) bool) error {
	values := []struct{ name, value string }{{"id", q.ID}, {"url", q.URL}, {"text", q.Text}}
	given := 0
	for _, v := range values {
		if set(v.name) {
			given++
		}
	}
	if given > 1 {
		return errors.New("give only one of --id, --url and --text")
	}
	for _, v := range values {
		if set(v.name) && strings.TrimSpace(v.value) == "" {
			return fmt.Errorf("--%s needs a value", v.name)
		}
	}
	if q.N < 1 {
		return fmt.Errorf("-n must be at least 1, got %d", q.N)
	}
	return nil
}

// Defaults returns q with the index found as home.IndexDir finds it, the
// URL as a site path, and, unless overridesSet, the overrides file at the
// top of the working directory's git work tree.
func (q Query) Defaults(overridesSet bool) Query {
	q.Index = home.IndexDir(q.Index, "")
	q.URL = SitePath(q.URL)
	if !overridesSet {
		q.Overrides = filepath.Join(home.Work(), home.DefaultOverrides)
	}
	return q
}

// Run answers q on out. An overrides file that cannot be read costs only
// the marks of decisions taken since the batch: a warning on errOut says
// so.
func Run(q Query, out, errOut io.Writer) error {
	ix, err := Open(q.Index)
	if err != nil {
		return err
	}
	defer ix.Close()
	if q.Text != "" {
		v, err := Vectors(ix)
		if err != nil {
			return err
		}
		res, err := Text(ix, v, q.Text, q.N)
		if err != nil {
			return err
		}
		if q.JSON {
			return WriteJSON(out, res)
		}
		WriteTextResult(out, res)
		return nil
	}
	ov, err := editor.Load(q.Overrides)
	if err != nil {
		fmt.Fprintf(errOut, "recommend: warning: pins and locks decided since the batch not marked: %s\n", oneline.Line(err.Error()))
		ov = nil
	}
	id := q.ID
	if q.URL != "" {
		id = ""
	}
	arts, err := Related(ix, id, q.URL, q.N, ov)
	if err != nil {
		return err
	}
	if q.JSON {
		return WriteJSON(out, arts)
	}
	WriteText(out, arts)
	return nil
}

// WriteJSON writes v as the command line and the API print it: indented
// by two spaces, HTML characters as they are, and a newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Flags defines the lookup's own flags on fs, into q: --id, --url,
// --text, -n and --overrides (the index and --json are the program's).
func Flags(fs *pflag.FlagSet, q *Query) {
	fs.StringVar(&q.ID, "id", "", "show the related articles of the article(s) with this `id` (cross-posted copies share one)")
	fs.StringVar(&q.URL, "url", "", "show the related articles of the article at this `url` (/learn/... or the full address, https://...)")
	fs.StringVar(&q.Text, "text", "", "show the articles closest to this free `text`")
	fs.IntVarP(&q.N, "n", "n", 5, "how many related articles to show")
	fs.StringVar(&q.Overrides, "overrides", "", "also mark the links pinned or locked since the batch in this editors' decisions `file` (default overrides.yaml at the top of the working directory's git work tree)")
}
