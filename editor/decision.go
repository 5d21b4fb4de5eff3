package editor

// A Decision is one change to the overrides file as an editor asks for it:
// pin a link on an article, block a pair or an article, lock an article, or
// take one of these back. The pin, block and lock commands and the clicks
// of `recommend serve` build a Decision and hand it to Decide, so both go
// through one implementation: validate, check that the articles named
// exist (a typo must not become a silent override), change the node tree
// (comments kept), write the file atomically.
//
// Decide holds the run lock (internal/runlock) on the overrides file's
// folder while it reads and writes the file. A `batch --write` holds the
// lock of its content folder and, shared, of every folder around it; the
// overrides file lives in the content folder's home, one of those, so a
// decision is refused ("wait for it to finish") while a batch that reads
// the file runs, and two decisions never interleave their read and write.
// Undo restores the bytes a Decide replaced, only while the file still
// holds the bytes that Decide wrote: a file someone else changed since is
// never overwritten.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"recommend/corpus"
	"recommend/index"
	"recommend/internal/atomicfile"
	"recommend/internal/runlock"
)

// Decision is one editor's change to the overrides file.
type Decision struct {
	Kind   string `json:"kind"`           // "pin", "block" or "lock"
	ID     string `json:"id,omitempty"`   // the article, by id (every cross-posted copy)
	URL    string `json:"url,omitempty"`  // pin and block: the target; lock: the article by URL
	Both   bool   `json:"both,omitempty"` // block: the reverse direction too
	Remove bool   `json:"remove,omitempty"`
}

// Check validates the decision for its kind. Its messages name the
// commands' flags, which are also the fields' names.
func (d Decision) Check() error {
	if d.ID != "" && (strings.HasPrefix(d.ID, "/") || strings.Trim(d.ID, "0123456789") != "") {
		return fmt.Errorf("--id %q is not an id (digits); name an article by URL with --url", d.ID)
	}
	if d.URL != "" && !strings.HasPrefix(d.URL, "/") {
		return fmt.Errorf("--url %q is not a site path (/learn/...)", d.URL)
	}
	if d.URL != "" && !d.Remove && !corpus.ValidURL(d.URL) {
		return fmt.Errorf("--url %q is not an article's site path (/learn/<folder>/questions/<slug>)", d.URL)
	}
	switch d.Kind {
	case "pin":
		if d.ID == "" {
			return fmt.Errorf("pin needs --id, the article whose page shows the link")
		}
		if d.URL == "" && !d.Remove {
			return fmt.Errorf("pin needs --url, the article to pin")
		}
	case "block":
		if d.URL == "" {
			return fmt.Errorf("block needs --url, the article not to suggest")
		}
		if d.Both && d.ID == "" {
			return fmt.Errorf("block --both needs --id: a block on every article has no reverse")
		}
	case "lock":
		if (d.ID == "") == (d.URL == "") {
			return fmt.Errorf("lock needs exactly one of --id and --url")
		}
	default:
		return fmt.Errorf("%q is not a decision: pin, block or lock", d.Kind)
	}
	return nil
}

// Apply makes the change on ov and describes it: the action's name
// ("pin", "unpin", ...), a sentence for the editor, and whether the file
// changes.
func (d Decision) Apply(ov *Overrides) (action, msg string, changed bool, err error) {
	article := d.ID
	switch d.Kind {
	case "pin":
		if d.Remove {
			what := d.URL
			if what == "" {
				what = "every link"
			}
			changed, err = ov.RemovePin(article, d.URL)
			return "unpin", fmt.Sprintf("unpinned %s from %s", what, article), changed, err
		}
		changed, err = ov.AddPin(article, d.URL)
		return "pin", fmt.Sprintf("pinned %s on %s", d.URL, article), changed, err
	case "block":
		b := Block{From: d.ID, To: d.URL, Both: d.Both}
		where := "anywhere"
		if d.ID != "" {
			where = "on " + d.ID
			if d.Both {
				where += ", nor " + d.ID + " on it"
			}
		}
		if d.Remove {
			changed, err = ov.RemoveBlock(b)
			return "unblock", strings.TrimSpace(fmt.Sprintf("unblocked %s %s", d.URL, strings.TrimPrefix(where, "anywhere"))), changed, err
		}
		changed, err = ov.AddBlock(b)
		return "block", fmt.Sprintf("blocked %s %s", d.URL, where), changed, err
	case "lock":
		if article == "" {
			article = d.URL
		}
		if d.Remove {
			changed, err = ov.RemoveLock(article)
			return "unlock", "unlocked " + article, changed, err
		}
		changed, err = ov.AddLock(article)
		return "lock", "locked " + article, changed, err
	}
	return "", "", false, d.Check()
}

// Refs returns the ids of the articles with id (when not "") or else url:
// none when there is no such article.
type Refs func(id, url string) ([]string, error)

// CorpusRefs answers from loaded articles.
func CorpusRefs(arts []corpus.Article) Refs {
	return func(id, url string) ([]string, error) {
		var out []string
		for i := range arts {
			if id != "" && arts[i].ID == id || id == "" && arts[i].URL == url {
				out = append(out, arts[i].ID)
			}
		}
		return out, nil
	}
}

