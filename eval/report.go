package eval

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"recommend/corpus"
	"recommend/recommend"
)

// Options control Run. The zero value runs every baseline with the
// engine's DefaultConfig at k = 5.
type Options struct {
	// K is the cut-off of every list metric (0 means 5). The built lists
	// are as long as Config.TopK, as the site would show them: a K above
	// it scores those shorter lists.
	K int
	// Seed seeds the random baseline (0 means 1).
	Seed uint64
	// Config is the ranking scored as "default" (zero value means
	// recommend.DefaultConfig). The tfidf and lsa baselines are Config with
	// only Ranking changed.
	Config recommend.Config
	// Qrels, when not nil, adds the judged figures and measures the
	// duplicate threshold.
	Qrels *Qrels
	// Extra are more systems to score beside the built ones, e.g. lists
	// read from files with ReadJSONLFile.
	Extra []System
	// SkipBaselines leaves out the random, tfidf and lsa rows, building
	// only the default ranking.
	SkipBaselines bool
	// DupThreshold is the question cosine of the possible-duplicates report
	// (0 means measured on Qrels, or DefaultDupThreshold without them).
	DupThreshold float64
	// Editors, when not nil, adds the editors' section (Report.Editors).
	Editors *EditorLists
	// Model, when not nil, is a build of Config over the same articles
	// but for a larger TopK (CandidateConfig), as the nightly run makes
	// it: Run scores its lists, cut to Config.TopK, as the default ranking
	// instead of building it again (the baselines are built as without it).
	Model *recommend.Model
}

// System is one set of related lists to score, under the name the report
// shows. Config is the configuration that built it, when the engine did.
type System struct {
	Name   string
	Lists  Lists
	Config *recommend.Config
	model  *recommend.Model // the build that made Lists, when Run built it
}

// Report is everything Run measured. WriteText prints it for people and
// WriteJSON for machines; both are deterministic.
type Report struct {
	K        int `json:"k"`
	Articles int `json:"articles"`
	// Scored counts the articles with a non-empty Gold (existing links to
	// score against).
	Scored int `json:"scored"`
	// Judged counts the judged queries (0 without judgments).
	Judged int `json:"judged_queries"`
	// Systems are the table's rows, in order: existing links, random,
	// tfidf, lsa, default, then Options.Extra.
	Systems []SystemResult `json:"systems"`
	// Subjects names the rows of the per-subject breakdown: the ten
	// largest subject folders, largest first, then "other".
	Subjects []Subject `json:"subjects"`
	// Hygiene is the state of the existing related fields.
	Hygiene Hygiene `json:"hygiene"`
	// Duplicates are the possible duplicate questions, and DupThresholds
	// the judged measurement that chose the threshold (when judged).
	Duplicates    Duplicates     `json:"duplicates"`
	DupThresholds []ThresholdRow `json:"dup_thresholds,omitempty"`
	// Editors are the editors' decisions and their effect on the lists,
	// when Options.Editors was given.
	Editors *Editors `json:"editors,omitempty"`
	// Clusters are the default ranking's duplicate clusters, when Run
	// built it.
	Clusters *Clusters `json:"clusters,omitempty"`
}

// Subject is one row of the per-subject breakdown.
type Subject struct {
	Folder   string `json:"folder"` // "other" for the rest
	Articles int    `json:"articles"`
	Scored   int    `json:"scored"`
}

// SystemResult is one system's row, with its breakdown.
type SystemResult struct {
	Name      string            `json:"name"`
	Config    *recommend.Config `json:"config,omitempty"`
	Agreement Agreement         `json:"agreement"`
	Judged    *Judged           `json:"judged,omitempty"`
	Beyond    Beyond            `json:"beyond"`
	// BySubject holds the agreement within each of Report.Subjects, in
	// the same order: articles of the folder scored, coverage of the
	// folder's articles by any list.
	BySubject []Agreement `json:"by_subject"`
}

// Names of the systems Run builds.
const (
	SystemExisting = "existing links"
	SystemRandom   = "random same folder"
	SystemTFIDF    = "tfidf"
	SystemLSA      = "lsa"
	SystemDefault  = "default"
)

// topSubjects is how many subject folders get their own row.
const topSubjects = 10

