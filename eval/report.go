package eval

// The report is measured in one pass over fixed data. Run, the driver,
// builds the systems to score (the default ranking and the baselines, one
// build per distinct configuration, see buildAll) and hands them with the
// articles to Index.Report, which measures every system the same way: the
// lists are cleaned as the reference scripts clean them (see the package
// doc), then scored for agreement with the existing links overall and per
// subject folder, for judged relevance when judgments are given, and for
// what they would change on the site (Beyond); the hygiene of the existing
// links, the duplicate clusters of the default model and the editors'
// section are added once per report. The Report is plain data: text.go
// prints it for people, WriteJSON for machines, and neither computes.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

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
	// Qrels, when not nil, adds the judged figures.
	Qrels *Qrels
	// Extra are more systems to score beside the built ones, e.g. lists
	// read from files with ReadJSONLFile.
	Extra []System
	// SkipBaselines leaves out the random, tfidf and lsa rows, building
	// only the default ranking.
	SkipBaselines bool
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
// building); opts.K, opts.Qrels and opts.Editors apply.
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