// IndexRefs answers from an open index.
func IndexRefs(ix *index.Index) Refs {
	return func(id, url string) ([]string, error) {
		if id != "" {
			recs, err := ix.ByID(id)
			return slices.Repeat([]string{id}, len(recs)), err
		}
		i, ok, err := ix.ByURL(url)
		if err != nil || !ok {
			return nil, err
		}
		a, err := ix.Article(i)
		if err != nil {
			return nil, err
		}
		return []string{a.ID}, nil
	}
}

// RefError says that a decision names an article that is not there, or
// pins an article on itself.
type RefError struct{ msg string }

func (e *RefError) Error() string { return e.msg }

// CheckRefs fails with a *RefError when an article d names is unknown to
// known (described as where in the message), or when a pin names the
// article itself.
func (d Decision) CheckRefs(known Refs, where string) error {
	var ids []string // the ids of the article d names
	if d.ID != "" {
		has, err := known(d.ID, "")
		if err != nil {
			return err
		}
		if len(has) == 0 {
			return &RefError{fmt.Sprintf("no article in %s has id %s", where, d.ID)}
		}
		ids = []string{d.ID}
	}
	if d.URL != "" {
		has, err := known("", d.URL)
		if err != nil {
			return err
		}
		if len(has) == 0 {
			return &RefError{fmt.Sprintf("no article in %s has url %s", where, d.URL)}
		}
		if d.Kind == "pin" && slices.Contains(ids, has[0]) {
			return &RefError{fmt.Sprintf("%s is article %s itself (a cross-posted copy): an article cannot be pinned to itself", d.URL, d.ID)}
		}
	}
	return nil
}

// Outcome is what Decide did: the file, the action and its description,
// whether the file changed, and the file's bytes before and after (Before
// is nil when there was no file), which Undo needs.
type Outcome struct {
	File    string `json:"file"`
	Action  string `json:"action"`
	Changed bool   `json:"changed"`
	Message string `json:"message"`
	Before  []byte `json:"-"`
	After   []byte `json:"-"`
}

// ErrInput marks errors in the decision or in the overrides file, which
// the editor must mend, as opposed to errors of the file system.
var ErrInput = errors.New("bad decision")

// Decide records d in the overrides file at path: under the run lock of
// the file's folder it reads the file, checks d's articles against known
// (unless known is nil or d removes something), applies d and, when that
// changes anything, writes the file atomically. Errors in d or in the
// file wrap ErrInput; a batch writing the content folder gives a
// *runlock.HeldError.
func Decide(path string, d Decision, known Refs, where string) (Outcome, error) {
	out := Outcome{File: path}
	if err := d.Check(); err != nil {
		return out, fmt.Errorf("%w: %w", ErrInput, err)
	}
	lock, err := lockFolder(path)
	if err != nil {
		return out, err
	}
	defer lock.Release()
	before, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return out, err
	}
	ov, err := Load(path)
	if err != nil {
		return out, fmt.Errorf("%w: %w", ErrInput, err)
	}
	if !d.Remove && known != nil {
		if err := d.CheckRefs(known, where); err != nil {
			var re *RefError
			if errors.As(err, &re) {
				return out, fmt.Errorf("%w: %w", ErrInput, err)
			}
			return out, err
		}
	}
	action, msg, changed, err := d.Apply(ov)
	out.Action, out.Message, out.Changed = action, msg, changed
	if err != nil {
		return out, fmt.Errorf("%w: %w", ErrInput, err)
	}
	if !changed {
		out.Message = "nothing to do: " + msg
		return out, nil
	}
	after, err := ov.Marshal()
	if err != nil {
		return out, err
	}
	if err := ov.Save(); err != nil {
		return out, err
	}
	out.Before, out.After = before, after
	return out, nil
}

// ErrChangedSince says that Undo found the overrides file changed after
// the decision it would take back.
var ErrChangedSince = errors.New("the overrides file changed since: not undone")

// Undo takes back what Decide did (o): under the same lock, and only while
// the file still holds o.After, it writes o.Before back byte for byte, or
// removes the file when Decide created it.
func Undo(o Outcome) error {
	if !o.Changed {
		return nil
	}
	lock, err := lockFolder(o.File)
	if err != nil {
		return err
	}
	defer lock.Release()
	now, err := os.ReadFile(o.File)
	if err != nil || !bytes.Equal(now, o.After) {
		return fmt.Errorf("%s: %w", o.File, ErrChangedSince)
	}
	if o.Before == nil {
		return os.Remove(o.File)
	}
	path := o.File
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	// Re-checked right before the rename too: a save between the read
	// above and the rename is not overwritten.
	return atomicfile.WriteChecked(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(o.Before)
		return err
	}, func(string) error {
		if now, err := os.ReadFile(path); err != nil || !bytes.Equal(now, o.After) {
			return fmt.Errorf("%s: %w", o.File, ErrChangedSince)
		}
		return nil
	})
}

// lockFolder takes the run lock of the folder that holds path.
func lockFolder(path string) (*runlock.Lock, error) {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%s: its folder does not exist", path)
	}
	return runlock.Acquire(dir)
}