// Run builds the default ranking and the baselines over arts and measures
// them all in one report. Rankings with equal configurations are built
// once (with the default's ranking "tfidf", the tfidf row is the default),
// and a blend's build gives the tfidf and lsa rows too (see buildAll), so
// that the default configuration costs one build.
func Run(arts []corpus.Article, opts Options) (*Report, error) {
	ix := NewIndex(arts)
	k := orDefaultK(opts.K)
	seed := opts.Seed
	if seed == 0 {
		seed = 1
	}
	cfg := opts.Config
	if cfg == (recommend.Config{}) {
		cfg = recommend.DefaultConfig
	}
	systems := []System{{Name: SystemExisting, Lists: Existing(arts)}}
	var configs []System
	if !opts.SkipBaselines {
		systems = append(systems, System{Name: SystemRandom, Lists: ix.RandomSameFolder(k, seed)})
		tf, lsa := cfg, cfg
		tf.Ranking, lsa.Ranking = "tfidf", "lsa"
		configs = append(configs, System{Name: SystemTFIDF, Config: &tf}, System{Name: SystemLSA, Config: &lsa})
	}
	configs = append(configs, System{Name: SystemDefault, Config: &cfg})
	built, err := buildFrom(arts, configs, opts.Model)
	if err != nil {
		return nil, err
	}
	systems = append(append(systems, built...), opts.Extra...)
	r := ix.report(systems, opts, k)
	if m := built[len(built)-1].model; m != nil {
		c := ClustersOf(arts, m)
		r.Clusters = &c
	}
	return r, nil
}

// buildAll builds each configured system, once per distinct configuration.
// A "tfidf" or "lsa" system whose configuration equals a "blend" one but
// for Ranking takes its lists from the blend's build (recommend's
// Model.ListsFor), where the build has them; otherwise it is built.
func buildAll(arts []corpus.Article, configs []System) ([]System, error) {
	return buildFrom(arts, configs, nil)
}

// buildFrom is buildAll given pre, when not nil, a build of the last
// system's configuration but for a larger TopK: the systems of that very
// configuration take its lists, cut to their TopK (a list is the best of
// one candidate pool, picked in order, so the cut is what the smaller
// build would give). The single rankings such a build gives through
// ListsFor come from a wider search than TopK's, so they are built as
// without pre.
func buildFrom(arts []corpus.Article, configs []System, pre *recommend.Model) ([]System, error) {
	out := slices.Clone(configs)
	done := make([]bool, len(configs))
	take := func(m *recommend.Model, cfg recommend.Config, same func(a, b recommend.Config) bool) {
		for q, o := range configs {
			if done[q] || !same(*o.Config, cfg) {
				continue
			}
			if hits, err := m.ListsFor(o.Config.Ranking); err == nil {
				cut := make([][]recommend.Hit, len(hits))
				for i, hs := range hits {
					cut[i] = hs[:min(len(hs), o.Config.TopK)]
				}
				out[q].Lists, out[q].model, done[q] = FromHits(arts, cut), m, true
			}
		}
	}
	if pre != nil && len(configs) > 0 {
		take(pre, *configs[len(configs)-1].Config, func(a, b recommend.Config) bool { return a == b })
	}
	for n, s := range configs {
		// Build the blend that yields this ranking too, if there is one,
		// and then, if its lists are still missing, this configuration.
		tries := []recommend.Config{*s.Config}
		if s.Config.Ranking != recommend.RankBlend {
			if p := slices.IndexFunc(configs, func(o System) bool {
				return o.Config.Ranking == recommend.RankBlend && sameButRanking(*o.Config, *s.Config)
			}); p >= 0 {
				tries = append([]recommend.Config{*configs[p].Config}, tries...)
			}
		}
		for _, cfg := range tries {
			if done[n] {
				break
			}
			m, err := recommend.Build(arts, cfg)
			if err != nil {
				return nil, fmt.Errorf("eval: build %s: %w", s.Name, err)
			}
			take(m, cfg, sameButRanking)
		}
	}
	return out, nil
}

// sameButRanking reports whether a and b differ in Ranking at most.
func sameButRanking(a, b recommend.Config) bool {
	a.Ranking = b.Ranking
	return a == b
}

// Report measures already-built systems in one report (Run without the
// building); opts.K, opts.Qrels and opts.DupThreshold apply.
func (ix *Index) Report(systems []System, opts Options) *Report {
	return ix.report(systems, opts, orDefaultK(opts.K))
}

func (ix *Index) report(systems []System, opts Options, k int) *Report {
	r := &Report{K: k, Hygiene: ix.Hygiene()}
	for i := range ix.arts {
		if ix.canon[i] {
			r.Articles++
			if len(ix.gold[i]) > 0 {
				r.Scored++
			}
		}
	}
	subjects, masks := ix.subjects()
	r.Subjects = subjects
	if opts.Qrels != nil {
		r.Judged = len(opts.Qrels.Queries)
	}
	for _, s := range systems {
		got := ix.cleanAllAgreement(s.Lists.Related, k)
		res := SystemResult{Name: s.Name, Config: s.Config, Agreement: ix.agreement(got, k, nil),
			Beyond: ix.beyond(s.Lists, got, k)}
		for _, m := range masks {
			res.BySubject = append(res.BySubject, ix.agreement(got, k, m))
		}
		if opts.Qrels != nil {
			j := ix.Judged(s.Lists.Related, opts.Qrels, k)
			res.Judged = &j
		}
		r.Systems = append(r.Systems, res)
	}
	th := opts.DupThreshold
	switch {
	case th > 0:
	case opts.Qrels != nil:
		th, r.DupThresholds = ix.DupThreshold(opts.Qrels)
	default:
		th = DefaultDupThreshold
	}
	r.Duplicates = ix.Duplicates(th)
	if opts.Editors != nil {
		r.Editors = ix.editors(opts.Editors, opts, k)
	}
	return r
}

// subjects returns the ten largest subject folders (most articles first,
// then by name) and "other", with a mask of the articles of each.
func (ix *Index) subjects() ([]Subject, [][]bool) {
	count := map[string]*Subject{}
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		s := count[ix.folder[i]]
		if s == nil {
			s = &Subject{Folder: ix.folder[i]}
			count[ix.folder[i]] = s
		}
		s.Articles++
		if len(ix.gold[i]) > 0 {
			s.Scored++
		}
	}
	var all []Subject
	for _, s := range count {
		all = append(all, *s)
	}
	slices.SortFunc(all, func(a, b Subject) int {
		return cmp.Or(cmp.Compare(b.Articles, a.Articles), strings.Compare(a.Folder, b.Folder))
	})
	top := all[:min(topSubjects, len(all))]
	rows := slices.Clone(top)
	if len(all) > len(top) {
		other := Subject{Folder: "other"}
		for _, s := range all[len(top):] {
			other.Articles += s.Articles
			other.Scored += s.Scored
		}
		rows = append(rows, other)
	}
	row := map[string]int{}
	for n, s := range top {
		row[s.Folder] = n
	}
	masks := make([][]bool, len(rows))
	for n := range masks {
		masks[n] = make([]bool, len(ix.arts))
	}
	for i := range ix.arts {
		if !ix.canon[i] {
			continue
		}
		n, ok := row[ix.folder[i]]
		if !ok {
			n = len(rows) - 1
		}
		masks[n][i] = true
	}
	return rows, masks
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("eval: write json: %w", err)
	}
	return nil
}

// textExamples is how many duplicate pairs the text form shows; it shows
// one example of each hygiene problem. The JSON form holds them all.
const textExamples = 5

// WriteText writes the report for people: one table with a row per system
// and a column per metric, the per-subject breakdown, the most-listed
// articles and score histogram of the default ranking, link hygiene,
// possible duplicates and, when measured, the editors' section.
func (r *Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "%d articles, %d scored against their existing links, k = %d", r.Articles, r.Scored, r.K)
	if r.Judged > 0 {
		fmt.Fprintf(ew, ", %d judged queries", r.Judged)
	}
	fmt.Fprintf(ew, "\n\n")

	// Numbers align right; names are padded to one width so that they read
	// left-aligned.
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	k := r.K
	nw := len("system")
	for _, s := range r.Systems {
		nw = max(nw, len(s.Name))
	}
	fmt.Fprintf(tw, "%-*s\trecall@%d\tprecision@%d\thit@%d\tMRR@%d\tnDCG@%d\tcoverage\t", nw, "system", k, k, k, k, k)
	if r.Judged > 0 {
		fmt.Fprintf(tw, "judged nDCG@%d\tP@%d\tstrict P@%d\tunjudged\t", k, k, k)
	}
	fmt.Fprintf(tw, "changed\town subject\tnever listed\tmax in\tGini in\t\n")
	for _, s := range r.Systems {
		a, b := s.Agreement, s.Beyond
		fmt.Fprintf(tw, "%-*s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t", nw, s.Name, a.Recall, a.Precision, a.Hit, a.MRR, a.NDCG, a.Coverage)
		if r.Judged > 0 && s.Judged != nil {
			j := s.Judged
			fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t%.4f\t", j.NDCG, j.P, j.PStrict, j.Unjudged)
		}
		fmt.Fprintf(tw, "%.4f\t%.4f\t%d\t%d\t%.4f\t\n", b.Changed, b.OwnSubject, b.NeverListed, b.InDegree.Max, b.InDegree.Gini)
	}
	tw.Flush()

	fmt.Fprintf(ew, "\nrecall@%d by subject folder\n", k)
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	fw := len("folder")
	for _, sub := range r.Subjects {
		fw = max(fw, len(sub.Folder))
	}
	fmt.Fprintf(tw, "%-*s\tarticles\tscored\t", fw, "folder")
	for _, s := range r.Systems {
		fmt.Fprintf(tw, "%s\t", s.Name)
	}
	fmt.Fprintf(tw, "\n")
	for n, sub := range r.Subjects {
		fmt.Fprintf(tw, "%-*s\t%d\t%d\t", fw, sub.Folder, sub.Articles, sub.Scored)
		for _, s := range r.Systems {
			fmt.Fprintf(tw, "%.4f\t", s.BySubject[n].Recall)
		}
		fmt.Fprintf(tw, "\n")
	}
	tw.Flush()

	if n := len(r.Systems); n > 0 {
		s := r.Systems[n-1]
		for _, c := range r.Systems {
			if c.Name == SystemDefault {
				s = c
			}
		}
		fmt.Fprintf(ew, "\nmost-listed articles (%s)\n", s.Name)
		for _, p := range s.Beyond.InDegree.Top {
			fmt.Fprintf(ew, "  %4d  %s\n", p.In, p.URL)
		}
		if len(s.Beyond.Scores) > 0 {
			fmt.Fprintf(ew, "\nscore histogram (%s)\n", s.Name)
			most := 0
			for _, b := range s.Beyond.Scores {
				most = max(most, b.Count)
			}
			for _, b := range s.Beyond.Scores {
				fmt.Fprintf(ew, "  [%5.2f, %5.2f)  %7d  %s\n", b.Lo, b.Hi, b.Count, strings.Repeat("#", (b.Count*40+most-1)/most))
			}
		}
	}

	h := r.Hygiene
	fmt.Fprintf(ew, "\nlink hygiene: %d related links in %d articles\n", h.Links, h.Articles)
	tw = tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	for _, row := range []struct {
		kind, what string
		n          int
	}{
		{IssueNoLinks, "articles with no links", h.NoLinks},
		{IssueUnresolved, "links to no article", h.Unresolved},
		{IssueSelf, "links to the article itself", h.Self},
		{IssueSameQuestion, "links to a copy of the same question", h.SameQuestion},
		{IssueRepeated, "the same link twice in one article", h.Repeated},
		{IssueStaleTitle, "stored title differs from the target's", h.StaleTitle},
		{IssueStaleSubject, "stored subject differs from the target's", h.StaleSubject},
		{IssueStaleID, "stored id differs from the target's", h.StaleID},
	} {
		fmt.Fprintf(tw, "  %s\t%d\t", row.what, row.n)
		ex := ""
		if i := slices.IndexFunc(h.Issues, func(is LinkIssue) bool { return is.Kind == row.kind }); i >= 0 {
			ex = issueText(h.Issues[i])
		}
		fmt.Fprintf(tw, "%s\n", ex)
	}
	tw.Flush()

	d := r.Duplicates
	fmt.Fprintf(ew, "\npossible duplicates: %d pairs of different questions with question cosine >= %.2f (and %d pairs of cross-posted copies)\n",
		len(d.Pairs), d.Threshold, d.ExactCopies)
	if len(r.DupThresholds) > 0 {
		fmt.Fprintf(ew, "  threshold measured on the judgments (judged pairs >= t, graded 0):")
		for _, t := range r.DupThresholds {
			fmt.Fprintf(ew, " %.2f %d/%d", t.Threshold, t.Graded0, t.Pairs)
		}
		fmt.Fprintf(ew, "\n")
	}
	for _, p := range d.Pairs[:min(textExamples, len(d.Pairs))] {
		fmt.Fprintf(ew, "  %.3f  %s\n         %s\n", p.Score, p.QuestionA, p.QuestionB)
	}
	if r.Clusters != nil {
		r.Clusters.writeText(ew)
	}
	if r.Editors != nil {
		r.Editors.writeText(ew, r.K)
	}
	return ew.err
}

func issueText(is LinkIssue) string {
	s := fmt.Sprintf("e.g. %s related_article%d", is.Article, is.N)
	switch {
	case is.N == 0:
		s = "e.g. " + is.Article
	case is.Stored != "" || is.Current != "":
		s += fmt.Sprintf(": %q, now %q", is.Stored, is.Current)
	}
	return s
}

// errWriter keeps the first write error, so that printing code need not
// check each call.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = fmt.Errorf("eval: write report: %w", err)
	}
	return n, nil
}
